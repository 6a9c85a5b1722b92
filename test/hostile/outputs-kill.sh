#!/bin/sh
# outputs-kill.sh SIGNAL DELAY OUTDIR TMPDIR COMMAND...
#
# Runs COMMAND with $TMPDIR set to TMPDIR, sends it SIGNAL after DELAY
# seconds (timeout --foreground: to COMMAND alone, not to the programs it
# started, which must die with it by themselves), then checks what a killed
# run must leave behind:
#   - every file in OUTDIR as it was (the same names, the same sha256): the
#     old output intact and no temporary file beside it,
#   - TMPDIR empty,
#   - no process left that writes a temporary output (an orphaned linker
#     has `-o OUTDIR/<name>.tmp-...` on its command line).
# A signal that lands after COMMAND renamed its output and before it exited
# finds the new output in place: with $COMPLETE naming that complete output
# (the same command's output, run to the end), a run whose only change is
# files byte-identical to it passes as "committed".
# Cleanup after the tool dies is asynchronous (the linker's supervisor), so
# the checks are retried for up to 5 seconds. Prints one line:
# "ok SIGNAL DELAY killed" (or "finished" when COMMAND ended first, or
# "committed") and exits 0, or "FAIL ..." and exits 1.
set -u
signal=$1 delay=$2 outdir=$3 tmpdir=$4
shift 4

snapshot() { (cd "$outdir" && ls -A && sha256sum -- *); }
names() { (cd "$outdir" && ls -A); }
# Whether every file that changed since $before is the complete output.
committed() {
  [ -n "${COMPLETE:-}" ] || return 1
  [ "$(names)" = "$(printf '%s\n' "$before" | sed -n "1,${count}p")" ] || return 1
  for name in $(names); do
    printf '%s\n' "$before" | grep -qxF "$(cd "$outdir" && sha256sum -- "$name")" ||
      cmp -s "$outdir/$name" "$COMPLETE" || return 1
  done
}
# The processes writing a temporary output in OUTDIR: their command lines
# name it (read from /proc: no procps needed).
writers() {
  for cmdline in $(grep -a -l -- "$outdir/[[:alnum:]._-]*[.]tmp-" \
                     /proc/[0-9]*/cmdline 2>/dev/null); do
    { tr '\0' ' ' < "$cmdline"; } 2>/dev/null && echo
  done
}
before=$(snapshot)
count=$(names | wc -l)
TMPDIR=$tmpdir timeout --foreground -s "$signal" "$delay" "$@" >/dev/null 2>&1
status=$?
if [ "$status" -eq 0 ]; then
  echo "ok $signal $delay finished"
  exit 0
fi
if [ "$status" -ne 124 ] && [ "$status" -lt 128 ]; then
  echo "FAIL $signal $delay: the command failed by itself (exit $status)"
  exit 1
fi

tries=0
outcome=killed
while :; do
  problem=
  if [ "$(snapshot)" != "$before" ]; then
    if committed; then
      outcome=committed
    else
      problem="$outdir changed: $(ls -A "$outdir")"
    fi
  fi
  [ -z "$(ls -A "$tmpdir")" ] || problem="left in TMPDIR: $(ls -A "$tmpdir")"
  running=$(writers)
  [ -z "$running" ] || problem="still running: $running"
  [ -z "$problem" ] && break
  tries=$((tries + 1))
  if [ "$tries" -ge 50 ]; then
    echo "FAIL $signal $delay (exit $status): $problem"
    exit 1
  fi
  sleep 0.1
done
echo "ok $signal $delay $outcome"
