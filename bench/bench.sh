#!/usr/bin/env bash
# Compile-and-run benchmark of resnet-compile (not part of the tests):
# compile time, peak compiler RSS, binary size, latency (1 and 2 threads),
# peak RSS of the binary, for torchvision architectures built by
# `resnet-import --arch` with random weights.
#
#   bench/bench.sh [BUILD_DIR] [ARCH...]      (default: resnet18 resnet50)
#   RUNS=N (default 10)  OPT=-O3
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
shift || true
archs=("$@")
[[ ${#archs[@]} -gt 0 ]] || archs=(resnet18 resnet50)
runs=${RUNS:-10}
opt=${OPT:--O3}
bin=$build/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "seconds peak_rss_kb" of a command (GNU time's %e %M).
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" && cat "$work/time"; }

printf "%-10s %10s %10s %10s %12s %12s %10s\n" arch compile_s cc_rss_MB bin_MB \
  "1T_ms(med)" "2T_ms(med)" run_rss_MB
for arch in "${archs[@]}"; do
  "$bin/resnet-import" --arch "$arch" -o "$work/$arch.mlir"
  read -r ctime crss < <(measure "$bin/resnet-compile" "$work/$arch.mlir" $opt \
                         -o "$work/$arch" --report "$work/$arch.json")
  size=$(stat -c %s "$work/$arch")
  lat1=$("$work/$arch" --bench "$runs" --threads 1 | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p')
  lat2=$(OMP_NUM_THREADS=2 "$work/$arch" --bench "$runs" --threads 2 | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p')
  read -r _ rrss < <(measure "$work/$arch")
  printf "%-10s %10s %10.1f %10.1f %12s %12s %10.1f\n" "$arch" "$ctime" \
    "$(echo "$crss / 1024" | bc -l)" "$(echo "$size / 1048576" | bc -l)" \
    "$lat1" "$lat2" "$(echo "$rrss / 1024" | bc -l)"
done
