#!/usr/bin/env bash
# The main job: set up (Debian packages), build, then compile a bundled ResNet
# into a standalone binary and run it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RESNET_BUILD_DIR:-$root/build}
"$root/tools/setup.sh"
bin=$build/bin
out=$build/quickstart
mkdir -p "$out"

if [[ -x "$root/examples/digits/run.sh" && -x "$bin/resnet-compile" ]]; then
  # A trained ResNet digit classifier: ONNX in, standalone binary out.
  exec "$root/examples/digits/run.sh" "$build"
fi

echo "== resnet-opt: the example model, blocks expanded and optimised"
"$bin/resnet-opt" "$root/examples/resnet-small.mlir" | grep -c "resnet.residual_block" \
  | sed 's/^/residual blocks: /'
if [[ -x "$bin/resnet-compile" ]]; then
  echo "== resnet-compile: examples/resnet-small.mlir -> $out/resnet-small"
  "$bin/resnet-compile" "$root/examples/resnet-small.mlir" -o "$out/resnet-small"
  "$out/resnet-small" --top 3
fi
