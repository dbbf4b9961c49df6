import sys
from pathlib import Path

TRAINING = Path(__file__).resolve().parents[1]
REPO = TRAINING.parent
SHARED_HAM = REPO.parent / "shared" / "data" / "ham10000"
if str(TRAINING) not in sys.path:
    sys.path.insert(0, str(TRAINING))
