"""Reference outputs (onnxruntime) for the Rust/tract parity tests.

    python -m skincheck_train.reference --model tests/fixtures/tiny_model.onnx \
        --card tests/fixtures/tiny_model.json --images tests/fixtures/images \
        --out tests/fixtures/reference_tiny_model.json

For every PNG/JPEG under --images and each metadata case, the contract preprocessing is done in
numpy/PIL from the card's numbers, and onnxruntime's logits and cam are written with the
calibrated probabilities softmax(logits/T), the decision and the triage label.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from . import contract
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
    for path in image_files(images_dir):
        img = contract.center_square_resize(contract.load_rgb(path), pp["size"])
        x = contract.normalise(img, pp["mean"], pp["std"])[None]
        for mc in METADATA_CASES:
            meta = encode(mc["age"], mc["sex"], mc["site"])[None]
            logits, cam = ort_run(sess, x, meta)
            logits = logits[0].astype(np.float64)
            probs = contract.softmax(logits / card["temperature"])
            k, triage = contract.decide(
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
                    "cam_shape": list(cam.shape[1:]),
                    "cam": [float(v) for v in cam[0].reshape(-1)],
                    "probabilities": [float(v) for v in probs],
                    "decision": card["classes"][k]["code"],
                    "triage": triage,
                }
            )
    return {
        "model": Path(model).name,
        "model_sha256": sha,
        "tolerance": 1e-4,
        "notes": "onnxruntime on CPU; images are already 224x224 so preprocessing = normalise. "
        "cam is flattened row-major from [7,h,w]; metadata fields null = missing.",
        "cases": cases,
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="onnxruntime reference outputs for Rust tests")
    ap.add_argument("--model", required=True)
    ap.add_argument("--card", required=True)
    ap.add_argument("--images", default="tests/fixtures/images")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    ref = compute_reference(Path(args.model), Path(args.card), Path(args.images))
    contract.write_json(args.out, ref)
    print(f"wrote {args.out}: {len(ref['cases'])} cases")


if __name__ == "__main__":
    main()
