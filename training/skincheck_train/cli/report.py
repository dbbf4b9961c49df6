"""Markdown summary of a finished training run, for docs/training.md (report.summarise).

python -m skincheck_train.cli.report --run runs/ship_final
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..report import summarise


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="markdown summary of a run")
    ap.add_argument("--run", required=True)
    print(summarise(Path(ap.parse_args(argv).run)))


if __name__ == "__main__":
    main()
