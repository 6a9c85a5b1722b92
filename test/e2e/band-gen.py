"""Writes a model of bottleneck blocks for the band fusion tests
(--resnet-band-fuse): a stride-1 block with a projection, an identity
block, a stride-2 block with a projection, another identity block, on an
odd map (9x9, then 5x5) with channel counts that are vector multiples,
then the classifier head. Random weights and batch norms.

    band-gen.py BATCH > model.mlir
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module

gen = import_module("compile-gen")
Model, t, head = gen.Model, gen.t, gen.head


def bottleneck(m, x, n, c, h, width, expansion, stride, projection):
    out = width * expansion
    ho = (h - 1) // stride + 1
    units = (f"{m.unit('reduce', width, c, 1)} "
             f"{m.unit('spatial', width, width, 3)} "
             f"{m.unit('expand', out, width, 1)}")
    if projection:
        units += f" {m.unit('projection', out, c, 1)}"
    y = m.op(f"resnet.bottleneck_block {x} width {width} expansion {expansion} "
             f"stride {stride} {units} : {t(n, c, h, h)} -> "
             f"{t(n, out, ho, ho)}")
    return y, out, ho


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    m = Model(16)
    x, c, h = "%input", 32, 9
    x, c, h = bottleneck(m, x, n, c, h, 16, 4, 1, True)
    x, c, h = bottleneck(m, x, n, c, h, 16, 4, 1, False)
    x, c, h = bottleneck(m, x, n, c, h, 32, 4, 2, True)
    x, c, h = bottleneck(m, x, n, c, h, 32, 4, 1, False)
    y = head(m, x, n, c, h, h, 10, softmax=False)
    sys.stdout.write(m.emit("band", t(n, 32, 9, 9), y, t(n, 10)))


if __name__ == "__main__":
    main()
