#!/usr/bin/env bash
# Per-layer reference: each convolution of a model timed by our --profile
# and by oneDNN on the same shape, alternating (not part of the tests): see
# bench/README.md and bench/layers.py.
#
#   bench/layers.sh --arch resnet50 [--input-size 227] [--batch 2]
#   bench/layers.sh model.mlir|model.onnx [--build DIR] [--threads "1 2"]
#   RUNS=N ROUNDS=R THREADS="1 2" OPT=-O3 KEEP=dir RESULTS=out.json
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/python.sh"
exec "$python" "$here/layers.py" "$@"
