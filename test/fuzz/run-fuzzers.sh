#!/usr/bin/env bash
# Runs every libFuzzer target of a -DRESNET_FUZZ=ON build for a bounded time
# and fails on the first crash, leak-free-ness aside (detect_leaks=0: libMLIR
# keeps some allocations for the life of the process).
#
#   test/fuzz/run-fuzzers.sh [SECONDS]        (default 60 per target)
#   RESNET_FUZZ_BUILD_DIR=DIR                 (the fuzz build; default build-asan,
#                                              tools/configure-sanitize.sh)
#   RESNET_FUZZ_TARGETS="npy mlir"            (a subset; default all five)
#
# Each target starts from <build>/test/fuzz/seeds/<target> (made by the build)
# plus test/fuzz/regress/<target>, and grows a corpus in
# <build>/test/fuzz/corpus/<target>. A crash leaves crash-* (the input) in
# <build>/test/fuzz/artifacts/<target>/: minimize it, copy it to
# test/fuzz/regress/<target>/ and fix the bug (fuzz-replay.test replays it).
# The last line of each target's log (stats) is printed.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
build=${RESNET_FUZZ_BUILD_DIR:-$root/build-asan}
targets=${RESNET_FUZZ_TARGETS:-mlir onnx safetensors npy image}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for t in $targets; do
  bin=$build/bin/resnet-fuzz-$t
  seeds=$build/test/fuzz/seeds/$t
  if [[ ! -x $bin ]]; then
    echo "run-fuzzers: $bin missing (tools/configure-sanitize.sh DIR, then build it)" >&2
    exit 2
  fi
  corpus=$build/test/fuzz/corpus/$t
  artifacts=$build/test/fuzz/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  dirs=("$corpus")
  [[ -d $seeds ]] && dirs+=("$seeds")
  [[ -d $root/test/fuzz/regress/$t ]] && dirs+=("$root/test/fuzz/regress/$t")
  log=$build/test/fuzz/fuzz-$t.log
  # -rss_limit_mb: the importers legitimately build MLIR contexts; a single
  # allocation over 2 GiB still counts as a finding (-malloc_limit_mb).
  "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
    -malloc_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dirs[@]}" > "$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  size=$(find "$corpus" -type f | wc -l)
  if (( rc != 0 )); then
    echo "run-fuzzers: $t FAILED (exit $rc); see $log and $artifacts/"
    grep -m5 -E 'ERROR|SUMMARY|runtime error|deadly signal|Test unit written' "$log"
    status=1
  else
    echo "run-fuzzers: $t ok: ${execs:-?} executions in ${seconds}s, corpus $size files"
  fi
done
exit $status
