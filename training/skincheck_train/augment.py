"""Dermoscopy augmentation on (GPU or CPU) tensors, batched.

Input: uint8 [B,3,H,W] squares (the image's largest centred square resized to `base` px).
One affine_grid/grid_sample per batch does random resized crop + the 8 dihedral transforms
(dermoscopy has no canonical orientation), then brightness/contrast/saturation/hue-ish jitter,
then the contract normalisation.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .contract import MEAN, STD


def normalise(x: torch.Tensor) -> torch.Tensor:
    """uint8 or [0,1] float [B,3,H,W] -> contract-normalised float."""
    if x.dtype == torch.uint8:
        x = x.float() / 255.0
    mean = torch.tensor(MEAN, device=x.device).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=x.device).view(1, 3, 1, 1)
    return (x - mean) / std


def random_dihedral_crop(
    x: torch.Tensor,
    out_size: int,
    g: torch.Generator | None = None,
    scale=(0.35, 1.0),
    ratio=(3 / 4, 4 / 3),
) -> torch.Tensor:
    """x float [B,3,H,W] in [0,1] -> [B,3,out,out]."""
    b = x.shape[0]
    dev = x.device

    def rand(*shape):
        return torch.rand(*shape, generator=g, device="cpu").to(dev)

    area = rand(b) * (scale[1] - scale[0]) + scale[0]
    logr = rand(b) * (math.log(ratio[1]) - math.log(ratio[0])) + math.log(ratio[0])
    r = torch.exp(logr)
    sw = torch.sqrt(area * r).clamp(max=1.0)  # half-extent fractions of the square
    sh = torch.sqrt(area / r).clamp(max=1.0)
    cx = (rand(b) * 2 - 1) * (1 - sw)
    cy = (rand(b) * 2 - 1) * (1 - sh)
    k = torch.floor(rand(b) * 4)  # rotation by k * 90 degrees
    flip = (rand(b) < 0.5).float() * -2 + 1
    cos = torch.cos(k * math.pi / 2).round()
    sin = torch.sin(k * math.pi / 2).round()
    theta = torch.zeros(b, 2, 3, device=dev)
    theta[:, 0, 0] = cos * sw * flip
    theta[:, 0, 1] = -sin * sh
    theta[:, 1, 0] = sin * sw * flip
    theta[:, 1, 1] = cos * sh
    theta[:, 0, 2] = cx
    theta[:, 1, 2] = cy
    grid = F.affine_grid(theta, [b, 3, out_size, out_size], align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)


def colour_jitter(
    x: torch.Tensor,
    g: torch.Generator | None = None,
    brightness=0.2,
    contrast=0.2,
    saturation=0.2,
    hue=0.03,
) -> torch.Tensor:
    """x float [B,3,H,W] in [0,1]."""
    b = x.shape[0]
    dev = x.device

    def u(a):
        return ((torch.rand(b, generator=g) * 2 - 1) * a).to(dev).view(b, 1, 1, 1)

    x = x * (1 + u(brightness))
    grey = (0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]).mean(
        dim=(2, 3), keepdim=True
    )
    x = (x - grey) * (1 + u(contrast)) + grey
    lum = 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]
    x = (x - lum) * (1 + u(saturation)) + lum
    # small hue rotation around the grey axis
    ang = u(hue) * 2 * math.pi
    c, s = torch.cos(ang), torch.sin(ang)
    k = 1 / 3
    sq = math.sqrt(k)
    m00 = c + (1 - c) * k
    m01 = (1 - c) * k - sq * s
    m02 = (1 - c) * k + sq * s
    r = m00 * x[:, 0:1] + m01 * x[:, 1:2] + m02 * x[:, 2:3]
    gg = m02 * x[:, 0:1] + m00 * x[:, 1:2] + m01 * x[:, 2:3]
    bb = m01 * x[:, 0:1] + m02 * x[:, 1:2] + m00 * x[:, 2:3]
    return torch.cat([r, gg, bb], dim=1).clamp(0, 1)


def augment_batch(x_u8: torch.Tensor, out_size: int, g: torch.Generator | None = None):
    """uint8 squares -> augmented, normalised float batch."""
    x = x_u8.float() / 255.0
    x = random_dihedral_crop(x, out_size, g)
    x = colour_jitter(x, g)
    return normalise(x)


def feature_dihedral(f: torch.Tensor, g: torch.Generator | None = None) -> torch.Tensor:
    """Random flip / 90-degree rotation of a feature map batch [B,C,h,w] (h == w), per sample."""
    b = f.shape[0]
    k = torch.randint(0, 4, (b,), generator=g)
    flip = torch.rand(b, generator=g) < 0.5
    out = torch.empty_like(f)
    for kk in range(4):
        for fl in (False, True):
            idx = ((k == kk) & (flip == fl)).nonzero().flatten().to(f.device)
            if idx.numel() == 0:
                continue
            t = f.index_select(0, idx)
            if fl:
                t = t.flip(-1)
            out.index_copy_(0, idx, torch.rot90(t, kk, dims=(2, 3)))
    return out


def mixup(
    f: torch.Tensor, m: torch.Tensor, lam: float, g: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Mixup (Zhang et al., ICLR 2018) of a batch of prefix maps and metadata with a shuffled
    copy of itself: returns `lam * x + (1 - lam) * x[partner]` for both and the partner
    indices; the loss is then `lam * L(y) + (1 - lam) * L(y[partner])`. Used on the cached maps
    because the network stopped gaining from more epochs on the same 16 views (it memorises
    them: training loss fell while validation stayed flat)."""
    partner = torch.randperm(f.shape[0], generator=g).to(f.device)
    return lam * f + (1 - lam) * f[partner], lam * m + (1 - lam) * m[partner], partner


def mixup_weight(alpha: float, rng) -> float:
    """lam ~ Beta(alpha, alpha), folded to >= 0.5 so a mixed example stays mostly its own (its
    metadata and most of its label); 1.0 when mixup is off (alpha 0)."""
    if alpha <= 0:
        return 1.0
    lam = float(rng.beta(alpha, alpha))
    return max(lam, 1.0 - lam)
