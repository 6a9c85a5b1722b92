"""Writes a pre-activation ResNet ("ResNet v2", He et al., "Identity Mappings
in Deep Residual Networks") as ONNX, with an input and its numpy logits.

usage: make_preact_onnx.py ARCH BN OUTDIR  ->  OUTDIR/model.onnx, input.npy,
expected.npy.  ARCH: preact_resnet18 | preact_resnet50; BN: keep (every
BatchNormalization a node) | fold (a BN right after a conv folded into it, as
torch.onnx.export does by default; the pre-activations after the adds stay).

The stem is torchvision's (conv 7x7/2, BN, ReLU, max pool). A block computes
t = relu(bn1(x)), then its convs with BN-ReLU between them and none after the
last, plus the shortcut: x, or a 1x1 conv of t where the shape changes; no
ReLU after the sum. relu(bn(.)) follows the last block.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resnet_np  # noqa: E402
from resnet_np import batch_norm, conv2d, max_pool, relu  # noqa: E402

ARCHS = {"preact_resnet18": (False, [2, 2, 2, 2]),
         "preact_resnet50": (True, [3, 4, 6, 3])}


def block_specs(arch):
    """Yields (prefix, convs, inplanes, out, stride) where convs is a list of
    (name, out, in, kernel, stride, pad)."""
    bottleneck, layers = ARCHS[arch]
    inplanes = 64
    for s, count in enumerate(layers):
        planes = 64 << s
        for i in range(count):
            stride = 2 if s > 0 and i == 0 else 1
            if bottleneck:
                out = planes * 4
                convs = [("conv1", planes, inplanes, 1, 1, 0),
                         ("conv2", planes, planes, 3, stride, 1),
                         ("conv3", out, planes, 1, 1, 0)]
            else:
                out = planes
                convs = [("conv1", planes, inplanes, 3, stride, 1),
                         ("conv2", planes, planes, 3, 1, 1)]
            yield "layer%d.%d" % (s + 1, i), convs, inplanes, out, stride
            inplanes = out


def bn_params(p, name, n, rng):
    p[name + ".weight"] = rng.uniform(0.7, 1.3, n)
    p[name + ".bias"] = rng.uniform(-0.1, 0.1, n)
    p[name + ".running_mean"] = rng.uniform(-0.1, 0.1, n)
    p[name + ".running_var"] = rng.uniform(0.5, 1.5, n)


def conv_params(p, name, out, cin, k, rng, scale=1.0):
    a = np.sqrt(6.0 / (cin * k * k)) * scale
    p[name + ".weight"] = rng.uniform(-a, a, (out, cin, k, k))


def make_params(arch, classes, seed=5):
    rng = np.random.default_rng(seed)
    p = {}
    conv_params(p, "conv1", 64, 3, 7, rng)
    bn_params(p, "bn1", 64, rng)
    inplanes = 64
    for prefix, convs, cin, out, stride in block_specs(arch):
        bn_params(p, prefix + ".bn1", cin, rng)
        for i, (name, o, c, k, _, _) in enumerate(convs):
            # The last conv adds to the shortcut: keep the sum from growing.
            conv_params(p, prefix + "." + name, o, c, k, rng,
                        0.3 if i + 1 == len(convs) else 1.0)
            if i + 1 < len(convs):
                bn_params(p, "%s.bn%d" % (prefix, i + 2), o, rng)
        if stride != 1 or cin != out:
            conv_params(p, prefix + ".shortcut", out, cin, 1, rng)
        inplanes = out
    bn_params(p, "bn_final", inplanes, rng)
    a = np.sqrt(3.0 / inplanes)
    p["fc.weight"] = rng.uniform(-a, a, (classes, inplanes))
    p["fc.bias"] = rng.uniform(-0.1, 0.1, classes)
    return {k: v.astype(np.float32) for k, v in p.items()}


def forward(arch, p, x):
    p = {k: v.astype(np.float64) for k, v in p.items()}
    x = relu(batch_norm(conv2d(x.astype(np.float64), p["conv1.weight"], 2, 3),
                        p, "bn1"))
    x = max_pool(x)
    for prefix, convs, cin, out, stride in block_specs(arch):
        q = prefix + "."
        t = relu(batch_norm(x, p, q + "bn1"))
        y = t
        for i, (name, _, _, _, s, pad) in enumerate(convs):
            y = conv2d(y, p[q + name + ".weight"], s, pad)
            if i + 1 < len(convs):
                y = relu(batch_norm(y, p, "%sbn%d" % (q, i + 2)))
        shortcut = x
        if q + "shortcut.weight" in p:
            shortcut = conv2d(t, p[q + "shortcut.weight"], stride)
        x = y + shortcut
    x = relu(batch_norm(x, p, "bn_final")).mean(axis=(2, 3))
    return x @ p["fc.weight"].T + p["fc.bias"]


def make_onnx(arch, p, size, fold, opset=17):
    nodes, inits = [], []

    def init(name, array):
        inits.append(numpy_helper.from_array(array.astype(np.float32), name))
        return name

    def node(op, inputs, name, **attrs):
        out = name + "_out"
        nodes.append(helper.make_node(op, inputs, [out], name=name, **attrs))
        return out

    def bn(x, name):
        return node("BatchNormalization",
                    [x] + [init(name + "." + s, p[name + "." + s]) for s in
                           ("weight", "bias", "running_mean", "running_var")],
                    name, epsilon=1e-5)

    def conv(x, name, stride, pad, then_bn=None):
        w = p[name + ".weight"]
        k = w.shape[2]
        if then_bn and fold:
            w, b = resnet_np.fold_bn(p, name, then_bn)
            inputs = [x, init(name + ".weight", w), init(name + ".bias", b)]
        else:
            inputs = [x, init(name + ".weight", w)]
        y = node("Conv", inputs, name, kernel_shape=[k, k],
                 strides=[stride, stride], pads=[pad] * 4)
        if then_bn and not fold:
            y = bn(y, then_bn)
        return y

    x = node("Relu", [conv("input", "conv1", 2, 3, "bn1")], "relu")
    x = node("MaxPool", [x], "maxpool", kernel_shape=[3, 3], strides=[2, 2],
             pads=[1, 1, 1, 1])
    for prefix, convs, cin, out, stride in block_specs(arch):
        q = prefix + "."
        t = node("Relu", [bn(x, q + "bn1")], q + "relu1")
        y = t
        for i, (name, _, _, _, s, pad) in enumerate(convs):
            last = i + 1 == len(convs)
            y = conv(y, q + name, s, pad,
                     None if last else "%sbn%d" % (q, i + 2))
            if not last:
                y = node("Relu", [y], "%srelu%d" % (q, i + 2))
        shortcut = x
        if q + "shortcut.weight" in p:
            shortcut = conv(t, q + "shortcut", stride, 0)
        x = node("Add", [y, shortcut], q + "add")
    x = node("Relu", [bn(x, "bn_final")], "relu_final")
    x = node("GlobalAveragePool", [x], "avgpool")
    x = node("Flatten", [x], "flatten", axis=1)
    x = node("Gemm", [x, init("fc.weight", p["fc.weight"]),
                      init("fc.bias", p["fc.bias"])], "fc", transB=1)
    nodes[-1].output[0] = "logits"
    classes = p["fc.weight"].shape[0]
    graph = helper.make_graph(
        nodes, arch,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                       ["batch", 3, size, size])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT,
                                       ["batch", classes])],
        inits)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    return model


def main(arch, mode, outdir):
    if arch not in ARCHS or mode not in ("keep", "fold"):
        sys.exit(__doc__)
    os.makedirs(outdir, exist_ok=True)
    size, classes = 32, 10
    p = make_params(arch, classes)
    x = np.random.default_rng(3).standard_normal(
        (2, 3, size, size)).astype(np.float32)
    np.save(os.path.join(outdir, "input.npy"), x)
    np.save(os.path.join(outdir, "expected.npy"),
            forward(arch, p, x).astype(np.float32))
    onnx.save(make_onnx(arch, p, size, mode == "fold"),
              os.path.join(outdir, "model.onnx"))


if __name__ == "__main__":
    main(*sys.argv[1:4]) if len(sys.argv) == 4 else sys.exit(__doc__)
