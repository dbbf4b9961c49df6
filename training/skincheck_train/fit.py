"""The two training loops (`--mode frozen-prefix` on cached prefix maps, `--mode finetune` end
to end), each recording one history entry per epoch."""

from __future__ import annotations

import copy
import logging
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from tqdm import tqdm

from .augment import augment_batch, feature_dihedral, mixup, mixup_weight, normalise
from .batches import ImageSet, metadata_dropout
from .calibrate import balanced_accuracy
from .imbalance import capped_counts, epoch_order, log_prior, loss_fn
from .metadata import encode_many
from .prefix_cache import build_prefix_cache
from .schedule import make_one_cycle

log = logging.getLogger("skincheck_train")


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
    mtr = torch.from_numpy(encode_many(tr))
    mva = torch.from_numpy(encode_many(va))
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
    rng = np.random.default_rng(args.seed)  # mixup weights
    wdev = weights.to(device)
    # a warm restart (--init-from) keeps its starting weights if training does not beat them
    start = copy.deepcopy(model.state_dict()) if args.init_from else None
    final = {}
    if start is not None:
        final["start"] = _val_from_cache(model, cache["val"], mva, yva, device)[1]
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
            lam, partner = mixup_weight(args.mixup_alpha, rng), None
            if lam < 1.0:
                f, m, partner = mixup(f, m, lam, g)
            logits = model.logits_from_prefix(f, m)
            loss = _mixed_loss(logits, y, lam, partner, args, wdev, prior)
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
    final["raw"] = _val_from_cache(model, cache["val"], mva, yva, device)[1]
    if ema is not None:
        final["ema"] = _val_from_cache(ema.module, cache["val"], mva, yva, device)[1]
    chosen = max(final, key=final.get)
    if chosen == "ema":
        model.load_state_dict(ema.module.state_dict())
    elif chosen == "start":
        model.load_state_dict(start)
    log.info("final weights: %s (val bacc over %d views: %s)", chosen, cache["val"].shape[1], final)
    return {
        "timings": {"prefix_cache_s": t_cache, "train_s": time.time() - t0 - t_cache},
        "final_weights": {"chosen": chosen, "val_balanced_accuracy": final},
        "epoch_class_counts": [int(c) for c in counts],
    }


def _mixed_loss(logits, y, lam, partner, args, weights, prior):
    """The training loss; under mixup `lam * L(y) + (1 - lam) * L(y[partner])`, which is the
    loss against the mixed target (each loss here is linear in the target)."""

    def loss_of(target):
        return loss_fn(
            logits,
            target,
            args.loss,
            weights=weights,
            prior_log=prior,
            smoothing=args.label_smoothing,
        )

    if partner is None:
        return loss_of(y)
    return lam * loss_of(y) + (1 - lam) * loss_of(y[partner])


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
    """Appends one epoch's figures to the history and logs them; epochs are numbered after
    those of the run that --init-from continues (already in the history)."""
    earlier = len(history) - epoch
    history.append(
        {
            "epoch": earlier + epoch + 1,
            "train_loss": train_loss,
            "val_loss": val_loss,
            "val_balanced_accuracy": val_bacc,
            "lr": {gr["name"]: gr["lr"] for gr in opt.param_groups},
            "seconds": time.time() - started,
        }
    )
    _log_epoch(history[-1], earlier + epochs)


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


TRAINERS = {"frozen-prefix": train_frozen_prefix, "finetune": train_finetune}
