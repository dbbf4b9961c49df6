"""The quality gate's numbers (docs/quality_gate.md): photo measures, out-of-distribution
statistics fitted on the training photos' features, thresholds chosen on validation.

    python -m skincheck_train.cli.gate --model ../assets/model.onnx --card ../assets/model.json \
        --cache runs/gate_cache          # HAM10000 from --data or $SKINCHECK_DATA
    python -m skincheck_train.cli.gate --write-degraded runs/degraded
    python -m skincheck_train.cli.gate --model ../tests/fixtures/tiny_model.onnx \
        --card ../tests/fixtures/tiny_model.json --fixture-images ../tests/fixtures/images

Writes the card's `quality_gate` section in place and prints the validation figures; the model
file is untouched unless `--add-early-features` first adds that output to an older export. The
Rust side (`crates/core/src/quality.rs`, `ood.rs`, `check.rs`) applies the same rules; the
reference fixtures carry this module's measures and scores so the two are tested against each
other.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from . import contract

# Fixed photo limits, each far from every validation photo (HAM's darkest view has a mean
# luminance of 0.37, its flattest a contrast of 0.034, none is clipped) and past what it must
# catch (a photo darkened x0.12 has a mean luminance below 0.10).
MIN_SOURCE_SIDE = 64
MIN_BRIGHTNESS = 0.15
MAX_BRIGHTNESS = 0.92
MAX_CLIPPED_FRACTION = 0.25
MIN_CONTRAST = 0.02
# Sharpness varies with the lesion, so its limit is a validation quantile.
SHARPNESS_QUANTILE = 0.005
# Fraction of validation photos the whole gate may flag (the bar is 2 %; the margin is for
# the test split).
VALIDATION_BUDGET = 0.015
METHOD = "mahalanobis"
PHOTO_REASONS = ("too_small", "too_blurry", "too_dark", "overexposed", "low_contrast")


def luminance(rgb: np.ndarray) -> np.ndarray:
    a = np.asarray(rgb, dtype=np.float64)
    return (0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]) / 255.0


def photo_measures(view: Image.Image | np.ndarray, source_side: int) -> dict:
    """The measures of docs/quality_gate.md on the model view (uint8 RGB)."""
    y = luminance(np.asarray(view))
    n0, n1 = y.shape[0] // 2 * 2, y.shape[1] // 2 * 2
    b = y[:n0, :n1].reshape(n0 // 2, 2, n1 // 2, 2).mean(axis=(1, 3))
    lap = b[:-2, 1:-1] + b[2:, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] - 4 * b[1:-1, 1:-1]
    contrast = float(y.std())
    return {
        "source_side": int(source_side),
        "brightness": float(y.mean()),
        "contrast": contrast,
        "clipped": float((y >= 250 / 255).mean()),
        "sharpness": float(lap.std() / (contrast + 0.001)) if lap.size else 0.0,
    }


def photo_limits(min_sharpness: float) -> dict:
    """The card's `photo` section: the fixed limits and a fitted sharpness limit."""
    return {
        "min_source_side": MIN_SOURCE_SIDE,
        "min_brightness": MIN_BRIGHTNESS,
        "max_brightness": MAX_BRIGHTNESS,
        "max_clipped_fraction": MAX_CLIPPED_FRACTION,
        "min_contrast": MIN_CONTRAST,
        "min_sharpness": min_sharpness,
    }


def photo_reasons(m: dict, photo: dict) -> list[str]:
    reasons = []
    if m["source_side"] < photo["min_source_side"]:
        reasons.append("too_small")
    if m["sharpness"] < photo["min_sharpness"]:
        reasons.append("too_blurry")
    if m["brightness"] < photo["min_brightness"]:
        reasons.append("too_dark")
    if m["brightness"] > photo["max_brightness"] or m["clipped"] > photo["max_clipped_fraction"]:
        reasons.append("overexposed")
    if m["contrast"] < photo["min_contrast"]:
        reasons.append("low_contrast")
    return reasons


def judge(gate: dict | None, m: dict, features: np.ndarray | None) -> dict:
    """Status, reasons and score of one photo (the rule `check::judge` applies in Rust)."""
    if gate is None:
        return {"status": "ok", "reasons": [], "ood_score": None, "measures": m}
    reasons = photo_reasons(m, gate["photo"])
    score = None
    ood = gate.get("ood")
    if ood is not None and features is not None:
        score = float(ood_score(ood, np.asarray(features)[None])[0])
        if score > ood["threshold"]:
            reasons.append("not_a_lesion")
    if any(r in PHOTO_REASONS for r in reasons):
        status = "poor_quality"
    elif reasons:
        status = "not_a_lesion"
    else:
        status = "ok"
    return {"status": status, "reasons": reasons, "ood_score": score, "measures": m}


def fit_ood(features: np.ndarray, labels: np.ndarray, num_classes: int) -> dict:
    """Class means and the shared within-class covariance of the training photos' early
    features (Lee et al. 2018), stored as the whitening matrix S_w^(-1/2)."""
    f = np.asarray(features, dtype=np.float64)
    if any((labels == c).sum() == 0 for c in range(num_classes)):
        raise ValueError("every class needs training photos")
    means = np.stack([f[labels == c].mean(axis=0) for c in range(num_classes)])
    within = f - means[labels]
    dim = f.shape[1]
    s_w = within.T @ within / len(f)
    s_w += 1e-6 * np.trace(s_w) / dim * np.eye(dim)
    w_val, w_vec = np.linalg.eigh(s_w)
    whitening = (w_vec / np.sqrt(w_val)) @ w_vec.T
    return {
        "method": METHOD,
        "output": contract.OUTPUT_EARLY_FEATURES,
        "feature_dim": int(dim),
        "class_means": means.ravel().tolist(),
        "whitening": whitening.ravel().tolist(),
        "threshold": float("inf"),
    }


def ood_score(ood: dict, features: np.ndarray) -> np.ndarray:
    """Scores of early features [N,D]: the squared Mahalanobis distance to the nearest class
    mean, min_c ||whitening · (e - class_means[c])||^2 (docs/quality_gate.md)."""
    dim = ood["feature_dim"]
    whitening = np.asarray(ood["whitening"], np.float64).reshape(dim, dim)
    means = np.asarray(ood["class_means"], np.float64).reshape(-1, dim)
    d = np.asarray(features, np.float64)[:, None, :] - means[None]
    return ((d @ whitening.T) ** 2).sum(-1).min(axis=1)


def early_session(model: Path, threads: int = 2):
    """onnxruntime session of the graph from `image` to `early_features` only (the frozen
    prefix: a fraction of the network's cost)."""
    import onnx
    import onnxruntime as ort

    sub = onnx.utils.Extractor(onnx.load(str(model))).extract_model(
        [contract.INPUT_IMAGE], [contract.OUTPUT_EARLY_FEATURES]
    )
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    return ort.InferenceSession(sub.SerializeToString(), so, providers=["CPUExecutionProvider"])


def tta_features(sess, x: np.ndarray, tta: str) -> np.ndarray:
    """Early features [D] of one CHW image, averaged over the card's views like the logits."""
    views = contract.dihedral_views(x) if tta == contract.TTA_DIHEDRAL8 else x[None]
    (f,) = sess.run([contract.OUTPUT_EARLY_FEATURES], {contract.INPUT_IMAGE: views})
    return f.astype(np.float64).mean(axis=0)


def split_rows(splits: Path, split: str) -> list[dict]:
    with open(splits / "ham10000_split.csv") as f:
        return [r for r in csv.DictReader(f) if r["split"] == split]


def photo_features(model: Path, card: dict, paths: list[Path], cache: Path | None) -> tuple:
    """(features [N,F], measures) of photos, cached by model hash and file list."""
    import hashlib

    key = hashlib.sha256((card["sha256"] + "|".join(map(str, paths))).encode()).hexdigest()[:16]
    cached = cache / f"{key}.npz" if cache else None
    if cached and cached.exists():
        data = np.load(cached, allow_pickle=False)
        return data["features"], json.loads(str(data["measures"]))
    pp = card["preprocessing"]
    sess = early_session(model)
    feats, measures = [], []
    for p in paths:
        img = contract.load_rgb(p)
        view = contract.center_square_resize(img, pp["size"])
        measures.append(photo_measures(view, min(img.size)))
        x = contract.normalise(view, pp["mean"], pp["std"])
        feats.append(tta_features(sess, x, card.get("test_time_augmentation", "none")))
    feats = np.asarray(feats, np.float32)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cached, features=feats, measures=json.dumps(measures))
    return feats, measures


def choose_thresholds(
    ood: dict, val_features: np.ndarray, val_measures: list[dict], budget: float
) -> dict:
    """Photo limits (sharpness from a validation quantile), then the out-of-distribution
    threshold that keeps the union of all flags within `budget` of validation photos."""
    sharp = np.array([m["sharpness"] for m in val_measures])
    photo = photo_limits(float(np.quantile(sharp, SHARPNESS_QUANTILE)))
    photo_flag = np.array([bool(photo_reasons(m, photo)) for m in val_measures])
    scores = ood_score(ood, val_features)
    # The highest threshold candidate (a validation score) whose union flag rate fits.
    threshold = float(scores.max())
    for t in np.sort(scores)[::-1]:
        if np.mean(photo_flag | (scores > t)) > budget:
            break
        threshold = float(t)
    flagged = photo_flag | (scores > threshold)
    return {
        "photo": photo,
        "threshold": threshold,
        "validation": {
            "photos": int(len(scores)),
            "flagged_fraction": float(flagged.mean()),
            "photo_flagged_fraction": float(photo_flag.mean()),
            "ood_flagged_fraction": float(np.mean(scores > threshold)),
            "budget": budget,
        },
    }


def build_gate(
    model: Path, card: dict, data: Path, splits: Path, cache: Path | None, train_limit: int
) -> dict:
    images = data / "images"
    train = split_rows(splits, "train")
    if train_limit and train_limit < len(train):
        rng = np.random.default_rng(0)
        train = [train[i] for i in sorted(rng.choice(len(train), train_limit, replace=False))]
    val = split_rows(splits, "val")
    codes = [c["code"] for c in card["classes"]]
    files = {
        name: [images / f"{r['image_id']}.jpg" for r in rows]
        for name, rows in (("train", train), ("val", val))
    }
    train_f, _ = photo_features(model, card, files["train"], cache)
    val_f, val_m = photo_features(model, card, files["val"], cache)
    labels = np.array([codes.index(r["dx"]) for r in train])
    ood = fit_ood(train_f, labels, len(codes))
    chosen = choose_thresholds(ood, val_f, val_m, VALIDATION_BUDGET)
    ood["threshold"] = chosen["threshold"]
    chosen["validation"]["train_photos"] = len(train)
    return {"photo": chosen["photo"], "ood": ood, "validation": chosen["validation"]}


def model_size_photos(folder: Path, card: dict) -> list[Path]:
    """The photos of a fixture folder already at the card's model size (the six PNGs of
    tests/fixtures/images, not the full-size photo that tests the resize)."""
    from .reference import image_files

    size = card["preprocessing"]["size"]
    out = []
    for p in image_files(folder):
        with Image.open(p) as im:
            if im.size == (size, size):
                out.append(p)
    return out


def fixture_gate(model: Path, card: dict, images: list[Path]) -> dict:
    """A gate for a test fixture model that has no data set: the statistics are fitted on the
    fixture photos under every dihedral view and three brightness scales, with arbitrary
    balanced labels (the fixture is not a classifier); the threshold and the sharpness limit
    leave every fixture photo passing, so the tests can show what fails."""
    pp = card["preprocessing"]
    sess = early_session(model, threads=1)
    feats, sharp = [], []
    for p in images:
        view = contract.center_square_resize(contract.load_rgb(p), pp["size"])
        sharp.append(photo_measures(view, min(view.size))["sharpness"])
        for scale in (0.85, 1.0, 1.15):
            a = np.clip(np.asarray(view, np.float32) * scale, 0, 255).astype(np.uint8)
            x = contract.normalise(Image.fromarray(a), pp["mean"], pp["std"])
            views = contract.dihedral_views(x)
            feats.extend(tta_features(sess, v, contract.TTA_NONE) for v in views)
    feats = np.asarray(feats)
    labels = np.arange(len(feats)) % len(card["classes"])
    ood = fit_ood(feats, labels, len(card["classes"]))
    scores = ood_score(ood, feats)
    ood["threshold"] = float(scores.max() + 0.5 * (scores.max() - scores.min()))
    photo = photo_limits(float(min(sharp) / 2))
    validation = {"notes": f"fixture gate: fitted on {len(feats)} views of {len(images)} photos"}
    return {"photo": photo, "ood": ood, "validation": validation}


DEGRADATIONS = {
    # Gaussian blur of sigma 6 px at HAM's 200x150, and every pixel value times 0.12.
    "blur6": lambda img: img.filter(ImageFilter.GaussianBlur(6)),
    "dark012": lambda img: Image.fromarray(
        (np.asarray(img, np.float32) * 0.12).round().astype(np.uint8)
    ),
}


def write_degraded(data: Path, splits: Path, split: str, out: Path) -> dict[str, int]:
    """PNG copies of a split's photos under every degradation the gate must catch, one folder
    each (for `skincheck evaluate --non-lesion OUT/<name>`)."""
    counts = {}
    rows = split_rows(splits, split)
    for name, degrade in DEGRADATIONS.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        for r in rows:
            img = contract.load_rgb(data / "images" / f"{r['image_id']}.jpg")
            degrade(img).save(out / name / f"{r['image_id']}.png")
        counts[name] = len(rows)
    return counts


def fit_into_card(
    model: Path,
    card_path: Path,
    *,
    data: Path | None = None,
    splits: Path = Path("splits"),
    cache: Path = Path("runs/gate_cache"),
    train_limit: int = 0,
    fixture_images: Path | None = None,
    add_early_features_scope: str | None = None,
) -> dict:
    """Fits the gate (on HAM10000 `data`, or a fixture model's `fixture_images`) and writes it
    into the card at `card_path`, first adding the early_features output to an older export
    when `add_early_features_scope` is given. Returns the gate."""
    card = json.loads(Path(card_path).read_text())
    if contract.sha256_file(model) != card["sha256"]:
        raise SystemExit(f"{card_path} does not describe {model}")
    if add_early_features_scope:
        from .heads import add_early_features

        dim = add_early_features(model, add_early_features_scope)
        card["outputs"]["early_features"] = {
            "name": contract.OUTPUT_EARLY_FEATURES,
            "shape": [1, dim],
        }
        card["sha256"] = contract.sha256_file(model)
        card["size_bytes"] = Path(model).stat().st_size
    if fixture_images:
        gate = fixture_gate(Path(model), card, model_size_photos(Path(fixture_images), card))
    elif data:
        gate = build_gate(Path(model), card, Path(data), Path(splits), Path(cache), train_limit)
    else:
        raise SystemExit("give --data (HAM10000) or --fixture-images")
    card["quality_gate"] = gate
    contract.write_json(card_path, card)
    return gate
