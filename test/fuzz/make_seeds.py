"""Writes the fuzz seed corpus: OUTDIR/<target>/<seed files>.

usage: make_seeds.py SRC_ROOT OUTDIR
  mlir/         examples/ and the lit .mlir files (split at `// -----`)
  onnx/         small ResNet-shaped graphs in several spellings (needs onnx)
  safetensors/  the tensors FuzzSafetensors.cpp asks for, F32/F16/BF16
  npy/          .npy files of each header version, rank and a few bad ones
Only the standard library is needed except for ONNX (skipped without it).
"""
import glob
import json
import os
import random
import struct
import sys


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def mlir_seeds(src, out):
    files = sorted(glob.glob(os.path.join(src, "examples", "*.mlir")) +
                   glob.glob(os.path.join(src, "test", "*", "*.mlir")))
    for path in files:
        text = open(path, encoding="utf-8").read()
        stem = os.path.relpath(path, src).replace(os.sep, "_")
        for i, piece in enumerate(text.split("\n// -----\n")):
            if "resnet." in piece and len(piece) <= 32 * 1024:
                write(os.path.join(out, "mlir", "%s.%d" % (stem, i)),
                      piece.encode())


def npy_bytes(shape, values, descr="<f4", version=1, fortran=False):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, fortran, "".join("%d, " % d for d in shape))
    prefix = 10 if version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    size = struct.pack("<H", len(header)) if version == 1 else \
        struct.pack("<I", len(header))
    body = struct.pack("<%df" % len(values), *values)
    return b"\x93NUMPY" + bytes([version, 0]) + size + header.encode() + body


def npy_seeds(out):
    rng = random.Random(1)
    cases = {
        "scalar": npy_bytes((), [1.5]),
        "vector": npy_bytes((5,), [rng.uniform(-1, 1) for _ in range(5)]),
        "image": npy_bytes((1, 3, 4, 4), [rng.uniform(-1, 1) for _ in range(48)]),
        "batch": npy_bytes((2, 1, 2, 2), [float(i) for i in range(8)]),
        "empty": npy_bytes((0, 3), []),
        "v2": npy_bytes((2, 2), [1, 2, 3, 4], version=2),
        "v3": npy_bytes((2, 2), [1, 2, 3, 4], version=3),
        "rank8": npy_bytes((1,) * 8, [7.0]),
        "f8": npy_bytes((2,), [1.0, 2.0], descr="<f8"),
        "fortran": npy_bytes((2, 2), [1, 2, 3, 4], fortran=True),
        "truncated": npy_bytes((4, 4), [1.0] * 16)[:-7],
        "oversized": npy_bytes((2,), [1.0, 2.0]) + b"\0" * 8,
        "nan": npy_bytes((3,), [0.0, float("nan"), float("inf")]),
    }
    for name, data in cases.items():
        write(os.path.join(out, "npy", name + ".npy"), data)


def safetensors_bytes(tensors, metadata=None):
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def safetensors_seeds(out):
    rng = random.Random(2)
    shapes = {"conv1.weight": [4, 3, 3, 3], "bn1.weight": [4],
              "fc.weight": [2, 4], "fc.bias": [2]}

    def raw(dtype, count):
        values = [rng.uniform(-1, 1) for _ in range(count)]
        if dtype == "F32":
            return struct.pack("<%df" % count, *values)
        if dtype == "F16":
            return struct.pack("<%de" % count, *values)
        return b"".join(struct.pack("<f", v)[2:] for v in values)  # BF16

    def count(shape):
        n = 1
        for d in shape:
            n *= d
        return n

    for dtype in ("F32", "F16", "BF16"):
        tensors = {n: (dtype, s, raw(dtype, count(s))) for n, s in shapes.items()}
        write(os.path.join(out, "safetensors", dtype.lower()),
              safetensors_bytes(tensors, {"format": "pt"}))
    mixed = {n: (("F32", "F16", "BF16", "I64")[i], s,
                 raw(("F32", "F16", "BF16", "F32")[i], count(s)))
             for i, (n, s) in enumerate(shapes.items())}
    mixed["bn1.num_batches_tracked"] = ("I64", [], b"\0" * 8)
    mixed["extra.weight"] = ("F32", [1], raw("F32", 1))
    write(os.path.join(out, "safetensors", "mixed"), safetensors_bytes(mixed))
    write(os.path.join(out, "safetensors", "empty"), safetensors_bytes({}))


def onnx_seeds(out):
    try:
        import onnx
        from onnx import TensorProto, helper
    except ImportError:
        print("make_seeds.py: no python onnx package; no ONNX seeds")
        return
    rng = random.Random(3)

    def init(name, shape, value=None):
        n = 1
        for d in shape:
            n *= d
        vals = [value if value is not None else rng.uniform(-0.5, 0.5)
                for _ in range(n)]
        return helper.make_tensor(name, TensorProto.FLOAT, shape, vals)

    def conv_bn(nodes, inits, name, x, cin, cout, k, stride, relu):
        pad = k // 2
        inits += [init(name + ".w", [cout, cin, k, k]),
                  init(name + ".g", [cout], 1.0), init(name + ".b", [cout], 0.1),
                  init(name + ".m", [cout], 0.0), init(name + ".v", [cout], 1.0)]
        nodes.append(helper.make_node(
            "Conv", [x, name + ".w"], [name + ".c"], name=name,
            kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4))
        nodes.append(helper.make_node(
            "BatchNormalization",
            [name + ".c", name + ".g", name + ".b", name + ".m", name + ".v"],
            [name + ".bn"], name=name + ".bn", epsilon=1e-5))
        if not relu:
            return name + ".bn"
        nodes.append(helper.make_node("Relu", [name + ".bn"], [name + ".r"],
                                      name=name + ".relu"))
        return name + ".r"

    def model(opset, pool="MaxPool", head="Gemm", flatten="Flatten",
              softmax=False, projection=False):
        nodes, inits = [], []
        x = conv_bn(nodes, inits, "stem", "x", 3, 4, 3, 1, True)
        nodes.append(helper.make_node(pool, [x], ["p"], name="pool",
                                      kernel_shape=[2, 2], strides=[2, 2]))
        y = conv_bn(nodes, inits, "b1", "p", 4, 8 if projection else 4, 3,
                    2 if projection else 1, True)
        y = conv_bn(nodes, inits, "b2", y, 8 if projection else 4,
                    8 if projection else 4, 3, 1, False)
        skip = conv_bn(nodes, inits, "proj", "p", 4, 8, 1, 2, False) \
            if projection else "p"
        nodes.append(helper.make_node("Add", [y, skip], ["sum"], name="add"))
        nodes.append(helper.make_node("Relu", ["sum"], ["out"], name="relu"))
        nodes.append(helper.make_node("GlobalAveragePool", ["out"], ["gap"],
                                      name="gap"))
        c = 8 if projection else 4
        if flatten == "Flatten":
            nodes.append(helper.make_node("Flatten", ["gap"], ["flat"],
                                          name="flatten", axis=1))
        else:
            inits.append(helper.make_tensor("shape", TensorProto.INT64, [2],
                                            [1, -1]))
            nodes.append(helper.make_node("Reshape", ["gap", "shape"], ["flat"],
                                          name="reshape"))
        if head == "Gemm":
            inits += [init("fc.w", [3, c]), init("fc.b", [3])]
            nodes.append(helper.make_node("Gemm", ["flat", "fc.w", "fc.b"],
                                          ["logits"], name="fc", transB=1))
        else:
            inits += [init("fc.w", [c, 3]), init("fc.b", [3])]
            nodes.append(helper.make_node("MatMul", ["flat", "fc.w"], ["mm"],
                                          name="fc"))
            nodes.append(helper.make_node("Add", ["mm", "fc.b"], ["logits"],
                                          name="fc.add"))
        result = "logits"
        if softmax:
            nodes.append(helper.make_node("Softmax", ["logits"], ["prob"],
                                          name="softmax", axis=1))
            result = "prob"
        graph = helper.make_graph(
            nodes, "seed",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
            [helper.make_tensor_value_info(result, TensorProto.FLOAT, [1, 3])],
            inits)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])

    variants = {
        "basic-op13": model(13),
        "projection-op17": model(17, projection=True),
        "avgpool-op11": model(11, pool="AveragePool", softmax=True),
        "matmul-op9": model(9, head="MatMul", flatten="Reshape"),
        "reshape-op21": model(21, flatten="Reshape", projection=True),
    }
    for name, m in variants.items():
        write(os.path.join(out, "onnx", name + ".onnx"), m.SerializeToString())


def main(src, out):
    mlir_seeds(src, out)
    npy_seeds(out)
    safetensors_seeds(out)
    onnx_seeds(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
