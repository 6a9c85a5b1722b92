"""Writes a resnet-dialect model with ResNet-50-length reductions for the
accuracy test (e2e/numerics.test), and its input:

- an identity basic block of two 3x3 convs, 128 -> 128 channels on 8x8
  (C*KH*KW = 1152; Winograd F(4x4) at -O3 with --winograd-tile=4),
- a bottleneck block 128 -> 1024 channels, width 256 (its 3x3 conv sums
  2304 terms), the expand conv chained onto the projection shortcut,
- global average pool and a 1024 -> 100 classifier.

Weights are He-initialised like torchvision's, batch norms seeded as in
trace_model.py; written as hex (exact f32 values).

    numerics_model.py MODEL.mlir INPUT.npy
"""
import sys

import numpy as np


def t(*shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Model:
    def __init__(self):
        self.rng = np.random.default_rng(21)
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

    def unit(self, label, f, c, k):
        w = self.const(self.rng.normal(0, np.sqrt(2.0 / (c * k * k)),
                                       (f, c, k, k)))
        bn = ", ".join([self.const(self.rng.uniform(0.5, 1.5, f)),
                        self.const(self.rng.normal(0, 0.1, f)),
                        self.const(self.rng.normal(0, 0.1, f)),
                        self.const(self.rng.uniform(0.5, 1.5, f))])
        return f"{label}({w} : {t(f, c, k, k)}, bn {bn} : {t(f)})"


def model():
    m = Model()
    x = m.op(f"resnet.residual_block %input "
             f"{m.unit('conv1', 128, 128, 3)} {m.unit('conv2', 128, 128, 3)} "
             f": {t(1, 128, 8, 8)} -> {t(1, 128, 8, 8)}")
    x = m.op(f"resnet.bottleneck_block {x} width 256 expansion 4 "
             f"{m.unit('reduce', 256, 128, 1)} "
             f"{m.unit('spatial', 256, 256, 3)} "
             f"{m.unit('expand', 1024, 256, 1)} "
             f"{m.unit('projection', 1024, 128, 1)} : "
             f"{t(1, 128, 8, 8)} -> {t(1, 1024, 8, 8)}")
    g = m.op(f"resnet.global_avg_pool {x} : {t(1, 1024, 8, 8)} -> "
             f"{t(1, 1024, 1, 1)}")
    f = m.op(f"resnet.flatten {g} : {t(1, 1024, 1, 1)} -> {t(1, 1024)}")
    wl = m.const(m.rng.normal(0, 1.0 / np.sqrt(1024), (100, 1024)))
    bl = m.const(m.rng.normal(0, 0.1, 100))
    y = m.op(f"resnet.linear {f}, {wl}, {bl} : {t(1, 1024)}, "
             f"{t(100, 1024)}, {t(100)} -> {t(1, 100)}")
    lines = [f"func.func @model(%input: {t(1, 128, 8, 8)}) -> {t(1, 100)} {{"]
    lines += m.consts + m.body
    lines += [f"    return {y} : {t(1, 100)}", "}"]
    image = np.abs(m.rng.normal(0, 1, (1, 128, 8, 8))).astype(np.float32)
    return "\n".join(lines) + "\n", image


if __name__ == "__main__":
    text, image = model()
    with open(sys.argv[1], "w") as f:
        f.write(text)
    np.save(sys.argv[2], image)
