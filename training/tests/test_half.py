import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from conftest import REPO

from skincheck_train import contract, metadata
from skincheck_train.half import halve_weights, update_card

FIXTURES = REPO / "tests" / "fixtures"


def _run(path, image, meta):
    s = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return s.run(["logits", "cam"], {"image": image, "metadata": meta})


def test_fp16_weights_shrink_the_file_and_keep_outputs(tmp_path):
    src = FIXTURES / "tiny_model.onnx"
    dst = tmp_path / "half.onnx"
    # the tiny model's tensors are all small: halve every one of them
    info = halve_weights(src, dst, min_elements=1)
    assert info["tensors_halved"] > 0
    assert info["weight_bytes_after"] * 2 == info["weight_bytes_before"]
    assert dst.stat().st_size < src.stat().st_size
    rng = np.random.default_rng(0)
    size = contract.IMAGE_SIZE
    image = rng.standard_normal((1, 3, size, size)).astype(np.float32)
    meta = np.zeros((1, metadata.LENGTH), np.float32)
    meta[0, [1, 4, 19]] = 1.0
    full, half = _run(src, image, meta), _run(dst, image, meta)
    # float16 keeps 11 significant bits: outputs move by a few 1e-4 relative at most
    for a, b in zip(full, half):
        assert np.abs(a - b).max() <= 2e-3 * max(1.0, float(np.abs(a).max()))
    # the network itself is unchanged: same inputs, outputs and float32 arithmetic
    assert [o.name for o in ort.InferenceSession(str(dst)).get_outputs()] == [
        "logits",
        "cam",
        "features",
        "early_features",
    ]


def test_card_follows_the_written_file(tmp_path):
    dst = tmp_path / "half.onnx"
    halve_weights(FIXTURES / "tiny_model.onnx", dst, min_elements=1)
    card = tmp_path / "card.json"
    card.write_text((FIXTURES / "tiny_model.json").read_text())
    update_card(card, dst)
    written = json.loads(card.read_text())
    assert written["sha256"] == contract.sha256_file(dst)
    assert written["size_bytes"] == dst.stat().st_size


def _pointwise_net(path):
    """x [1,64,4,4] -> 1x1 conv to 256 -> relu -> 1x1 conv to 64 -> 3x3 conv -> y."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    ws = {
        "w_big": rng.standard_normal((256, 64, 1, 1)),
        "w_mid": rng.standard_normal((64, 256, 1, 1)) * 0.1,
        "w_3x3": rng.standard_normal((64, 64, 3, 3)) * 0.1,
    }
    nodes = [
        helper.make_node("Conv", ["x", "w_big"], ["a"]),
        helper.make_node("Relu", ["a"], ["b"]),
        helper.make_node("Conv", ["b", "w_mid"], ["c"]),
        helper.make_node("Conv", ["c", "w_3x3"], ["y"], pads=[1, 1, 1, 1]),
    ]
    graph = helper.make_graph(
        nodes,
        "pointwise",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 64, 4, 4])],
        [numpy_helper.from_array(w.astype(np.float32), k) for k, w in ws.items()],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def test_compact_weights_stores_the_largest_pointwise_convs_as_int8_to_fit(tmp_path):
    from skincheck_train.half import compact_weights, pointwise_conv_weights

    src = tmp_path / "net.onnx"
    _pointwise_net(src)
    assert pointwise_conv_weights(onnx.load(str(src))) == ["w_big", "w_mid"]  # not the 3x3
    fp16 = halve_weights(src, tmp_path / "a.onnx")["file_bytes"]
    one8 = halve_weights(src, tmp_path / "b.onnx", int8=("w_big",))["file_bytes"]
    assert one8 < fp16 - 10_000
    dst = tmp_path / "compact.onnx"
    info = compact_weights(src, dst, one8 + 100)  # fits with the largest conv in int8 only
    assert info["tensors_int8"] == ["w_big"] and dst.stat().st_size <= one8 + 100
    g = onnx.load(str(dst)).graph
    assert [n.op_type for n in g.node].count("DequantizeLinear") == 1
    x = np.random.default_rng(1).standard_normal((1, 64, 4, 4)).astype(np.float32)
    full = ort.InferenceSession(str(src)).run(None, {"x": x})[0]
    small = ort.InferenceSession(str(dst)).run(None, {"x": x})[0]
    assert np.abs(full - small).max() <= 0.02 * np.abs(full).max()
    with pytest.raises(ValueError, match="does not fit"):
        compact_weights(src, dst, 1000)


def test_small_file_candidates_go_from_every_pointwise_conv_int8_to_the_size_limits_few():
    from skincheck_train.small_file import faithful, int8_counts

    assert int8_counts(33, 3) == [33, 16, 3]
    assert int8_counts(4, 3) == [4, 3]  # the larger half (2) is fewer than fit: never tried
    assert int8_counts(3, 3) == [3]
    assert int8_counts(10, 0) == [10, 5, 0]
    # the pipeline's rule: >= 99.5 % agreement and less than half a point lost
    assert faithful(0.996, 0.770, 0.772, 0.995, 0.005)
    assert not faithful(0.994, 0.772, 0.772, 0.995, 0.005)
    assert not faithful(0.999, 0.765, 0.772, 0.995, 0.005)


def test_bias_correction_keeps_each_int8_convs_output_means(tmp_path):
    """Rounding w_big to int8 moves the mean of its output channels; the corrected bias puts
    them back on the calibration inputs (the conv is linear, so exactly, up to float)."""
    from onnx import TensorProto, helper

    from skincheck_train.bias_correction import correct_biases

    src = tmp_path / "net.onnx"
    _pointwise_net(src)
    m = onnx.load(str(src))
    m.graph.output.append(helper.make_tensor_value_info("a", TensorProto.FLOAT, [1, 256, 4, 4]))
    onnx.save(m, str(src))
    rng = np.random.default_rng(2)
    x = (rng.standard_normal((32, 64, 4, 4)) + 1.5).astype(np.float32)  # far from zero mean
    means = {"w_big": x.astype(np.float64).mean(axis=(0, 2, 3))}

    def channel_means(path):
        s = ort.InferenceSession(str(path))
        return np.mean([s.run(["a"], {"x": x[i : i + 1]})[0] for i in range(32)], axis=(0, 1, 3, 4))

    fp32 = channel_means(src)
    plain = channel_means(_written(tmp_path / "p.onnx", src, ("w_big",), None))
    fixed = channel_means(_written(tmp_path / "c.onnx", src, ("w_big",), means))
    assert np.abs(plain - fp32).max() > 1e-3  # the rounding's shift, measurable
    assert np.abs(fixed - fp32).max() < 2e-5 < np.abs(plain - fp32).max() / 50
    # the conv had no bias: one was added; a conv with one has it rewritten in place
    assert correct_biases(onnx.load(str(src)), means) == 1
    assert (
        len(
            next(
                n for n in onnx.load(str(tmp_path / "c.onnx")).graph.node if n.output == ["a"]
            ).input
        )
        == 3
    )


def _written(dst, src, int8, means):
    info = halve_weights(src, dst, int8=int8, input_means=means)
    assert info["biases_corrected"] == (len(int8) if means else 0)
    return dst


def test_the_conv_that_writes_cam_is_never_a_pointwise_candidate():
    from skincheck_train.half import pointwise_conv_weights

    model = onnx.load(str(FIXTURES / "tiny_model.onnx"))
    cam_conv = next(n for n in model.graph.node if n.output[0] == "cam")
    assert cam_conv.op_type == "Conv"
    assert cam_conv.input[1] not in pointwise_conv_weights(model)
