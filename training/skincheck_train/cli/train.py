"""Train, calibrate, export and evaluate SkinCheck in one command (pipeline.run).

    python -m skincheck_train.cli.train [--data DIR ...] --out DIR --device cuda|cpu \
        --epochs N [--limit N] [--image-size 192] [--mode finetune|frozen-prefix]

--data defaults to $SKINCHECK_DATA, else ../shared/data/ham10000 beside the repository.
--mode finetune      : whole network trained end to end, augmentation on the device tensors.
--mode frozen-prefix : the ImageNet prefix (stem + the first --prefix-blocks MBConv blocks) is run
                       once per (image, view) with onnxruntime and cached in fp16; the rest of
                       the network is trained on the cache, then assembled for export. For CPU.
Writes into --out what pipeline.py lists (model.onnx + model.json, model_small.*, training.json,
evaluation_python*.json, dataset_stats.json, splits/, train.log).
"""

from __future__ import annotations

import argparse
import sys

import torch

from .. import contract
from ..data import default_data_dir
from ..imbalance import LOSSES
from ..pipeline import TrainConfig, run

PROG = "python -m skincheck_train.cli.train"


def parse_args(argv=None) -> TrainConfig:
    d = TrainConfig(data=[], out="")
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    ap.add_argument("--data", action="append", help="HAM folder (repeatable)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--epochs", type=int, default=d.epochs)
    ap.add_argument("--limit", type=int, default=d.limit, help="use about N images (lesions)")
    ap.add_argument("--image-size", type=int, default=d.image_size)
    ap.add_argument("--mode", choices=["finetune", "frozen-prefix"], default=d.mode)
    ap.add_argument("--batch-size", type=int, default=d.batch_size)
    ap.add_argument("--lr", type=float, default=d.lr, help="peak LR of the head group")
    ap.add_argument("--backbone-lr-mult", type=float, default=d.backbone_lr_mult)
    ap.add_argument("--weight-decay", type=float, default=d.weight_decay)
    ap.add_argument("--pct-start", type=float, default=d.pct_start)
    ap.add_argument("--loss", choices=LOSSES, default=d.loss, help="la: logit-adjusted CE")
    ap.add_argument("--label-smoothing", type=float, default=d.label_smoothing)
    ap.add_argument(
        "--class-cap", type=int, default=d.class_cap, help="at most N images of a class per epoch"
    )
    ap.add_argument("--ema-decay", type=float, default=d.ema_decay, help="EMA (0: off)")
    ap.add_argument(
        "--mixup-alpha", type=float, default=d.mixup_alpha, help="frozen-prefix mixup (0: off)"
    )
    ap.add_argument("--tta", choices=[contract.TTA_NONE, contract.TTA_DIHEDRAL8], default=d.tta)
    ap.add_argument(
        "--prefix-blocks", type=int, default=d.prefix_blocks, help="frozen MBConv blocks"
    )
    ap.add_argument("--views", type=int, default=d.views, help="frozen-prefix: train views")
    ap.add_argument("--cache-dir", default=d.cache_dir, help="frozen-prefix: reuse the cache")
    ap.add_argument("--seed", type=int, default=d.seed)
    ap.add_argument("--split-seed", type=int, default=d.split_seed)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--threads", type=int, default=d.threads)
    ap.add_argument("--malignant-threshold", type=float, default=d.malignant_threshold)
    ap.add_argument("--no-pretrained", action="store_true", help="random init (tests only)")
    ap.add_argument(
        "--finalize-from",
        default=None,
        help="skip training: load RUN/checkpoint.pt (or, without one, take RUN/model.onnx as "
        "the fp32 export) + history from RUN/training.json (same arguments), then export, "
        "quantize, calibrate and evaluate again",
    )
    ap.add_argument(
        "--init-from",
        default=None,
        help="start from RUN/checkpoint.pt and continue its history with a new schedule of "
        "--epochs (a warm restart; same network, data and views)",
    )
    a = vars(ap.parse_args(argv))
    a["data"] = a["data"] or [str(default_data_dir())]
    return TrainConfig(**a)


def main(argv=None) -> dict:
    """Runs the pipeline; returns the training.json summary."""
    cfg = parse_args(argv)
    args = sys.argv[1:] if argv is None else argv
    return run(cfg, command=f"{PROG} " + " ".join(args))


if __name__ == "__main__":
    main()
