"""onnxruntime reference outputs for the Rust parity tests (reference.compute_reference).

    python -m skincheck_train.cli.reference --model tests/fixtures/tiny_model.onnx \
        --card tests/fixtures/tiny_model.json --images tests/fixtures/images \
        --out tests/fixtures/reference_tiny_model.json

(every reference file's exact command: tests/fixtures/README.md)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import contract
from ..reference import compute_reference


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="onnxruntime reference outputs for Rust tests")
    ap.add_argument("--model", required=True)
    ap.add_argument("--card", required=True)
    ap.add_argument("--images", default="tests/fixtures/images")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    ref = compute_reference(Path(args.model), Path(args.card), Path(args.images))
    contract.write_json(args.out, ref)
    print(f"wrote {args.out}: {len(ref['cases'])} cases")


if __name__ == "__main__":
    main()
