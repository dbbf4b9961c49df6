"""Copy a finished run's chosen variant into the app (ship.ship).

    python -m skincheck_train.cli.ship --run runs/ship_final --assets ../assets \
        --artifacts artifacts
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..ship import ship


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", required=True)
    ap.add_argument("--assets", default="../assets")
    ap.add_argument("--artifacts", default="artifacts")
    a = ap.parse_args(argv)
    print(ship(Path(a.run), Path(a.assets), Path(a.artifacts)))


if __name__ == "__main__":
    main()
