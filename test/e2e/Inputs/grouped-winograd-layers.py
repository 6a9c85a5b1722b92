"""Checks a resnet-compile --report: the `winograd` field of its grouped
conv layers, in order, must be the arguments after the report's path, and
each layer (Winograd or direct) carries the cost model's estimate."""
import json
import sys

report, expected = sys.argv[1], [int(a) for a in sys.argv[2:]]
layers = [t for t in json.load(open(report))["tiles"]
          if t["op"] == "grouped_conv_2d"]
got = [t["winograd"] for t in layers]
if got != expected:
    sys.exit(f"{report}: grouped layers' winograd {got}, expected {expected}")
if any(t["estimated_cycles"] <= 0 for t in layers):
    sys.exit(f"{report}: a grouped layer without an estimate")
