#!/usr/bin/env bash
# The sanitizer check: builds everything of ours (tools, libraries, the
# runtime that compiled models link, unit tests) with AddressSanitizer +
# LeakSanitizer + UndefinedBehaviorSanitizer in a second build directory
# (clang-22 -O1, tools/configure-sanitize.sh: the same tree serves
# tools/fuzz-ci.sh, so CI compiles our sources twice, not three times), then
# runs the lit suites with every sanitizer report fatal: a report fails its
# test.
#
#   tools/sanitize-check.sh [--all] [lit options...]
#   RESNET_SANITIZE_BUILD_DIR=DIR   (default build-asan)
#
# By default it runs the suites that exercise the hostile surface: test/hostile
# (every class of bad input and interrupted output), the importer's and the
# dialect verifiers' error tests, the tools' flag handling, the fuzz targets'
# replay of their corpus, the compiled binaries' and resnet-run's input
# checks (.npy and image parsers, flags) and the unit tests. --all runs the
# whole suite.
#
# LLVM/MLIR come prebuilt from Debian and are not instrumented: ASan sees
# their heap (malloc is intercepted) but not their own out-of-bounds
# accesses (test/lit_sanitizer.py says which option that needs). Leaks
# they keep on purpose until exit would be suppressed in tools/lsan.supp,
# each entry with its reason (none so far: the tools exit cleanly).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RESNET_SANITIZE_BUILD_DIR:-$root/build-asan}
lit=${RESNET_LIT:-/usr/lib/llvm-22/bin/lit}
suites=(hostile importer dialect tools fuzz unit
        e2e/binary-errors.test e2e/image-input.test e2e/trace-errors.test
        e2e/compile-errors.test e2e/reference-errors.mlir
        e2e/regress-run-npy-overflow.mlir)
if [[ "${1:-}" == "--all" ]]; then
  shift
  suites=(. unit)
fi

start=$SECONDS
"$root/tools/configure-sanitize.sh" "$build"
cmake --build "$build"
echo "sanitize-check: built in $((SECONDS - start)) s"

# Any report fails: ASan and UBSan abort the process (test/lit.cfg.py sets
# the options and the leak suppressions; these are added to them).
dirs=()
for s in "${suites[@]}"; do dirs+=("$build/test/$s"); done
start=$SECONDS
status=0
# Left to the normal suite: the torchvision tests (they export real PyTorch
# models) and the importer's whole-model numerics (ResNet-50/101 imported
# and run: arch-raise, arch-bottleneck, onnx-folded, onnx-resnet). They
# reach no importer code that the error tests, the ONNX conformance cases
# and the small models do not, and cost about 20 minutes under ASan.
filter=(--filter-out 'torchvision|arch-raise|arch-bottleneck|onnx-folded|onnx-resnet')
[[ ${#suites[@]} -eq 2 ]] && filter=()
"$lit" -sv --time-tests "${filter[@]}" "$@" "${dirs[@]}" || status=$?
echo "sanitize-check: lit ran in $((SECONDS - start)) s"
exit "$status"
