"""Writes a small resnet-dialect model for the numerics trace tests
(e2e/trace-*.test): a stem (conv, batch norm, ReLU as primitive ops), a max
pool, an identity basic block on 8x8 (Winograd F(4x4) at -O3), a stride-2
basic block with a projection shortcut, a bottleneck block, and the head.
Weights are seeded and written as hex (exact f32 values).

    trace_model.py [--perturb UNIT] > model.mlir

--perturb UNIT adds 0.5 to one weight of the conv unit UNIT ('block2.conv2':
the second conv of the projection block), so that two files differ in that
one weight only.
"""
import argparse
import sys

import numpy as np


def t(*shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Model:
    def __init__(self, perturb):
        self.rng = np.random.default_rng(20)
        self.perturb = perturb
        self.consts = []
        self.body = []
        self.count = 0

    def const(self, values):
        values = np.asarray(values, dtype=np.float32)
        self.count += 1
        name = f"%c{self.count}"
        self.consts.append(f'    {name} = arith.constant dense<"0x'
                           f'{values.tobytes().hex().upper()}"> : '
                           f"{t(*values.shape)}")
        return name

    def op(self, text):
        self.count += 1
        name = f"%v{self.count}"
        self.body.append(f"    {name} = {text}")
        return name

    def weight(self, unit, f, c, k):
        w = self.rng.normal(0, np.sqrt(2.0 / (c * k * k)), (f, c, k, k))
        if unit == self.perturb:
            w[f // 2, c // 2, k // 2, k // 2] += 0.5
        return self.const(w), t(f, c, k, k)

    def bn(self, c):
        return ", ".join([self.const(self.rng.uniform(0.5, 1.5, c)),
                          self.const(self.rng.normal(0, 0.1, c)),
                          self.const(self.rng.normal(0, 0.1, c)),
                          self.const(self.rng.uniform(0.5, 1.5, c))])

    def unit(self, block, label, f, c, k):
        w, wt = self.weight(f"{block}.{label}", f, c, k)
        return f"{label}({w} : {wt}, bn {self.bn(f)} : {t(f)})"


def model(perturb):
    m = Model(perturb)
    w, wt = m.weight("stem", 16, 3, 3)
    x = m.op(f"resnet.conv2d %input, {w} {{pads = array<i64: 1, 1, 1, 1>}} : "
             f"{t(1, 3, 16, 16)}, {wt} -> {t(1, 16, 16, 16)}")
    x = m.op(f"resnet.batch_norm {x}, {m.bn(16)} : {t(1, 16, 16, 16)}, "
             f"{t(16)}")
    x = m.op(f"resnet.relu {x} : {t(1, 16, 16, 16)}")
    x = m.op(f"resnet.max_pool2d {x} {{kernel = array<i64: 3, 3>, pads = "
             f"array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}} : "
             f"{t(1, 16, 16, 16)} -> {t(1, 16, 8, 8)}")
    x = m.op(f"resnet.residual_block {x} "
             f"{m.unit('block1', 'conv1', 16, 16, 3)} "
             f"{m.unit('block1', 'conv2', 16, 16, 3)} : "
             f"{t(1, 16, 8, 8)} -> {t(1, 16, 8, 8)}")
    x = m.op(f"resnet.residual_block {x} stride 2 "
             f"{m.unit('block2', 'conv1', 32, 16, 3)} "
             f"{m.unit('block2', 'conv2', 32, 32, 3)} "
             f"{m.unit('block2', 'projection', 32, 16, 1)} : "
             f"{t(1, 16, 8, 8)} -> {t(1, 32, 4, 4)}")
    x = m.op(f"resnet.bottleneck_block {x} width 8 expansion 4 "
             f"{m.unit('block3', 'reduce', 8, 32, 1)} "
             f"{m.unit('block3', 'spatial', 8, 8, 3)} "
             f"{m.unit('block3', 'expand', 32, 8, 1)} : "
             f"{t(1, 32, 4, 4)} -> {t(1, 32, 4, 4)}")
    g = m.op(f"resnet.global_avg_pool {x} : {t(1, 32, 4, 4)} -> "
             f"{t(1, 32, 1, 1)}")
    f = m.op(f"resnet.flatten {g} : {t(1, 32, 1, 1)} -> {t(1, 32)}")
    wl = m.const(m.rng.normal(0, 1.0 / np.sqrt(32), (10, 32)))
    bl = m.const(m.rng.normal(0, 0.1, 10))
    y = m.op(f"resnet.linear {f}, {wl}, {bl} : {t(1, 32)}, {t(10, 32)}, "
             f"{t(10)} -> {t(1, 10)}")
    lines = [f"func.func @model(%input: {t(1, 3, 16, 16)}) -> {t(1, 10)} {{"]
    lines += m.consts + m.body
    lines += [f"    return {y} : {t(1, 10)}", "}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--perturb", default="")
    sys.stdout.write(model(parser.parse_args().perturb))
