"""Write the shared rule case files (rule_cases.py) that the Rust and Python tests check.

python -m skincheck_train.cli.rule_cases --out tests/fixtures/rules
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..rule_cases import write_all


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="write the shared rule case files")
    ap.add_argument("--out", default="tests/fixtures/rules")
    args = ap.parse_args(argv)
    for name, n in write_all(Path(args.out)).items():
        print(f"wrote {Path(args.out) / name}: {n} cases")


if __name__ == "__main__":
    main()
