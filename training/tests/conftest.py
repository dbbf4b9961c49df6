import sys
from pathlib import Path

TRAINING = Path(__file__).resolve().parents[1]
REPO = TRAINING.parent
if str(TRAINING) not in sys.path:
    sys.path.insert(0, str(TRAINING))

from skincheck_train.data import default_data_dir  # noqa: E402

# The HAM10000 copy: $SKINCHECK_DATA, else ../shared/data/ham10000 beside the repository.
SHARED_HAM = default_data_dir()
