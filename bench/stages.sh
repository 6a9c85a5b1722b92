#!/usr/bin/env bash
# Per-stage time with and without band fusion (not part of the tests): see
# bench/README.md and bench/stages.py.
#
#   bench/stages.sh [--arch resnet50] [--input-size 224] [--batch 1]
#                   [--variants "off auto"] [--threads "1 2"]
#   RUNS=N ROUNDS=R OPT=-O3 KEEP=dir
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/python.sh"
exec "$python" "$here/stages.py" "$@"
