"""Write the tiny deterministic contract model and its card for the Rust tests
(fixture_model.write_fixture).

    python -m skincheck_train.cli.fixture_model --out tests/fixtures/
"""

from __future__ import annotations

import argparse

from ..fixture_model import write_fixture


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="tests/fixtures/")
    args = ap.parse_args(argv)
    onnx_path, card_path = write_fixture(args.out)
    print(f"wrote {onnx_path} and {card_path}")


if __name__ == "__main__":
    main()
