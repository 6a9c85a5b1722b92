"""Writes ONNX models spelled as converters other than torch.onnx write them.

usage: make_onnx_wild.py CASE OUTDIR  ->  OUTDIR/model.onnx (+ .npy files)

  zoo-op7, zoo-op8  a tiny ResNet as the ONNX model zoo's ResNets are
                    written: opset 7/8, BatchNormalization with `spatial`,
                    Gemm with `broadcast`, Dropout before the classifier,
                    Softmax at the end; input.npy, expected.npy
  bn-as-muladd      every BatchNormalization replaced by Mul and Add by
                    per-channel constants (older converters); input.npy,
                    expected.npy
  norm-stem         (x - mean) / std baked in before a padded 7x7/2 stem conv
                    and a 3x3 conv, output the conv map (every border pixel
                    is compared); input.npy (raw pixels), normalised.npy
                    (the same, normalised in NumPy) and plain/model.onnx (the
                    model without the normalisation)
  norm-muladd       the same normalisation written x * (1/std) + (-mean/std)
                    with Mul and Add, shapes [3, 1, 1]; plain/ as above
  norm-3x3          norm-stem with a 3x3 stride-1 pad-1 stem (no bias)
  wild-ops          auto_pad SAME_UPPER/SAME_LOWER/VALID on Conv and pools,
                    ceil_mode pooling, MaxPool dilations, Flatten axis -3 of an
                    N x C x 1 x 1 tensor, Gemm alpha/beta/transB with a matrix
                    C, broadcasting Sub/Mul/Div of activations by constants
                    (not next to a conv); input.npy
  unsupported       three unsupported operator types (one twice, one in a
                    custom domain) between supported ones
  opset6, opset22   a tiny ResNet at an opset outside 7-21
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resnet_np  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406], np.float32) * 255
STD = np.array([0.229, 0.224, 0.225], np.float32) * 255


def tiny(opset, **kwargs):
    params = resnet_np.make_params("resnet_tiny", 10, seed=7)
    model = resnet_np.make_onnx("resnet_tiny", params, 1, 16, opset=opset,
                                **kwargs)
    x = np.random.default_rng(3).standard_normal((2, 3, 16, 16)) \
        .astype(np.float32)
    return params, model, x


def save(model, outdir, name="model.onnx"):
    if model.opset_import[0].version >= 9:
        model.ir_version = 7
    else:
        # IR version 3 (opset 7/8) lists the initializers as graph inputs.
        model.ir_version = 3
        graph = model.graph
        for t in graph.initializer:
            graph.input.append(helper.make_tensor_value_info(
                t.name, t.data_type, list(t.dims)))
    onnx.save(model, os.path.join(outdir, name))


def find(model, name):
    return next(n for n in model.graph.node if n.name == name)


def zoo(outdir, opset):
    """Opset 7/8: BN `spatial`, Dropout, Softmax."""
    params, model, x = tiny(9)
    graph = model.graph
    for n in graph.node:
        if n.op_type == "BatchNormalization":
            n.attribute.append(helper.make_attribute("spatial", 1))
    fc = find(model, "fc")
    # Dropout (inference: identity) between the flatten and the classifier.
    fc_input = fc.input[0]
    fc.input[0] = "dropped"
    index = list(graph.node).index(fc)
    graph.node.insert(index, helper.make_node(
        "Dropout", [fc_input], ["dropped"], name="dropout", ratio=0.5))
    fc.output[0] = "fc_out"
    graph.node.append(helper.make_node("Softmax", ["fc_out"], ["logits"],
                                       name="softmax"))
    del model.opset_import[:]
    model.opset_import.append(helper.make_opsetid("", opset))
    save(model, outdir)
    y = resnet_np.forward("resnet_tiny", params, x)
    e = np.exp(y - y.max(axis=1, keepdims=True))
    np.save(os.path.join(outdir, "input.npy"), x)
    np.save(os.path.join(outdir, "expected.npy"),
            (e / e.sum(axis=1, keepdims=True)).astype(np.float32))


def bn_as_muladd(outdir):
    """y = x * (gamma / sqrt(var + eps)) + (beta - mean * gamma / sqrt(..))."""
    params, model, x = tiny(13)
    graph = model.graph
    inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    nodes = []
    for n in graph.node:
        if n.op_type != "BatchNormalization":
            nodes.append(n)
            continue
        g, b, m, v = (inits[i].astype(np.float64) for i in n.input[1:])
        scale = g / np.sqrt(v + 1e-5)
        shift = b - m * scale
        for name, value in ((n.name + ".mul", scale), (n.name + ".add", shift)):
            graph.initializer.append(numpy_helper.from_array(
                value.astype(np.float32).reshape(-1, 1, 1), name + ".c"))
        nodes.append(helper.make_node("Mul", [n.input[0], n.name + ".mul.c"],
                                      [n.name + ".scaled"], name=n.name + ".mul"))
        nodes.append(helper.make_node("Add", [n.name + ".scaled",
                                              n.name + ".add.c"],
                                      [n.output[0]], name=n.name + ".add"))
    del graph.node[:]
    graph.node.extend(nodes)
    save(model, outdir)
    np.save(os.path.join(outdir, "input.npy"), x)
    np.save(os.path.join(outdir, "expected.npy"),
            resnet_np.forward("resnet_tiny", params, x).astype(np.float32))


def norm_stem(outdir, spelling):
    """Normalisation in front of padded convs; the output is a conv map."""
    rng = np.random.default_rng(11)
    w1 = rng.uniform(-0.2, 0.2, (8, 3, 7, 7)).astype(np.float32)
    b1 = rng.uniform(-0.1, 0.1, 8).astype(np.float32)
    w2 = rng.uniform(-0.3, 0.3, (4, 3, 3, 3)).astype(np.float32)
    stem = [
        helper.make_node("Conv", ["normalised", "w1", "b1"], ["c1"],
                         name="conv1", kernel_shape=[7, 7], strides=[2, 2],
                         pads=[3, 3, 3, 3]),
        helper.make_node("Conv", ["normalised", "w2"], ["c2"], name="conv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    ]
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((w1, "w1"), (b1, "b1"), (w2, "w2"))]
    # The 7x7/2 stem, or a 3x3/1 one (Winograd when compiled).
    stem = stem[1:] if spelling == "3x3" else stem[:1]
    outputs = [helper.make_tensor_value_info("c2", TensorProto.FLOAT,
                                             [1, 4, 20, 20])] \
        if spelling == "3x3" else \
        [helper.make_tensor_value_info("c1", TensorProto.FLOAT,
                                       [1, 8, 10, 10])]

    def model(nodes, extra_inits, image):
        graph = helper.make_graph(
            nodes, "norm",
            [helper.make_tensor_value_info(image, TensorProto.FLOAT,
                                           [1, 3, 20, 20])],
            outputs, inits + extra_inits)
        return helper.make_model(graph,
                                 opset_imports=[helper.make_opsetid("", 13)])

    if spelling in ("subdiv", "3x3"):
        norm = [helper.make_node("Sub", ["image", "mean"], ["centred"],
                                 name="sub_mean"),
                helper.make_node("Div", ["centred", "std"], ["normalised"],
                                 name="div_std")]
        consts = [numpy_helper.from_array(MEAN.reshape(1, 3, 1, 1), "mean"),
                  numpy_helper.from_array(STD.reshape(1, 3, 1, 1), "std")]
    else:
        norm = [helper.make_node("Mul", ["image", "inv_std"], ["scaled"],
                                 name="mul_inv_std"),
                helper.make_node("Add", ["scaled", "shift"], ["normalised"],
                                 name="add_shift")]
        consts = [numpy_helper.from_array((1 / STD).reshape(3, 1, 1),
                                          "inv_std"),
                  numpy_helper.from_array((-MEAN / STD).reshape(3, 1, 1),
                                          "shift")]
    save(model(norm + stem, consts, "image"), outdir)
    plain = os.path.join(outdir, "plain")
    os.makedirs(plain, exist_ok=True)
    save(model(stem, [], "normalised"), plain)
    # Pixels in 0..255, as an image loader gives them.
    x = rng.uniform(0, 255, (1, 3, 20, 20)).astype(np.float32)
    np.save(os.path.join(outdir, "input.npy"), x)
    if spelling != "muladd":
        xn = (x - MEAN.reshape(1, 3, 1, 1)) / STD.reshape(1, 3, 1, 1)
    else:
        xn = x * (1 / STD).reshape(3, 1, 1) + (-MEAN / STD).reshape(3, 1, 1)
    np.save(os.path.join(outdir, "normalised.npy"), xn.astype(np.float32))


def wild_ops(outdir):
    rng = np.random.default_rng(5)
    w1 = rng.uniform(-0.3, 0.3, (6, 3, 3, 3)).astype(np.float32)
    w2 = rng.uniform(-0.3, 0.3, (6, 6, 3, 3)).astype(np.float32)
    fw = rng.uniform(-0.3, 0.3, (5, 6)).astype(np.float32)  # transB=1
    fc = rng.uniform(-0.1, 0.1, (2, 5)).astype(np.float32)  # matrix C
    sub = rng.uniform(-0.1, 0.1, (1, 6, 1, 1)).astype(np.float32)
    mul = rng.uniform(0.5, 1.5, (6, 1, 1)).astype(np.float32)
    div = np.float32(2.0)
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((w1, "w1"), (w2, "w2"), (fw, "fw"), (fc, "fc"), (sub, "sub"),
              (mul, "mul"), (np.array(div), "div"))]
    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["c1"], name="conv_same",
                         kernel_shape=[3, 3], strides=[2, 2],
                         auto_pad="SAME_UPPER"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool_ceil",
                         kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
        helper.make_node("Sub", ["p1", "sub"], ["s1"], name="sub"),
        helper.make_node("Mul", ["s1", "mul"], ["m1"], name="mul"),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], name="conv_valid",
                         kernel_shape=[3, 3], auto_pad="VALID"),
        helper.make_node("MaxPool", ["c2"], ["p2"], name="pool_dilated",
                         kernel_shape=[2, 2], dilations=[2, 2],
                         auto_pad="SAME_LOWER"),
        helper.make_node("AveragePool", ["p2"], ["p3"], name="avg_ceil",
                         kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1,
                         pads=[1, 1, 1, 1]),
        helper.make_node("GlobalAveragePool", ["p3"], ["g"], name="gap"),
        helper.make_node("GlobalAveragePool", ["m1"], ["g1"], name="gap1"),
        helper.make_node("Add", ["g", "g1"], ["g2"], name="add"),
        helper.make_node("Div", ["g2", "div"], ["d"], name="div"),
        helper.make_node("Flatten", ["d"], ["f"], name="flatten", axis=-3),
        helper.make_node("Gemm", ["f", "fw", "fc"], ["y"], name="fc",
                         alpha=0.5, beta=2.0, transB=1),
    ]
    graph = helper.make_graph(
        nodes, "wild",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 19, 19])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 5])],
        inits)
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]),
         outdir)
    np.save(os.path.join(outdir, "input.npy"),
            rng.standard_normal((2, 3, 19, 19)).astype(np.float32))


def unsupported(outdir):
    _, model, _ = tiny(13)
    graph = model.graph
    find(model, "layer1.0.relu").op_type = "Selu"
    find(model, "layer2.0.relu").op_type = "Selu"
    find(model, "bn1.relu").op_type = "LeakyRelu"
    custom = find(model, "layer1.0.bn1.relu")
    custom.op_type, custom.domain = "FusedRelu", "com.example"
    model.opset_import.append(helper.make_opsetid("com.example", 1))
    save(model, outdir)


def main(case, outdir):
    os.makedirs(outdir, exist_ok=True)
    if case in ("zoo-op7", "zoo-op8"):
        zoo(outdir, int(case[-1]))
    elif case == "bn-as-muladd":
        bn_as_muladd(outdir)
    elif case == "norm-stem":
        norm_stem(outdir, "subdiv")
    elif case == "norm-muladd":
        norm_stem(outdir, "muladd")
    elif case == "norm-3x3":
        norm_stem(outdir, "3x3")
    elif case == "wild-ops":
        wild_ops(outdir)
    elif case == "unsupported":
        unsupported(outdir)
    elif case in ("opset6", "opset22"):
        _, model, _ = tiny(13)
        model.opset_import[0].version = int(case[5:])
        save(model, outdir)
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
