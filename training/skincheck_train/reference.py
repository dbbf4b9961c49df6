"""Reference outputs (onnxruntime) for the Rust/tract parity tests.

    python -m skincheck_train.cli.reference --model tests/fixtures/tiny_model.onnx \
        --card tests/fixtures/tiny_model.json --images tests/fixtures/images \
        --out tests/fixtures/reference_tiny_model.json

For every PNG/JPEG under --images (the six model-size PNGs and the full-size JPEG) and each
metadata case, the contract preprocessing is done in numpy/PIL from the card's numbers, and
onnxruntime's logits and cam are written with the calibrated probabilities softmax(logits/T),
the decision and the triage label, and the quality gate's `check` (photo measures,
out-of-distribution score, status and reasons: gate.judge).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import contract
from .decision import decide
from .gate import early_session, judge, photo_measures, tta_features
from .heads import ort_run, ort_session
from .metadata import encode

METADATA_CASES = [
    {"age": None, "sex": None, "site": None},
    {"age": 55, "sex": "male", "site": "back"},
    {"age": 30, "sex": "female", "site": "face"},
]


def image_files(images_dir: Path) -> list[Path]:
    exts = {".png", ".jpg", ".jpeg"}
    return sorted(p for p in images_dir.iterdir() if p.suffix.lower() in exts)


def compute_reference(model: Path, card_path: Path, images_dir: Path) -> dict:
    card = json.loads(Path(card_path).read_text())
    sha = contract.sha256_file(model)
    if card.get("sha256") != sha:
        raise SystemExit(f"card sha256 {card.get('sha256')} != {sha} of {model}")
    pp = card["preprocessing"]
    sess = ort_session(model)
    cases = []
    gate = card.get("quality_gate")
    early = early_session(model, 1) if "early_features" in card["outputs"] else None
    tta = card.get("test_time_augmentation", "none")
    for path in image_files(images_dir):
        source = contract.load_rgb(path)
        img = contract.center_square_resize(source, pp["size"])
        x = contract.normalise(img, pp["mean"], pp["std"])
        features = tta_features(early, x, tta) if early is not None else None
        check = judge(gate, photo_measures(img, min(source.size)), features)
        for mc in METADATA_CASES:
            meta = encode(mc["age"], mc["sex"], mc["site"])[None]
            logits, cam = tta_run(sess, x, meta, tta)
            probs = contract.softmax(logits / card["temperature"])
            k, triage = decide(
                logits, card["temperature"], card["decision_offsets"], card["triage"]
            )
            cases.append(
                {
                    "image": path.name,
                    "age": mc["age"],
                    "sex": mc["sex"],
                    "site": mc["site"],
                    "metadata_vector": [float(v) for v in meta[0]],
                    "logits": [float(v) for v in logits],
                    "cam_shape": list(cam.shape),
                    "cam": [float(v) for v in cam.reshape(-1)],
                    "probabilities": [float(v) for v in probs],
                    "decision": card["classes"][k]["code"],
                    "triage": triage,
                    "check": check,
                }
            )
    return {
        "model": Path(model).name,
        "model_sha256": sha,
        "tolerance": 1e-4,
        "notes": "onnxruntime on CPU; the PNGs are already at the model size (preprocessing = "
        "normalise), the full-size JPEG is decoded by PIL and resized by "
        "contract.center_square_resize; the card's test-time augmentation applied "
        "(contract.dihedral_views). cam is flattened row-major from [7,h,w]; metadata fields "
        "null = missing.",
        "cases": cases,
    }


def tta_run(sess, x: np.ndarray, meta: np.ndarray, tta: str) -> tuple[np.ndarray, np.ndarray]:
    """Logits [7] (float64) and cam [7,h,w] of one CHW image under the card's test-time
    augmentation: one batch of views, mean logits, each view's cam turned back, then averaged."""
    views = contract.dihedral_views(x) if tta == contract.TTA_DIHEDRAL8 else x[None]
    logits, cam = ort_run(sess, views, np.repeat(meta, len(views), axis=0))
    cams = [contract.undo_dihedral(cam[i], i) for i in range(len(views))]
    return logits.astype(np.float64).mean(axis=0), np.mean(cams, axis=0)
