"""Writes an ONNX test model, its input and its numpy reference output.

usage: make_onnx.py CASE OUTDIR  ->  OUTDIR/model.onnx, input.npy, expected.npy
Good cases are torchvision-shaped ResNets with random weights in several
spellings (opset, Flatten/Reshape, Gemm/MatMul+Add); bad-* cases are broken
on purpose.
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resnet_np  # noqa: E402

# case: (arch, image size, classes, make_onnx keyword arguments)
GOOD = {
    "resnet18-op15": ("resnet18", 32, 10, dict(opset=15)),
    "resnet18-op9": ("resnet18", 32, 10,
                     dict(opset=9, flatten="Reshape", fc="MatMul",
                          float_data=True, identity=True)),
    "resnet18-op13": ("resnet18", 32, 10, dict(opset=13, fc="GemmNT")),
    "resnet50-op21": ("resnet50", 32, 10, dict(opset=21, flatten="Reshape")),
    "resnext-tiny": ("resnext_tiny", 16, 10, dict(opset=17)),
    # BN folded into the convs (PyTorch's default export), and half folded.
    "resnet18-folded": ("resnet18", 32, 10, dict(opset=17, bn="fold")),
    "resnet50-folded": ("resnet50", 32, 10, dict(opset=13, bn="fold")),
    "resnext-folded": ("resnext_tiny", 16, 10, dict(opset=9, bn="fold")),
    "resnet50-mixed": ("resnet50", 32, 10, dict(opset=21, bn="mixed")),
    "tiny": ("resnet_tiny", 16, 10, dict(opset=15)),
    "tiny-softmax": ("resnet_tiny", 16, 10, dict(opset=11, softmax=True)),
}


def avg_pool(x, k, stride, pad, include_pad):
    pads = ((0, 0), (0, 0), (pad, pad), (pad, pad))
    def windows(a):
        n, c, h, w = a.shape
        oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
        s = a.strides
        return np.lib.stride_tricks.as_strided(
            a, (n, c, oh, ow, k, k),
            (s[0], s[1], s[2] * stride, s[3] * stride, s[2], s[3]))
    total = windows(np.pad(x, pads)).sum(axis=(4, 5))
    count = k * k if include_pad else \
        windows(np.pad(np.ones_like(x), pads)).sum(axis=(4, 5))
    return total / count


def make_misc(outdir):
    """Ops the ResNet graphs do not use: Conv with bias and dilation,
    AveragePool with and without count_include_pad, Gemm with a 1xM bias,
    opset-13 Softmax on the last axis."""
    from onnx import TensorProto, numpy_helper
    rng = np.random.default_rng(9)
    w = rng.uniform(-0.3, 0.3, (6, 3, 3, 3)).astype(np.float32)
    b = rng.uniform(-0.1, 0.1, 6).astype(np.float32)
    fw = rng.uniform(-0.3, 0.3, (6, 5)).astype(np.float32)  # [K, M], transB=0
    fb = rng.uniform(-0.1, 0.1, (1, 5)).astype(np.float32)
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((w, "w"), (b, "b"), (fw, "fw"), (fb, "fb"))]
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv",
                         pads=[2, 2, 2, 2], dilations=[2, 2]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("AveragePool", ["r"], ["p1"], name="pool1",
                         kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("AveragePool", ["p1"], ["p2"], name="pool2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         count_include_pad=1),
        helper.make_node("GlobalAveragePool", ["p2"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["y"], name="fc"),
        helper.make_node("Softmax", ["y"], ["probs"], name="softmax"),
    ]
    graph = helper.make_graph(
        nodes, "misc",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 10, 10])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [2, 5])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.save(model, os.path.join(outdir, "model.onnx"))
    x = rng.standard_normal((2, 3, 10, 10)).astype(np.float32)
    xd = x.astype(np.float64)
    wd = np.zeros((6, 3, 5, 5))
    wd[:, :, ::2, ::2] = w  # dilation 2 as a sparse 5x5 kernel
    y = resnet_np.conv2d(xd, wd, 1, 2) + b[None, :, None, None]
    y = np.maximum(y, 0)
    y = avg_pool(y, 3, 2, 1, include_pad=False)
    y = avg_pool(y, 3, 1, 1, include_pad=True)
    y = y.mean(axis=(2, 3)) @ fw.astype(np.float64) + fb
    e = np.exp(y - y.max(axis=1, keepdims=True))
    np.save(os.path.join(outdir, "input.npy"), x)
    np.save(os.path.join(outdir, "expected.npy"),
            (e / e.sum(axis=1, keepdims=True)).astype(np.float32))


def find(model, name):
    return next(n for n in model.graph.node if n.name == name)


def main(case, outdir):
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, "model.onnx")
    if case == "misc":
        return make_misc(outdir)
    base = case if case in GOOD else "tiny"
    arch, size, classes, kwargs = GOOD.get(base, GOOD["tiny"])
    params = resnet_np.make_params(arch, classes, seed=7)
    model = resnet_np.make_onnx(arch, params, 1, size, **kwargs)
    if case in GOOD:
        batch = 2
        x = np.random.default_rng(3).standard_normal(
            (batch, 3, size, size)).astype(np.float32)
        y = resnet_np.forward(arch, params, x)
        if kwargs.get("softmax"):
            e = np.exp(y - y.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
        np.save(os.path.join(outdir, "input.npy"), x)
        np.save(os.path.join(outdir, "expected.npy"), y.astype(np.float32))
        onnx.save(model, path)
        return
    if case == "external":
        onnx.save_model(model, path, save_as_external_data=True,
                        all_tensors_to_one_file=True, location="weights.bin",
                        size_threshold=0)
    elif case == "bad-escape":
        onnx.save_model(model, path, save_as_external_data=True,
                        all_tensors_to_one_file=True, location="weights.bin",
                        size_threshold=0)
        model = onnx.load(path, load_external_data=False)
        for t in model.graph.initializer:
            for e in t.external_data:
                if e.key == "location":
                    e.value = "../weights.bin"
        onnx.save(model, path)
    elif case == "bad-truncated":
        data = model.SerializeToString()
        open(path, "wb").write(data[: len(data) // 2])
    elif case == "bad-random":
        # 0xff... is an invalid protobuf tag (wire type 7).
        rng = np.random.default_rng(1)
        open(path, "wb").write(b"\xff\xff" + rng.bytes(1000))
    elif case == "bad-op":
        find(model, "layer1.0.relu").op_type = "Selu"
        onnx.save(model, path)
    elif case == "bad-autopad":
        conv = find(model, "layer1.0.conv1")
        conv.attribute.append(helper.make_attribute("auto_pad", "SAME_MIDDLE"))
        onnx.save(model, path)
    elif case == "bad-storage-order":
        find(model, "maxpool").attribute.append(
            helper.make_attribute("storage_order", 2))
        onnx.save(model, path)
    elif case == "bad-missing-init":
        inits = model.graph.initializer
        idx = next(i for i, t in enumerate(inits) if t.name == "layer1.0.bn1.running_var")
        del inits[idx]
        onnx.save(model, path)
    elif case == "bad-shape":
        # A conv weight whose input channels do not match its input.
        inits = model.graph.initializer
        idx = next(i for i, t in enumerate(inits) if t.name == "layer1.0.conv2.weight")
        inits[idx].CopyFrom(onnx.numpy_helper.from_array(
            np.zeros((64, 32, 3, 3), np.float32), "layer1.0.conv2.weight"))
        onnx.save(model, path)
    elif case == "bad-dynamic":
        model.graph.input[0].type.tensor_type.shape.dim[2].dim_param = "height"
        onnx.save(model, path)
    elif case == "bad-training":
        bn = find(model, "bn1")
        bn.output.extend(["running_mean_out", "running_var_out"])
        onnx.save(model, path)
    elif case == "bad-broadcast-add":
        add = find(model, "layer1.0.add")
        add.input[1] = "bn1.bias"
        onnx.save(model, path)
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
