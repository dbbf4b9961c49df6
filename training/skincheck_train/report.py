"""A training run's report: the training.json summary a run writes (`run_summary`), and the
markdown summary of a finished run for docs/training.md (`summarise`;
`python -m skincheck_train.cli.report --run runs/ship_final`).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import torch

CHOSEN_VARIANT_RULE = (
    "small if <= 6,000,000 bytes, val balanced accuracy within 0.005 (half a point) of fp32 "
    "and val argmax agreement >= 0.995 (validation only)"
)


def run_summary(cfg, command, device, data, fitted, cards, qinfo, val, test, timings) -> dict:
    """training.json: the run's arguments, history, timings, calibration, variants and choice
    (the stages' results of pipeline.run)."""
    trained, cal, evals = fitted["trained"], val["calibration"], test["evals"]
    return {
        "command": command,
        "args": asdict(cfg),
        "device": cfg.device,
        "device_name": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "threads": cfg.threads,
        "mode": cfg.mode,
        "loss": {
            "kind": cfg.loss,
            "class_weights": [float(x) for x in fitted["weights"]] if cfg.loss != "la" else None,
            "label_smoothing": cfg.label_smoothing if cfg.loss != "focal" else 0.0,
            "epoch_class_counts": trained.get("epoch_class_counts"),
        },
        "final_weights": trained.get("final_weights"),
        "test_time_augmentation_effect": val["tta_effect"],
        "test_time_augmentation": cfg.tta,
        "split_counts": data["counts"],
        "skipped_rows": [s.as_dict() for s in data["skipped"]],
        "history": fitted["history"],
        "timings_s": timings,
        "wall_time_s": timings["total_s"],
        "calibration": {
            k: {
                "temperature": c["temperature"],
                "decision_offsets": c["decision_offsets"],
                "suspicious_threshold": c["suspicious_threshold"],
                "malignant_threshold": c["malignant_threshold"],
                "val": c["val"],
                "test_ece_before": evals[k]["ece_before"],
                "test_ece_after": evals[k]["ece_after"],
            }
            for k, c in cal.items()
        },
        "temperature": cal["fp32"]["temperature"],
        "decision_offsets": cal["fp32"]["decision_offsets"],
        "ece_15_bins": {
            "val_before": cal["fp32"]["val"]["ece_before"],
            "val_after": cal["fp32"]["val"]["ece_after"],
            "test_before": evals["fp32"]["ece_before"],
            "test_after": evals["fp32"]["ece_after"],
        },
        "variants": {
            k: {
                "file": cards[k]["onnx_file"],
                "size_bytes": cards[k]["size_bytes"],
                "sha256": cards[k]["sha256"],
                "val_balanced_accuracy": cal[k]["val"]["balanced_accuracy_decision"],
                "test_balanced_accuracy": evals[k]["balanced_accuracy"],
                "test_accuracy": evals[k]["accuracy"],
                "test_melanoma_sensitivity": evals[k]["melanoma"]["sensitivity"],
                "test_melanoma_specificity": evals[k]["melanoma"]["specificity"],
            }
            for k in cards
        },
        "small": {**qinfo, **test["agree"]},
        "chosen_variant": test["chosen"],
        "finalized_from": fitted["finalized_from"],
        "initialised_from": fitted["initialised_from"],
        "chosen_variant_rule": CHOSEN_VARIANT_RULE,
    }


def _f(x, nd=3):
    return "n/a" if x is None else f"{x:.{nd}f}"


def summarise(run: Path) -> str:
    tj = json.loads((run / "training.json").read_text())
    ev = json.loads((run / "evaluation_python.json").read_text())
    ev8 = json.loads((run / "evaluation_python_small.json").read_text())
    t = tj["timings_s"]
    lines = [
        f"- command: `{tj['command']}`",
        f"- device: {tj['device']} ({tj['threads']} threads), mode {tj['mode']}, "
        f"{len(tj['history'])} epochs",
        "- wall time: "
        + ", ".join(f"{k.removesuffix('_s')} {v / 60:.1f} min" for k, v in t.items()),
        "- split (images): "
        + ", ".join(f"{s} {c['images']}" for s, c in tj["split_counts"].items())
        + f"; skipped rows: {len(tj['skipped_rows'])}",
        "",
        "| test split (onnxruntime) | fp32 `model.onnx` | small `model_small.onnx` |",
        "|---|---|---|",
    ]
    rows = [
        (
            "size (bytes)",
            tj["variants"]["fp32"]["size_bytes"],
            tj["variants"]["small"]["size_bytes"],
        ),
        (
            "balanced accuracy (card decision rule)",
            ev["balanced_accuracy"],
            ev8["balanced_accuracy"],
        ),
        ("accuracy (card decision rule)", ev["accuracy"], ev8["accuracy"]),
        (
            "balanced accuracy, plain argmax",
            ev["balanced_accuracy_argmax_no_offsets"],
            ev8["balanced_accuracy_argmax_no_offsets"],
        ),
        ("melanoma sensitivity", ev["melanoma"]["sensitivity"], ev8["melanoma"]["sensitivity"]),
        ("melanoma specificity", ev["melanoma"]["specificity"], ev8["melanoma"]["specificity"]),
        ("melanoma AUC", ev["per_class"]["mel"]["auc"], ev8["per_class"]["mel"]["auc"]),
        ("ECE before T (15 bins)", ev["ece_before"], ev8["ece_before"]),
        ("ECE after T", ev["ece_after"], ev8["ece_after"]),
        (
            "triage: malignant flagged (suspicious or malignant)",
            ev["triage"]["malignant_flagged_rate"],
            ev8["triage"]["malignant_flagged_rate"],
        ),
        (
            "triage: benign flagged",
            ev["triage"]["benign_flagged_rate"],
            ev8["triage"]["benign_flagged_rate"],
        ),
    ]
    for name, a, b in rows:
        if isinstance(a, int):
            lines.append(f"| {name} | {a} | {b} |")
        else:
            lines.append(f"| {name} | {_f(a)} | {_f(b)} |")
    c = tj["calibration"]
    lines += [
        "",
        f"- temperature {c['fp32']['temperature']:.3f} (small {c['small']['temperature']:.3f}); "
        f"val ECE {_f(c['fp32']['val']['ece_before'])} -> {_f(c['fp32']['val']['ece_after'])}",
        f"- decision offsets (fp32): {[round(x, 2) for x in c['fp32']['decision_offsets']]}",
        f"- triage: suspicious_threshold {c['fp32']['suspicious_threshold']} "
        f"(val malignant flagged {_f(c['fp32']['val']['triage_malignant_flagged_rate'])}), "
        f"malignant_threshold {c['fp32']['malignant_threshold']}",
        f"- small vs fp32: test argmax agreement {_f(tj['small']['test_argmax_agreement'], 4)}, "
        f"val {_f(tj['small']['val_argmax_agreement'], 4)}, max |logit diff| "
        f"{_f(tj['small']['test_max_abs_logit_diff'])}; chosen on validation: "
        f"{tj['chosen_variant']}",
        f"- validation balanced accuracy (fp32, onnxruntime, TTA {tj.get('test_time_augmentation')}"
        f"): argmax {_f(c['fp32']['val']['balanced_accuracy_argmax'])}, offsets cross-fitted "
        f"{_f(c['fp32']['val'].get('balanced_accuracy_offsets_cross_fitted'))}, offsets tuned "
        f"in-sample {_f(c['fp32']['val'].get('balanced_accuracy_tuned_offsets_in_sample'))}; "
        f"final weights {tj.get('final_weights')}",
        "",
        "| class | support | precision | recall | F1 | AUC |",
        "|---|---|---|---|---|---|",
    ]
    for code, pc in ev["per_class"].items():
        lines.append(
            f"| {code} | {pc['support']} | {_f(pc['precision'])} | {_f(pc['recall'])} "
            f"| {_f(pc['f1'])} | {_f(pc['auc'])} |"
        )
    lines += [
        "",
        "| epoch | train loss | val loss | val bal. acc (argmax, 1 view) | EMA | s |",
        "|---|---|---|---|---|---|",
    ]
    for h in tj["history"]:
        lines.append(
            f"| {h['epoch']} | {h['train_loss']:.4f} | {_f(h['val_loss'], 4)} "
            f"| {_f(h['val_balanced_accuracy'], 4)} | {_f(h.get('val_balanced_accuracy_ema'), 4)} "
            f"| {h['seconds']:.0f} |"
        )
    return "\n".join(lines)
