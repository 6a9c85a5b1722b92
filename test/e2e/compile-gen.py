"""Writes small resnet-dialect models with random (seeded) weights for the
compile-* end-to-end tests: resnet-compile's binary is compared with the
reference interpreter (resnet-run) on the same generated input.

    compile-gen.py MODEL > model.mlir

MODEL: basic, bottleneck, layers, grouped, fused, winograd,
winograd_blocks, winograd_late, late, remainder, strided_row, spread,
streamed, strided_sweeps, pools, images, channels. Weights are written as
hex dense attributes (exact f32 values).
"""
import sys

import numpy as np


class Model:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.consts = []
        self.body = []
        self.count = 0

    def name(self, prefix):
        self.count += 1
        return f"%{prefix}{self.count}"

    def const(self, values):
        values = np.asarray(values, dtype=np.float32)
        name = self.name("c")
        shape = "x".join(str(d) for d in values.shape)
        self.consts.append(f'    {name} = arith.constant dense<"0x'
                           f'{values.tobytes().hex().upper()}"> : '
                           f"tensor<{shape}xf32>")
        return name, f"tensor<{shape}xf32>"

    def weight(self, f, c, kh, kw):
        scale = np.sqrt(2.0 / (c * kh * kw))
        return self.const(self.rng.normal(0, scale, (f, c, kh, kw)))

    def bn(self, c):
        return [self.const(self.rng.uniform(0.5, 1.5, c))[0],
                self.const(self.rng.normal(0, 0.1, c))[0],
                self.const(self.rng.normal(0, 0.1, c))[0],
                self.const(self.rng.uniform(0.5, 1.5, c))[0]]

    def op(self, text):
        name = self.name("v")
        self.body.append(f"    {name} = {text}")
        return name

    def unit(self, label, f, c, k):
        w, wt = self.weight(f, c, k, k)
        g, b, m, v = self.bn(f)
        return f"{label}({w} : {wt}, bn {g}, {b}, {m}, {v} : tensor<{f}xf32>)"

    def emit(self, name, in_type, result, out_type):
        lines = [f"func.func @{name}(%input: {in_type}) -> {out_type} {{"]
        lines += self.consts + self.body
        lines.append(f"    return {result} : {out_type}")
        lines.append("}")
        return "\n".join(lines) + "\n"


def t(*shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def conv(m, x, in_shape, out_shape, k, attrs="", bias=True):
    """resnet.conv2d of x with random k x k filters (and a random bias);
    attrs: the conv's attributes (pads, strides), as written in braces."""
    w, wt = m.weight(out_shape[1], in_shape[1], k, k)
    operands, types = f"{x}, {w}", f"{t(*in_shape)}, {wt}"
    if bias:
        b, bt = m.const(m.rng.normal(0, 0.1, out_shape[1]))
        operands, types = f"{operands}, {b}", f"{types}, {bt}"
    attrs = f" {{{attrs}}}" if attrs else ""
    return m.op(f"resnet.conv2d {operands}{attrs} : {types} -> "
                f"{t(*out_shape)}")


def identity_block(m, x, n, c, h, w):
    """resnet.residual_block of two 3x3 units on c channels, identity
    shortcut."""
    return m.op(f"resnet.residual_block {x} {m.unit('conv1', c, c, 3)} "
                f"{m.unit('conv2', c, c, 3)} : {t(n, c, h, w)} -> "
                f"{t(n, c, h, w)}")


def head(m, x, n, c, h, w, classes, softmax=True):
    """global_avg_pool, flatten, linear (+ softmax)."""
    g = m.op(f"resnet.global_avg_pool {x} : {t(n, c, h, w)} -> {t(n, c, 1, 1)}")
    f = m.op(f"resnet.flatten {g} : {t(n, c, 1, 1)} -> {t(n, c)}")
    wl, wlt = m.const(m.rng.normal(0, 1.0 / np.sqrt(c), (classes, c)))
    bl, blt = m.const(m.rng.normal(0, 0.1, classes))
    y = m.op(f"resnet.linear {f}, {wl}, {bl} : {t(n, c)}, {wlt}, {blt} -> "
             f"{t(n, classes)}")
    if softmax:
        y = m.op(f"resnet.softmax {y} : {t(n, classes)}")
    return y


def one_conv(name, seed, in_shape, out_shape, k, attrs=""):
    """A model of one conv (bias, ReLU) and the classifier head (10
    classes): the single-layer models below."""
    m = Model(seed)
    x = conv(m, "%input", in_shape, out_shape, k, attrs)
    x = m.op(f"resnet.relu {x} : {t(*out_shape)}")
    y = head(m, x, *out_shape, 10, softmax=False)
    return m.emit(name, t(*in_shape), y, t(out_shape[0], 10))


def one_conv_map(name, seed, in_shape, out_shape, k, attrs=""):
    """A model of one conv (bias, ReLU) whose output is the feature map
    itself: every value checked."""
    m = Model(seed)
    x = conv(m, "%input", in_shape, out_shape, k, attrs)
    x = m.op(f"resnet.relu {x} : {t(*out_shape)}")
    return m.emit(name, t(*in_shape), x, t(*out_shape))


def basic():
    """Stem conv + BN + ReLU, max pool, identity and projection (stride 2)
    basic blocks, odd spatial size, head with softmax."""
    m = Model(1)
    w, wt = m.weight(8, 3, 3, 3)
    x = m.op(f"resnet.conv2d %input, {w} {{pads = array<i64: 1, 1, 1, 1>}} : "
             f"{t(1, 3, 17, 17)}, {wt} -> {t(1, 8, 17, 17)}")
    g, b, mu, v = m.bn(8)
    x = m.op(f"resnet.batch_norm {x}, {g}, {b}, {mu}, {v} : {t(1, 8, 17, 17)}, "
             f"{t(8)}")
    x = m.op(f"resnet.relu {x} : {t(1, 8, 17, 17)}")
    x = m.op(f"resnet.max_pool2d {x} {{kernel = array<i64: 3, 3>, pads = "
             f"array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}} : "
             f"{t(1, 8, 17, 17)} -> {t(1, 8, 9, 9)}")
    x = identity_block(m, x, 1, 8, 9, 9)
    x = m.op(f"resnet.residual_block {x} stride 2 {m.unit('conv1', 16, 8, 3)} "
             f"{m.unit('conv2', 16, 16, 3)} {m.unit('projection', 16, 8, 1)} : "
             f"{t(1, 8, 9, 9)} -> {t(1, 16, 5, 5)}")
    y = head(m, x, 1, 16, 5, 5, 10)
    return m.emit("basic", t(1, 3, 17, 17), y, t(1, 10))


def bottleneck():
    """Batch 2; bottleneck blocks with a stride-2 projection and with groups."""
    m = Model(2)
    x = m.op(f"resnet.bottleneck_block %input width 4 expansion 4 stride 2 "
             f"{m.unit('reduce', 4, 8, 1)} {m.unit('spatial', 4, 4, 3)} "
             f"{m.unit('expand', 16, 4, 1)} {m.unit('projection', 16, 8, 1)} : "
             f"{t(2, 8, 11, 11)} -> {t(2, 16, 6, 6)}")
    w, wt = m.weight(8, 4, 3, 3)  # grouped spatial conv: 8 -> 8, groups 2
    x = m.op(f"resnet.bottleneck_block {x} width 8 expansion 2 groups 2 "
             f"{m.unit('reduce', 8, 16, 1)} "
             f"spatial({w} : {wt}, bn {', '.join(m.bn(8))} : {t(8)}) "
             f"{m.unit('expand', 16, 8, 1)} : {t(2, 16, 6, 6)} -> "
             f"{t(2, 16, 6, 6)}")
    y = head(m, x, 2, 16, 6, 6, 5, softmax=False)
    return m.emit("bottleneck", t(2, 8, 11, 11), y, t(2, 5))


def layers():
    """Primitive layers with the less common attributes: conv bias,
    asymmetric pads, stride 2, dilation 2, avg pools (both pad counts),
    standalone BN, add, linear without bias, softmax."""
    m = Model(3)
    x = conv(m, "%input", (1, 3, 13, 12), (1, 6, 7, 6), 3,
                  "pads = array<i64: 0, 1, 2, 1>, strides = array<i64: 2, 2>")
    w2, w2t = m.weight(6, 6, 3, 3)
    d = m.op(f"resnet.conv2d {x}, {w2} {{pads = array<i64: 2, 2, 2, 2>, "
             f"dilations = array<i64: 2, 2>}} : {t(1, 6, 7, 6)}, {w2t} -> "
             f"{t(1, 6, 7, 6)}")
    x = m.op(f"resnet.add {x}, {d} : {t(1, 6, 7, 6)}, {t(1, 6, 7, 6)}")
    g, bb, mu, v = m.bn(6)
    x = m.op(f"resnet.batch_norm {x}, {g}, {bb}, {mu}, {v} {{epsilon = 1.0e-03 "
             f": f64}} : {t(1, 6, 7, 6)}, {t(6)}")
    a = m.op(f"resnet.avg_pool2d {x} {{kernel = array<i64: 3, 3>, pads = "
             f"array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}} : "
             f"{t(1, 6, 7, 6)} -> {t(1, 6, 4, 3)}")
    c = m.op(f"resnet.avg_pool2d {x} {{kernel = array<i64: 3, 3>, pads = "
             f"array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, "
             f"count_include_pad = true}} : {t(1, 6, 7, 6)} -> {t(1, 6, 4, 3)}")
    x = m.op(f"resnet.add {a}, {c} : {t(1, 6, 4, 3)}, {t(1, 6, 4, 3)}")
    f = m.op(f"resnet.flatten {x} : {t(1, 6, 4, 3)} -> {t(1, 72)}")
    wl, wlt = m.const(m.rng.normal(0, 0.2, (7, 72)))
    y = m.op(f"resnet.linear {f}, {wl} : {t(1, 72)}, {wlt} -> {t(1, 7)}")
    y = m.op(f"resnet.softmax {y} : {t(1, 7)}")
    return m.emit("layers", t(1, 3, 13, 12), y, t(1, 7))


def grouped():
    """Grouped and depthwise convolutions, batch 3."""
    m = Model(4)
    w, wt = m.weight(12, 2, 3, 3)
    x = m.op(f"resnet.conv2d %input, {w} {{groups = 4 : i64, pads = "
             f"array<i64: 1, 1, 1, 1>}} : {t(3, 8, 7, 7)}, {wt} -> "
             f"{t(3, 12, 7, 7)}")
    w, wt = m.weight(12, 1, 3, 3)
    x = m.op(f"resnet.conv2d {x}, {w} {{groups = 12 : i64, strides = "
             f"array<i64: 2, 2>}} : {t(3, 12, 7, 7)}, {wt} -> {t(3, 12, 3, 3)}")
    x = m.op(f"resnet.relu {x} : {t(3, 12, 3, 3)}")
    return m.emit("grouped", t(3, 8, 7, 7), x, t(3, 12, 3, 3))


def fused():
    """resnet.fused_conv as the fuse-conv pass writes it: bias, residual,
    ReLU; and without residual/ReLU."""
    m = Model(5)
    w, wt = m.weight(4, 4, 3, 3)
    b, bt = m.const(m.rng.normal(0, 0.1, 4))
    x = m.op(f"resnet.fused_conv %input, {w}, {b} residual %input {{pads = "
             f"array<i64: 1, 1, 1, 1>, relu}} : {t(1, 4, 6, 6)}, {wt}, {bt}, "
             f"{t(1, 4, 6, 6)} -> {t(1, 4, 6, 6)}")
    w, wt = m.weight(8, 4, 1, 1)
    b, bt = m.const(m.rng.normal(0, 0.1, 8))
    x = m.op(f"resnet.fused_conv {x}, {w}, {b} {{strides = array<i64: 2, 2>}} "
             f": {t(1, 4, 6, 6)}, {wt}, {bt} -> {t(1, 8, 3, 3)}")
    return m.emit("fused", t(1, 4, 6, 6), x, t(1, 8, 3, 3))


def winograd():
    """Stride-1 3x3 convs that -O3 computes with Winograd, batch 2: a
    residual block on 8x8 (F(4x4,3x3), bias + residual + ReLU epilogues),
    a conv with bias (F(4x4)), an unpadded conv to 6x6 (F(2x2)) + ReLU."""
    m = Model(6)
    x = identity_block(m, "%input", 2, 16, 8, 8)
    x = conv(m, x, (2, 16, 8, 8), (2, 32, 8, 8), 3,
                  "pads = array<i64: 1, 1, 1, 1>")
    x = conv(m, x, (2, 32, 8, 8), (2, 16, 6, 6), 3, bias=False)
    x = m.op(f"resnet.relu {x} : {t(2, 16, 6, 6)}")
    y = head(m, x, 2, 16, 6, 6, 10, softmax=False)
    return m.emit("winograd", t(2, 16, 8, 8), y, t(2, 10))


def winograd_blocks():
    """Winograd layers large enough to run on threads, batch 3 at 15x15 (a
    padded last row and column of tiles): a residual block (bias +
    residual + ReLU epilogues) on 32 channels, then a conv to 48."""
    m = Model(8)
    x = identity_block(m, "%input", 3, 32, 15, 15)
    x = conv(m, x, (3, 32, 15, 15), (3, 48, 15, 15), 3,
             "pads = array<i64: 1, 1, 1, 1>")
    x = m.op(f"resnet.relu {x} : {t(3, 48, 15, 15)}")
    y = head(m, x, 3, 48, 15, 15, 10, softmax=False)
    return m.emit("winograd_blocks", t(3, 32, 15, 15), y, t(3, 10))


def late():
    """A late-stage image (7x7, then 4x4) whose weights exceed what stays
    in L2: a row-blocked 3x3 stride-2 conv 128 -> 256 (bias, ReLU) and a
    1x1 conv 256 -> 640, both prefetching their next weight blocks."""
    m = Model(7)
    x = conv(m, "%input", (1, 128, 7, 7), (1, 256, 4, 4), 3,
                  "pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>")
    x = m.op(f"resnet.relu {x} : {t(1, 256, 4, 4)}")
    x = conv(m, x, (1, 256, 4, 4), (1, 640, 4, 4), 1, bias=False)
    x = m.op(f"resnet.relu {x} : {t(1, 640, 4, 4)}")
    y = head(m, x, 1, 640, 4, 4, 10, softmax=False)
    return m.emit("late", t(1, 128, 7, 7), y, t(1, 10))


def remainder():
    """A late 1x1 conv 1024 -> 1024 on an odd 5x9 map whose 4 MiB of
    weights do not stay in L2: the row tile takes the whole 9-wide row
    (two vectors of channels on AVX-512; on AVX2 tiles of three columns,
    row-blocked) rather than leave a remainder that would stream the
    weights a second time; bias and ReLU fused."""
    return one_conv("remainder", 9, (1, 1024, 5, 9), (1, 1024, 5, 9), 1)


def strided_row():
    """A late stride-2 1x1 conv 1024 -> 1024 from 9x17 to 5x9 (a
    projection's shape; 4 MiB of weights, which stream): on AVX-512 the
    whole 9-wide output row is one tile of 2 vectors of channels, as in
    remainder, with a strided conv's reduction step; bias and ReLU fused."""
    return one_conv("strided_row", 15, (1, 1024, 9, 17), (1, 1024, 5, 9), 1, "strides = array<i64: 2, 2>")


def spread():
    """A third-stage 1x1 conv 1024 -> 256 on 14x14 whose 1 MiB of weights
    do not stay in L2, swept per channel tile by one register tile of each
    half row (28 sweeps): it prefetches the next tile's weights spread over
    the sweeps; bias and ReLU fused."""
    return one_conv("spread", 10, (1, 1024, 14, 14), (1, 256, 14, 14), 1)


def streamed():
    """Batch 4, inputs more than twice L2 read by layers that sweep spatial
    tiles outermost (weights in cache), each prefetching its next tile's
    input: a 1x1 conv 256 -> 128 on 47x47 (9 MB in), then a 3x3 stride-2
    conv 128 -> 32 without padding (4.5 MB in, its reduction loops over the
    window, 23x23 out: a remainder tile on each row)."""
    m = Model(11)
    x = conv(m, "%input", (4, 256, 47, 47), (4, 128, 47, 47), 1)
    x = m.op(f"resnet.relu {x} : {t(4, 128, 47, 47)}")
    x = conv(m, x, (4, 128, 47, 47), (4, 32, 23, 23), 3,
             "strides = array<i64: 2, 2>")
    # The feature map itself is the output: every value checked.
    x = m.op(f"resnet.relu {x} : {t(4, 32, 23, 23)}")
    return m.emit("streamed", t(4, 256, 47, 47), x, t(4, 32, 23, 23))


def features():
    """A backbone's output: the feature map itself, 48 channels (NHWC ->
    NCHW in three blocks of 16 channels), from an input of 17 columns
    (prime: NCHW -> NHWC in blocks of its 64 channels instead), batch 2."""
    m = Model(5)
    x = conv(m, "%input", (2, 64, 9, 17), (2, 48, 9, 17), 1)
    x = m.op(f"resnet.relu {x} : {t(2, 48, 9, 17)}")
    return m.emit("features", t(2, 64, 9, 17), x, t(2, 48, 9, 17))


def strided_sweeps():
    """Batch 2, a 3x3 stride-2 conv 64 -> 64 (padded, odd 47x47 in, 24x24
    out: a remainder tile on each row) whose weights (144 KiB) leave it
    sweeping the image once per channel tile on x86-64-v2 (256 KiB L2),
    each sweep reading all of its 1.1 MiB input: it prefetches each next
    tile's input."""
    return one_conv_map("strided_sweeps", 14, (2, 64, 47, 47), (2, 64, 24, 24),
                        3, "pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>")


def pools():
    """Batch 2, max pools tiled one output pixel a tile, channels in runs
    of up to 64: 3x3 stride 2 padded on 96 channels (one tile of 48 a
    pixel: three 16-lane vectors, or six of AVX2's 8) from an odd 15x15
    map, then 2x2 stride 1 on 80 (tiles of 40: a masked tail vector); the
    pooled map is the output, every value checked."""
    m = Model(12)
    x = conv(m, "%input", (2, 8, 15, 15), (2, 96, 15, 15), 1)
    x = m.op(f"resnet.max_pool2d {x} {{kernel = array<i64: 3, 3>, pads = "
             f"array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}} : "
             f"{t(2, 96, 15, 15)} -> {t(2, 96, 8, 8)}")
    x = conv(m, x, (2, 96, 8, 8), (2, 80, 8, 8), 1)
    x = m.op(f"resnet.max_pool2d {x} {{kernel = array<i64: 2, 2>}} : "
             f"{t(2, 80, 8, 8)} -> {t(2, 80, 7, 7)}")
    return m.emit("pools", t(2, 8, 15, 15), x, t(2, 80, 7, 7))


def images():
    """Batch 4, small late-stage maps: a register tile takes the same row of
    several images (4x4 maps: 2 images, 2x2: 4). A stride-2 conv to 4x4,
    a residual block on it, a stride-2 block with a projection to 2x2, a
    1x1 conv with bias and ReLU; 16 and 64 channels (1 and 4 vectors)."""
    m = Model(8)
    x = conv(m, "%input", (4, 16, 8, 8), (4, 32, 4, 4), 3,
             "pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>")
    x = m.op(f"resnet.relu {x} : {t(4, 32, 4, 4)}")
    x = identity_block(m, x, 4, 32, 4, 4)
    x = m.op(f"resnet.residual_block {x} stride 2 {m.unit('conv1', 64, 32, 3)} "
             f"{m.unit('conv2', 64, 64, 3)} {m.unit('projection', 64, 32, 1)} "
             f": {t(4, 32, 4, 4)} -> {t(4, 64, 2, 2)}")
    x = conv(m, x, (4, 64, 2, 2), (4, 16, 2, 2), 1)
    x = m.op(f"resnet.relu {x} : {t(4, 16, 2, 2)}")
    y = head(m, x, 4, 16, 2, 2, 10, softmax=False)
    return m.emit("images", t(4, 16, 8, 8), y, t(4, 10))


def channels():
    """Batch 3, channel counts with no divisor of whole vectors, their last
    channels peeled into tiles of their own: a 3x3 conv to 37 channels
    (prime) on an odd 11x13 map (rows peeled too), a 1x1 conv 37 -> 40 with
    bias, the block's input (projected) added and ReLU, and a 1000-class
    classifier (31 tiles of 32 classes and one of 8)."""
    m = Model(13)
    x = conv(m, "%input", (3, 8, 11, 13), (3, 37, 11, 13), 3,
             "pads = array<i64: 1, 1, 1, 1>")
    x = m.op(f"resnet.relu {x} : {t(3, 37, 11, 13)}")
    shortcut = conv(m, "%input", (3, 8, 11, 13), (3, 40, 11, 13), 1,
                    bias=False)
    y = conv(m, x, (3, 37, 11, 13), (3, 40, 11, 13), 1)
    y = m.op(f"resnet.add {y}, {shortcut} : {t(3, 40, 11, 13)}, "
             f"{t(3, 40, 11, 13)}")
    y = m.op(f"resnet.relu {y} : {t(3, 40, 11, 13)}")
    y = head(m, y, 3, 40, 11, 13, 1000, softmax=False)
    return m.emit("channels", t(3, 8, 11, 13), y, t(3, 1000))


def winograd_late():
    """A late-stage Winograd layer: a stride-1 3x3 conv 256 -> 128 on 10x10
    (bias, ReLU) whose stored transformed filter (2 MiB) exceeds half of
    L2: its product prefetches the next channel block of each point."""
    return one_conv("winograd_late", 9, (1, 256, 10, 10), (1, 128, 10, 10), 3, "pads = array<i64: 1, 1, 1, 1>")


def winograd_peak():
    """A large map first, a Winograd layer after: a ReLU on 64x64x32 (the
    arena's peak), a stride-2 1x1 conv to 32x32, then a stride-1 3x3 conv
    32 -> 32 (bias, ReLU). One image's activations alone exceed the
    default memory budget (a quarter of the 42 KiB of weights, less the
    runtime's 3 MiB: nothing): the 3x3
    may use what the model needs without Winograd, its filter transformed
    at run time under the peak."""
    m = Model(10)
    x = m.op(f"resnet.relu %input : {t(1, 32, 64, 64)}")
    x = conv(m, x, (1, 32, 64, 64), (1, 32, 32, 32), 1,
             "strides = array<i64: 2, 2>")
    x = conv(m, x, (1, 32, 32, 32), (1, 32, 32, 32), 3,
             "pads = array<i64: 1, 1, 1, 1>")
    x = m.op(f"resnet.relu {x} : {t(1, 32, 32, 32)}")
    y = head(m, x, 1, 32, 32, 32, 10, softmax=False)
    return m.emit("winograd_peak", t(1, 32, 64, 64), y, t(1, 10))


def register_rows():
    """A late 3x3 conv 512 -> 512 at 7x7 (bias, ReLU; 9 MiB of weights,
    row-blocked): on AVX2 and Zen one tile spans the whole 7-wide output
    and cuts each row in register tiles of 4 + 3 columns inside it
    (register_rows)."""
    return one_conv_map("register_rows", 16, (1, 512, 7, 7), (1, 512, 7, 7),
                        3, "pads = array<i64: 1, 1, 1, 1>")


def register_rows_loop():
    """Batch 2, a stride-2 3x3 conv 128 -> 128 from 16x16 to 8x8 (bias,
    ReLU; row-blocked): the whole 8-wide row in register tiles of one
    width, a loop of 2 x 4 columns inside the tile (register_rows)."""
    return one_conv_map("register_rows_loop", 17, (2, 128, 16, 16),
                        (2, 128, 8, 8), 3,
                        "pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>")


def row_block_step():
    """A late 3x3 conv 512 -> 512 at 8x8 (bias, ReLU; 9 MiB of weights,
    row-blocked): on AVX-512 one register tile of 8 columns x two vectors
    takes every accumulator, and the kernel steps 4 input channels at a
    time (the padding rows skipped at the first and last output rows)."""
    return one_conv_map("row_block_step", 19, (1, 512, 8, 8), (1, 512, 8, 8),
                        3, "pads = array<i64: 1, 1, 1, 1>")


def product_step():
    """Batch 2, a stride-1 3x3 conv 128 -> 128 on 8x8 (bias, ReLU) in
    Winograd F(2x2): 32 tiles, whose product takes register tiles of 8
    rows x two vectors, every accumulator, and steps 4 channels."""
    return one_conv_map("product_step", 20, (2, 128, 8, 8), (2, 128, 8, 8),
                        3, "pads = array<i64: 1, 1, 1, 1>")


def row_block_strided():
    """Batch 3, a stride-2 1x1 conv 512 -> 512 from 13x13 to 7x7 (bias,
    ReLU; 1 MiB of weights, row-blocked): its input pixels 4 KiB apart, in
    one set of an 8-way 32 KiB L1, which caps a register tile at 6
    columns; row-blocked, the whole 7-wide row is one register tile."""
    return one_conv_map("row_block_strided", 18, (3, 512, 13, 13),
                        (3, 512, 7, 7), 1, "strides = array<i64: 2, 2>")


MODELS = {f.__name__: f for f in (basic, bottleneck, layers, grouped, fused,
                                  winograd, winograd_blocks, winograd_late,
                                  winograd_peak,
                                  late, remainder,
                                  strided_row, spread, streamed, strided_sweeps, pools,
                                  features, register_rows, register_rows_loop,
                                  row_block_step, product_step,
                                  row_block_strided, images, channels)}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in MODELS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(MODELS)}}}")
    sys.stdout.write(MODELS[sys.argv[1]]())
