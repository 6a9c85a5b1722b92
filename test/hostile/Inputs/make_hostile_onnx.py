"""Writes a hostile ONNX model: OUTDIR/model.onnx (and its external data).

usage: make_hostile_onnx.py CASE OUTDIR
The base graph is x[1,3,8,8] -> Conv(w) -> Relu -> GlobalAveragePool ->
Flatten -> Gemm(fw, fb) -> y; each case breaks one rule the importer must
check (SSA names, zero dimensions, external data).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def tensor(name, shape, seed):
    rng = np.random.default_rng(seed)
    return numpy_helper.from_array(
        rng.uniform(-0.5, 0.5, shape).astype(np.float32), name)


def base(x_shape=(1, 3, 8, 8), channels=3):
    inits = [tensor("w", (4, channels, 3, 3), 1), tensor("fw", (10, 4), 2),
             tensor("fb", (10,), 3)]
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv",
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("GlobalAveragePool", ["r"], ["p"], name="pool"),
        helper.make_node("Flatten", ["p"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["y"], name="fc",
                         transB=1),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                            list(x_shape))]
    return nodes, inits, inputs


def save(outdir, nodes, inits, inputs):
    graph = helper.make_graph(
        nodes, "hostile", inputs,
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializer=inits)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    # The cases are invalid on purpose: no onnx.checker.
    with open(os.path.join(outdir, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())


def external(init, location, length=None):
    """Moves `init`'s data out to `location` (relative to the model)."""
    init.data_location = TensorProto.EXTERNAL
    init.ClearField("raw_data")
    entries = [("location", location), ("offset", "0")]
    if length is not None:
        entries.append(("length", str(length)))
    for key, value in entries:
        entry = init.external_data.add()
        entry.key, entry.value = key, value


def main(case, outdir):
    os.makedirs(outdir, exist_ok=True)
    nodes, inits, inputs = base()
    if case == "dup-output":
        # A second Conv writes "c": the first one would be dropped.
        nodes.insert(1, helper.make_node("Conv", ["x", "w"], ["c"],
                                         name="conv_again",
                                         pads=[1, 1, 1, 1]))
    elif case == "dup-initializer":
        inits.append(tensor("w", (4, 3, 3, 3), 9))
    elif case == "output-is-input":
        nodes[1] = helper.make_node("Relu", ["c"], ["x"], name="relu")
    elif case == "output-is-initializer":
        nodes[1] = helper.make_node("Relu", ["c"], ["fw"], name="relu")
    elif case == "dup-input":
        inputs.append(inputs[0])
    elif case == "zero-batch":
        nodes, inits, inputs = base(x_shape=(0, 3, 8, 8))
    elif case == "zero-channels":
        nodes, inits, inputs = base(x_shape=(1, 0, 8, 8), channels=0)
    elif case == "zero-height":
        nodes, inits, inputs = base(x_shape=(1, 3, 0, 8))
    elif case == "ext-length":
        # 4x3x3x3 floats are 432 bytes; the entry says 400.
        data = numpy_helper.to_array(inits[0]).tobytes()
        with open(os.path.join(outdir, "w.bin"), "wb") as f:
            f.write(data)
        external(inits[0], "w.bin", length=400)
    elif case == "ext-fifo":
        os.mkfifo(os.path.join(outdir, "w.bin"))
        external(inits[0], "w.bin")
    elif case == "ext-directory":
        os.makedirs(os.path.join(outdir, "w.bin"), exist_ok=True)
        external(inits[0], "w.bin")
    elif case != "good":
        sys.exit("unknown case " + case)
    save(outdir, nodes, inits, inputs)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
