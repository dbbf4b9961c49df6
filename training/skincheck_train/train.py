"""Train, calibrate, export and evaluate SkinCheck in one command.

    python -m skincheck_train.train --data DIR [--data DIR2] --out DIR --device cuda|cpu \
        --epochs N [--limit N] [--image-size 224] [--mode finetune|frozen-prefix]

--mode finetune      : whole network trained end to end, augmentation on the device tensors.
--mode frozen-prefix : the ImageNet prefix (stem + MBConv 0..14, 192 ch) is run once per
                       (image, view) with onnxruntime and cached in fp16; MBConv 15 + head conv +
                       metadata branch + classifier are trained on the cache; the full network is
                       then assembled for export. Meant for CPU.
Writes into --out: model.onnx + model.json (fp32), model_small.onnx + model_small.json (the
same network stored in <= 6,000,000 bytes: fp16 weights, the largest 1x1 convs int8),
training.json, evaluation_python.json, evaluation_python_small.json, dataset_stats.json, splits/,
train.log.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from tqdm import tqdm

from . import contract, metadata
from .augment import augment_batch, feature_dihedral, normalise
from .calibrate import balanced_accuracy, calibrate
from .data import Record, limit_records, load_dataset
from .evaluate import evaluate
from .half import compact_weights
from .heads import export_onnx, ort_session, output_width
from .imbalance import LOSSES, capped_counts, class_weights, epoch_order, log_prior, loss_fn
from .model import DEFAULT_PREFIX_BLOCKS, FEAT_CH, SkinCheckNet, architecture, export_prefix_onnx
from .schedule import make_one_cycle
from .split import split_counts, split_records, write_split_files
from .stats import dataset_stats

log = logging.getLogger("skincheck_train")
APP_SIZE_LIMIT = 6_000_000
# The small file ships only if it keeps >= 99.5 % of the fp32 decisions on validation and loses
# less than half a point of balanced accuracy there.
SMALL_MAX_BACC_DROP = 0.005
SMALL_MIN_AGREEMENT = 0.995


# ----------------------------------------------------------------------------- images / metadata
def load_square(path: Path, size: int) -> np.ndarray:
    """Contract preprocessing up to the resize: uint8 HWC, size x size."""
    img = contract.center_square_resize(contract.load_rgb(path), size)
    return np.asarray(img, dtype=np.uint8)


def load_batch(records: list[Record], size: int) -> torch.Tensor:
    return torch.from_numpy(np.stack([load_square(r.path, size) for r in records])).permute(
        0, 3, 1, 2
    )


def metadata_dropout(m: torch.Tensor, g: torch.Generator, p: float = 0.1) -> torch.Tensor:
    """Per field (age / sex / site: metadata.FIELDS), replace by 'unknown' with probability p."""
    m = m.clone()
    unk = torch.from_numpy(metadata.UNKNOWN).to(m.device)
    b = m.shape[0]
    for part in metadata.FIELDS.values():
        drop = (torch.rand(b, generator=g) < p).to(m.device)
        m[drop, part] = unk[part]
    return m


# ----------------------------------------------------------------------------- onnxruntime
def ort_logits_many(sessions: dict, records, size, tta: str, batch=32, desc="") -> dict:
    """Logits of the same preprocessed batches through several sessions (decode once); with
    `tta == dihedral8` the mean logits of the 8 views of contract.dihedral_views."""
    out = {k: [] for k in sessions}
    for i in tqdm(range(0, len(records), batch), desc=desc, mininterval=10, leave=False):
        rs = records[i : i + batch]
        x = normalise(load_batch(rs, size)).numpy()
        m = metadata.encode_many(rs)
        views = contract.dihedral_views(x) if tta == contract.TTA_DIHEDRAL8 else x[None]
        for k, s in sessions.items():
            lg = [s.run(["logits"], {"image": v, "metadata": m})[0] for v in views]
            out[k].append(np.mean(lg, axis=0))
    return {
        k: (np.concatenate(v) if v else np.zeros((0, contract.NUM_CLASSES), np.float32))
        for k, v in out.items()
    }


# ----------------------------------------------------------------------------- frozen prefix
def cache_key(records: list[Record], args) -> str:
    h = hashlib.sha1()
    h.update(
        f"v3|{args.views}|{args.val_views}|{args.image_size}|{args.prefix_blocks}|{args.seed}|"
        f"{contract.MEAN}|{contract.STD}".encode()
    )
    for r in records:
        h.update(f"{r.image_id}|{r.path}|{r.path.stat().st_size}\n".encode())
    return h.hexdigest()[:16]


def build_prefix_cache(
    model: SkinCheckNet, splits: dict[str, list[Record]], args, work: Path, batch: int = 32
) -> dict[str, np.ndarray]:
    """fp16 prefix maps run by onnxruntime.

    train [n, views, C, h, w]: view 0 is the contract view, the others random augmented views;
    val [n, val_views, C, h, w]: the contract view, or its 8 dihedral views (val_views 8)."""
    size = args.image_size
    key = cache_key(splits["train"] + splits["val"], args)
    path = Path(args.cache_dir) / f"prefix_{key}.npz" if args.cache_dir else None
    if path is not None and path.exists():
        log.info("prefix cache: reusing %s", path)
        with np.load(path) as z:
            return {k: z[k] for k in ("train", "val")}
    onnx_path = work / "prefix.onnx"
    export_prefix_onnx(model, onnx_path, size)
    sess = ort_session(onnx_path, threads=args.threads)
    shape = sess.run(None, {"image": np.zeros((1, 3, size, size), np.float32)})[0].shape[1:]
    g = torch.Generator().manual_seed(args.seed + 17)
    base = round(size * 256 / 224)
    out: dict[str, np.ndarray] = {}
    for split, nv in (("train", args.views), ("val", args.val_views)):
        recs = splits[split]
        arr = np.zeros((len(recs), nv, *shape), np.float16)
        bar = tqdm(
            range(0, len(recs), batch), desc=f"cache {split} x{nv}", mininterval=10, leave=False
        )
        for i in bar:
            rs = recs[i : i + batch]
            x0 = normalise(load_batch(rs, size)).numpy()
            if split == "val":
                views = contract.dihedral_views(x0) if nv == 8 else x0[None]
                for v in range(nv):
                    arr[i : i + len(rs), v] = sess.run(None, {"image": views[v]})[0]
                continue
            arr[i : i + len(rs), 0] = sess.run(None, {"image": x0})[0]
            if nv > 1:
                sq = load_batch(rs, base)
                for v in range(1, nv):
                    xv = augment_batch(sq, size, g).contiguous()
                    arr[i : i + len(rs), v] = sess.run(None, {"image": xv.numpy()})[0]
        out[split] = arr
        log.info("prefix cache %s: %s (%.0f MB)", split, arr.shape, arr.nbytes / 2**20)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path.with_suffix(".train.npy"), out["train"])  # np.savez of >2 GB is slow
        np.savez(path, **out)
        path.with_suffix(".train.npy").unlink()
    onnx_path.unlink(missing_ok=True)
    return out


def train_frozen_prefix(model, splits, args, device, weights, history, work) -> dict:
    """Trains the suffix + head on cached prefix maps; returns timings and the EMA choice."""
    t0 = time.time()
    cache = build_prefix_cache(model, splits, args, work)
    t_cache = time.time() - t0
    model.features.prefix.eval().requires_grad_(False)
    model.features.suffix.to(memory_format=torch.channels_last)
    tr, va = splits["train"], splits["val"]
    lab = np.array([r.label for r in tr])
    ytr = torch.from_numpy(lab)
    yva = torch.tensor([r.label for r in va])
    mtr = torch.from_numpy(metadata.encode_many(tr))
    mva = torch.from_numpy(metadata.encode_many(va))
    counts = capped_counts(lab, args.class_cap)
    prior = log_prior(counts).to(device)
    groups = model.param_groups("frozen-prefix")
    groups[0]["lr"] = args.lr * args.backbone_lr_mult
    groups[1]["lr"] = args.lr
    opt = torch.optim.AdamW(groups, weight_decay=args.weight_decay)
    steps_per_epoch = max(1, (int(counts.sum()) + args.batch_size - 1) // args.batch_size)
    sched = make_one_cycle(opt, steps_per_epoch * args.epochs, args.pct_start)
    ema = None
    if args.ema_decay:
        ema = AveragedModel(
            model, multi_avg_fn=get_ema_multi_avg_fn(args.ema_decay), use_buffers=True
        )
    g = torch.Generator().manual_seed(args.seed)
    wdev = weights.to(device)
    for epoch in range(args.epochs):
        te = time.time()
        model.train()
        model.features.prefix.eval()
        order = epoch_order(lab, args.class_cap, g)
        tot, n = 0.0, 0
        bar = tqdm(range(steps_per_epoch), desc=f"epoch {epoch + 1}", mininterval=10, leave=False)
        for s in bar:
            idx = order[s * args.batch_size : (s + 1) * args.batch_size]
            if len(idx) < 2:
                continue
            v = torch.randint(0, cache["train"].shape[1], (len(idx),), generator=g)
            f = torch.from_numpy(cache["train"][idx.numpy(), v.numpy()].astype(np.float32))
            f = feature_dihedral(f, g).to(device).contiguous(memory_format=torch.channels_last)
            m = metadata_dropout(mtr[idx], g).to(device)
            y = ytr[idx].to(device)
            loss = loss_fn(
                model.logits_from_prefix(f, m),
                y,
                args.loss,
                weights=wdev,
                prior_log=prior,
                smoothing=args.label_smoothing,
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            if ema is not None:
                ema.update_parameters(model)
            tot += float(loss.detach()) * len(idx)
            n += len(idx)
        vl, vb = _val_from_cache(model, cache["val"][:, :1], mva, yva, device)
        _record_epoch(history, epoch, tot / max(n, 1), vl, vb, opt, te, args.epochs)
        if ema is not None:
            history[-1]["val_balanced_accuracy_ema"] = _val_from_cache(
                ema.module, cache["val"][:, :1], mva, yva, device
            )[1]
            log.info("  ema val_bacc=%.4f", history[-1]["val_balanced_accuracy_ema"])
    # final weights: raw or EMA, whichever is better on validation (all cached val views)
    final = {"raw": _val_from_cache(model, cache["val"], mva, yva, device)[1]}
    if ema is not None:
        final["ema"] = _val_from_cache(ema.module, cache["val"], mva, yva, device)[1]
    chosen = max(final, key=final.get)
    if chosen == "ema":
        model.load_state_dict(ema.module.state_dict())
    log.info("final weights: %s (val bacc over %d views: %s)", chosen, cache["val"].shape[1], final)
    return {
        "timings": {"prefix_cache_s": t_cache, "train_s": time.time() - t0 - t_cache},
        "final_weights": {"chosen": chosen, "val_balanced_accuracy": final},
        "epoch_class_counts": [int(c) for c in counts],
    }


@torch.no_grad()
def _val_from_cache(model, fval, mva, yva, device, batch=256):
    """Val loss and balanced accuracy of the mean logits over the cached views [n, V, ...]."""
    model.eval()
    outs = []
    for i in range(0, len(fval), batch):
        m = mva[i : i + batch].to(device)
        views = []
        for v in range(fval.shape[1]):
            f = torch.from_numpy(fval[i : i + batch, v].astype(np.float32)).to(device)
            f = f.contiguous(memory_format=torch.channels_last)
            views.append(model.logits_from_prefix(f, m).float().cpu())
        outs.append(torch.stack(views).mean(0))
    if not outs:
        return None, None
    lg = torch.cat(outs)
    return float(F.cross_entropy(lg, yva)), balanced_accuracy(yva.numpy(), lg.argmax(1).numpy())


def _record_epoch(history, epoch, train_loss, val_loss, val_bacc, opt, started, epochs):
    """Appends one epoch's figures to the history and logs them."""
    history.append(
        {
            "epoch": epoch + 1,
            "train_loss": train_loss,
            "val_loss": val_loss,
            "val_balanced_accuracy": val_bacc,
            "lr": {gr["name"]: gr["lr"] for gr in opt.param_groups},
            "seconds": time.time() - started,
        }
    )
    _log_epoch(history[-1], epochs)


def _log_epoch(h: dict, epochs: int) -> None:
    lr = " ".join(f"{k}={v:.2e}" for k, v in h["lr"].items())
    vb = h["val_balanced_accuracy"]
    log.info(
        "epoch %d/%d train_loss=%.4f val_loss=%s val_bacc=%s lr[%s] %.0fs",
        h["epoch"],
        epochs,
        h["train_loss"],
        f"{h['val_loss']:.4f}" if h["val_loss"] is not None else "n/a",
        f"{vb:.4f}" if vb is not None else "n/a",
        lr,
        h["seconds"],
    )


# ----------------------------------------------------------------------------- finetune
class ImageSet(torch.utils.data.Dataset):
    def __init__(self, records: list[Record], size: int):
        self.records, self.size = records, size
        self.meta = metadata.encode_many(records)

    def __len__(self):
        return len(self.records)

    def __getitem__(self, i):
        r = self.records[i]
        x = torch.from_numpy(load_square(r.path, self.size)).permute(2, 0, 1).contiguous()
        return x, torch.from_numpy(self.meta[i]), r.label


def train_finetune(model, splits, args, device, weights, history, work) -> dict:
    t0 = time.time()
    base = round(args.image_size * 256 / 224)
    workers = args.workers
    dl = torch.utils.data.DataLoader(
        ImageSet(splits["train"], base),
        batch_size=args.batch_size,
        shuffle=True,
        drop_last=len(splits["train"]) > args.batch_size,
        num_workers=workers,
        persistent_workers=workers > 0,
        pin_memory=device.type == "cuda",
        generator=torch.Generator().manual_seed(args.seed),
    )
    vdl = torch.utils.data.DataLoader(
        ImageSet(splits["val"], args.image_size), batch_size=64, num_workers=workers
    )
    groups = model.param_groups("finetune")
    groups[0]["lr"] = args.lr * args.backbone_lr_mult
    groups[1]["lr"] = args.lr
    opt = torch.optim.AdamW(groups, weight_decay=args.weight_decay)
    sched = make_one_cycle(opt, max(1, len(dl)) * args.epochs, args.pct_start)
    g = torch.Generator().manual_seed(args.seed)
    wdev = weights.to(device)
    prior = log_prior(capped_counts(np.array([r.label for r in splits["train"]]), None)).to(device)
    amp = device.type == "cuda"
    if device.type == "cuda":
        model = model.to(memory_format=torch.channels_last)
    for epoch in range(args.epochs):
        te = time.time()
        model.train()
        tot, n = 0.0, 0
        for x, m, y in tqdm(dl, desc=f"epoch {epoch + 1}", mininterval=10, leave=False):
            x = x.to(device, non_blocking=True)
            x = augment_batch(x, args.image_size, g).contiguous(memory_format=torch.channels_last)
            m = metadata_dropout(m, g).to(device)
            y = y.to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
                logits = model.logits(x, m)
            loss = loss_fn(
                logits.float(),
                y,
                args.loss,
                weights=wdev,
                prior_log=prior,
                smoothing=args.label_smoothing,
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss.detach()) * len(y)
            n += len(y)
        model.eval()
        outs, ys = [], []
        with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            for x, m, y in vdl:
                outs.append(model.logits(normalise(x.to(device)), m.to(device)).float().cpu())
                ys.append(y)
        if outs:
            lg, yv = torch.cat(outs), torch.cat(ys)
            vl = float(F.cross_entropy(lg, yv))
            vb = balanced_accuracy(yv.numpy(), lg.argmax(1).numpy())
        else:
            vl = vb = None
        _record_epoch(history, epoch, tot / max(n, 1), vl, vb, opt, te, args.epochs)
    return {"timings": {"train_s": time.time() - t0}}


# ----------------------------------------------------------------------------- main
def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        prog="python -m skincheck_train.train", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--data", action="append", required=True, help="HAM folder (repeatable)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--limit", type=int, default=None, help="use about N images (whole lesions)")
    ap.add_argument("--image-size", type=int, default=contract.IMAGE_SIZE)
    ap.add_argument("--mode", choices=["finetune", "frozen-prefix"], default="finetune")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-3, help="peak LR of the head group")
    ap.add_argument("--backbone-lr-mult", type=float, default=0.1)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--pct-start", type=float, default=0.25)
    ap.add_argument("--loss", choices=LOSSES, default="la", help="la: logit-adjusted CE")
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument(
        "--class-cap", type=int, default=None, help="at most N images of a class per epoch"
    )
    ap.add_argument("--ema-decay", type=float, default=0.0, help="EMA of the weights (0: off)")
    ap.add_argument(
        "--tta", choices=[contract.TTA_NONE, contract.TTA_DIHEDRAL8], default=contract.TTA_NONE
    )
    ap.add_argument(
        "--prefix-blocks", type=int, default=DEFAULT_PREFIX_BLOCKS, help="frozen MBConv blocks"
    )
    ap.add_argument("--views", type=int, default=4, help="frozen-prefix: views per train image")
    ap.add_argument("--cache-dir", default=None, help="frozen-prefix: reuse the prefix cache")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split-seed", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--malignant-threshold", type=float, default=0.5)
    ap.add_argument("--no-pretrained", action="store_true", help="random init (tests only)")
    ap.add_argument(
        "--finalize-from",
        default=None,
        help="skip training: load RUN/checkpoint.pt + history from RUN/training.json (same "
        "arguments), then export, quantize, calibrate and evaluate again",
    )
    a = ap.parse_args(argv)
    a.val_views = 8 if a.tta == contract.TTA_DIHEDRAL8 else 1
    if a.workers is None:
        a.workers = min(8, os.cpu_count() or 1) if a.device.startswith("cuda") else 0
    return a


def setup_logging(out: Path) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for h in list(root.handlers):
        root.removeHandler(h)
    fmt = logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S")
    for h in (logging.StreamHandler(sys.stderr), logging.FileHandler(out / "train.log", "w")):
        h.setFormatter(fmt)
        root.addHandler(h)


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
)


def _load_finished_run(run: Path, args, model, history: list) -> tuple[dict, dict]:
    """--finalize-from: reuse a run's trained weights + history; redo export/calibrate/eval."""
    prev = json.loads((run / "training.json").read_text())
    bad = {k: (prev["args"].get(k), getattr(args, k)) for k in SAME_ARGS}
    bad = {k: v for k, v in bad.items() if v[0] != v[1]}
    if bad:
        raise SystemExit(f"--finalize-from {run}: arguments differ from that run: {bad}")
    state = torch.load(run / "checkpoint.pt", map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    history.extend(prev["history"])
    timings = {k: v for k, v in prev["timings_s"].items() if k in ("prefix_cache_s", "train_s")}
    log.info("finalize-from %s: trained weights and history of %s", run, prev["command"])
    note = {"run": str(run), "training_command": prev["command"], "training_timings_s": timings}
    trained = {"timings": timings, **{k: prev[k] for k in ("final_weights",) if k in prev}}
    return note, trained


def main(argv=None) -> dict:
    args = parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    setup_logging(out)
    t_start = time.time()
    torch.set_flush_denormal(True)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda but CUDA is not available")
    log.info("args: %s", vars(args))

    # data + split
    records, skipped = load_dataset(args.data)
    records = limit_records(records, args.limit, seed=args.seed)
    split_kw = {} if args.split_seed is None else {"seed": args.split_seed}
    assign = split_records(records, **split_kw)
    counts = write_split_files(records, assign, out / "splits")
    splits = {s: [r for r in records if assign[r.image_id] == s] for s in ("train", "val", "test")}
    log.info("split: %s", {s: len(v) for s, v in splits.items()})
    if not splits["train"] or not splits["val"] or not splits["test"]:
        raise SystemExit("empty train/val/test split: use a larger --limit")
    contract.write_json(
        out / "dataset_stats.json", dataset_stats(records, skipped, split_counts(records, assign))
    )

    # model + training
    model = SkinCheckNet(
        pretrained=not args.no_pretrained,
        image_size=args.image_size,
        prefix_blocks=args.prefix_blocks,
    ).to(device)
    weights = class_weights(np.array([r.label for r in splits["train"]]))
    history: list[dict] = []
    work = out / "work"
    work.mkdir(exist_ok=True)
    finalized_from = None
    if args.finalize_from:
        finalized_from, trained = _load_finished_run(Path(args.finalize_from), args, model, history)
    else:
        trainer = train_frozen_prefix if args.mode == "frozen-prefix" else train_finetune
        trained = trainer(model, splits, args, device, weights, history, work)
    timings = trained["timings"]
    model = model.cpu().eval().to(memory_format=torch.contiguous_format)
    torch.save(model.state_dict(), out / "checkpoint.pt")  # PyTorch weights (not shipped)

    # export + calibrate (validation) + evaluate (test, once) for fp32 and the small file
    te = time.time()
    fp32 = export_onnx(model, out / "model.onnx", args.image_size)
    small = out / "model_small.onnx"
    qinfo = compact_weights(fp32, small, APP_SIZE_LIMIT)
    sessions = {"fp32": ort_session(fp32, args.threads), "small": ort_session(small, args.threads)}
    yv = np.array([r.label for r in splits["val"]])
    yt = np.array([r.label for r in splits["test"]])
    val_logits = ort_logits_many(sessions, splits["val"], args.image_size, args.tta, desc="val")
    vgroups = np.array([r.lesion_id for r in splits["val"]])
    cal = {
        k: calibrate(v, yv, args.malignant_threshold, groups=vgroups) for k, v in val_logits.items()
    }
    # what test-time augmentation buys, on validation only (fp32, single view vs the card's)
    tta_effect = None
    if args.tta != contract.TTA_NONE:
        single = ort_logits_many(
            {"fp32": sessions["fp32"]}, splits["val"], args.image_size, contract.TTA_NONE
        )["fp32"]
        tta_effect = {
            "val_balanced_accuracy_argmax_single_view": balanced_accuracy(yv, single.argmax(1)),
            f"val_balanced_accuracy_argmax_{args.tta}": balanced_accuracy(
                yv, val_logits["fp32"].argmax(1)
            ),
        }
    cards = {}
    for k, path in (("fp32", fp32), ("small", small)):
        cards[k] = contract.make_card(
            path,
            model_id=f"skincheck-lite0-{args.image_size}px-{args.mode}"
            + ("" if k == "fp32" else "-small"),
            architecture=architecture(args.image_size)
            + ("" if k == "fp32" else "; weights stored fp16, largest 1x1 convs int8"),
            cam_hw=(args.image_size // 32, args.image_size // 32),
            temperature=cal[k]["temperature"],
            decision_offsets=cal[k]["decision_offsets"],
            suspicious_threshold=cal[k]["suspicious_threshold"],
            malignant_threshold=cal[k]["malignant_threshold"],
            training={
                "data": f"HAM10000, {len(records)} dermatoscopic images "
                f"(train {len(splits['train'])}, val {len(splits['val'])}, "
                f"test {len(splits['test'])}, split by lesion)",
                "citation": contract.DATA_CITATION,
                "licence": contract.LICENCE,
                "device": args.device,
                "mode": args.mode,
                "epochs": args.epochs,
                "wall_time_s": None,  # filled below
                "notes": "Research prototype, not a medical device. Temperature, offsets and "
                "triage thresholds fitted on the validation split; figures in training.json.",
            },
            size=args.image_size,
            feature_dim=FEAT_CH,
            early_dim=output_width(path, contract.OUTPUT_EARLY_FEATURES),
            tta=args.tta,
        )
    test_logits = ort_logits_many(sessions, splits["test"], args.image_size, args.tta, desc="test")
    evals = {k: evaluate(test_logits[k], yt, cards[k]) for k in cards}
    for k, e in evals.items():
        e["model"] = Path(cards[k]["onnx_file"]).name
        e["model_sha256"] = cards[k]["sha256"]
    agree = {
        "test_argmax_agreement": float(
            (test_logits["fp32"].argmax(1) == test_logits["small"].argmax(1)).mean()
        ),
        "val_argmax_agreement": float(
            (val_logits["fp32"].argmax(1) == val_logits["small"].argmax(1)).mean()
        ),
        "test_max_abs_logit_diff": float(np.abs(test_logits["fp32"] - test_logits["small"]).max()),
    }
    # variant recommended on validation only (test figures are reported, not used to choose)
    small_ok = (
        qinfo["file_bytes"] <= APP_SIZE_LIMIT
        and cal["small"]["val"]["balanced_accuracy_decision"]
        >= cal["fp32"]["val"]["balanced_accuracy_decision"] - SMALL_MAX_BACC_DROP
        and agree["val_argmax_agreement"] >= SMALL_MIN_AGREEMENT
    )
    chosen = "small" if small_ok else "fp32"
    t_export = time.time() - te
    wall = time.time() - t_start
    if finalized_from:  # wall time of training (earlier run) + this run
        wall += sum(timings.values())
    for k, path in (("fp32", out / "model.json"), ("small", out / "model_small.json")):
        cards[k]["training"]["wall_time_s"] = round(wall, 1)
        contract.write_json(path, cards[k])
    contract.write_json(out / "evaluation_python.json", evals["fp32"])
    contract.write_json(out / "evaluation_python_small.json", evals["small"])

    summary = {
        "command": "python -m skincheck_train.train " + " ".join(argv or sys.argv[1:]),
        "args": vars(args),
        "device": args.device,
        "device_name": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "threads": args.threads,
        "mode": args.mode,
        "loss": {
            "kind": args.loss,
            "class_weights": [float(x) for x in weights] if args.loss != "la" else None,
            "label_smoothing": args.label_smoothing if args.loss != "focal" else 0.0,
            "epoch_class_counts": trained.get("epoch_class_counts"),
        },
        "final_weights": trained.get("final_weights"),
        "test_time_augmentation_effect": tta_effect,
        "test_time_augmentation": args.tta,
        "split_counts": counts,
        "skipped_rows": [s.as_dict() for s in skipped],
        "history": history,
        "timings_s": {**timings, "export_calibrate_evaluate_s": t_export, "total_s": wall},
        "wall_time_s": wall,
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
        "small": {**qinfo, **agree},
        "chosen_variant": chosen,
        "finalized_from": finalized_from,
        "chosen_variant_rule": "small if <= 6,000,000 bytes, val balanced accuracy within 0.005 "
        "(half a point) of fp32 and val argmax agreement >= 0.995 (validation only)",
    }
    contract.write_json(out / "training.json", summary)
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    e = evals["fp32"]
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
        evals["small"]["balanced_accuracy"],
        agree["test_argmax_agreement"],
        qinfo["file_bytes"],
        chosen,
    )
    return summary


if __name__ == "__main__":
    main()
