"""fp16-weight ONNX variant: the same network, half the download.

Every float32 initializer of at least MIN_ELEMENTS values is stored as float16 and cast back to
float32 by a `Cast` node in front of the graph; arithmetic stays float32 everywhere. Runtimes fold
the casts into constants when they optimise the graph (tract's plan, onnxruntime's constant
folding), so inference speed is unchanged and only the file shrinks (13.5 MB -> 6.8 MB for the
shipped model; gzip 12.5 MB -> 6.3 MB). A weight shared by several nodes (the head's image
weights feed both `logits` and `cam`) is converted once, so logits = mean(cam) + metadata part +
bias still holds exactly. Small tensors (biases, BN-folded scales, shapes) stay float32.

    python -m skincheck_train.cli.half model_fp32.onnx model.onnx [--card model.json] \
        [--max-bytes 6000000]

With --card, the card's sha256 and size_bytes are updated for the written file. With
--max-bytes, the largest pointwise convolutions (Lite0's last ones: head conv, last projection,
the 192/1152 expansions) are stored as per-output-channel int8 + DequantizeLinear instead of
fp16, largest first, until the file fits; everything else stays fp16 (`compact_weights`).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from skincheck_train import contract
from skincheck_train.bias_correction import correct_biases
from skincheck_train.quantize import int8_weight

MIN_ELEMENTS = 1024
SUFFIX = "__fp16"
INT8_SUFFIXES = ("__int8", "__scale", "__zp", "__int8__deq")


def pointwise_conv_weights(model: onnx.ModelProto) -> list[str]:
    """Names of 1x1 Conv weights used by nothing but Convs, largest first. A Conv that writes a
    graph output (the contract's `cam`) is left out: its weights are the float image part of
    the logits too, so logits = mean(cam) + metadata part + bias holds only if both stay fp32
    or fp16 alike (as in quantize.py)."""
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    outputs = {o.name for o in g.output}
    conv_w = {
        n.input[1]
        for n in g.node
        if n.op_type == "Conv" and len(n.input) > 1 and n.output[0] not in outputs
    }
    other = {x for n in g.node if n.op_type != "Conv" for x in n.input}
    other |= {x for n in g.node if n.op_type == "Conv" for x in (n.input[0], *n.input[2:])}
    names = [
        nm
        for nm in conv_w - other
        if nm in inits and len(inits[nm].dims) == 4 and list(inits[nm].dims[2:]) == [1, 1]
    ]
    return sorted(names, key=lambda nm: (-int(np.prod(inits[nm].dims)), nm))


def halve_weights(
    src: str | Path,
    dst: str | Path,
    min_elements: int = MIN_ELEMENTS,
    int8: tuple = (),
    input_means: dict | None = None,
) -> dict:
    """fp16 storage of every large float weight; those named in `int8` as int8 instead, with
    their Conv's bias corrected for the rounding when `input_means` (bias_correction.
    conv_input_means of those weights) is given."""
    model = onnx.load(str(src))
    g = model.graph
    corrected = correct_biases(model, {k: input_means[k] for k in int8}) if input_means else 0
    kept, casts = [], []
    max_rel_err = 0.0
    bytes_before = bytes_after = 0
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        if init.name in int8:
            inits, node, rel, stored = int8_weight(init.name, w, INT8_SUFFIXES)
            max_rel_err = max(max_rel_err, rel)
            kept += inits
            casts.append(node)
            bytes_before += w.nbytes
            bytes_after += stored
            continue
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
        "tensors_halved": len(casts) - len(int8),
        "tensors_int8": sorted(int8),
        "biases_corrected": corrected,
        "weight_bytes_before": int(bytes_before),
        "weight_bytes_after": int(bytes_after),
        "max_relative_weight_error": max_rel_err,
        "file_bytes": Path(dst).stat().st_size,
    }


def compact_weights(
    src: str | Path,
    dst: str | Path,
    max_bytes: int,
    min_elements: int = MIN_ELEMENTS,
    input_means: dict | None = None,
) -> dict:
    """`halve_weights` with as few int8 pointwise convs (largest first) as fit `max_bytes`."""
    candidates = pointwise_conv_weights(onnx.load(str(src)))
    for k in range(len(candidates) + 1):
        int8 = tuple(candidates[:k])
        info = halve_weights(src, dst, min_elements, int8=int8, input_means=input_means)
        if info["file_bytes"] <= max_bytes:
            return info
    raise ValueError(f"{src} does not fit in {max_bytes} bytes even with int8 weights")


def update_card(card_path: str | Path, onnx_path: str | Path) -> None:
    """Points the card's sha256 and size_bytes at `onnx_path`."""
    card = json.loads(Path(card_path).read_text())
    card["sha256"] = contract.sha256_file(onnx_path)
    card["size_bytes"] = Path(onnx_path).stat().st_size
    Path(card_path).write_text(json.dumps(card, indent=2) + "\n")
