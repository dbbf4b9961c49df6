"""Bias correction of int8 weights (Nagel et al., "Data-Free Quantization Through Weight
Equalization and Bias Correction", ICCV 2019).

Rounding a 1x1 conv's weights W to int8 moves its output by dW x, whose mean over photos and
positions is dW E[x]: a systematic shift that the following layers amplify. Subtracting it from
the conv's bias puts each output channel's mean back where fp32 has it; the arithmetic is
unchanged (the bias is a constant of the graph). E[x] of each conv's input is measured once
through the fp32 model, on calibration photos from the *train* split (so validation, which
decides whether the small file is faithful, never tunes it), over the card's test-time views.

Measured on the shipped fp32 export (validation, 8 views): the 16 largest 1x1 convs int8 agree
with fp32 on 99.37 % of the photos without the correction and on 99.69 % with it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from .batches import model_inputs
from .data import Record
from .heads import ort_session
from .quantize import quantize_per_channel

CALIBRATION_PHOTOS = 256


def calibration_records(train: list[Record], n: int = CALIBRATION_PHOTOS, seed: int = 0):
    """`n` train photos drawn without replacement (all of them when there are fewer)."""
    if len(train) <= n:
        return list(train)
    rng = np.random.default_rng(seed)
    return [train[i] for i in sorted(rng.choice(len(train), n, replace=False))]


def conv_of_weight(graph: onnx.GraphProto) -> dict[str, onnx.NodeProto]:
    """Each Conv weight initializer's name -> its Conv node."""
    return {n.input[1]: n for n in graph.node if n.op_type == "Conv" and len(n.input) > 1}


def conv_input_means(
    model_path: str | Path,
    weights: list[str],
    records: list[Record],
    size: int,
    tta: str,
    threads: int,
    batch: int = 32,
) -> dict[str, np.ndarray]:
    """Per input channel, the mean over photos, views and positions of the input of the Conv
    whose weight is each of `weights`, through the model at `model_path`."""
    model = onnx.load(str(model_path))
    convs = conv_of_weight(model.graph)
    taps = sorted({convs[w].input[0] for w in weights})
    outputs = {o.name for o in model.graph.output}
    for name in taps:
        if name not in outputs:
            model.graph.output.append(
                helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None)
            )
    session = ort_session(model.SerializeToString(), threads)
    sums = {name: 0.0 for name in taps}
    count = 0
    for views, m in model_inputs(records, size, tta, batch):
        for v in views:
            for name, a in zip(taps, session.run(taps, {"image": v, "metadata": m})):
                sums[name] = sums[name] + a.astype(np.float64).mean(axis=(2, 3)).sum(axis=0)
            count += len(m)
    return {w: sums[convs[w].input[0]] / count for w in weights}


def output_shift(w: np.ndarray, mean_input: np.ndarray) -> np.ndarray:
    """dW E[x] of a 1x1 conv (weights [Cout, Cin, 1, 1]) whose weights are rounded by
    quantize.quantize_per_channel: the mean change of each output channel."""
    q, scale = quantize_per_channel(w)
    deq = q.astype(np.float64) * scale.astype(np.float64).reshape(-1, 1, 1, 1)
    return (deq - w.astype(np.float64))[:, :, 0, 0] @ mean_input


def correct_biases(model: onnx.ModelProto, means: dict[str, np.ndarray]) -> int:
    """Rewrites, in place, the bias of each Conv whose weight is a key of `means` so that its
    int8 version keeps the fp32 output means; a Conv without a bias gets one. Returns how many
    biases were corrected."""
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    convs = conv_of_weight(g)
    for name, mean in means.items():
        node = convs[name]
        w = numpy_helper.to_array(inits[name])
        shift = output_shift(w, mean)
        if len(node.input) > 2 and node.input[2]:
            bias = numpy_helper.to_array(inits[node.input[2]]).astype(np.float64)
            target = inits[node.input[2]]
        else:
            bias = np.zeros(w.shape[0])
            target = g.initializer.add()
            if len(node.input) == 2:
                node.input.append(name + "__bias")
            else:
                node.input[2] = name + "__bias"
        target.CopyFrom(numpy_helper.from_array((bias - shift).astype(np.float32), node.input[2]))
    return len(means)
