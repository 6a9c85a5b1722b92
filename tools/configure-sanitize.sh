#!/usr/bin/env bash
# Configures the one instrumented build tree that tools/sanitize-check.sh and
# tools/fuzz-ci.sh share (unless it is configured already): clang-22, -O1,
# ASan + LSan + UBSan on everything (-DRESNET_SANITIZE) plus libFuzzer's
# coverage on the libraries and libFuzzer mains on test/fuzz's targets
# (-DRESNET_FUZZ=ON). The tools, the unit tests and the runtime archives the
# compiled models link are instrumented alike; resnet-compile links with
# this build's C compiler (codegen/common/Link.cpp, lit's %cc).
#
#   tools/configure-sanitize.sh DIR
#   RESNET_SANITIZE_CC / RESNET_SANITIZE_CXX   (default clang-22 / clang++-22)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: tools/configure-sanitize.sh BUILD_DIR}
cc=${RESNET_SANITIZE_CC:-${RESNET_FUZZ_CC:-clang-22}}
cxx=${RESNET_SANITIZE_CXX:-${RESNET_FUZZ_CXX:-clang++-22}}

if [[ -f "$build/build.ninja" ]]; then
  # A tree from before the two were merged (gcc, no libFuzzer) would make
  # fuzz-ci.sh fail late and oddly: say so now.
  if ! grep -q '^RESNET_FUZZ:BOOL=ON$' "$build/CMakeCache.txt"; then
    echo "configure-sanitize: $build is not a -DRESNET_FUZZ=ON tree; remove it to reconfigure" >&2
    exit 1
  fi
  exit 0
fi
CC=$cc CXX=$cxx cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DRESNET_FUZZ=ON \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" > "$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
