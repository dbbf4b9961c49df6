"""Markdown summary of a training run (for docs/training.md).

python -m skincheck_train.report --run runs/ship_final   (a finished run folder)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


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


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="markdown summary of a run")
    ap.add_argument("--run", required=True)
    print(summarise(Path(ap.parse_args(argv).run)))


if __name__ == "__main__":
    main()
