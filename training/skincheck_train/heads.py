"""Contract head (linear over concat(GAP(features), metadata embedding)) and ONNX export.

`logits[k] = mean(cam[k]) + metadata_part[k] + bias[k]` holds exactly because the image part of
the linear layer is applied at every location (1x1 convolution) to give `cam`.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from . import contract
from .metadata import LENGTH as META_LEN


class MetadataBranch(nn.Module):
    """Small MLP: 20 -> hidden -> emb (ReLU)."""

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
        return logits, cam


class ContractModel(nn.Module):
    """features(image) -> [N,C,h,w]; metadata branch; contract head. forward -> (logits, cam)."""

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
    """Export (eval mode) with the contract's names, opset 17 and a dynamic batch axis."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model = model.eval().cpu()
    img = torch.zeros(1, 3, size, size)
    meta = torch.zeros(1, META_LEN)
    meta[0, 1] = 1.0
    with torch.no_grad():
        torch.onnx.export(
            model,
            (img, meta),
            str(path),
            input_names=[contract.INPUT_IMAGE, contract.INPUT_METADATA],
            output_names=[contract.OUTPUT_LOGITS, contract.OUTPUT_CAM],
            dynamic_axes={
                contract.INPUT_IMAGE: {0: "N"},
                contract.INPUT_METADATA: {0: "N"},
                contract.OUTPUT_LOGITS: {0: "N"},
                contract.OUTPUT_CAM: {0: "N"},
            },
            opset_version=contract.OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    import onnx

    m = onnx.load(str(path))
    onnx.checker.check_model(m)
    return path


def ort_session(path: str | Path, threads: int = 1):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def ort_run(sess, image, metadata):
    import numpy as np

    out = sess.run(
        [contract.OUTPUT_LOGITS, contract.OUTPUT_CAM],
        {
            contract.INPUT_IMAGE: np.ascontiguousarray(image, dtype=np.float32),
            contract.INPUT_METADATA: np.ascontiguousarray(metadata, dtype=np.float32),
        },
    )
    return out[0], out[1]
