"""Times Python onnxruntime (CPU) on the benchmark's tensors; prints one JSON object.

Part of scripts/bench.sh: the tensors are the exact bytes tract was given
(`skincheck bench --dump-inputs DIR`), so the outputs can be compared with tract's.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument(
        "--inputs", type=Path, required=True, help="--dump-inputs folder"
    )
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    manifest = json.loads((args.inputs / "inputs.json").read_text())

    def tensor(spec: dict) -> np.ndarray:
        raw = np.fromfile(args.inputs / spec["file"], dtype="<f4")
        return raw.reshape(spec["shape"])

    feeds = {
        manifest["image"]["name"]: tensor(manifest["image"]),
        manifest["metadata"]["name"]: tensor(manifest["metadata"]),
    }
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    start = time.perf_counter()
    session = ort.InferenceSession(
        str(args.model), options, providers=["CPUExecutionProvider"]
    )
    load_ms = (time.perf_counter() - start) * 1e3
    times = []
    outputs = None
    for i in range(args.warmup + args.runs):
        start = time.perf_counter()
        outputs = session.run(["logits", "cam"], feeds)
        elapsed = (time.perf_counter() - start) * 1e3
        if i >= args.warmup:
            times.append(elapsed)
    logits, cam = outputs
    print(
        json.dumps(
            {
                "version": ort.__version__,
                "threads": args.threads,
                "load_ms": load_ms,
                "times": times,
                # one row per test-time view: the photo's logits are the rows' mean
                "logits": logits.astype(np.float64).mean(axis=0).tolist(),
                "cam_sum": float(cam.astype(np.float64).sum() / len(logits)),
            }
        )
    )


if __name__ == "__main__":
    main()
