#!/usr/bin/env bash
# The shape zoo: resnet-mlir against ONNX Runtime over the models, image
# sizes and batches users bring (not part of the tests): see bench/README.md
# and bench/zoo.py.
#
#   bench/zoo.sh [BUILD_DIR]     (default: build)
#   bench/zoo.sh --list          print the zoo, check the default one's coverage
#   ZOO=quick|default|full|FILE RUNS=N ROUNDS=R THREADS="1 2" OPT=-O3
#   BUDGET_S=10 RESULTS=prefix KEEP=dir ORT_RUNNER=... ORT_DIR=...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/python.sh"
if [[ ${1:-} == --list ]]; then
  exec "$python" "$here/zoo.py" --list
fi
exec "$python" "$here/zoo.py" "${1:-$here/../build}"
