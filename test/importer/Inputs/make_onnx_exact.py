"""Writes single-op ONNX models whose ONNX results are exact values that the
importer carries in f32: 8-bit integer arithmetic, MaxPool's Indices,
Dropout's mask, and Gemm with a transposed computed input.

usage: make_onnx_exact.py CASE OUTDIR
  -> OUTDIR/model.onnx, input.npy, expected.npy (NumPy's result, exactly;
     expected1.npy for a second output)

  add-u8, sub-u8, mul-u8    uint8 arithmetic by a constant that wraps
                            (sums past 255, differences below 0, products)
  div-u8                    uint8 division by constants 1..255 (truncates;
                            every quotient is checked, exact ones included)
  add-i8, div-i8            int8: wraps past 127 / -128, division truncates
                            toward zero with negative operands
  chain-u8                  Add then MaxPool then Sub on uint8: the wrap
                            happens between the ops (max of wrapped values)
  indices                   MaxPool with Indices, storage_order 0 and 1,
                            pads, ties between equal maxima
  indices-col               the same, storage_order = 1
  mask                      Dropout (inference) with its mask output
  gemm-transa               Gemm transA = 1, transB = 1, alpha, beta
  softmax-op11              Softmax at opset 11, axis 1 of a 2x1x5x1 tensor
                            (the axes 1..3 taken as one: the softmax over 5)
  softmax-op11-3d           the same on 2x3x4 (refused: two axes longer
                            than 1)
  gemm-external             gemm-transa with its weights in external data
                            (read from standard input: refused)
  conv-u8                   a Conv on uint8 data (refused)
  int32-input               an int32 graph input (refused)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ONNX_TYPE = {np.uint8: TensorProto.UINT8, np.int8: TensorProto.INT8,
             np.float32: TensorProto.FLOAT, np.int32: TensorProto.INT32,
             np.int64: TensorProto.INT64, np.bool_: TensorProto.BOOL}


def model(node, x, outputs, inits=(), opset=14):
    """One node; input x (the graph input), outputs [(name, array)]."""
    graph = helper.make_graph(
        [node], "exact",
        [helper.make_tensor_value_info("x", ONNX_TYPE[x.dtype.type], x.shape)],
        [helper.make_tensor_value_info(n, ONNX_TYPE[a.dtype.type], a.shape)
         for n, a in outputs],
        [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def arith(op, dtype, x, c):
    with np.errstate(over="ignore"):
        if op == "Div":  # ONNX integer division truncates toward zero
            want = np.trunc(x.astype(np.float64) / c).astype(np.int64) \
                .astype(dtype)
        else:
            want = {"Add": np.add, "Sub": np.subtract,
                    "Mul": np.multiply}[op](x, c).astype(dtype)
    node = helper.make_node(op, ["x", "c"], ["y"])
    return model(node, x, [("y", want)], [("c", c)]), [want]


def case(name):
    rng = np.random.default_rng(5)
    u8 = np.arange(256, dtype=np.uint8).reshape(1, 4, 8, 8)
    if name == "add-u8":
        return u8, arith("Add", np.uint8, u8, np.uint8(200) - u8[..., :1, :1])
    if name == "sub-u8":
        return u8, arith("Sub", np.uint8, u8, np.full((8,), 130, np.uint8))
    if name == "mul-u8":
        return u8, arith("Mul", np.uint8, u8, np.uint8(1) + u8[..., ::-1])
    if name == "div-u8":
        # Every dividend 0..255 by every divisor 1..255.
        x = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 255, 1)
        return x, arith("Div", np.uint8, x, np.arange(1, 256, dtype=np.uint8))
    if name == "add-i8":
        x = np.arange(-128, 128, dtype=np.int8).reshape(16, 16)
        return x, arith("Add", np.int8, x, np.arange(-120, 136, 16,
                                                    dtype=np.int64)
                        .astype(np.int8))
    if name == "div-i8":
        x = np.repeat(np.arange(-128, 128, dtype=np.int8)[:, None], 7, 1)
        c = np.array([-128, -7, -3, -1, 1, 3, 127], np.int8)
        return x, arith("Div", np.int8, x, c)
    if name == "chain-u8":
        x = rng.integers(0, 256, (1, 2, 6, 6)).astype(np.uint8)
        c, d = np.uint8(100), np.array([7, 200], np.uint8).reshape(2, 1, 1)
        added = (x + c).astype(np.uint8)
        pooled = added.reshape(1, 2, 3, 2, 3, 2).max(axis=(3, 5))
        want = (pooled - d).astype(np.uint8)
        graph = helper.make_graph(
            [helper.make_node("Add", ["x", "c"], ["a"]),
             helper.make_node("MaxPool", ["a"], ["p"], kernel_shape=[2, 2],
                              strides=[2, 2]),
             helper.make_node("Sub", ["p", "d"], ["y"])], "chain",
            [helper.make_tensor_value_info("x", TensorProto.UINT8, x.shape)],
            [helper.make_tensor_value_info("y", TensorProto.UINT8,
                                           want.shape)],
            [numpy_helper.from_array(np.array(c), "c"),
             numpy_helper.from_array(d, "d")])
        m = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 14)])
        m.ir_version = 8
        return x, (m, [want])
    if name in ("indices", "indices-col"):
        # Small integers: many ties, which the first (row-major) one wins.
        x = rng.integers(0, 4, (2, 3, 5, 6)).astype(np.float32)
        column = name == "indices-col"
        node = helper.make_node("MaxPool", ["x"], ["y", "i"],
                                kernel_shape=[3, 2], strides=[2, 1],
                                pads=[1, 1, 1, 0],
                                storage_order=1 if column else 0)
        y, idx = maxpool_indices(x, (3, 2), (2, 1), (1, 1, 1, 0), column)
        return x, (model(node, x, [("y", y), ("i", idx)], opset=12), [y, idx])
    if name == "mask":
        x = rng.standard_normal((2, 3, 4)).astype(np.float32)
        node = helper.make_node("Dropout", ["x"], ["y", "m"])
        mask = np.ones(x.shape, np.bool_)
        return x, (model(node, x, [("y", x), ("m", mask)], opset=13),
                   [x, mask])
    if name == "gemm-transa":
        a = rng.standard_normal((4, 3)).astype(np.float32)
        b = rng.standard_normal((5, 4)).astype(np.float32)
        c = rng.standard_normal((1, 5)).astype(np.float32)
        want = (0.25 * a.T @ b.T + 0.35 * c).astype(np.float32)
        node = helper.make_node("Gemm", ["x", "b", "c"], ["y"], alpha=0.25,
                                beta=0.35, transA=1, transB=1)
        return a, (model(node, a, [("y", want)], [("b", b), ("c", c)],
                         opset=13), [want])
    if name in ("softmax-op11", "softmax-op11-3d"):
        shape = (2, 1, 5, 1) if name == "softmax-op11" else (2, 3, 4)
        x = rng.standard_normal(shape).astype(np.float32)
        flat = x.reshape(2, -1).astype(np.float64)
        e = np.exp(flat - flat.max(axis=1, keepdims=True))
        want = (e / e.sum(axis=1, keepdims=True)).reshape(shape) \
            .astype(np.float32)
        node = helper.make_node("Softmax", ["x"], ["y"], axis=1)
        return x, (model(node, x, [("y", want)], opset=11), [want])
    if name == "conv-u8":
        w = np.ones((1, 4, 1, 1), np.uint8)
        node = helper.make_node("Conv", ["x", "w"], ["y"])
        y = np.zeros((1, 1, 8, 8), np.uint8)
        graph = helper.make_graph(
            [node], "conv",
            [helper.make_tensor_value_info("x", TensorProto.UINT8, u8.shape)],
            [helper.make_tensor_value_info("y", TensorProto.UINT8, y.shape)],
            [numpy_helper.from_array(w, "w")])
        m = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 14)])
        return u8, (m, [y])
    if name == "int32-input":
        x = np.arange(6, dtype=np.int32).reshape(2, 3)
        node = helper.make_node("Relu", ["x"], ["y"])
        return x, (model(node, x, [("y", x)]), [x])
    raise SystemExit("unknown case " + name)


def maxpool_indices(x, kernel, strides, pads, column):
    n, c, h, w = x.shape
    oh = (h + pads[0] + pads[2] - kernel[0]) // strides[0] + 1
    ow = (w + pads[1] + pads[3] - kernel[1]) // strides[1] + 1
    y = np.zeros((n, c, oh, ow), np.float32)
    idx = np.zeros((n, c, oh, ow), np.int64)
    for b in range(n):
        for ch in range(c):
            for i in range(oh):
                for j in range(ow):
                    best, at = None, None
                    for ki in range(kernel[0]):
                        r = i * strides[0] - pads[0] + ki
                        for kj in range(kernel[1]):
                            s = j * strides[1] - pads[1] + kj
                            if 0 <= r < h and 0 <= s < w and \
                                    (best is None or x[b, ch, r, s] > best):
                                best = x[b, ch, r, s]
                                at = s * h + r if column else r * w + s
                    y[b, ch, i, j] = best
                    idx[b, ch, i, j] = (b * c + ch) * h * w + at
    return y, idx


def main():
    name, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    external = name == "gemm-external"
    x, (m, outputs) = case("gemm-transa" if external else name)
    onnx.save(m, os.path.join(outdir, "model.onnx"),
              save_as_external_data=external, location="weights.bin",
              size_threshold=0)
    np.save(os.path.join(outdir, "input.npy"), x)
    for k, want in enumerate(outputs):
        np.save(os.path.join(outdir, "expected%s.npy" % (k or "")), want)


if __name__ == "__main__":
    main()
