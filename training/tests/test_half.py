import json

import numpy as np
import onnxruntime as ort
from conftest import REPO

from skincheck_train import contract
from skincheck_train.half import halve_weights, update_card

FIXTURES = REPO / "tests" / "fixtures"


def _run(path, image, meta):
    s = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return s.run(["logits", "cam"], {"image": image, "metadata": meta})


def test_fp16_weights_shrink_the_file_and_keep_outputs(tmp_path):
    src = FIXTURES / "tiny_model.onnx"
    dst = tmp_path / "half.onnx"
    # the tiny model's tensors are all small: halve every one of them
    info = halve_weights(src, dst, min_elements=1)
    assert info["tensors_halved"] > 0
    assert info["weight_bytes_after"] * 2 == info["weight_bytes_before"]
    assert dst.stat().st_size < src.stat().st_size
    rng = np.random.default_rng(0)
    size = contract.IMAGE_SIZE
    image = rng.standard_normal((1, 3, size, size)).astype(np.float32)
    meta = np.zeros((1, 20), np.float32)
    meta[0, [1, 4, 19]] = 1.0
    full, half = _run(src, image, meta), _run(dst, image, meta)
    # float16 keeps 11 significant bits: outputs move by a few 1e-4 relative at most
    for a, b in zip(full, half):
        assert np.abs(a - b).max() <= 2e-3 * max(1.0, float(np.abs(a).max()))
    # the network itself is unchanged: same inputs, outputs and float32 arithmetic
    assert [o.name for o in ort.InferenceSession(str(dst)).get_outputs()] == ["logits", "cam", "features"]


def test_card_follows_the_written_file(tmp_path):
    dst = tmp_path / "half.onnx"
    halve_weights(FIXTURES / "tiny_model.onnx", dst, min_elements=1)
    card = tmp_path / "card.json"
    card.write_text((FIXTURES / "tiny_model.json").read_text())
    update_card(card, dst)
    written = json.loads(card.read_text())
    assert written["sha256"] == contract.sha256_file(dst)
    assert written["size_bytes"] == dst.stat().st_size
