#!/usr/bin/env bash
# resnet-mlir against ONNX Runtime (not part of the tests): see
# bench/README.md and bench/bench.py.
#
#   bench/bench.sh [BUILD_DIR] [ARCH...]      (default: build, resnet18 resnet50)
#   RUNS=N ROUNDS=R BATCHES="1 4" THREADS="1 2" OPT=-O3 ORT_RUNNER=... KEEP=dir
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
shift || true
source "$here/python.sh"
exec "$python" "$here/bench.py" "$build" "$@"
