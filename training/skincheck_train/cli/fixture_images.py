"""Make the model-size fixture PNGs from HAM10000, or the full-size fixture photo
(fixture_images.py).

    python -m skincheck_train.cli.fixture_images --out tests/fixtures/images   # $SKINCHECK_DATA
    python -m skincheck_train.cli.fixture_images --large --out tests/fixtures/images
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..data import default_data_dir
from ..fixture_images import LARGE_NAME, write_large, write_model_size_pngs


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="make model-size PNG fixtures from HAM10000")
    ap.add_argument("--data", help="HAM10000 folder (default: $SKINCHECK_DATA)")
    ap.add_argument("--out", default="tests/fixtures/images")
    ap.add_argument("--large", action="store_true", help=f"write {LARGE_NAME} only")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.large:
        print("wrote", *write_large(out))
        return
    for path in write_model_size_pngs(Path(args.data) if args.data else default_data_dir(), out):
        print("wrote", path)


if __name__ == "__main__":
    main()
