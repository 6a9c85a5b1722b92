"""Writes a resnet-dialect model of grouped convolutions for
compile-grouped.test: every form the vector kernel of
codegen/cpu/GroupedConv.cpp takes (whole groups per vector with a shuffle,
depthwise without one, a vector within one group with a broadcast,
Cg != Fg), stride 1 and 2, odd sizes, batch 3, bias / residual / ReLU
epilogues. Uses the Model helper of compile-gen.py."""
import importlib.util
import os
import sys

spec = importlib.util.spec_from_file_location(
    "compile_gen", os.path.join(os.path.dirname(__file__), "compile-gen.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
t = gen.t


def grouped_conv(m, x, n, c, f, groups, h, stride=1, bias=True,
                 residual=None, relu=False):
    """A 3x3 (pad 1) grouped conv; returns the result and its size."""
    w, wt = m.weight(f, c // groups, 3, 3)
    out = (h - 1) // stride + 1
    attrs = [f"groups = {groups} : i64", "pads = array<i64: 1, 1, 1, 1>",
             f"strides = array<i64: {stride}, {stride}>"]
    if relu:
        attrs.append("relu")
    if bias:
        b, bt = m.const(m.rng.normal(0, 0.1, f))
    else:
        b, bt = m.const(gen.np.zeros(f))
    res = f" residual {residual}" if residual else ""
    res_type = f", {t(n, f, out, out)}" if residual else ""
    y = m.op(f"resnet.fused_conv {x}, {w}, {b}{res} {{{', '.join(attrs)}}} : "
             f"{t(n, c, h, h)}, {wt}, {bt}{res_type} -> {t(n, f, out, out)}")
    return y, out


def model():
    m = gen.Model(11)
    n = 3
    # 16 groups of 4 -> 4 (ResNeXt 32x4d's first stage shape), residual.
    x, h = grouped_conv(m, "%input", n, 64, 64, 16, 11, relu=True,
                        residual="%input")
    # 32 groups of 2 -> 2, stride 2.
    x, h = grouped_conv(m, x, n, 64, 64, 32, h, stride=2, relu=True)
    # Depthwise.
    x, h = grouped_conv(m, x, n, 64, 64, 64, h, relu=True)
    # 2 groups of 32 -> 32: a vector lies in one group (broadcast).
    x, h = grouped_conv(m, x, n, 64, 64, 2, h, bias=False)
    # Depthwise with multiplier 2 (Cg = 1, Fg = 2).
    x, h = grouped_conv(m, x, n, 64, 128, 64, h, relu=True)
    # 8 groups of 16 -> 4 (Cg > Fg: the input of a vector spans two), stride 2.
    x, h = grouped_conv(m, x, n, 128, 32, 8, h, stride=2)
    y = gen.head(m, x, n, 32, h, h, 10, softmax=False)
    return m.emit("grouped", t(n, 64, 11, 11), y, t(n, 10))


def wide_strided_model():
    """8 groups of 64 channels at stride 2 (512-channel pixels: a tap's are
    4 KiB apart, in one L1 set), 13x13 -> 7x7, batch 3, a residual and
    ReLU after it: compile-grouped-wide.test's tiles of four vectors."""
    m = gen.Model(12)
    n = 3
    x, h = grouped_conv(m, "%input", n, 512, 512, 8, 13, stride=2)
    x, h = grouped_conv(m, x, n, 512, 512, 8, h, relu=True, residual=x)
    y = gen.head(m, x, n, 512, h, h, 10, softmax=False)
    return m.emit("wide", t(n, 512, 13, 13), y, t(n, 10))


if __name__ == "__main__":
    sys.stdout.write(wide_strided_model() if sys.argv[1:] == ["--wide"]
                     else model())
