"""Writes small resnet-dialect models with random weights for the numerics
tests of --resnet-optimize.

usage: make_model.py <model> <out.mlir>

Weights are drawn from a fixed seed, scaled by 1/sqrt(fan-in) so activations
stay O(1); batch norms get non-trivial statistics (scale in [0.5, 1.5],
shifts and means around 0, variances in [0.3, 2], epsilon 1e-5 or 1e-3).
Small tensors are dense hex literals, larger ones dense_resource blobs, so
both weight forms go through the passes.
"""
import sys

import numpy as np

rng = np.random.default_rng(20261129)
RESOURCE_THRESHOLD = 64


class Module:
    def __init__(self):
        self.constants = []  # lines of the function body
        self.blobs = {}
        self.count = 0

    def tensor_type(self, shape):
        return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"

    def const(self, array):
        """Adds an arith.constant for `array`; returns its SSA name."""
        array = np.ascontiguousarray(array, dtype="<f4")
        name = "%%c%d" % self.count
        self.count += 1
        ty = self.tensor_type(array.shape)
        if array.size > RESOURCE_THRESHOLD:
            blob = "w%d" % len(self.blobs)
            self.blobs[blob] = "0x04000000" + array.tobytes().hex().upper()
            value = "dense_resource<%s>" % blob
        else:
            value = 'dense<"0x%s">' % array.tobytes().hex().upper()
        self.constants.append("    %s = arith.constant %s : %s" % (name, value, ty))
        return name

    def conv_weight(self, out_c, in_c, k):
        fan_in = in_c * k * k
        return self.const(rng.normal(0, 1.0 / np.sqrt(fan_in), (out_c, in_c, k, k)))

    def bn(self, c):
        """The four BN vectors as an operand string."""
        scale = self.const(rng.uniform(0.5, 1.5, c))
        bias = self.const(rng.normal(0, 0.2, c))
        mean = self.const(rng.normal(0, 0.2, c))
        var = self.const(rng.uniform(0.3, 2.0, c))
        return "%s, %s, %s, %s" % (scale, bias, mean, var)

    def unit(self, keyword, out_c, in_c, k):
        vt = self.tensor_type([out_c])
        w = self.conv_weight(out_c, in_c, k)
        return "%s(%s : %s, bn %s : %s)" % (
            keyword, w, self.tensor_type([out_c, in_c, k, k]), self.bn(out_c), vt)

    def render(self, name, arg_type, result_type, body):
        lines = ["module {",
                 "  func.func @%s(%%x: %s) -> %s {" % (name, arg_type, result_type)]
        lines += self.constants + ["    " + l for l in body]
        lines += ["  }", "}"]
        if self.blobs:
            lines += ["{-#", "  dialect_resources: {", "    builtin: {"]
            items = ['      %s: "%s"' % kv for kv in self.blobs.items()]
            lines += [",\n".join(items), "    }", "  }", "#-}"]
        return "\n".join(lines) + "\n"


def t(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def basic():
    """Stem conv + BN + ReLU, an identity basic block, a stride-2 projection
    block (9x9 -> 5x5, epsilon 1e-3), global pool and classifier."""
    m = Module()
    body = []
    w = m.conv_weight(8, 3, 3)
    body.append("%%s0 = resnet.conv2d %%x, %s {pads = array<i64: 1, 1, 1, 1>} : %s, %s -> %s"
                % (w, t([2, 3, 9, 9]), t([8, 3, 3, 3]), t([2, 8, 9, 9])))
    body.append("%%s1 = resnet.batch_norm %%s0, %s : %s, %s" % (m.bn(8), t([2, 8, 9, 9]), t([8])))
    body.append("%s2 = resnet.relu %s1 : " + t([2, 8, 9, 9]))
    body.append("%%b1 = resnet.residual_block %%s2 %s %s : %s -> %s" % (
        m.unit("conv1", 8, 8, 3), m.unit("conv2", 8, 8, 3), t([2, 8, 9, 9]), t([2, 8, 9, 9])))
    body.append("%%b2 = resnet.residual_block %%b1 stride 2 %s %s %s {epsilon = 1.0e-3 : f64} : %s -> %s" % (
        m.unit("conv1", 16, 8, 3), m.unit("conv2", 16, 16, 3),
        m.unit("projection", 16, 8, 1), t([2, 8, 9, 9]), t([2, 16, 5, 5])))
    body.append("%%p = resnet.global_avg_pool %%b2 : %s -> %s" % (t([2, 16, 5, 5]), t([2, 16, 1, 1])))
    body.append("%%f = resnet.flatten %%p : %s -> %s" % (t([2, 16, 1, 1]), t([2, 16])))
    lw = m.const(rng.normal(0, 0.25, (10, 16)))
    lb = m.const(rng.normal(0, 0.1, 10))
    body.append("%%y = resnet.linear %%f, %s, %s : %s, %s, %s -> %s" % (
        lw, lb, t([2, 16]), t([10, 16]), t([10]), t([2, 10])))
    body.append("return %y : " + t([2, 10]))
    return m.render("basic", t([2, 3, 9, 9]), t([2, 10]), body)


def bottleneck():
    """A stride-2 grouped bottleneck with projection (9x9 -> 5x5, groups 4,
    expansion 2) followed by an identity bottleneck (expansion 4)."""
    m = Module()
    body = []
    body.append("%%b1 = resnet.bottleneck_block %%x width 8 expansion 2 stride 2 groups 4 %s %s %s %s : %s -> %s" % (
        m.unit("reduce", 8, 4, 1), m.unit("spatial", 8, 2, 3), m.unit("expand", 16, 8, 1),
        m.unit("projection", 16, 4, 1), t([1, 4, 9, 9]), t([1, 16, 5, 5])))
    body.append("%%b2 = resnet.bottleneck_block %%b1 width 4 expansion 4 %s %s %s : %s -> %s" % (
        m.unit("reduce", 4, 16, 1), m.unit("spatial", 4, 4, 3), m.unit("expand", 16, 4, 1),
        t([1, 16, 5, 5]), t([1, 16, 5, 5])))
    body.append("return %b2 : " + t([1, 16, 5, 5]))
    return m.render("bottleneck", t([1, 4, 9, 9]), t([1, 16, 5, 5]), body)


def layers():
    """Cases outside blocks, 7x7: a conv with its own bias before a BN, a
    conv whose result has two users (its BN cannot fold), a standalone BN
    (scale-and-shift), a standalone projection shortcut, add(r, conv) with
    the conv on the right, and a ReLU of a ReLU."""
    m = Module()
    body = []
    x = t([1, 4, 7, 7])
    w1 = m.conv_weight(4, 4, 3)
    b1 = m.const(rng.normal(0, 0.3, 4))
    body.append("%%a = resnet.conv2d %%x, %s, %s {pads = array<i64: 1, 1, 1, 1>} : %s, %s, %s -> %s"
                % (w1, b1, x, t([4, 4, 3, 3]), t([4]), x))
    body.append("%%an = resnet.batch_norm %%a, %s : %s, %s" % (m.bn(4), x, t([4])))
    w2 = m.conv_weight(4, 4, 1)
    body.append("%%c = resnet.conv2d %%an, %s : %s, %s -> %s" % (w2, x, t([4, 4, 1, 1]), x))
    body.append("%%cn = resnet.batch_norm %%c, %s {epsilon = 1.0e-3 : f64} : %s, %s" % (m.bn(4), x, t([4])))
    body.append("%%xn = resnet.batch_norm %%x, %s : %s, %s" % (m.bn(4), x, t([4])))
    body.append("%%s = resnet.add %%cn, %%c : %s, %s" % (x, x))
    w3 = m.conv_weight(4, 4, 3)
    body.append("%%d = resnet.conv2d %%s, %s {pads = array<i64: 1, 1, 1, 1>} : %s, %s -> %s"
                % (w3, x, t([4, 4, 3, 3]), x))
    body.append("%%e = resnet.add %%xn, %%d : %s, %s" % (x, x))
    body.append("%%r1 = resnet.relu %%e : %s" % x)
    body.append("%%r2 = resnet.relu %%r1 : %s" % x)
    body.append("%%p = resnet.shortcut %%r2 stride 2 %s : %s -> %s" % (
        m.unit("projection", 8, 4, 1), x, t([1, 8, 4, 4])))
    body.append("return %p : " + t([1, 8, 4, 4]))
    return m.render("layers", x, t([1, 8, 4, 4]), body)


MODELS = {"basic": basic, "bottleneck": bottleneck, "layers": layers}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.exit("usage: make_model.py {%s} out.mlir" % ",".join(MODELS))
    with open(sys.argv[2], "w") as f:
        f.write(MODELS[sys.argv[1]]())
