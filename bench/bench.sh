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
# A Python with numpy and onnx (Debian's python3 has both).
python=${PYTHON:-}
if [[ -z $python ]]; then
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c "import numpy, onnx" 2>/dev/null; then
      python=$candidate
      break
    fi
  done
fi
[[ -n $python ]] || { echo "bench: error: no python3 with numpy and onnx (set PYTHON)" >&2; exit 1; }
exec "$python" "$here/bench.py" "$build" "$@"
