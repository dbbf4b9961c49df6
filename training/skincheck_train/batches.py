"""Model inputs from data records: contract views as uint8 batches, the metadata-field
dropout, the finetune Dataset, and the logits of records through onnxruntime sessions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from . import contract, metadata
from .augment import normalise
from .data import Record


def load_square(path: Path, size: int) -> np.ndarray:
    """Contract preprocessing up to the resize: uint8 HWC, size x size."""
    img = contract.center_square_resize(contract.load_rgb(path), size)
    return np.asarray(img, dtype=np.uint8)


def load_batch(records: list[Record], size: int) -> torch.Tensor:
    """The records' contract views as one uint8 NCHW batch."""
    return torch.from_numpy(np.stack([load_square(r.path, size) for r in records])).permute(
        0, 3, 1, 2
    )


def metadata_dropout(m: torch.Tensor, g: torch.Generator, p: float = 0.1) -> torch.Tensor:
    """Per field (age / sex / site: metadata.FIELDS), replace by 'unknown' with probability p."""
    m = m.clone()
    unk = torch.from_numpy(metadata.UNKNOWN).to(m.device)
    b = m.shape[0]
    for part in metadata.FIELDS.values():
        drop = (torch.rand(b, generator=g) < p).to(m.device)
        m[drop, part] = unk[part]
    return m


def model_inputs(records, size, tta: str, batch=32, desc=""):
    """Per batch of `records`: the card's test-time views of the normalised images ([V, N, 3,
    size, size], V = 8 under dihedral8, else 1) and the metadata vectors [N, M]."""
    for i in tqdm(range(0, len(records), batch), desc=desc, mininterval=10, leave=False):
        rs = records[i : i + batch]
        x = normalise(load_batch(rs, size)).numpy()
        views = contract.dihedral_views(x) if tta == contract.TTA_DIHEDRAL8 else x[None]
        yield views, metadata.encode_many(rs)


def ort_logits_many(sessions: dict, records, size, tta: str, batch=32, desc="") -> dict:
    """Logits of the same preprocessed batches through several sessions (decode once); with
    `tta == dihedral8` the mean logits of the 8 views of contract.dihedral_views."""
    out = {k: [] for k in sessions}
    for views, m in model_inputs(records, size, tta, batch, desc):
        for k, s in sessions.items():
            lg = [s.run(["logits"], {"image": v, "metadata": m})[0] for v in views]
            out[k].append(np.mean(lg, axis=0))
    return {
        k: (np.concatenate(v) if v else np.zeros((0, contract.NUM_CLASSES), np.float32))
        for k, v in out.items()
    }


class ImageSet(torch.utils.data.Dataset):
    """(uint8 CHW view, metadata vector, label) per record, for the finetune DataLoader."""

    def __init__(self, records: list[Record], size: int):
        self.records, self.size = records, size
        self.meta = metadata.encode_many(records)

    def __len__(self):
        return len(self.records)

    def __getitem__(self, i):
        r = self.records[i]
        x = torch.from_numpy(load_square(r.path, self.size)).permute(2, 0, 1).contiguous()
        return x, torch.from_numpy(self.meta[i]), r.label
