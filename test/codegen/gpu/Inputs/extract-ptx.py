"""Writes the PTX of the gpu.binary ops (format=isa) of an MLIR file: the
first to OUT, and with --all every one to OUT.<i> as well."""
import re
import sys

text = open(sys.argv[1]).read()
out = sys.argv[2]
ptxs = [re.sub(r"\\([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), p)
        for p in re.findall(r'assembly = "((?:[^"\\]|\\.)*)"', text)]
if not ptxs:
    sys.exit("no gpu.binary with PTX assembly in " + sys.argv[1])
open(out, "w").write(ptxs[0])
if "--all" in sys.argv[3:]:
    for i, ptx in enumerate(ptxs):
        open(f"{out}.{i}", "w").write(ptx)
