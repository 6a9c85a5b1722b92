"""Runs an executable compiled with `resnet-compile --report REPORT` and
checks its peak resident set and its file size against the model's weight
bytes (from the report): `peak_rss.py REPORT MAX_RATIO EXE [ARGS...]`.
Prints both ratios; exits 1 when either is above MAX_RATIO."""
import json
import os
import resource
import subprocess
import sys


def main():
    report_path, max_ratio, exe, args = (sys.argv[1], float(sys.argv[2]),
                                         sys.argv[3], sys.argv[4:])
    with open(report_path) as f:
        weights = json.load(f)["weight_bytes"]
    subprocess.run([exe] + args, check=True, stdout=subprocess.DEVNULL)
    # ru_maxrss of the waited-for children, in KiB on Linux.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    size = os.path.getsize(exe)
    ok = True
    for what, value in (("binary", size), ("peak RSS", rss)):
        ratio = value / weights
        print(f"{what}: {value / 1e6:.1f} MB = {ratio:.3f}x the weights")
        ok = ok and ratio <= max_ratio
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
