"""The quality gate's Python half (gate.py): photo measures, the out-of-distribution score, the
status rule, thresholds on validation, the early-features output and the non-lesion set."""

import json

import numpy as np
import pytest
from conftest import REPO
from PIL import Image, ImageFilter

from skincheck_train import contract, gate, metadata, non_lesion
from skincheck_train.fixture_model import build_tiny_model
from skincheck_train.heads import export_onnx, ort_session, output_width

FIXTURES = REPO / "tests" / "fixtures"
LESION = FIXTURES / "images" / "mel_ISIC_0024310.png"


def test_photo_measures_of_simple_pictures():
    flat = gate.photo_measures(Image.new("RGB", (192, 192), (128, 128, 128)), 192)
    assert flat["contrast"] == 0 and flat["sharpness"] == 0
    assert flat["brightness"] == pytest.approx(128 / 255)
    half = np.zeros((192, 192, 3), np.uint8)
    half[:, :96] = 255
    m = gate.photo_measures(half, 100)
    assert m["clipped"] == pytest.approx(0.5) and m["source_side"] == 100
    assert m["contrast"] == pytest.approx(0.5)


def test_blur_lowers_sharpness_and_darkening_lowers_brightness():
    img = Image.open(LESION).convert("RGB")
    sharp = gate.photo_measures(img, 192)
    blurred = gate.photo_measures(img.filter(ImageFilter.GaussianBlur(6)), 192)
    assert blurred["sharpness"] < sharp["sharpness"] / 3
    dark = Image.fromarray((np.asarray(img, np.float32) * 0.12).round().astype(np.uint8))
    assert gate.photo_measures(dark, 192)["brightness"] < gate.MIN_BRIGHTNESS


def _photo_limits(**over):
    limits = {
        "min_source_side": 64,
        "min_brightness": 0.15,
        "max_brightness": 0.92,
        "max_clipped_fraction": 0.25,
        "min_contrast": 0.02,
        "min_sharpness": 0.1,
    }
    return limits | over


def test_status_rule_puts_photo_quality_first():
    ood = gate.fit_ood(np.eye(3).repeat(4, 0) + 0.01 * np.arange(12)[:, None], np.arange(12) % 3, 3)
    ood["threshold"] = 1.0
    g = {"photo": _photo_limits(), "ood": ood}
    good = {
        "source_side": 150,
        "brightness": 0.6,
        "contrast": 0.1,
        "clipped": 0.0,
        "sharpness": 0.3,
    }
    far = np.array([50.0, -50.0, 50.0])
    assert gate.judge(g, good, np.asarray(ood["class_means"][:3]))["status"] == "ok"
    assert gate.judge(g, good, far)["reasons"] == ["not_a_lesion"]
    bad = good | {"sharpness": 0.01, "brightness": 0.95, "source_side": 10}
    out = gate.judge(g, bad, far)
    assert out["status"] == "poor_quality"
    assert out["reasons"] == ["too_small", "too_blurry", "overexposed", "not_a_lesion"]
    assert gate.judge(None, bad, far) == {
        "status": "ok",
        "reasons": [],
        "ood_score": None,
        "measures": bad,
    }


def test_ood_score_is_the_whitened_distance_to_the_nearest_class_mean():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1], 500)
    f = rng.normal(size=(1000, 2)) * [2.0, 0.5] + np.where(labels[:, None] == 0, -5.0, 5.0)
    ood = gate.fit_ood(f, labels, 2)
    means = np.asarray(ood["class_means"]).reshape(2, 2)
    assert np.allclose(means, [[-5, -5], [5, 5]], atol=0.2)
    # one unit along each axis of the shared covariance is distance 1
    got = gate.ood_score(ood, means[:1] + [[2.0, 0.0], [0.0, 0.5]])
    assert got == pytest.approx([1.0, 1.0], rel=0.1)
    with pytest.raises(ValueError, match="every class"):
        gate.fit_ood(f, labels, 3)


def test_thresholds_keep_the_validation_budget():
    rng = np.random.default_rng(1)
    labels = np.arange(400) % 2
    ood = gate.fit_ood(rng.normal(size=(400, 4)), labels, 2)
    val = rng.normal(size=(300, 4))
    measures = [
        {"source_side": 150, "brightness": 0.6, "contrast": 0.1, "clipped": 0.0, "sharpness": s}
        for s in rng.uniform(0.1, 0.5, 300)
    ]
    chosen = gate.choose_thresholds(ood, val, measures, 0.02)
    assert chosen["validation"]["flagged_fraction"] <= 0.02
    assert chosen["validation"]["ood_flagged_fraction"] > 0
    assert chosen["photo"]["min_sharpness"] == pytest.approx(
        np.quantile([m["sharpness"] for m in measures], gate.SHARPNESS_QUANTILE)
    )


def test_export_adds_early_features_without_changing_the_other_outputs(tmp_path):
    path = export_onnx(build_tiny_model(), tmp_path / "tiny.onnx")
    assert output_width(path, contract.OUTPUT_EARLY_FEATURES) == 16
    x = np.random.default_rng(2).standard_normal((2, 3, 192, 192)).astype(np.float32)
    meta = np.zeros((2, metadata.LENGTH), np.float32)
    full = ort_session(path).run(None, {"image": x, "metadata": meta})
    early = gate.early_session(path, 1).run(["early_features"], {"image": x})[0]
    assert [o.shape for o in full] == [(2, 7), (2, 7, 6, 6), (2, 16), (2, 16)]
    assert np.allclose(full[3], early, atol=1e-6)
    committed = ort_session(FIXTURES / "tiny_model.onnx").run(None, {"image": x, "metadata": meta})
    for a, b in zip(full, committed):
        assert np.allclose(a, b, atol=1e-5)


def test_committed_cards_carry_a_gate_the_fixture_photos_pass():
    for card_path in (FIXTURES / "tiny_model.json", REPO / "assets" / "model.json"):
        card = json.loads(card_path.read_text())
        g = card["quality_gate"]
        assert g["ood"]["output"] == "early_features"
        dim = card["outputs"]["early_features"]["shape"][1]
        assert g["ood"]["feature_dim"] == dim
        assert len(g["ood"]["whitening"]) == dim * dim
        assert len(g["ood"]["class_means"]) == dim * len(card["classes"])


def test_non_lesion_set_is_reproducible_and_credited():
    synthetic = non_lesion.synthetic_images()
    committed = FIXTURES / "non_lesion"
    for name, img in synthetic.items():
        assert np.array_equal(np.asarray(Image.open(committed / f"{name}.png")), np.asarray(img))
    credits = (committed / "CREDITS.md").read_text()
    files = sorted(p.name for p in committed.iterdir() if p.suffix in (".png", ".jpg"))
    assert len(files) >= 30
    for f in files:
        assert f"| {f} |" in credits


def test_fixture_gate_reproduces_the_tiny_card_from_the_model_size_photos():
    card = json.loads((FIXTURES / "tiny_model.json").read_text())
    photos = gate.model_size_photos(FIXTURES / "images", card)
    assert len(photos) == 6 and all(p.suffix == ".png" for p in photos)
    fitted = gate.fixture_gate(FIXTURES / "tiny_model.onnx", card, photos)
    # The same numbers up to float rounding: onnxruntime's and numpy's kernels differ in the
    # last bits between CPUs (measured against the committed card: 3e-8 of the largest class
    # mean, 1.4e-7 of the largest whitening entry, 5e-6 of the threshold), while a change to
    # the fitting moves them far more.
    assert_same_numbers(fitted, card["quality_gate"])


def assert_same_numbers(got, want, where="quality_gate"):
    """`got` has `want`'s structure, strings and integers, and its floats within 1e-5."""
    if isinstance(want, dict):
        assert sorted(got) == sorted(want), where
        for k in want:
            assert_same_numbers(got[k], want[k], f"{where}.{k}")
    elif isinstance(want, list) and want and all(isinstance(w, float) for w in want):
        # a vector or matrix: its entries within 1e-5 of its largest (the whitening of 6
        # photos is ill-conditioned, so small entries carry the large ones' rounding)
        g, w = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
        assert g.shape == w.shape, where
        scale = float(np.abs(w).max())
        assert np.abs(g - w).max() <= 1e-5 * scale, f"{where}: {np.abs(g - w).max()} apart"
    elif isinstance(want, list):
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same_numbers(g, w, f"{where}[{i}]")
    elif isinstance(want, float):
        assert isinstance(got, float) and np.isclose(got, want, rtol=1e-5, atol=1e-9), (
            f"{where}: {got} vs {want}"
        )
    else:
        assert got == want, f"{where}: {got!r} vs {want!r}"
