"""Contract head (linear over concat(GAP(features), metadata embedding)) and ONNX export.

`logits[k] = mean(cam[k]) + metadata_part[k] + bias[k]` holds exactly because the image part of
the linear layer is applied at every location (1x1 convolution) to give `cam`. The third output,
`features`, is the pooled image part (GAP of the last feature map) that the out-of-distribution
score of the quality gate measures.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from . import contract
from .metadata import AGE_MISSING_INDEX
from .metadata import LENGTH as META_LEN


class MetadataBranch(nn.Module):
    """Small MLP: metadata vector (LENGTH) -> hidden -> emb (ReLU)."""

    def __init__(self, in_dim: int = META_LEN, hidden: int = 32, emb: int = 16, p: float = 0.1):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_dim, hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(p),
            nn.Linear(hidden, emb),
            nn.ReLU(inplace=True),
        )
        self.out_dim = emb

    def forward(self, m: torch.Tensor) -> torch.Tensor:
        return self.net(m)


class ContractHead(nn.Module):
    """One linear layer over concat(GAP(features), emb) that can also emit the CAM."""

    def __init__(self, feat_ch: int, emb_dim: int, num_classes: int = contract.NUM_CLASSES):
        super().__init__()
        self.feat_ch = feat_ch
        self.fc = nn.Linear(feat_ch + emb_dim, num_classes)

    def logits_from_pooled(self, pooled: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.cat([pooled, emb], dim=1))

    def forward(self, features: torch.Tensor, emb: torch.Tensor):
        w_img = self.fc.weight[:, : self.feat_ch]
        w_meta = self.fc.weight[:, self.feat_ch :]
        cam = F.conv2d(features, w_img[:, :, None, None])
        pooled = features.mean(dim=(2, 3))
        logits = pooled @ w_img.t() + emb @ w_meta.t() + self.fc.bias
        return logits, cam, pooled


class ContractModel(nn.Module):
    """features(image) -> [N,C,h,w]; metadata branch; contract head.

    forward -> (logits, cam, pooled features). `early_scope`: the export names whose last
    tensor becomes the `early_features` output (add_early_features)."""

    early_scope = "/features/features.4/"

    def __init__(self, features: nn.Module, feat_ch: int, meta: MetadataBranch | None = None):
        super().__init__()
        self.features = features
        self.meta = meta if meta is not None else MetadataBranch()
        self.head = ContractHead(feat_ch, self.meta.out_dim)

    def forward(self, image: torch.Tensor, metadata: torch.Tensor):
        return self.head(self.features(image), self.meta(metadata))

    def logits(self, image: torch.Tensor, metadata: torch.Tensor) -> torch.Tensor:
        f = self.features(image)
        return self.head.logits_from_pooled(f.mean(dim=(2, 3)), self.meta(metadata))


def export_onnx(model: nn.Module, path: str | Path, size: int = contract.IMAGE_SIZE) -> Path:
    """Export (eval mode) with the contract's names, opset 17 and a dynamic batch axis.

    The TorchScript export is then simplified by onnxruntime's *basic* (standard-ONNX-only)
    graph optimisations: constant folding and fusing the static 'same' Pad nodes into the Conv
    `pads` attribute. Unused opset imports are dropped and the output shapes are written
    explicitly ([N,7], [N,7,h,w]). The simplified graph is checked against the raw export.
    """
    import numpy as np
    import onnx
    import onnxruntime as ort

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = path.with_suffix(".raw.onnx")
    model = model.eval().cpu()
    img = torch.zeros(1, 3, size, size)
    meta = torch.zeros(1, META_LEN)
    meta[0, 1] = 1.0
    with torch.no_grad():
        _, cam, pooled = model(img, meta)
        torch.onnx.export(
            model,
            (img, meta),
            str(raw),
            input_names=[contract.INPUT_IMAGE, contract.INPUT_METADATA],
            output_names=[contract.OUTPUT_LOGITS, contract.OUTPUT_CAM, contract.OUTPUT_FEATURES],
            dynamic_axes={
                contract.INPUT_IMAGE: {0: "N"},
                contract.INPUT_METADATA: {0: "N"},
                contract.OUTPUT_LOGITS: {0: "N"},
                contract.OUTPUT_CAM: {0: "N"},
                contract.OUTPUT_FEATURES: {0: "N"},
            },
            opset_version=contract.OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    so.optimized_model_filepath = str(path)
    so.intra_op_num_threads = 1
    ort.InferenceSession(str(raw), so, providers=["CPUExecutionProvider"])
    m = onnx.load(str(path))
    used = {n.domain for n in m.graph.node}
    keep = [o for o in m.opset_import if o.domain in used or o.domain in ("", "ai.onnx")]
    if any(d not in ("", "ai.onnx") for d in used):
        raise RuntimeError(f"non-standard op domains after optimisation: {used}")
    del m.opset_import[:]
    m.opset_import.extend(keep)
    shapes = {
        contract.OUTPUT_LOGITS: ["N", contract.NUM_CLASSES],
        contract.OUTPUT_CAM: ["N", contract.NUM_CLASSES, int(cam.shape[2]), int(cam.shape[3])],
        contract.OUTPUT_FEATURES: ["N", int(pooled.shape[1])],
    }
    for vi in list(m.graph.input) + list(m.graph.output):
        dims = shapes.get(vi.name)
        if dims is None:
            continue
        shp = vi.type.tensor_type.shape
        del shp.dim[:]
        for d in dims:
            dd = shp.dim.add()
            if isinstance(d, str):
                dd.dim_param = d
            else:
                dd.dim_value = d
    del m.graph.value_info[:]
    m.producer_name = "skincheck_train"
    onnx.checker.check_model(m)
    onnx.save(m, str(path))
    # the simplified graph must compute what the raw export computes
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, size, size)).astype(np.float32)
    md = np.zeros((2, META_LEN), np.float32)
    md[:, AGE_MISSING_INDEX] = 1.0
    a = ort_run(ort_session(raw), x, md)
    b = ort_run(ort_session(path), x, md)
    diff = max(float(np.abs(p - q).max()) for p, q in zip(a, b))
    if diff > 1e-4:
        raise RuntimeError(f"optimised ONNX differs from raw export by {diff}")
    raw.unlink()
    scope = getattr(model, "early_scope", None)
    if scope:
        add_early_features(path, scope)
    return path


def output_width(path: str | Path, name: str) -> int | None:
    """Second dimension of the ONNX output `name`, None when the model has no such output."""
    import onnx

    for o in onnx.load(str(path), load_external_data=False).graph.output:
        if o.name == name:
            return o.type.tensor_type.shape.dim[1].dim_value
    return None


def add_early_features(path: str | Path, scope: str) -> int:
    """Adds the output `early_features` [N,C]: the spatial mean of the last tensor computed
    inside `scope` (an export name prefix, e.g. the frozen ImageNet prefix). The quality gate's
    out-of-distribution score reads it: generic early features tell a lesion photo from a cat
    or a page far better than the classifier's last layer (docs/quality_gate.md). The other
    outputs are untouched. Returns C."""
    import onnx
    from onnx import helper, shape_inference

    path = Path(path)
    m = onnx.load(str(path))
    if any(o.name == contract.OUTPUT_EARLY_FEATURES for o in m.graph.output):
        raise ValueError(f"{path} already has {contract.OUTPUT_EARLY_FEATURES}")
    inside = [n for n in m.graph.node if n.name.startswith(scope)]
    if not inside:
        raise ValueError(f"no node of {path} is inside {scope!r}")
    tap = inside[-1].output[0]
    shapes = {
        vi.name: vi.type.tensor_type.shape
        for vi in shape_inference.infer_shapes(m).graph.value_info
    }
    channels = shapes[tap].dim[1].dim_value
    pooled = "/early_features/GlobalAveragePool_output_0"
    m.graph.node.extend(
        [
            helper.make_node("GlobalAveragePool", [tap], [pooled], name="/early_features/Pool"),
            helper.make_node(
                "Flatten", [pooled], [contract.OUTPUT_EARLY_FEATURES], name="/early_features/Flat"
            ),
        ]
    )
    m.graph.output.append(
        helper.make_tensor_value_info(
            contract.OUTPUT_EARLY_FEATURES, onnx.TensorProto.FLOAT, ["N", channels]
        )
    )
    onnx.checker.check_model(m)
    onnx.save(m, str(path))
    return channels


def ort_session(path: str | Path | bytes, threads: int = 1):
    """An onnxruntime CPU session of a file, or of a serialised model given as bytes."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    model = path if isinstance(path, bytes) else str(path)
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def ort_run(sess, image, metadata, outputs=(contract.OUTPUT_LOGITS, contract.OUTPUT_CAM)):
    """The named outputs (default logits, cam) of one batch."""
    import numpy as np

    out = sess.run(
        list(outputs),
        {
            contract.INPUT_IMAGE: np.ascontiguousarray(image, dtype=np.float32),
            contract.INPUT_METADATA: np.ascontiguousarray(metadata, dtype=np.float32),
        },
    )
    return tuple(out)
