"""Fit the quality gate and write it into a card, or write degraded test photos (gate.py).

    python -m skincheck_train.cli.gate --model ../assets/model.onnx --card ../assets/model.json \
        --cache runs/gate_cache          # HAM10000 from --data or $SKINCHECK_DATA
    python -m skincheck_train.cli.gate --write-degraded runs/degraded
    python -m skincheck_train.cli.gate --model ../tests/fixtures/tiny_model.onnx \
        --card ../tests/fixtures/tiny_model.json --fixture-images ../tests/fixtures/images
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..data import default_data_dir
from ..gate import fit_into_card, write_degraded


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="fit the quality gate and write it into the card")
    ap.add_argument("--model", default="../assets/model.onnx")
    ap.add_argument("--card", default="../assets/model.json")
    ap.add_argument("--data", help="HAM10000 folder with images/ (default: $SKINCHECK_DATA)")
    ap.add_argument("--splits", default="splits")
    ap.add_argument("--cache", default="runs/gate_cache")
    ap.add_argument("--train-limit", type=int, default=0, help="0: every training photo")
    ap.add_argument(
        "--fixture-images", help="fit a test fixture's gate on these photos instead of --data"
    )
    ap.add_argument(
        "--add-early-features",
        metavar="SCOPE",
        help="first add the early_features output (heads.add_early_features) to a model "
        "exported without it, e.g. /features/prefix/, and update the card",
    )
    ap.add_argument(
        "--write-degraded",
        metavar="OUT",
        help="only write blurred and darkened PNG copies of --degraded-split's photos to OUT",
    )
    ap.add_argument("--degraded-split", default="test")
    a = ap.parse_args(argv)
    data = Path(a.data) if a.data else default_data_dir()
    if a.write_degraded:
        counts = write_degraded(data, Path(a.splits), a.degraded_split, Path(a.write_degraded))
        print(f"wrote {counts} to {a.write_degraded}")
        return
    gate = fit_into_card(
        Path(a.model),
        Path(a.card),
        data=None if a.fixture_images else data,
        splits=Path(a.splits),
        cache=Path(a.cache),
        train_limit=a.train_limit,
        fixture_images=Path(a.fixture_images) if a.fixture_images else None,
        add_early_features_scope=a.add_early_features,
    )
    print(json.dumps(gate["validation"] | {"photo": gate["photo"]}, indent=1))


if __name__ == "__main__":
    main()
