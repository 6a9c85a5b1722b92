"""Checks a resnet-compile --report: the `winograd` field of its grouped
conv layers, in order, must be the arguments after the report's path."""
import json
import sys

report, expected = sys.argv[1], [int(a) for a in sys.argv[2:]]
got = [t["winograd"] for t in json.load(open(report))["tiles"]
       if t["op"] == "grouped_conv_2d"]
if got != expected:
    sys.exit(f"{report}: grouped layers' winograd {got}, expected {expected}")
