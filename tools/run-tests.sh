#!/usr/bin/env bash
# Runs the whole test suite (lit regression tests + C++ unit tests) and ends
# with one summary line: "tests: N passed, N failed, N skipped".
# Usage: tools/run-tests.sh [--no-build] [lit options...]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RESNET_BUILD_DIR:-$root/build}
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  "$root/tools/setup.sh" --build-only || exit 1
fi
lit=${RESNET_LIT:-/usr/lib/llvm-22/bin/lit}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$lit" -sv --time-tests "$@" "$build/test" "$build/test/unit" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { awk -v k="$1" -F: '$1 ~ "^ *"k" *$" {gsub(/ *\(.*/, "", $2); n += $2} END {print n + 0}' "$log"; }
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count Unresolved) + $(count "Timed Out") + $(count "Unexpectedly Passed") ))
skipped=$(( $(count Unsupported) + $(count Skipped) ))
if (( passed + failed == 0 )); then status=1; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
