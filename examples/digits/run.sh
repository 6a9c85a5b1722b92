#!/usr/bin/env bash
# Compile the trained digits ResNet to a standalone binary, run it over the
# whole test split and show accuracy, example predictions and latency.
#
#   examples/digits/run.sh [BUILD_DIR]
#
# BUILD_DIR (or $RESNET_BUILD_DIR) is a configured and built tree, default
# build/. Needs /usr/bin/python3 with numpy ($PYTHON to use another one).
# $RESNET_OPT: resnet-compile's optimization level (default -O3);
# $BENCH_RUNS: timed runs (default 1000).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-${RESNET_BUILD_DIR:-$root/build}}
bin=$build/bin
python=${PYTHON:-/usr/bin/python3}
bench_runs=${BENCH_RUNS:-1000}
opt=${RESNET_OPT:--O3}

if [[ ! -x $bin/resnet-compile ]]; then
  echo "error: $bin/resnet-compile not found; build first (tools/setup.sh) or pass the build dir" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== compile: digits_resnet.onnx -> standalone binary (batch 1, $opt)"
"$bin/resnet-compile" "$here/digits_resnet.onnx" "$opt" -o "$work/digits"
echo "binary: $(stat -c %s "$work/digits") bytes"
echo "== run: the 360 test images"
"$work/digits" --input "$here/test_images.npy" --output "$work/logits.npy" > /dev/null
# --bench times the first batch (one image) of the input, after a warm-up.
"$work/digits" --input "$here/test_images.npy" --bench "$bench_runs" > "$work/bench.txt"
echo "== against PyTorch (recorded at export)"
"$python" "$here/check.py" "$work/logits.npy"
echo
"$python" "$here/show.py" "$work/logits.npy" --bench "$work/bench.txt"
