#!/usr/bin/python3
"""The digits demo from Python: compile, classify the test split, show.

    examples/digits/run.py [--batch N] [--threads T] [--bench-runs R]
                           [--save-logits FILE.npy]

resnet_mlir.compile() imports digits_resnet.onnx and compiles it to a
shared library; the 360 test images go through it as one numpy array (in
batches of N, the last padded), then check.py's checks against PyTorch and
show.py's accuracy, examples and latency. The same answers as run.sh's
binary, bit for bit (test/python/digits.test). The package is taken from
this checkout's python/ when it is not installed; the tools from the
checkout's build/bin (or $RESNET_BUILD_DIR/bin, $RESNET_MLIR_TOOLS, PATH).
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import resnet_mlir
except ImportError:
    sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
    import resnet_mlir


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1,
                        help="the compiled batch size (default 1)")
    parser.add_argument("--threads", type=int, default=1,
                        help="worker threads (default 1)")
    parser.add_argument("--bench-runs", type=int, default=1000,
                        help="timed runs of one batch (default 1000)")
    parser.add_argument("--save-logits", help="also write the logits here")
    args = parser.parse_args()

    print(f"== compile: digits_resnet.onnx -> shared library (batch {args.batch})")
    model = resnet_mlir.compile(os.path.join(HERE, "digits_resnet.onnx"),
                                batch=args.batch, threads=args.threads)
    print(f"   {model}")
    images = np.load(os.path.join(HERE, "test_images.npy"))
    print(f"== run: the {len(images)} test images")
    logits = model(images)
    timing = model.benchmark(runs=args.bench_runs)

    with tempfile.TemporaryDirectory() as work:
        path = args.save_logits or os.path.join(work, "logits.npy")
        np.save(path, logits)
        bench = os.path.join(work, "bench.txt")
        with open(bench, "w") as f:
            f.write("bench: " + " ".join(f"{k}={v}" for k, v in timing.items())
                    + "\n")
        print("== against PyTorch (recorded at export)", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "check.py"), path],
                       check=True)
        print(flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "show.py"), path,
                        "--bench", bench], check=True)


if __name__ == "__main__":
    try:
        main()
    except (resnet_mlir.CompileError, subprocess.CalledProcessError) as error:
        sys.exit(f"error: {error}")
