"""fp16-weight ONNX variant of a model, optionally with its largest 1x1 convs int8 (half.py).

    python -m skincheck_train.cli.half model_fp32.onnx model.onnx [--card model.json] \
        [--max-bytes 6000000]
"""

from __future__ import annotations

import argparse

from ..half import compact_weights, halve_weights, update_card


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="fp16-weight ONNX (float32 arithmetic)")
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--card", help="model card to update (sha256, size_bytes)")
    ap.add_argument("--max-bytes", type=int, help="store the largest 1x1 convs as int8 to fit")
    a = ap.parse_args(argv)
    if a.max_bytes:
        print(compact_weights(a.src, a.dst, a.max_bytes))
    else:
        print(halve_weights(a.src, a.dst))
    if a.card:
        update_card(a.card, a.dst)


if __name__ == "__main__":
    main()
