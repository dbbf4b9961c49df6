"""Reusing a finished run: `--finalize-from` (its trained weights, or its fp32 export alone,
redo export onwards) and `--init-from` (its weights as the start of a warm restart), each
after checking that the arguments that must match do."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import torch

log = logging.getLogger("skincheck_train")

# What --init-from requires to be the same as in the run it continues: the network and the data.
INIT_SAME_ARGS = ("mode", "image_size", "limit", "seed", "split_seed", "prefix_blocks", "views")

# What --finalize-from requires to be the same as in the finished run.
SAME_ARGS = (
    "mode",
    "image_size",
    "limit",
    "seed",
    "split_seed",
    "epochs",
    "views",
    "loss",
    "lr",
    "prefix_blocks",
    "class_cap",
    "ema_decay",
    "mixup_alpha",
)


def adopt_run(
    run: Path, cfg, keys: tuple, flag: str, why: str, model, history: list, export_ok=False
) -> tuple[dict, Path | None]:
    """A finished run's training.json, after checking `keys` of its arguments equal this
    run's (else exits naming them, `flag` and `why` they must), with its weights loaded into
    `model` and its epochs appended to `history`. With `export_ok`, a run that kept only its
    fp32 export (RUN/model.onnx, no checkpoint.pt: a shipped model's training.json beside
    training/artifacts/model_fp32.onnx) is adopted too, and that file is returned."""
    prev = json.loads((run / "training.json").read_text())
    # an option added after that run was made had its default value there
    bad = {k: (prev["args"].get(k, getattr(type(cfg), k)), getattr(cfg, k)) for k in keys}
    bad = {k: v for k, v in bad.items() if v[0] != v[1]}
    if bad:
        raise SystemExit(f"{run}: {flag}: {why}: {bad}")
    checkpoint, onnx_export = run / "checkpoint.pt", run / "model.onnx"
    history.extend(prev["history"])
    if checkpoint.exists():
        model.load_state_dict(torch.load(checkpoint, map_location="cpu", weights_only=True))
        return prev, None
    if export_ok and onnx_export.exists():
        return prev, onnx_export
    needs = "checkpoint.pt" + (" or model.onnx" if export_ok else "")
    raise SystemExit(f"{run}: {flag}: the run holds no {needs}")


def load_finished_run(run: Path, cfg, model, history: list) -> tuple[dict, dict]:
    """--finalize-from: reuse a run's trained weights (or its fp32 export) + history; redo
    export/calibrate/eval."""
    why = "arguments differ from that run"
    prev, onnx_export = adopt_run(
        run, cfg, SAME_ARGS, "--finalize-from", why, model, history, export_ok=True
    )
    timings = {k: v for k, v in prev["timings_s"].items() if k in ("prefix_cache_s", "train_s")}
    source = "trained weights" if onnx_export is None else "fp32 export"
    log.info("finalize-from %s: %s and history of %s", run, source, prev["command"])
    note = {
        "run": str(run),
        "training_command": prev["command"],
        "training_timings_s": timings,
        "from": "checkpoint.pt" if onnx_export is None else "model.onnx",
    }
    trained = {
        "timings": timings,
        "onnx": onnx_export,
        **{k: prev[k] for k in ("final_weights",) if k in prev},
    }
    return note, trained


def load_initial_run(run: Path, cfg, model, history: list) -> dict:
    """--init-from: start from a finished run's weights and continue its history (a warm
    restart: a new one-cycle schedule of --epochs over the same data and cache)."""
    why = "network or data differ from that run"
    prev, _ = adopt_run(run, cfg, INIT_SAME_ARGS, "--init-from", why, model, history)
    log.info("init-from %s: %d epochs of %s", run, len(prev["history"]), prev["command"])
    return {
        "run": str(run),
        "training_command": prev["command"],
        "epochs": len(prev["history"]),
        "total_s": prev["wall_time_s"],
    }
