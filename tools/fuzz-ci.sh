#!/usr/bin/env bash
# CI's fuzzing step: builds the libFuzzer targets (test/fuzz) in a second
# build directory with clang-22 (-DRESNET_FUZZ=ON: ASan + UBSan + coverage)
# and runs each for a bounded time from the seed corpus (make_seeds.py,
# generated at build time) and the committed crash inputs (test/fuzz/regress/).
#
#   tools/fuzz-ci.sh [SECONDS]        (default 30 per target)
#   RESNET_FUZZ_BUILD_DIR=DIR         (default build-fuzz)
#
# Only the fuzz targets and the libraries they link are built, not the
# tools. A finding fails the step; its input is left in
# DIR/test/fuzz/artifacts/<target>/ (see test/fuzz/run-fuzzers.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RESNET_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-30}
cc=${RESNET_FUZZ_CC:-clang-22}
cxx=${RESNET_FUZZ_CXX:-clang++-22}

start=$SECONDS
if [[ ! -f "$build/build.ninja" ]]; then
  CC=$cc CXX=$cxx cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DRESNET_FUZZ=ON > "$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
fi
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
