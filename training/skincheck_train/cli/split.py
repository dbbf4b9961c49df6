"""Write the lesion-grouped, diagnosis-stratified split files (split.py).

python -m skincheck_train.cli.split --out training/splits   # HAM10000: $SKINCHECK_DATA
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..data import default_data_dir, load_dataset
from ..split import DEFAULT_SEED, split_records, write_split_files


def main(argv=None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description="lesion-grouped stratified split")
    ap.add_argument("--data", action="append", help="HAM folder (repeatable)")
    ap.add_argument("--out", default="training/splits")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    records, skipped = load_dataset(args.data or [default_data_dir()])
    assign = split_records(records, args.seed)
    counts = write_split_files(records, assign, Path(args.out))
    for s, c in counts.items():
        print(s, c)
    print(f"skipped rows: {len(skipped)}")


if __name__ == "__main__":
    main()
