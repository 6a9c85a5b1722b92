"""Checks a resnet-compile --report: every configured layer and Winograd
transform (each entry of `tiles`) carries the cost model's estimate of its
cycles, and the ops named after the report's path are among them."""
import json
import sys

report, ops = sys.argv[1], sys.argv[2:]
tiles = json.load(open(report))["tiles"]
missing = [t["op"] for t in tiles if t["estimated_cycles"] <= 0]
if missing:
    sys.exit(f"{report}: no estimate for {missing}")
absent = [op for op in ops if op not in {t["op"] for t in tiles}]
if absent:
    sys.exit(f"{report}: no {absent} in the report")
