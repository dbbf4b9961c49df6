"""The frozen ImageNet prefix's maps, run once per (image, view) with onnxruntime and cached
in fp16 (`--mode frozen-prefix`): the training loop reads these instead of images."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from . import contract
from .augment import augment_batch, normalise
from .batches import load_batch
from .data import Record
from .heads import ort_session
from .model import SkinCheckNet, export_prefix_onnx

log = logging.getLogger("skincheck_train")


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
