"""Independent numpy models of resnet ops, to cross-check resnet-run.

Usage: reference_numpy.py CASE OUTDIR
Writes OUTDIR/CASE.mlir (a model with random weights), OUTDIR/CASE.x.npy
(its input) and OUTDIR/CASE.expected.<k>.npy (result k computed here).

Every op is computed in float64 from the op definitions in
dialect/ResNetOps.td and rounded to float32 after each op, as the ops'
f32 results are. Weights larger than 64 elements are emitted as
dense_resource blobs, smaller ones as dense literals.
"""
import os
import sys

import numpy as np

RNG = np.random.default_rng(1234)


# ---------------------------------------------------------------------------
# numpy reference ops
# ---------------------------------------------------------------------------
def f32(a):
    return np.asarray(a, dtype=np.float64).astype(np.float32)


def conv2d(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dil=(1, 1),
           groups=1):
    """Sum over (c, i, j) of shifted, strided input slices times weights."""
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    top, left, bottom, right = pads
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    oh = (h + top + bottom - dil[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd + left + right - dil[1] * (kw - 1) - 1) // strides[1] + 1
    out = np.zeros((n, f, oh, ow))
    fg = f // groups
    for o in range(f):
        g = o // fg
        xs = xp[:, g * cg:(g + 1) * cg]
        for i in range(kh):
            for j in range(kw):
                y0, x0 = i * dil[0], j * dil[1]
                patch = xs[:, :, y0:y0 + strides[0] * (oh - 1) + 1:strides[0],
                           x0:x0 + strides[1] * (ow - 1) + 1:strides[1]]
                out[:, o] += np.einsum("nchw,c->nhw", patch, w[o, :, i, j])
        if b is not None:
            out[:, o] += b[o]
    return f32(out)


def batch_norm(x, scale, bias, mean, var, eps):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    r = lambda v: v.astype(np.float64).reshape(shape)
    return f32((x - r(mean)) * r(scale) / np.sqrt(r(var) + eps) + r(bias))


def relu(x):
    return np.maximum(x, np.float32(0))


def add(a, b):
    return f32(a.astype(np.float64) + b)


def pool_windows(x, kernel, strides, pads, fill):
    """(N, C, OH, OW, KH*KW) windows of the input padded with `fill`."""
    top, left, bottom, right = pads
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (top, bottom),
                                       (left, right)), constant_values=fill)
    n, c, h, w = x.shape
    oh = (h + top + bottom - kernel[0]) // strides[0] + 1
    ow = (w + left + right - kernel[1]) // strides[1] + 1
    win = np.empty((n, c, oh, ow, kernel[0] * kernel[1]))
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            win[..., i * kernel[1] + j] = xp[
                :, :, i:i + strides[0] * (oh - 1) + 1:strides[0],
                j:j + strides[1] * (ow - 1) + 1:strides[1]]
    return win


def max_pool(x, kernel, strides, pads):
    return f32(pool_windows(x, kernel, strides, pads, -np.inf).max(-1))


def avg_pool(x, kernel, strides, pads, include_pad):
    sums = pool_windows(x, kernel, strides, pads, 0.0).sum(-1)
    if include_pad:
        return f32(sums / (kernel[0] * kernel[1]))
    ones = pool_windows(np.ones_like(x), kernel, strides, pads, 0.0).sum(-1)
    return f32(sums / ones)


def global_avg_pool(x):
    return f32(x.astype(np.float64).mean(axis=(2, 3), keepdims=True))


def linear(x, w, b=None):
    y = x.astype(np.float64) @ w.astype(np.float64).T
    return f32(y if b is None else y + b)


def softmax(x, axis=-1):
    x = x.astype(np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return f32(e / e.sum(axis=axis, keepdims=True))


# ---------------------------------------------------------------------------
# MLIR emission
# ---------------------------------------------------------------------------
def ttype(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def literal(a):
    if a.ndim == 0:
        return repr(float(a))
    return "[" + ", ".join(literal(s) for s in a) + "]"


class Module:
    def __init__(self, input_shape):
        self.lines = []
        self.blobs = {}
        self.count = 0
        self.x = f32(RNG.uniform(-1, 1, input_shape))

    def const(self, a):
        a = f32(a)
        self.count += 1
        name = "%%c%d" % self.count
        if a.size > 64:
            blob = "w%d" % self.count
            self.blobs[blob] = "0x04000000" + a.astype("<f4").tobytes().hex()
            value = "dense_resource<%s>" % blob
        else:
            value = "dense<%s>" % literal(a)
        self.lines.append("    %s = arith.constant %s : %s" %
                          (name, value, ttype(a.shape)))
        return name

    def weight(self, shape, scale=0.5):
        a = f32(RNG.uniform(-scale, scale, shape))
        return a, self.const(a)

    def bn_params(self, c):
        p = [f32(RNG.uniform(0.5, 1.5, c)), f32(RNG.uniform(-0.2, 0.2, c)),
             f32(RNG.uniform(-0.2, 0.2, c)), f32(RNG.uniform(0.5, 1.5, c))]
        return p, [self.const(v) for v in p]

    def op(self, text):
        self.count += 1
        name = "%%v%d" % self.count
        self.lines.append("    %s = %s" % (name, text))
        return name

    def write(self, path, results):
        """`results`: list of (ssa name, numpy value)."""
        rtypes = ", ".join(ttype(v.shape) for _, v in results)
        out = ["module {",
               "  func.func @main(%%x: %s) -> (%s) {" % (ttype(self.x.shape),
                                                       rtypes)]
        out += self.lines
        out.append("    return %s : %s" %
                   (", ".join(n for n, _ in results), rtypes))
        out += ["  }", "}"]
        if self.blobs:
            out += ["{-#", "  dialect_resources: {", "    builtin: {"]
            out.append(",\n".join('      %s: "%s"' % kv
                                   for kv in self.blobs.items()))
            out += ["    }", "  }", "#-}"]
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")


def unit(m, name, cout, cin, k):
    """A block's `name(%w : type, bn ... : type)` group, random weights."""
    w, wn = m.weight((cout, cin, k, k))
    bn, bnn = m.bn_params(cout)
    text = "%s(%s : %s, bn %s : %s)" % (name, wn, ttype(w.shape),
                                         ", ".join(bnn), ttype((cout,)))
    return (w, bn), text


def conv_bn(x, params, strides, pads, groups, eps):
    w, bn = params
    return batch_norm(conv2d(x, w, None, strides, pads, (1, 1), groups),
                      *bn, eps)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
def case_conv_mixed():
    """Groups, unequal strides, asymmetric pads, dilation and a bias."""
    m = Module((2, 4, 9, 8))
    w, wn = m.weight((6, 2, 3, 3))
    b, bn = m.weight((6,))
    y = m.op("resnet.conv2d %%x, %s, %s {dilations = array<i64: 1, 2>, "
             "groups = 2 : i64, pads = array<i64: 1, 0, 2, 1>, strides = "
             "array<i64: 2, 1>} : %s, %s, %s -> %s" %
             (wn, bn, ttype(m.x.shape), ttype(w.shape), ttype(b.shape),
              ttype((2, 6, 5, 5))))
    return m, [(y, conv2d(m.x, w, b, (2, 1), (1, 0, 2, 1), (1, 2), 2))]


def case_conv_depthwise():
    m = Module((1, 4, 7, 7))
    w, wn = m.weight((4, 1, 3, 3))
    y = m.op("resnet.conv2d %%x, %s {groups = 4 : i64, pads = array<i64: 1, "
             "1, 1, 1>, strides = array<i64: 2, 2>} : %s, %s -> %s" %
             (wn, ttype(m.x.shape), ttype(w.shape), ttype((1, 4, 4, 4))))
    return m, [(y, conv2d(m.x, w, None, (2, 2), (1, 1, 1, 1), (1, 1), 4))]


def case_fused_conv():
    m = Module((1, 3, 6, 6))
    w, wn = m.weight((5, 3, 3, 3))
    b, bn = m.weight((5,))
    r, rn = m.weight((1, 5, 6, 6), 1.0)
    y = m.op("resnet.fused_conv %%x, %s, %s residual %s {pads = array<i64: 1,"
             " 1, 1, 1>, relu} : %s, %s, %s, %s -> %s" %
             (wn, bn, rn, ttype(m.x.shape), ttype(w.shape), ttype(b.shape),
              ttype(r.shape), ttype(r.shape)))
    ref = relu(add(conv2d(m.x, w, b, (1, 1), (1, 1, 1, 1)), r))
    return m, [(y, ref)]


def case_pools():
    """Three results: max, avg (exclude pad), avg (include pad)."""
    m = Module((2, 3, 7, 6))
    attrs = "kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, " \
            "strides = array<i64: 2, 2>"
    out = ttype((2, 3, 4, 3))
    x = ttype(m.x.shape)
    k, s, p = (3, 3), (2, 2), (1, 1, 1, 1)
    a = m.op("resnet.max_pool2d %%x {%s} : %s -> %s" % (attrs, x, out))
    b = m.op("resnet.avg_pool2d %%x {%s} : %s -> %s" % (attrs, x, out))
    c = m.op("resnet.avg_pool2d %%x {count_include_pad = true, %s} : %s -> %s"
             % (attrs, x, out))
    return m, [(a, max_pool(m.x, k, s, p)), (b, avg_pool(m.x, k, s, p, False)),
               (c, avg_pool(m.x, k, s, p, True))]


def case_batch_norm():
    m = Module((2, 5, 3, 4))
    bn, names = m.bn_params(5)
    y = m.op("resnet.batch_norm %%x, %s {epsilon = 1.0e-03 : f64} : %s, %s" %
             (", ".join(names), ttype(m.x.shape), ttype((5,))))
    return m, [(y, batch_norm(m.x, *bn, 1e-3))]


def case_head():
    """global_avg_pool -> flatten -> linear -> softmax."""
    m = Module((2, 8, 3, 3))
    w, wn = m.weight((5, 8))
    b, bn = m.weight((5,))
    g = m.op("resnet.global_avg_pool %%x : %s -> %s" %
             (ttype(m.x.shape), ttype((2, 8, 1, 1))))
    f = m.op("resnet.flatten %s : %s -> %s" % (g, ttype((2, 8, 1, 1)),
                                               ttype((2, 8))))
    l = m.op("resnet.linear %s, %s, %s : %s, %s, %s -> %s" %
             (f, wn, bn, ttype((2, 8)), ttype(w.shape), ttype(b.shape),
              ttype((2, 5))))
    s = m.op("resnet.softmax %s : %s" % (l, ttype((2, 5))))
    logits = linear(global_avg_pool(m.x).reshape(2, 8), w, b)
    return m, [(l, logits), (s, softmax(logits))]


def shortcut_ref(x, proj, stride, eps):
    if proj is None:
        return x
    return conv_bn(x, proj, (stride, stride), (0, 0, 0, 0), 1, eps)


def case_residual_projection():
    m = Module((1, 4, 7, 7))
    eps = 1e-3
    c1, t1 = unit(m, "conv1", 6, 4, 3)
    c2, t2 = unit(m, "conv2", 6, 6, 3)
    pr, tp = unit(m, "projection", 6, 4, 1)
    y = m.op("resnet.residual_block %%x stride 2 %s %s %s {epsilon = 1.0e-03 "
             ": f64} : %s -> %s" % (t1, t2, tp, ttype(m.x.shape),
                                    ttype((1, 6, 4, 4))))
    h = relu(conv_bn(m.x, c1, (2, 2), (1, 1, 1, 1), 1, eps))
    h = conv_bn(h, c2, (1, 1), (1, 1, 1, 1), 1, eps)
    return m, [(y, relu(add(h, shortcut_ref(m.x, pr, 2, eps))))]


def case_residual_identity():
    m = Module((2, 3, 5, 5))
    eps = 1e-5
    c1, t1 = unit(m, "conv1", 3, 3, 3)
    c2, t2 = unit(m, "conv2", 3, 3, 3)
    y = m.op("resnet.residual_block %%x %s %s : %s -> %s" %
             (t1, t2, ttype(m.x.shape), ttype(m.x.shape)))
    h = relu(conv_bn(m.x, c1, (1, 1), (1, 1, 1, 1), 1, eps))
    h = conv_bn(h, c2, (1, 1), (1, 1, 1, 1), 1, eps)
    return m, [(y, relu(add(h, m.x)))]


def case_bottleneck_projection():
    """ResNeXt-like: width 4, groups 2, expansion 2, stride 2 on the 3x3."""
    m = Module((1, 6, 6, 5))
    eps = 1e-5
    r, tr = unit(m, "reduce", 4, 6, 1)
    s, ts = unit(m, "spatial", 4, 2, 3)
    e, te = unit(m, "expand", 8, 4, 1)
    pr, tp = unit(m, "projection", 8, 6, 1)
    y = m.op("resnet.bottleneck_block %%x width 4 expansion 2 stride 2 groups "
             "2 %s %s %s %s : %s -> %s" % (tr, ts, te, tp, ttype(m.x.shape),
                                          ttype((1, 8, 3, 3))))
    h = relu(conv_bn(m.x, r, (1, 1), (0, 0, 0, 0), 1, eps))
    h = relu(conv_bn(h, s, (2, 2), (1, 1, 1, 1), 2, eps))
    h = conv_bn(h, e, (1, 1), (0, 0, 0, 0), 1, eps)
    return m, [(y, relu(add(h, shortcut_ref(m.x, pr, 2, eps))))]


def case_bottleneck_identity():
    m = Module((2, 8, 4, 4))
    eps = 1e-5
    r, tr = unit(m, "reduce", 2, 8, 1)
    s, ts = unit(m, "spatial", 2, 2, 3)
    e, te = unit(m, "expand", 8, 2, 1)
    y = m.op("resnet.bottleneck_block %%x width 2 expansion 4 %s %s %s : %s "
             "-> %s" % (tr, ts, te, ttype(m.x.shape), ttype(m.x.shape)))
    h = relu(conv_bn(m.x, r, (1, 1), (0, 0, 0, 0), 1, eps))
    h = relu(conv_bn(h, s, (1, 1), (1, 1, 1, 1), 1, eps))
    h = conv_bn(h, e, (1, 1), (0, 0, 0, 0), 1, eps)
    return m, [(y, relu(add(h, m.x)))]


def case_shortcut_projection():
    m = Module((1, 3, 5, 5))
    eps = 1e-5
    pr, tp = unit(m, "projection", 4, 3, 1)
    y = m.op("resnet.shortcut %%x stride 2 %s : %s -> %s" %
             (tp, ttype(m.x.shape), ttype((1, 4, 3, 3))))
    return m, [(y, shortcut_ref(m.x, pr, 2, eps))]


def main():
    case, outdir = sys.argv[1], sys.argv[2]
    module, results = globals()["case_" + case]()
    base = os.path.join(outdir, case)
    module.write(base + ".mlir", results)
    np.save(base + ".x.npy", module.x)
    for k, (_, value) in enumerate(results):
        np.save("%s.expected.%d.npy" % (base, k), value)


if __name__ == "__main__":
    main()
