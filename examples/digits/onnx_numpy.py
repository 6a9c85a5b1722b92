#!/usr/bin/python3
"""Run an ONNX ResNet on a batch of images with plain numpy.

    onnx_numpy.py model.onnx images.npy -o logits.npy

An oracle independent of PyTorch and of our compiler: it reads the graph with
the `onnx` package and evaluates the few operators a torchvision-style ResNet
exports to (Conv, BatchNormalization, Relu, Add, MaxPool, GlobalAveragePool,
Flatten, Gemm, Identity), in float64, then rounds the result to float32.
Any other operator is an error. Works on any batch size.
"""

import argparse
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def pad_nchw(x, pads, value=0.0):
    top, left, bottom, right = pads
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)),
                  constant_values=value)


def windows(x, kh, kw, sh, sw):
    """N x C x OH x OW x KH x KW view of the strided windows of x."""
    n, c, h, w = x.shape
    oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    s = x.strides
    return np.lib.stride_tricks.as_strided(
        x, (n, c, oh, ow, kh, kw),
        (s[0], s[1], s[2] * sh, s[3] * sw, s[2], s[3]), writeable=False)


def conv(x, w, b, attrs):
    if attrs.get("group", 1) != 1 or any(d != 1 for d in attrs.get("dilations", [1, 1])):
        raise ValueError("Conv: only group 1 and dilation 1 are supported")
    sh, sw = attrs.get("strides", [1, 1])
    pads = attrs.get("pads", [0, 0, 0, 0])
    top, left, bottom, right = pads[0], pads[1], pads[2], pads[3]
    patches = windows(pad_nchw(x, (top, left, bottom, right)),
                      w.shape[2], w.shape[3], sh, sw)
    y = np.einsum("ncyxij,fcij->nfyx", patches, w, optimize=True)
    return y if b is None else y + b[None, :, None, None]


def batch_norm(x, scale, bias, mean, var, attrs):
    eps = attrs.get("epsilon", 1e-5)
    shape = (1, -1, 1, 1)
    return ((x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
            * scale.reshape(shape) + bias.reshape(shape))


def max_pool(x, attrs):
    kh, kw = attrs["kernel_shape"]
    sh, sw = attrs.get("strides", [1, 1])
    pads = attrs.get("pads", [0, 0, 0, 0])
    padded = pad_nchw(x, (pads[0], pads[1], pads[2], pads[3]), -np.inf)
    return windows(padded, kh, kw, sh, sw).max(axis=(4, 5))


def gemm(a, b, c, attrs):
    if attrs.get("transA", 0):
        a = a.T
    if attrs.get("transB", 0):
        b = b.T
    y = attrs.get("alpha", 1.0) * (a @ b)
    return y if c is None else y + attrs.get("beta", 1.0) * c


def evaluate(node, args):
    op, attrs = node.op_type, attributes(node)
    if op == "Identity":
        return args[0]
    if op == "Conv":
        return conv(args[0], args[1], args[2] if len(args) > 2 else None, attrs)
    if op == "BatchNormalization":
        return batch_norm(*args[:5], attrs)
    if op == "Relu":
        return np.maximum(args[0], 0.0)
    if op == "Add":
        return args[0] + args[1]
    if op == "MaxPool":
        return max_pool(args[0], attrs)
    if op == "GlobalAveragePool":
        return args[0].mean(axis=(2, 3), keepdims=True)
    if op == "Flatten":
        axis = attrs.get("axis", 1)
        return args[0].reshape(int(np.prod(args[0].shape[:axis])), -1)
    if op == "Gemm":
        return gemm(args[0], args[1], args[2] if len(args) > 2 else None, attrs)
    raise ValueError(f"unsupported ONNX operator '{op}' (node '{node.name}')")


def run(model, images):
    values = {t.name: numpy_helper.to_array(t).astype(np.float64)
              for t in model.graph.initializer}
    inputs = [i.name for i in model.graph.input if i.name not in values]
    if len(inputs) != 1:
        raise ValueError(f"expected one graph input, found {len(inputs)}")
    values[inputs[0]] = images.astype(np.float64)
    for node in model.graph.node:
        args = [values[name] if name else None for name in node.input]
        values[node.output[0]] = evaluate(node, args)
    return values[model.graph.output[0].name].astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("images", help="float32 N x C x H x W .npy")
    parser.add_argument("-o", "--output", required=True, help="logits .npy")
    args = parser.parse_args()
    model = onnx.load(args.model)
    onnx.checker.check_model(model)
    images = np.load(args.images)
    if images.ndim != 4:
        sys.exit(f"error: {args.images}: expected N x C x H x W, got shape {images.shape}")
    try:
        logits = run(model, images)
    except ValueError as e:
        sys.exit(f"error: {args.model}: {e}")
    np.save(args.output, logits)
    print(f"wrote {args.output}: {logits.shape[0]} x {logits.shape[1]}")


if __name__ == "__main__":
    main()
