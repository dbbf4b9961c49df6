"""Write the committed non-lesion picture set (non_lesion.write_set).

python -m skincheck_train.cli.non_lesion --out ../tests/fixtures/non_lesion
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..non_lesion import write_set


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="write the committed non-lesion picture set")
    ap.add_argument("--out", default="../tests/fixtures/non_lesion")
    args = ap.parse_args(argv)
    names = write_set(Path(args.out))
    print(f"wrote {len(names)} pictures to {args.out}")


if __name__ == "__main__":
    main()
