"""Constants and helpers of docs/model-contract.md: classes, preprocessing, card (the decision
rule is in `decision.py`).

Everything the Rust side reads from the card is produced here, in one place.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

CLASSES: list[dict] = [
    {"code": "nv", "name": "Melanocytic nevus", "malignant": False},
    {"code": "mel", "name": "Melanoma", "malignant": True},
    {"code": "bkl", "name": "Benign keratosis-like lesion", "malignant": False},
    {"code": "bcc", "name": "Basal cell carcinoma", "malignant": True},
    {"code": "akiec", "name": "Actinic keratosis / intraepithelial carcinoma", "malignant": True},
    {"code": "vasc", "name": "Vascular lesion", "malignant": False},
    {"code": "df", "name": "Dermatofibroma", "malignant": False},
]
CLASS_CODES: list[str] = [c["code"] for c in CLASSES]
NUM_CLASSES = len(CLASSES)
MALIGNANT_CODES: list[str] = [c["code"] for c in CLASSES if c["malignant"]]
MALIGNANT_IDX: list[int] = [i for i, c in enumerate(CLASSES) if c["malignant"]]

# The shipped recipe's input (HAM's 200x150 copy gives 150 px squares; 192 keeps their detail
# at a fraction of 224's cost). Every model states its own size in its card.
IMAGE_SIZE = 192
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]

INPUT_IMAGE = "image"
INPUT_METADATA = "metadata"
OUTPUT_LOGITS = "logits"
OUTPUT_CAM = "cam"
OUTPUT_FEATURES = "features"
OUTPUT_EARLY_FEATURES = "early_features"
OPSET = 17

LICENCE = "CC BY-NC-SA 4.0"
DATA_CITATION = (
    "HAM10000: Tschandl, Rosendahl & Kittler, Sci. Data 5:180161 (2018), doi:10.1038/sdata.2018.161"
)


def box_factor(side: int, size: int) -> int:
    """The integer box pre-downsampling factor for a `side` px square (1: none).

    As the Rust core (crates/core/src/preprocess.rs `model_view`): side // (2 * size) when that
    is at least 2, i.e. for squares of at least 4x the model size."""
    factor = side // (2 * size)
    return factor if factor >= 2 else 1


def box_downsample(img: Image.Image, factor: int) -> Image.Image:
    """Mean of each factor x factor block, rounded half up ((sum + area // 2) // area); the
    right / bottom pixels that do not fill a block are dropped (Rust `box_downsample`)."""
    a = np.asarray(img.convert("RGB"), dtype=np.uint32)
    h, w = a.shape[0] // factor, a.shape[1] // factor
    blocks = a[: h * factor, : w * factor].reshape(h, factor, w, factor, 3).sum(axis=(1, 3))
    area = factor * factor
    return Image.fromarray(((blocks + area // 2) // area).astype(np.uint8), "RGB")


def center_square_resize(img: Image.Image, size: int = IMAGE_SIZE) -> Image.Image:
    """Contract step 2: largest centred square, resized to size x size as the Rust core does.

    A square already size x size is kept. A square of at least 4x `size` is first
    box-averaged by `box_factor` (Rust's integer pre-downsample), then resized bilinearly (PIL
    BILINEAR; the Rust core's image-crate Triangle filter differs by at most a grey level or
    so, see crates/core/tests/parity.rs). HAM's 150 px squares are only enlarged: no box step.
    """
    w, h = img.size
    if (w, h) == (size, size):
        return img
    s = min(w, h)
    left = (w - s) // 2
    top = (h - s) // 2
    sq = img.crop((left, top, left + s, top + s))
    if s == size:
        return sq
    factor = box_factor(s, size)
    if factor > 1:
        sq = box_downsample(sq, factor)
    return sq.resize((size, size), Image.BILINEAR)


def load_rgb(path: str | Path) -> Image.Image:
    """Contract step 1: decode, apply EXIF orientation, 8-bit RGB."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        return im.convert("RGB")


def normalise(img: Image.Image, mean=MEAN, std=STD) -> np.ndarray:
    """Contract step 3: (pixel/255 - mean)/std, CHW float32."""
    a = np.asarray(img, dtype=np.float32) / 255.0
    a = (a - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    return np.ascontiguousarray(a.transpose(2, 0, 1), dtype=np.float32)


TTA_NONE = "none"
TTA_DIHEDRAL8 = "dihedral8"


def dihedral_views(x: np.ndarray) -> np.ndarray:
    """Contract test-time augmentation `dihedral8`: [..., C, S, S] -> [8, ..., C, S, S].

    View i is the square rotated by (i % 4) quarter turns (np.rot90 over the last two axes),
    then, for i >= 4, mirrored left-right. The logits of the 8 views are averaged (before the
    temperature); each view's cam is turned back before averaging.
    """
    views = []
    for i in range(8):
        v = np.rot90(x, i % 4, axes=(-2, -1))
        if i >= 4:
            v = v[..., ::-1]
        views.append(np.ascontiguousarray(v))
    return np.stack(views)


def undo_dihedral(cam: np.ndarray, i: int) -> np.ndarray:
    """Inverse of view i of `dihedral_views` on a map [..., h, w]."""
    v = cam[..., ::-1] if i >= 4 else cam
    return np.ascontiguousarray(np.rot90(v, -(i % 4), axes=(-2, -1)))


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_card(
    onnx_path: str | Path,
    *,
    model_id: str,
    architecture: str,
    cam_hw: tuple[int, int],
    temperature: float,
    decision_offsets,
    suspicious_threshold: float,
    malignant_threshold: float,
    training: dict,
    size: int = IMAGE_SIZE,
    feature_dim: int | None = None,
    early_dim: int | None = None,
    tta: str = TTA_NONE,
    mean=MEAN,
    std=STD,
) -> dict:
    """Card JSON of the contract; sha256/size_bytes are computed from the written ONNX file."""
    from .metadata import encoding_spec

    onnx_path = Path(onnx_path)
    offsets = [float(x) for x in decision_offsets]
    if len(offsets) != NUM_CLASSES:
        raise ValueError("decision_offsets must have one entry per class")
    return {
        "schema_version": 1,
        "model_id": model_id,
        "architecture": architecture,
        "onnx_file": onnx_path.name,
        "sha256": sha256_file(onnx_path),
        "size_bytes": onnx_path.stat().st_size,
        "classes": [dict(c) for c in CLASSES],
        "inputs": {
            "image": {"name": INPUT_IMAGE, "shape": [1, 3, size, size]},
            "metadata": {"name": INPUT_METADATA, "shape": [1, encoding_spec()["length"]]},
        },
        "outputs": {
            "logits": {"name": OUTPUT_LOGITS, "shape": [1, NUM_CLASSES]},
            "cam": {"name": OUTPUT_CAM, "shape": [1, NUM_CLASSES, int(cam_hw[0]), int(cam_hw[1])]},
            **(
                {"features": {"name": OUTPUT_FEATURES, "shape": [1, int(feature_dim)]}}
                if feature_dim
                else {}
            ),
            **(
                {"early_features": {"name": OUTPUT_EARLY_FEATURES, "shape": [1, int(early_dim)]}}
                if early_dim
                else {}
            ),
        },
        "preprocessing": {
            "resize": "center_square",
            "size": size,
            "filter": "triangle",
            "mean": [float(x) for x in mean],
            "std": [float(x) for x in std],
        },
        "test_time_augmentation": tta,
        "metadata_encoding": encoding_spec(),
        "temperature": float(temperature),
        "decision_offsets": offsets,
        "triage": {
            "malignant_classes": list(MALIGNANT_CODES),
            "suspicious_threshold": float(suspicious_threshold),
            "malignant_threshold": float(malignant_threshold),
        },
        "training": training,
    }


def write_json(path: str | Path, obj) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
