"""Exported ONNX == PyTorch (onnxruntime, 1e-4), contract identity, int8 variant."""

import numpy as np
import onnx
import pytest
import torch

from skincheck_train.contract import IMAGE_SIZE
from skincheck_train.heads import export_onnx, ort_run, ort_session
from skincheck_train.metadata import encode
from skincheck_train.model import SkinCheckNet
from skincheck_train.quantize import quantize_model


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    torch.manual_seed(0)
    model = SkinCheckNet(pretrained=True).eval()
    with torch.no_grad():  # non-trivial head and BN statistics
        model.head.fc.weight.normal_(0, 0.05)
        model.head.fc.bias.normal_(0, 0.5)
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.add_(torch.randn_like(m.running_mean) * 0.01)
    d = tmp_path_factory.mktemp("onnx")
    path = export_onnx(model, d / "m.onnx")
    return model, path, d


HW = IMAGE_SIZE // 32


def _inputs(n=3):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(n, 3, IMAGE_SIZE, IMAGE_SIZE, generator=g)
    cases = [(None, None, None), (55, "male", "back"), (30, "female", "face")]
    m = torch.from_numpy(np.stack([encode(*cases[i % 3]) for i in range(n)]))
    return x, m


def test_onnx_matches_pytorch(exported):
    model, path, _ = exported
    x, m = _inputs(3)
    with torch.no_grad():
        lt, ct, ft = model(x, m)
        lt2 = model.logits(x, m)
    lo, co = ort_run(ort_session(path), x.numpy(), m.numpy())
    assert lo.shape == (3, 7) and co.shape == (3, 7, HW, HW)
    np.testing.assert_allclose(lo, lt.numpy(), atol=1e-4)
    np.testing.assert_allclose(co, ct.numpy(), atol=1e-4)
    np.testing.assert_allclose(lt2.numpy(), lt.numpy(), atol=1e-4)
    assert lo.std() > 0.1 and co.std() > 0.01
    (fo,) = ort_run(ort_session(path), x.numpy(), m.numpy(), outputs=["features"])
    assert fo.shape == (3, 1280)
    np.testing.assert_allclose(fo, ft.numpy(), atol=1e-4)
    with torch.no_grad():  # the pooled last feature map, what the quality gate scores
        np.testing.assert_allclose(fo, model.features(x).mean(dim=(2, 3)).numpy(), atol=1e-4)


def test_contract_identity_and_graph(exported):
    model, path, _ = exported
    x, m = _inputs(2)
    lo, co = ort_run(ort_session(path), x.numpy(), m.numpy())
    with torch.no_grad():
        emb = model.meta(m)
        w_meta = model.head.fc.weight[:, model.head.feat_ch :]
        meta_part = (emb @ w_meta.t() + model.head.fc.bias).numpy()
    np.testing.assert_allclose(lo, co.mean(axis=(2, 3)) + meta_part, atol=1e-4)
    g = onnx.load(str(path))
    ops = {n.op_type for n in g.graph.node}
    assert "BatchNormalization" not in ops and "Pad" not in ops
    assert [i.name for i in g.graph.input] == ["image", "metadata"]
    assert [o.name for o in g.graph.output] == ["logits", "cam", "features", "early_features"]
    assert {o.domain for o in g.opset_import} <= {"", "ai.onnx"}
    cam_dims = [d.dim_param or d.dim_value for d in g.graph.output[1].type.tensor_type.shape.dim]
    assert cam_dims == ["N", 7, HW, HW]
    feat_dims = [d.dim_param or d.dim_value for d in g.graph.output[2].type.tensor_type.shape.dim]
    assert feat_dims == ["N", 1280]
    # early_features: the frozen prefix's last map, averaged over space (the gate's input)
    sess = ort_session(path)
    (early,) = sess.run(["early_features"], {"image": x.numpy(), "metadata": m.numpy()})
    with torch.no_grad():
        prefix_map = model.features.prefix(x)
    np.testing.assert_allclose(early, prefix_map.mean(dim=(2, 3)).numpy(), atol=1e-4)


def test_int8_variant(exported):
    _, path, d = exported
    info = quantize_model(path, d / "m8.onnx")
    g = onnx.load(str(d / "m8.onnx"))
    dq = [n for n in g.graph.node if n.op_type == "DequantizeLinear"]
    assert len(dq) == info["quantized_initializers"] >= 30
    assert info["convs_kept_float"] == 18  # 16 depthwise + stem + cam
    assert all(a.i == 0 for n in dq for a in n.attribute if a.name == "axis")
    inits = {i.name: i for i in g.graph.initializer}
    assert all(inits[n.input[0]].data_type == onnx.TensorProto.INT8 for n in dq)
    assert info["file_bytes"] < 0.35 * (path.stat().st_size)
    x, m = _inputs(3)
    lf, _ = ort_run(ort_session(path), x.numpy(), m.numpy())
    lq, cq = ort_run(ort_session(d / "m8.onnx"), x.numpy(), m.numpy())
    assert cq.shape == (3, 7, HW, HW)
    assert np.abs(lq - lf).max() < 0.1 * np.abs(lf).max()
    # the contract identity holds exactly in the int8 variant too (cam conv kept float)
    lq2, cq2 = ort_run(ort_session(d / "m8.onnx"), x.numpy()[::-1].copy(), m.numpy())
    r1 = lq - cq.mean(axis=(2, 3))
    r2 = lq2 - cq2.mean(axis=(2, 3))
    np.testing.assert_allclose(r1, r2, atol=1e-4)  # other images, same metadata rows
