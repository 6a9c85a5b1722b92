#!/usr/bin/env bash
# CI's fuzzing step: builds the libFuzzer targets (test/fuzz) in the
# instrumented tree that tools/sanitize-check.sh builds too (clang-22,
# ASan + UBSan + libFuzzer coverage: tools/configure-sanitize.sh) and runs
# each for a bounded time from the seed corpus (make_seeds.py, generated at
# build time) and the committed crash inputs (test/fuzz/regress/).
#
#   tools/fuzz-ci.sh [SECONDS]        (default 30 per target)
#   RESNET_FUZZ_BUILD_DIR=DIR         (default $RESNET_SANITIZE_BUILD_DIR,
#                                      else build-asan)
#
# Run alone it builds only the fuzz targets and the libraries they link;
# after sanitize-check.sh they are built already. A finding fails the step;
# its input is left in DIR/test/fuzz/artifacts/<target>/ (see
# test/fuzz/run-fuzzers.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RESNET_FUZZ_BUILD_DIR:-${RESNET_SANITIZE_BUILD_DIR:-$root/build-asan}}
seconds=${1:-30}

start=$SECONDS
"$root/tools/configure-sanitize.sh" "$build"
targets=(resnet-fuzz-mlir resnet-fuzz-safetensors resnet-fuzz-npy)
names=(mlir safetensors npy)
if grep -q '^build bin/resnet-fuzz-onnx:' "$build/build.ninja"; then
  targets+=(resnet-fuzz-onnx)
  names+=(onnx)
fi
cmake --build "$build" --target "${targets[@]}" resnet-fuzz-seeds
echo "fuzz-ci: built ${#targets[@]} targets in $((SECONDS - start)) s"
RESNET_FUZZ_BUILD_DIR=$build RESNET_FUZZ_TARGETS="${names[*]}" \
  "$root/test/fuzz/run-fuzzers.sh" "$seconds"
