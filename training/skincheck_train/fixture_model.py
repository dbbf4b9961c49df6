"""Tiny deterministic contract model for the Rust tests.

    python -m skincheck_train.cli.fixture_model --out tests/fixtures/

writes tiny_model.onnx + tiny_model.json (complete card, sha256 of the ONNX, temperature 1.5 and
non-zero decision offsets). Same op set as the real network: Conv (+ depthwise), BN (folded),
ReLU6, GAP, Gemm/MatMul, Concat.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from . import contract
from .heads import ContractModel, MetadataBranch, export_onnx

SEED = 2  # chosen so the 18 reference cases cover benign/suspicious/malignant
TEMPERATURE = 1.5
DECISION_OFFSETS = [-0.40, 0.35, 0.10, 0.25, 0.30, -0.15, 0.05]
SUSPICIOUS_THRESHOLD = 0.2
MALIGNANT_THRESHOLD = 0.5


def _block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride=2, padding=1, groups=cin, bias=False),
        nn.BatchNorm2d(cin),
        nn.ReLU6(inplace=True),
        nn.Conv2d(cin, cout, 1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU6(inplace=True),
    )


def build_tiny_model(seed: int = SEED) -> ContractModel:
    """S -> S/2 -> ... -> S/32 (5 stride-2 stages): features [N,16,S/32,S/32]."""
    g = torch.Generator().manual_seed(seed)
    feats = nn.Sequential(
        nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(8),
        nn.ReLU6(inplace=True),
        _block(8, 12),
        _block(12, 16),
        _block(16, 16),
        _block(16, 16),
    )
    model = ContractModel(feats, 16, MetadataBranch(hidden=16, emb=8, p=0.0))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.5)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) * 0.5 + 0.75)
        model.head.fc.bias.mul_(0.2)
    return model.eval()


def write_fixture(out_dir: str | Path) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(SEED)
    model = build_tiny_model()
    onnx_path = export_onnx(model, out_dir / "tiny_model.onnx")
    hw = contract.IMAGE_SIZE // 32
    card = contract.make_card(
        onnx_path,
        model_id="skincheck-tiny-fixture",
        architecture=f"tiny seeded CNN (5 stride-2 stages, 16x{hw}x{hw} features) + metadata MLP",
        cam_hw=(hw, hw),
        feature_dim=16,
        early_dim=16,
        temperature=TEMPERATURE,
        decision_offsets=DECISION_OFFSETS,
        suspicious_threshold=SUSPICIOUS_THRESHOLD,
        malignant_threshold=MALIGNANT_THRESHOLD,
        training={
            "data": f"none (random weights, seed {SEED})",
            "licence": contract.LICENCE,
            "device": "cpu",
            "epochs": 0,
            "wall_time_s": 0,
            "notes": "Test fixture only: untrained, deterministic; not a classifier.",
        },
    )
    card_path = out_dir / "tiny_model.json"
    contract.write_json(card_path, card)
    return onnx_path, card_path
