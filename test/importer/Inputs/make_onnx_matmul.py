"""Writes ONNX MatMul models of the forms the conformance cases do not
cover (they all have a computed A and a constant B).

usage: make_onnx_matmul.py CASE OUTDIR
  -> OUTDIR/model.onnx, input.npy, expected.npy (NumPy's matmul)

  const-a       a constant A (2x1x3x4) times the computed input (3x4x5):
                batch dimensions broadcast to 2x3
  square        the computed input times itself (2x3x3 @ 2x3x3)
  shared-4d     the computed input (2x3x4x5) times a constant 5x6 matrix
                followed by an Add of one value per output
  vector        the computed input (2x3x4) times a 1-D constant (refused)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(nodes, x, y, inits):
    graph = helper.make_graph(
        nodes, "matmul",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y.shape)],
        [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def case(name):
    rng = np.random.default_rng(11)
    randn = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    if name == "const-a":
        a, x = randn(2, 1, 3, 4), randn(3, 4, 5)
        y = np.matmul(a, x)
        return x, y, model([helper.make_node("MatMul", ["a", "x"], ["y"])],
                           x, y, [("a", a)])
    if name == "square":
        x = randn(2, 3, 3)
        y = np.matmul(x, x)
        return x, y, model([helper.make_node("MatMul", ["x", "x"], ["y"])],
                           x, y, [])
    if name == "shared-4d":
        x, w, b = randn(2, 3, 4, 5), randn(5, 6), randn(6)
        y = np.matmul(x, w) + b
        return x, y, model([helper.make_node("MatMul", ["x", "w"], ["p"]),
                            helper.make_node("Add", ["p", "b"], ["y"])],
                           x, y, [("w", w), ("b", b)])
    if name == "vector":
        x, v = randn(2, 3, 4), randn(4)
        y = np.matmul(x, v)
        return x, y, model([helper.make_node("MatMul", ["x", "v"], ["y"])],
                           x, y, [("v", v)])
    sys.exit("unknown case " + name)


def main():
    name, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    x, y, m = case(name)
    onnx.save(m, os.path.join(outdir, "model.onnx"))
    np.save(os.path.join(outdir, "input.npy"), x)
    np.save(os.path.join(outdir, "expected.npy"), y)


if __name__ == "__main__":
    main()
