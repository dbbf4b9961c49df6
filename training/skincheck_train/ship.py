"""Copy a finished run into the app: the variant the run chose (on validation) becomes
`assets/model.onnx` + `assets/model.json`; the fp32 export is kept in `training/artifacts/`.

    python -m skincheck_train.cli.ship --run runs/ship_final --assets ../assets \
        --artifacts artifacts

Also copies what the app reads of the run (training.json, dataset_stats.json) into the assets,
and what only people read (evaluation_python.json, the shipped variant's onnxruntime figures,
and train.log as training.log) into the artifacts. `assets/evaluation.json` is then re-made by
`skincheck evaluate`, the Rust code path the browser runs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from . import contract

VARIANT_FILES = {
    "fp32": ("model.onnx", "model.json"),
    "small": ("model_small.onnx", "model_small.json"),
}
EVALUATIONS = {"fp32": "evaluation_python.json", "small": "evaluation_python_small.json"}


def place(onnx_src: Path, card_src: Path, onnx_dst: Path, card_dst: Path) -> dict:
    """Copies a model and its card, pointing the card at the copy's file name and bytes."""
    onnx_dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(onnx_src, onnx_dst)
    card = json.loads(card_src.read_text())
    card["onnx_file"] = onnx_dst.name
    card["sha256"] = contract.sha256_file(onnx_dst)
    card["size_bytes"] = onnx_dst.stat().st_size
    contract.write_json(card_dst, card)
    return card


def ship(run: Path, assets: Path, artifacts: Path) -> dict:
    summary = json.loads((run / "training.json").read_text())
    chosen = summary["chosen_variant"]
    onnx_name, card_name = VARIANT_FILES[chosen]
    shipped = place(run / onnx_name, run / card_name, assets / "model.onnx", assets / "model.json")
    fp32 = place(
        run / "model.onnx",
        run / "model.json",
        artifacts / "model_fp32.onnx",
        artifacts / "model_fp32.json",
    )
    shutil.copyfile(run / EVALUATIONS[chosen], artifacts / "evaluation_python.json")
    shutil.copyfile(run / "training.json", assets / "training.json")
    shutil.copyfile(run / "dataset_stats.json", assets / "dataset_stats.json")
    shutil.copyfile(run / "train.log", artifacts / "training.log")
    return {"chosen": chosen, "shipped": shipped["size_bytes"], "fp32": fp32["size_bytes"]}
