"""The committed fixtures/references must still match onnxruntime on the committed models."""

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from skincheck_train import contract
from skincheck_train.reference import compute_reference

FIXTURES = REPO / "tests" / "fixtures"
REFS = sorted(FIXTURES.glob("reference_*.json"))


def _model_and_card(ref_path: Path) -> tuple[Path, Path]:
    ref = json.loads(ref_path.read_text())
    name = ref["model"]
    for d in (FIXTURES, REPO / "assets", REPO / "training" / "artifacts"):
        if (d / name).exists():
            model = d / name
            card = model.with_suffix(".json")
            return model, card
    raise FileNotFoundError(name)


def test_references_exist():
    assert any(p.name == "reference_tiny_model.json" for p in REFS)


@pytest.mark.parametrize("ref_path", REFS, ids=[p.name for p in REFS])
def test_reference_matches_onnxruntime(ref_path):
    ref = json.loads(ref_path.read_text())
    model, card_path = _model_and_card(ref_path)
    card = json.loads(card_path.read_text())
    assert ref["model_sha256"] == contract.sha256_file(model) == card["sha256"]
    assert card["size_bytes"] == model.stat().st_size
    fresh = compute_reference(model, card_path, FIXTURES / "images")
    assert len(fresh["cases"]) == len(ref["cases"]) >= 18
    for old, new in zip(ref["cases"], fresh["cases"]):
        assert (old["image"], old["age"], old["sex"], old["site"]) == (
            new["image"],
            new["age"],
            new["sex"],
            new["site"],
        )
        assert old["metadata_vector"] == new["metadata_vector"]
        np.testing.assert_allclose(old["logits"], new["logits"], atol=1e-4)
        assert old["cam_shape"] == new["cam_shape"]
        np.testing.assert_allclose(old["cam"], new["cam"], atol=1e-4)
        np.testing.assert_allclose(old["probabilities"], new["probabilities"], atol=1e-5)
        assert old["decision"] == new["decision"]
        assert old["triage"] == new["triage"]
        # the contract identity logits = mean(cam) + metadata part + bias: the metadata part
        # and bias do not depend on the image, so logits - mean(cam) is constant per metadata
        cam = np.asarray(new["cam"]).reshape(new["cam_shape"])
        new["_resid"] = np.asarray(new["logits"]) - cam.mean(axis=(1, 2))
    by_meta = {}
    for c in fresh["cases"]:
        by_meta.setdefault(tuple(c["metadata_vector"]), []).append(c["_resid"])
    for resids in by_meta.values():
        np.testing.assert_allclose(np.std(resids, axis=0), 0.0, atol=1e-4)


def test_tiny_card_is_complete():
    card = json.loads((FIXTURES / "tiny_model.json").read_text())
    assert [c["code"] for c in card["classes"]] == contract.CLASS_CODES
    assert card["inputs"]["image"]["name"] == "image"
    assert card["inputs"]["metadata"]["shape"] == [1, 20]
    hw = contract.IMAGE_SIZE // 32
    assert card["outputs"]["cam"]["shape"] == [1, 7, hw, hw]
    assert card["outputs"]["features"]["shape"] == [1, 16]
    assert card["temperature"] != 1.0
    assert any(o != 0 for o in card["decision_offsets"])
    assert {c["triage"] for c in json.loads(REFS[0].read_text())["cases"]} >= {"benign"}


def test_tiny_fixture_is_deterministic(tmp_path):
    from skincheck_train.fixture_model import write_fixture

    onnx_path, _ = write_fixture(tmp_path)
    card = json.loads((FIXTURES / "tiny_model.json").read_text())
    assert contract.sha256_file(onnx_path) == card["sha256"]
