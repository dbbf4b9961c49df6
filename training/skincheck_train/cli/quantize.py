"""Int8 weight-only ONNX variant of a model (quantize.py).

python -m skincheck_train.cli.quantize model.onnx model_int8.onnx
"""

from __future__ import annotations

import argparse

from ..quantize import quantize_model


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="int8 weight-only ONNX")
    ap.add_argument("src")
    ap.add_argument("dst")
    a = ap.parse_args(argv)
    print(quantize_model(a.src, a.dst))


if __name__ == "__main__":
    main()
