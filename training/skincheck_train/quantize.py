"""Int8 weight-only ONNX variant.

Every float Conv weight (and Gemm B with transB=1) initializer becomes an int8 initializer with
per-output-channel symmetric scales (zero point 0) feeding a DequantizeLinear (opset 13, axis=0);
activations, biases and everything else stay float. Kept in float by default (measured: it halves
the logit error for +0.5 MB): depthwise convs (group > 1, 9-25 weights per channel after BN
folding), the stem conv that reads the image, and the `cam` conv (its weights are also the float
image part of the logits; quantizing one copy would break logits = mean(cam) + meta + bias).

    python -m skincheck_train.cli.quantize model.onnx model_int8.onnx
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

MIN_ELEMENTS = 64


def quantize_per_channel(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 along axis 0: w ~= q * scale[:, None, ...]."""
    flat = w.reshape(w.shape[0], -1).astype(np.float64)
    amax = np.abs(flat).max(axis=1)
    scale = np.where(amax > 0, amax / 127.0, 1.0)
    q = np.clip(np.round(flat / scale[:, None]), -127, 127).astype(np.int8)
    return q.reshape(w.shape), scale.astype(np.float32)


def int8_weight(
    name: str, w: np.ndarray, suffixes=("_q", "_scale", "_zp", "_dequant")
) -> tuple[list, object, float, int]:
    """`w` as per-channel int8 initializers + the DequantizeLinear node that outputs `name`
    (initializer and node names: `name` + `suffixes`): (initializers, node, max relative error,
    bytes stored)."""
    q, s = quantize_per_channel(w)
    deq = q.astype(np.float32) * s.reshape((-1,) + (1,) * (w.ndim - 1))
    rel = float(np.abs(deq - w).max() / max(np.abs(w).max(), 1e-12))
    qname, sname, zname, node_name = (name + x for x in suffixes)
    inits = [
        numpy_helper.from_array(q, qname),
        numpy_helper.from_array(s, sname),
        numpy_helper.from_array(np.zeros(s.shape, np.int8), zname),
    ]
    node = helper.make_node(
        "DequantizeLinear", [qname, sname, zname], [name], name=node_name, axis=0
    )
    return inits, node, rel, q.nbytes + s.nbytes + s.size


def quantize_model(src: str | Path, dst: str | Path, skip_depthwise_and_stem: bool = True) -> dict:
    model = onnx.load(str(src))
    g = model.graph
    graph_inputs = {i.name for i in g.input}
    graph_outputs = {o.name for o in g.output}
    targets: dict[str, int] = {}
    kept_float = 0
    for node in g.node:
        if node.op_type == "Conv" and len(node.input) > 1:
            group = next((a.i for a in node.attribute if a.name == "group"), 1)
            if skip_depthwise_and_stem and (group > 1 or node.input[0] in graph_inputs):
                kept_float += 1
                continue
            if node.output[0] in graph_outputs:
                # the `cam` conv shares its weights with the float logits MatMul: keep it float
                # so that logits = mean(cam) + metadata part + bias stays exact
                kept_float += 1
                continue
            targets[node.input[1]] = 0
        elif node.op_type == "Gemm" and len(node.input) > 1:
            trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
            if trans_b == 1:
                targets[node.input[1]] = 0
    # a weight shared with a non-target consumer is left alone
    for node in g.node:
        if node.op_type not in ("Conv", "Gemm"):
            for name in node.input:
                targets.pop(name, None)
    new_inits = []
    new_nodes = []
    n_q = 0
    bytes_before = bytes_after = 0
    max_rel_err = 0.0
    for init in g.initializer:
        name = init.name
        w = numpy_helper.to_array(init)
        if name in targets and w.dtype == np.float32 and w.size >= MIN_ELEMENTS and w.ndim >= 2:
            inits, node, rel, stored = int8_weight(name, w)
            max_rel_err = max(max_rel_err, rel)
            new_inits += inits
            new_nodes.append(node)
            n_q += 1
            bytes_before += w.nbytes
            bytes_after += stored
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(new_nodes + nodes)
    # DequantizeLinear with axis needs opset >= 13
    for op in model.opset_import:
        if op.domain in ("", "ai.onnx") and op.version < 13:
            op.version = 13
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return {
        "quantized_initializers": n_q,
        "convs_kept_float": kept_float,
        "weight_bytes_before": int(bytes_before),
        "weight_bytes_after": int(bytes_after),
        "max_relative_weight_error": max_rel_err,
        "file_bytes": Path(dst).stat().st_size,
    }
