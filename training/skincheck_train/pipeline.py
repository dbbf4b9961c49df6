"""One training run, stage by stage: load data, build the model, fit (or reuse a finished run),
export, calibrate on validation, evaluate on test, write the report. `run` chains them;
`skincheck_train.cli.train` is its command line.

Writes into `TrainConfig.out`: model.onnx + model.json (fp32), model_small.onnx +
model_small.json (the same network stored in <= 6,000,000 bytes: fp16 weights, as many of the
1x1 convs int8 as validation allows), training.json, evaluation_python.json,
evaluation_python_small.json, dataset_stats.json, splits/, train.log, checkpoint.pt.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from . import contract
from .batches import ort_logits_many
from .bias_correction import calibration_records
from .calibrate import balanced_accuracy, calibrate
from .data import Record, describe, limit_records, load_dataset
from .evaluate import evaluate
from .finished_run import load_finished_run, load_initial_run
from .fit import TRAINERS
from .heads import export_onnx, ort_session, output_width
from .imbalance import class_weights
from .model import DEFAULT_PREFIX_BLOCKS, FEAT_CH, SkinCheckNet, architecture
from .report import run_summary
from .small_file import smallest_faithful
from .split import split_counts, split_records, write_split_files
from .stats import dataset_stats

log = logging.getLogger("skincheck_train")
APP_SIZE_LIMIT = 6_000_000
# The small file ships only if it keeps >= 99.5 % of the fp32 decisions on validation and loses
# less than half a point of balanced accuracy there.
SMALL_MAX_BACC_DROP = 0.005
SMALL_MIN_AGREEMENT = 0.995


@dataclass
class TrainConfig:
    """Everything a run depends on (the command line's options, recorded in training.json)."""

    data: list[str]
    out: str
    device: str = "cpu"
    epochs: int = 10
    limit: int | None = None  # about N images (whole lesions)
    image_size: int = contract.IMAGE_SIZE
    mode: str = "finetune"  # or "frozen-prefix"
    batch_size: int = 64
    lr: float = 3e-3  # peak LR of the head group
    backbone_lr_mult: float = 0.1
    weight_decay: float = 1e-4
    pct_start: float = 0.25
    loss: str = "la"  # logit-adjusted CE
    label_smoothing: float = 0.1
    class_cap: int | None = None  # at most N images of a class per epoch
    ema_decay: float = 0.0  # EMA of the weights (0: off)
    mixup_alpha: float = 0.0  # frozen-prefix: mixup of the cached maps (0: off)
    tta: str = contract.TTA_NONE
    prefix_blocks: int = DEFAULT_PREFIX_BLOCKS  # frozen MBConv blocks
    views: int = 4  # frozen-prefix: views per train image
    cache_dir: str | None = None  # frozen-prefix: reuse the prefix cache
    seed: int = 0
    split_seed: int | None = None
    workers: int | None = None  # DataLoader workers (None: 8 on CUDA, else 0)
    threads: int = os.cpu_count() or 1
    malignant_threshold: float = 0.5
    no_pretrained: bool = False  # random init (tests only)
    finalize_from: str | None = None  # reuse RUN's weights + history, redo export onwards
    init_from: str | None = None  # continue training RUN's weights (a warm restart)
    val_views: int = field(init=False)  # validation views: 8 under dihedral8, else 1

    def __post_init__(self):
        self.val_views = 8 if self.tta == contract.TTA_DIHEDRAL8 else 1
        if self.workers is None:
            self.workers = min(8, os.cpu_count() or 1) if self.device.startswith("cuda") else 0


def setup_logging(out: Path) -> None:
    """Log to stderr and to OUT/train.log."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for h in list(root.handlers):
        root.removeHandler(h)
    fmt = logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S")
    for h in (logging.StreamHandler(sys.stderr), logging.FileHandler(out / "train.log", "w")):
        h.setFormatter(fmt)
        root.addHandler(h)


def load_data(cfg: TrainConfig, out: Path) -> dict:
    """Stage 1: read the data set, take --limit, split by lesion, write splits/ and
    dataset_stats.json. Returns records, skipped rows, the three splits and their counts."""
    records, skipped = load_dataset(cfg.data)
    records = limit_records(records, cfg.limit, seed=cfg.seed)
    split_kw = {} if cfg.split_seed is None else {"seed": cfg.split_seed}
    assign = split_records(records, **split_kw)
    counts = write_split_files(records, assign, out / "splits")
    splits = {s: [r for r in records if assign[r.image_id] == s] for s in ("train", "val", "test")}
    log.info("split: %s", {s: len(v) for s, v in splits.items()})
    if not splits["train"] or not splits["val"] or not splits["test"]:
        raise SystemExit("empty train/val/test split: use a larger --limit")
    contract.write_json(
        out / "dataset_stats.json", dataset_stats(records, skipped, split_counts(records, assign))
    )
    return {"records": records, "skipped": skipped, "splits": splits, "counts": counts}


def fit(cfg: TrainConfig, splits: dict[str, list[Record]], device, out: Path) -> dict:
    """Stage 2: build the network and train it (frozen-prefix: cache the prefix maps first,
    prefix_cache.build_prefix_cache) or load a finished run's weights (--finalize-from); saves
    OUT/checkpoint.pt. Returns the CPU model (or the finished run's fp32 export, `onnx`, when
    it kept no checkpoint), history, class weights and the trainer's notes."""
    model = SkinCheckNet(
        pretrained=not cfg.no_pretrained, image_size=cfg.image_size, prefix_blocks=cfg.prefix_blocks
    ).to(device)
    weights = class_weights(np.array([r.label for r in splits["train"]]))
    history: list[dict] = []
    work = out / "work"
    work.mkdir(exist_ok=True)
    finalized_from = initialised_from = None
    if cfg.init_from:
        initialised_from = load_initial_run(Path(cfg.init_from), cfg, model.cpu(), history)
        model.to(device)
    if cfg.finalize_from:
        finalized_from, trained = load_finished_run(Path(cfg.finalize_from), cfg, model, history)
    else:
        trained = TRAINERS[cfg.mode](model, splits, cfg, device, weights, history, work)
    model = model.cpu().eval().to(memory_format=torch.contiguous_format)
    onnx_export = trained.pop("onnx", None)
    if onnx_export is None:  # a run finalized from an export has no PyTorch weights to save
        torch.save(model.state_dict(), out / "checkpoint.pt")  # PyTorch weights (not shipped)
    return {
        "onnx": onnx_export,
        "model": model,
        "history": history,
        "weights": weights,
        "trained": trained,
        "finalized_from": finalized_from,
        "initialised_from": initialised_from,
    }


def export(fitted: dict, cfg: TrainConfig, out: Path, splits: dict[str, list[Record]]) -> dict:
    """Stage 3: the fp32 ONNX file (exported from the trained network, or the finished run's
    own export when only that is left) and the small one (<= APP_SIZE_LIMIT bytes, as many
    weights int8 as validation allows: small_file.py), with an onnxruntime session for each."""
    fp32 = out / "model.onnx"
    if fitted["onnx"] is not None:
        shutil.copyfile(fitted["onnx"], fp32)
    else:
        export_onnx(fitted["model"], fp32, cfg.image_size)
    small = out / "model_small.onnx"
    qinfo, val_logits = smallest_faithful(
        fp32,
        small,
        APP_SIZE_LIMIT,
        splits["val"],
        image_size=cfg.image_size,
        tta=cfg.tta,
        threads=cfg.threads,
        min_agreement=SMALL_MIN_AGREEMENT,
        max_bacc_drop=SMALL_MAX_BACC_DROP,
        calibration=calibration_records(splits["train"], seed=cfg.seed),
    )
    sessions = {"fp32": ort_session(fp32, cfg.threads), "small": ort_session(small, cfg.threads)}
    return {
        "paths": {"fp32": fp32, "small": small},
        "qinfo": qinfo,
        "sessions": sessions,
        "val_logits": val_logits,
    }


def calibrate_on_validation(exported: dict, val: list[Record], cfg: TrainConfig) -> dict:
    """Stage 4: from each variant's validation logits (card's test-time augmentation, computed
    by `export` while it chose the small file), temperature, offsets and triage thresholds
    (calibrate.calibrate), and what the augmentation buys."""
    yv = np.array([r.label for r in val])
    logits, sessions = exported["val_logits"], exported["sessions"]
    groups = np.array([r.lesion_id for r in val])
    cal = {k: calibrate(v, yv, cfg.malignant_threshold, groups=groups) for k, v in logits.items()}
    tta_effect = None  # on validation only (fp32, single view vs the card's)
    if cfg.tta != contract.TTA_NONE:
        single = ort_logits_many(
            {"fp32": sessions["fp32"]}, val, cfg.image_size, contract.TTA_NONE
        )["fp32"]
        tta_effect = {
            "val_balanced_accuracy_argmax_single_view": balanced_accuracy(yv, single.argmax(1)),
            f"val_balanced_accuracy_argmax_{cfg.tta}": balanced_accuracy(
                yv, logits["fp32"].argmax(1)
            ),
        }
    return {"logits": logits, "calibration": cal, "tta_effect": tta_effect}


def make_cards(
    cfg: TrainConfig, paths: dict, cal: dict, records: list[Record], epochs: int, int8: int
) -> dict:
    """The card of each variant (contract.make_card); `training.data` names the data set;
    `epochs` counts those of a run continued with --init-from too; `int8` is how many 1x1
    convs the small file stores int8."""
    cards = {}
    for k, path in paths.items():
        cards[k] = contract.make_card(
            path,
            model_id=f"skincheck-lite0-{cfg.image_size}px-{cfg.mode}"
            + ("" if k == "fp32" else "-small"),
            architecture=architecture(cfg.image_size)
            + ("" if k == "fp32" else f"; weights stored fp16, the {int8} largest 1x1 convs int8"),
            cam_hw=(cfg.image_size // 32, cfg.image_size // 32),
            temperature=cal[k]["temperature"],
            decision_offsets=cal[k]["decision_offsets"],
            suspicious_threshold=cal[k]["suspicious_threshold"],
            malignant_threshold=cal[k]["malignant_threshold"],
            training={
                "data": describe(records),
                "citation": contract.DATA_CITATION,
                "licence": contract.LICENCE,
                "device": cfg.device,
                "mode": cfg.mode,
                "epochs": epochs,
                "wall_time_s": None,  # filled by write_outputs
                "notes": "Research prototype, not a medical device. Temperature, offsets and "
                "triage thresholds fitted on the validation split; figures in training.json.",
            },
            size=cfg.image_size,
            feature_dim=FEAT_CH,
            early_dim=output_width(path, contract.OUTPUT_EARLY_FEATURES),
            tta=cfg.tta,
        )
    return cards


def evaluate_on_test(exported: dict, val_logits: dict, cal: dict, test, cfg, cards) -> dict:
    """Stage 5: the test split, read once: each variant under its card's rule, fp32 vs small
    agreement, and the variant chosen on validation only (test figures are reported, not used
    to choose)."""
    yt = np.array([r.label for r in test])
    logits = ort_logits_many(exported["sessions"], test, cfg.image_size, cfg.tta, desc="test")
    evals = {k: evaluate(logits[k], yt, cards[k]) for k in cards}
    for k, e in evals.items():
        e["model"] = Path(cards[k]["onnx_file"]).name
        e["model_sha256"] = cards[k]["sha256"]
    agree = {
        "test_argmax_agreement": float(
            (logits["fp32"].argmax(1) == logits["small"].argmax(1)).mean()
        ),
        "val_argmax_agreement": float(
            (val_logits["fp32"].argmax(1) == val_logits["small"].argmax(1)).mean()
        ),
        "test_max_abs_logit_diff": float(np.abs(logits["fp32"] - logits["small"]).max()),
    }
    small_ok = (
        exported["qinfo"]["file_bytes"] <= APP_SIZE_LIMIT
        and cal["small"]["val"]["balanced_accuracy_decision"]
        >= cal["fp32"]["val"]["balanced_accuracy_decision"] - SMALL_MAX_BACC_DROP
        and agree["val_argmax_agreement"] >= SMALL_MIN_AGREEMENT
    )
    return {"evals": evals, "agree": agree, "chosen": "small" if small_ok else "fp32"}


def run(cfg: TrainConfig, command: str) -> dict:
    """Every stage in order; returns the training.json summary. `command` is recorded."""
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    setup_logging(out)
    t_start = time.time()
    torch.set_flush_denormal(True)
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    np.random.seed(cfg.seed)
    device = torch.device(cfg.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda but CUDA is not available")
    log.info("args: %s", asdict(cfg))
    data = load_data(cfg, out)
    fitted = fit(cfg, data["splits"], device, out)
    te = time.time()
    exported = export(fitted, cfg, out, data["splits"])
    val = calibrate_on_validation(exported, data["splits"]["val"], cfg)
    cards = make_cards(
        cfg,
        exported["paths"],
        val["calibration"],
        data["records"],
        len(fitted["history"]),
        len(exported["qinfo"]["tensors_int8"]),
    )
    test = evaluate_on_test(
        exported, val["logits"], val["calibration"], data["splits"]["test"], cfg, cards
    )
    t_export = time.time() - te
    wall = time.time() - t_start
    timings = fitted["trained"]["timings"]
    if fitted["finalized_from"]:  # wall time of training (earlier run) + this run
        wall += sum(timings.values())
    if fitted["initialised_from"]:  # the run this one continued, then this one
        timings = {**timings, "initial_run_s": fitted["initialised_from"]["total_s"]}
        wall += fitted["initialised_from"]["total_s"]
    timings = {**timings, "export_calibrate_evaluate_s": t_export, "total_s": wall}
    summary = run_summary(
        cfg, command, device, data, fitted, cards, exported["qinfo"], val, test, timings
    )
    write_outputs(out, cards, test, summary)
    shutil.rmtree(out / "work", ignore_errors=True)
    return summary


def write_outputs(out: Path, cards: dict, test: dict, summary: dict) -> None:
    """Stage 6: the cards (with the wall time), the evaluations and training.json."""
    wall = summary["wall_time_s"]
    for k, path in (("fp32", out / "model.json"), ("small", out / "model_small.json")):
        cards[k]["training"]["wall_time_s"] = round(wall, 1)
        contract.write_json(path, cards[k])
    contract.write_json(out / "evaluation_python.json", test["evals"]["fp32"])
    contract.write_json(out / "evaluation_python_small.json", test["evals"]["small"])
    contract.write_json(out / "training.json", summary)
    e, q = test["evals"]["fp32"], summary["small"]
    log.info(
        "done in %.0fs: test bacc=%.4f acc=%.4f mel sens=%s spec=%s ECE %.4f->%.4f; "
        "small bacc=%.4f agreement=%.4f size=%d; chosen=%s",
        wall,
        e["balanced_accuracy"],
        e["accuracy"],
        e["melanoma"]["sensitivity"],
        e["melanoma"]["specificity"],
        e["ece_before"],
        e["ece_after"],
        test["evals"]["small"]["balanced_accuracy"],
        q["test_argmax_agreement"],
        q["file_bytes"],
        test["chosen"],
    )
