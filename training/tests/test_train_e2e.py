"""1-epoch --limit runs of the one training command, both modes, on CPU."""

import json
import shutil

import numpy as np
import pytest
from helpers import make_dataset

from skincheck_train import contract
from skincheck_train.cli import train


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return make_dataset(tmp_path_factory.mktemp("ham"), per_class=9)


@pytest.mark.parametrize("mode", ["frozen-prefix", "finetune"])
def test_train_one_epoch(dataset, tmp_path, mode):
    root, source = dataset
    out = tmp_path / mode
    args = [
        "--data",
        str(root),
        "--out",
        str(out),
        "--device",
        "cpu",
        "--epochs",
        "1",
        "--limit",
        "60",
        "--mode",
        mode,
        "--batch-size",
        "16",
        "--views",
        "2",
    ]
    if mode == "frozen-prefix":  # the shipped recipe's parts, small
        args += ["--prefix-blocks", "11", "--class-cap", "8", "--ema-decay", "0.9"]
        args += ["--tta", "dihedral8", "--loss", "la", "--mixup-alpha", "0.4"]
    summary = train.main(args)
    for f in (
        "model.onnx",
        "model.json",
        "model_small.onnx",
        "model_small.json",
        "training.json",
        "evaluation_python.json",
        "evaluation_python_small.json",
        "dataset_stats.json",
        "splits/ham10000_split.csv",
        "splits/test_metadata.csv",
        "train.log",
    ):
        assert (out / f).exists(), f
    card = json.loads((out / "model.json").read_text())
    assert card["sha256"] == contract.sha256_file(out / "model.onnx")
    hw = contract.IMAGE_SIZE // 32
    assert card["outputs"]["cam"]["shape"] == [1, 7, hw, hw]
    assert card["outputs"]["features"]["shape"] == [1, 1280]
    # the data set, not a folder
    n = sum(c["images"] for c in summary["split_counts"].values())
    assert card["training"]["data"].startswith("HAM10000 (Tschandl et al. 2018), ")
    assert card["training"]["data"] == (
        f"HAM10000 (Tschandl et al. 2018), {n:,} images at 200x150, CC BY-NC-SA 4.0"
    )
    assert str(root) not in json.dumps(card)
    small = json.loads((out / "model_small.json").read_text())
    assert small["size_bytes"] == (out / "model_small.onnx").stat().st_size <= 6_000_000
    if mode == "frozen-prefix":
        assert card["test_time_augmentation"] == small["test_time_augmentation"] == "dihedral8"
    assert card["temperature"] > 0 and len(card["decision_offsets"]) == 7
    tj = json.loads((out / "training.json").read_text())
    assert tj["mode"] == mode and len(tj["history"]) == 1
    assert tj["command"] == "python -m skincheck_train.cli.train " + " ".join(args)
    assert tj["args"]["data"] == [str(root)] and tj["args"]["val_views"] in (1, 8)
    h = tj["history"][0]
    assert np.isfinite(h["train_loss"]) and h["val_loss"] is not None
    if mode == "frozen-prefix":
        assert "val_balanced_accuracy_ema" in h
        assert tj["final_weights"]["chosen"] in ("raw", "ema")
        assert max(tj["loss"]["epoch_class_counts"]) <= 8
        assert tj["args"]["mixup_alpha"] == 0.4
    assert tj["chosen_variant"] in ("fp32", "small")
    assert 0 <= tj["small"]["test_argmax_agreement"] <= 1
    # the small file is the smallest candidate validation allowed, each one measured
    tried = tj["small"]["candidates"]
    assert tried and [c["file_bytes"] for c in tried] == sorted(c["file_bytes"] for c in tried)
    assert tj["small"]["file_bytes"] == tried[-1]["file_bytes"]
    assert all(not c["passes"] for c in tried[:-1])
    assert len(tj["small"]["tensors_int8"]) == tried[-1]["int8_tensors"]
    # every int8 conv's bias was corrected with input means over calibration train photos
    assert tj["small"]["biases_corrected"] == len(tj["small"]["tensors_int8"])
    assert 0 < tj["small"]["bias_correction_photos"] <= summary["split_counts"]["train"]["images"]
    ev = json.loads((out / "evaluation_python.json").read_text())
    cm = np.array(ev["confusion_matrix"]["rows_true_cols_pred"])
    n_test = summary["split_counts"]["test"]["images"]
    assert cm.sum() == ev["n"] == n_test > 0
    assert len(ev["reliability_after_temperature"]["bins"]) == 15
    stats = json.loads((out / "dataset_stats.json").read_text())
    assert stats["total_images"] == sum(stats["images_per_class"].values())
    assert stats["total_images"] == sum(v["images"] for v in summary["split_counts"].values())
    assert source in ("shared", "generated")


def small_frozen_prefix_run(root) -> list[str]:
    """Arguments of a 1-epoch frozen-prefix run on about 60 images (ending in --views 2)."""
    return [
        "--data",
        str(root),
        "--device",
        "cpu",
        "--epochs",
        "1",
        "--limit",
        "60",
        "--mode",
        "frozen-prefix",
        "--batch-size",
        "16",
        "--views",
        "2",
    ]


def test_finalize_from_reuses_weights(dataset, tmp_path):
    root, _ = dataset
    common = small_frozen_prefix_run(root)
    train.main(common + ["--out", str(tmp_path / "a")])
    s = train.main(common + ["--out", str(tmp_path / "b"), "--finalize-from", str(tmp_path / "a")])
    a = json.loads((tmp_path / "a" / "training.json").read_text())
    assert s["finalized_from"]["run"] == str(tmp_path / "a")
    assert s["history"] == a["history"]
    # same trained weights -> byte-identical export and identical test evaluation
    assert s["variants"]["fp32"]["sha256"] == a["variants"]["fp32"]["sha256"]
    assert (
        s["variants"]["fp32"]["test_balanced_accuracy"]
        == a["variants"]["fp32"]["test_balanced_accuracy"]
    )
    with pytest.raises(SystemExit):
        train.main(
            common[:-1]
            + ["3", "--out", str(tmp_path / "c"), "--finalize-from", str(tmp_path / "a")]
        )


def test_finalize_from_a_runs_fp32_export_alone(dataset, tmp_path):
    """A shipped model keeps training.json and its fp32 export, not checkpoint.pt: finalizing
    from those two files re-makes the small file, cards and figures of the same network."""
    root, _ = dataset
    common = small_frozen_prefix_run(root)
    train.main(common + ["--out", str(tmp_path / "a")])
    kept = tmp_path / "kept"
    kept.mkdir()
    for name in ("training.json", "model.onnx"):
        shutil.copyfile(tmp_path / "a" / name, kept / name)
    s = train.main(common + ["--out", str(tmp_path / "b"), "--finalize-from", str(kept)])
    a = json.loads((tmp_path / "a" / "training.json").read_text())
    assert s["finalized_from"]["from"] == "model.onnx"
    assert s["variants"]["fp32"]["sha256"] == a["variants"]["fp32"]["sha256"]
    assert s["variants"]["small"]["sha256"] == a["variants"]["small"]["sha256"]
    assert s["history"] == a["history"]
    assert not (tmp_path / "b" / "checkpoint.pt").exists()  # no PyTorch weights to save
    (kept / "model.onnx").unlink()
    with pytest.raises(SystemExit, match="no checkpoint.pt or model.onnx"):
        train.main(common + ["--out", str(tmp_path / "c"), "--finalize-from", str(kept)])


def test_init_from_continues_training(dataset, tmp_path):
    root, _ = dataset
    common = small_frozen_prefix_run(root)
    train.main(common + ["--out", str(tmp_path / "a"), "--ema-decay", "0.9"])
    a = json.loads((tmp_path / "a" / "training.json").read_text())
    s = train.main(
        common
        + ["--out", str(tmp_path / "b"), "--ema-decay", "0.9", "--init-from", str(tmp_path / "a")]
    )
    assert s["initialised_from"]["run"] == str(tmp_path / "a")
    assert [h["epoch"] for h in s["history"]] == [1, 2]
    assert s["history"][0] == a["history"][0]
    # the starting weights compete with the trained ones on validation
    assert set(s["final_weights"]["val_balanced_accuracy"]) == {"start", "raw", "ema"}
    assert s["wall_time_s"] > a["wall_time_s"]
    card = json.loads((tmp_path / "b" / "model.json").read_text())
    assert card["training"]["epochs"] == 2
    with pytest.raises(SystemExit):  # a different network or data cannot be continued
        train.main(
            common[:-1] + ["3", "--out", str(tmp_path / "c"), "--init-from", str(tmp_path / "a")]
        )
