"""The app's model file: the fp32 network with its weights stored as small as validation allows.

Every large weight is stored fp16 (`half.halve_weights`); pointwise convolutions may instead be
stored per-output-channel int8 + DequantizeLinear (weight-only: arithmetic stays fp32, the
runtime folds the dequantisation into its constants once). The candidates, smallest file first:
every pointwise conv int8, the larger half of them, then the fewest that fit APP_SIZE_LIMIT
(`half.compact_weights`). The first candidate whose validation argmax (over the card's
test-time views) agrees with fp32 on at least `min_agreement` of the photos and whose balanced
accuracy is at most `max_bacc_drop` below fp32's is kept; if none is, the last one (the size
limit's), and the pipeline's own check then decides between it and fp32 as before. Each
candidate's figures go to training.json, so a smaller file is a measured choice, not a hope.
Every int8 conv's bias is corrected for its rounding (bias_correction.py), with input means
measured on calibration photos from the train split.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import onnx

from .batches import ort_logits_many
from .bias_correction import conv_input_means
from .calibrate import balanced_accuracy
from .half import compact_weights, halve_weights, pointwise_conv_weights
from .heads import ort_session

log = logging.getLogger("skincheck_train")


def int8_counts(candidates: int, fitting: int) -> list[int]:
    """How many of the (largest-first) pointwise convs each candidate stores int8, most first:
    all, the larger half, then `fitting` (the fewest that fit the size limit)."""
    counts = [candidates, candidates // 2, fitting]
    return sorted({c for c in counts if c >= fitting}, reverse=True)


def faithful(agreement: float, bacc: float, fp32_bacc: float, min_agreement, max_drop) -> bool:
    """The rule a smaller file must pass against the fp32 file on validation."""
    return agreement >= min_agreement and bacc >= fp32_bacc - max_drop


def smallest_faithful(
    fp32: Path,
    dst: Path,
    max_bytes: int,
    val,
    *,
    image_size: int,
    tta: str,
    threads: int,
    min_agreement: float,
    max_bacc_drop: float,
    calibration: list,
) -> tuple[dict, dict]:
    """Writes `dst`, the smallest candidate that passes `faithful` on `val` (see the module
    doc), its int8 biases corrected with input means over `calibration` (train photos);
    returns `halve_weights`' info for it plus every candidate's figures, and the validation
    logits of fp32 and of the kept file (so they are not computed again)."""
    pointwise = pointwise_conv_weights(onnx.load(str(fp32)))
    means = conv_input_means(fp32, pointwise, calibration, image_size, tta, threads)
    fitting = compact_weights(fp32, dst, max_bytes, input_means=means)
    counts = int8_counts(len(pointwise), len(fitting["tensors_int8"]))
    y = np.array([r.label for r in val])
    reference = ort_logits_many({"fp32": ort_session(fp32, threads)}, val, image_size, tta)
    fp32_bacc = balanced_accuracy(y, reference["fp32"].argmax(1))
    tried = []
    for count in counts:
        path = dst.with_name(f"{dst.stem}_int8x{count}{dst.suffix}")
        info = halve_weights(fp32, path, int8=tuple(pointwise[:count]), input_means=means)
        if info["file_bytes"] > max_bytes:  # never the last: `fitting` fits
            path.unlink()
            continue
        lg = ort_logits_many({"c": ort_session(path, threads)}, val, image_size, tta)["c"]
        agreement = float((lg.argmax(1) == reference["fp32"].argmax(1)).mean())
        bacc = balanced_accuracy(y, lg.argmax(1))
        ok = faithful(agreement, bacc, fp32_bacc, min_agreement, max_bacc_drop)
        tried.append(
            {
                "int8_tensors": count,
                "file_bytes": info["file_bytes"],
                "val_argmax_agreement": agreement,
                "val_balanced_accuracy_argmax": bacc,
                "passes": ok,
            }
        )
        log.info(
            "small file with %d int8 convs: %d bytes, val agreement %.4f, bacc %.4f "
            "(fp32 %.4f): %s",
            count,
            info["file_bytes"],
            agreement,
            bacc,
            fp32_bacc,
            "kept" if ok else "rejected",
        )
        if ok or count == counts[-1]:
            shutil.move(path, dst)
            summary = {
                **info,
                "candidates": tried,
                "val_balanced_accuracy_argmax_fp32": fp32_bacc,
                "bias_correction_photos": len(calibration),
            }
            return summary, {"fp32": reference["fp32"], "small": lg}
        path.unlink()
    raise AssertionError("unreachable: the last candidate is the size limit's, which fits")
