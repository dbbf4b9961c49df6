"""fp16-weight ONNX variant: the same network, half the download.

Every float32 initializer of at least MIN_ELEMENTS values is stored as float16 and cast back to
float32 by a `Cast` node in front of the graph; arithmetic stays float32 everywhere. Runtimes fold
the casts into constants when they optimise the graph (tract's plan, onnxruntime's constant
folding), so inference speed is unchanged and only the file shrinks (13.5 MB -> 6.8 MB for the
shipped model; gzip 12.5 MB -> 6.3 MB). A weight shared by several nodes (the head's image
weights feed both `logits` and `cam`) is converted once, so logits = mean(cam) + metadata part +
bias still holds exactly. Small tensors (biases, BN-folded scales, shapes) stay float32.

    python -m skincheck_train.half model_fp32.onnx model.onnx [--card model.json]

With --card, the card's sha256 and size_bytes are updated for the written file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from skincheck_train import contract

MIN_ELEMENTS = 1024
SUFFIX = "__fp16"


def halve_weights(src: str | Path, dst: str | Path, min_elements: int = MIN_ELEMENTS) -> dict:
    model = onnx.load(str(src))
    g = model.graph
    kept, casts = [], []
    max_rel_err = 0.0
    bytes_before = bytes_after = 0
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.size < min_elements:
            kept.append(init)
            continue
        h = w.astype(np.float16)
        if not np.all(np.isfinite(h)):
            raise ValueError(f"{init.name} does not fit in float16")
        scale = float(np.abs(w).max()) or 1.0
        max_rel_err = max(max_rel_err, float(np.abs(h.astype(np.float32) - w).max()) / scale)
        bytes_before += w.nbytes
        bytes_after += h.nbytes
        kept.append(numpy_helper.from_array(h, init.name + SUFFIX))
        casts.append(
            helper.make_node(
                "Cast",
                [init.name + SUFFIX],
                [init.name],
                to=TensorProto.FLOAT,
                name=init.name + "__to_fp32",
            )
        )
    del g.initializer[:]
    g.initializer.extend(kept)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return {
        "tensors_halved": len(casts),
        "weight_bytes_before": int(bytes_before),
        "weight_bytes_after": int(bytes_after),
        "max_relative_weight_error": max_rel_err,
        "file_bytes": Path(dst).stat().st_size,
    }


def update_card(card_path: str | Path, onnx_path: str | Path) -> None:
    """Points the card's sha256 and size_bytes at `onnx_path`."""
    card = json.loads(Path(card_path).read_text())
    card["sha256"] = contract.sha256_file(onnx_path)
    card["size_bytes"] = Path(onnx_path).stat().st_size
    Path(card_path).write_text(json.dumps(card, indent=2) + "\n")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="fp16-weight ONNX (float32 arithmetic)")
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--card", help="model card to update (sha256, size_bytes)")
    a = ap.parse_args(argv)
    print(halve_weights(a.src, a.dst))
    if a.card:
        update_card(a.card, a.dst)


if __name__ == "__main__":
    main()
