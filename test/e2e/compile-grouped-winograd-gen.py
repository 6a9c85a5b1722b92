"""Writes a resnet-dialect model of grouped 3x3 convolutions for
compile-grouped-winograd.test: the layers Winograd F(2x2) applies to
(codegen/cpu/GroupedWinograd.cpp) with groups of 16, 32 and 64 input
channels and one, two and four output vectors a group (16 lanes), on a
14x14 and a 7x7 map (tiles past the last row and column), batch 3, residual /
bias / ReLU epilogues; and a strided one between them, which stays
direct. The last layer's maps are the result, so that every output pixel
(those of the tiles at the odd sides too) is compared. Uses the helpers of compile-grouped-gen.py."""
import importlib.util
import os
import sys

spec = importlib.util.spec_from_file_location(
    "compile_grouped_gen",
    os.path.join(os.path.dirname(__file__), "compile-grouped-gen.py"))
grouped = importlib.util.module_from_spec(spec)
spec.loader.exec_module(grouped)
gen = grouped.gen
t = gen.t


def model():
    m = gen.Model(13)
    n = 3
    # 4 groups of 16 -> 16 on 14x14 (the cost model's choice at -O3),
    # residual and ReLU.
    x, h = grouped.grouped_conv(m, "%input", n, 64, 64, 4, 14, relu=True,
                                residual="%input")
    # 2 groups of 32 -> 64 (four output vectors a group), bias only.
    x, h = grouped.grouped_conv(m, x, n, 64, 128, 2, h)
    # Stride 2 (direct): 14 -> 7.
    x, h = grouped.grouped_conv(m, x, n, 128, 64, 2, h, stride=2, relu=True)
    # 2 groups of 32 -> 64 on 7x7 (the last tiles reach past it), no bias.
    x, h = grouped.grouped_conv(m, x, n, 64, 128, 2, h, bias=False)
    # 2 groups of 64 -> 32 (two output vectors a group), ReLU.
    x, h = grouped.grouped_conv(m, x, n, 128, 64, 2, h, relu=True)
    # The maps themselves are the result: every pixel is compared.
    return m.emit("grouped_winograd", t(n, 64, 14, 14), x, t(n, 64, h, h))


if __name__ == "__main__":
    sys.stdout.write(model())
