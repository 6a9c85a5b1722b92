"""torchvision-shaped ResNets in numpy: parameters, reference forward pass,
ONNX graphs built node by node, and a safetensors writer.

The reference forward pass is independent of the compiler: it is what the
imported models are compared against.
"""
import json
import struct

import numpy as np

ARCHS = {
    # name: (bottleneck, blocks per stage, groups, width per group)
    "resnet18": (False, [2, 2, 2, 2], 1, 64),
    "resnet34": (False, [3, 4, 6, 3], 1, 64),
    "resnet50": (True, [3, 4, 6, 3], 1, 64),
    "resnet101": (True, [3, 4, 23, 3], 1, 64),
    "resnet152": (True, [3, 8, 36, 3], 1, 64),
    "resnext50_32x4d": (True, [3, 4, 6, 3], 32, 4),
    "resnext101_32x8d": (True, [3, 4, 23, 3], 32, 8),
    "resnext101_64x4d": (True, [3, 4, 23, 3], 64, 4),
    "wide_resnet50_2": (True, [3, 4, 6, 3], 1, 128),
    "wide_resnet101_2": (True, [3, 4, 23, 3], 1, 128),
    # Small graphs of the same shape for the quick tests.
    "resnet_tiny": (False, [1, 1, 0, 0], 1, 64),
    "resnext_tiny": (True, [1, 1, 0, 0], 32, 4),
}


def conv_bn_params(conv, bn, out, cin, k, rng, params, last=False):
    fan_in = cin * k * k
    a = np.sqrt(6.0 / fan_in)
    params[conv + ".weight"] = rng.uniform(-a, a, (out, cin, k, k))
    params[bn + ".weight"] = rng.uniform(0.1, 0.4, out) if last else \
        rng.uniform(0.7, 1.3, out)
    params[bn + ".bias"] = rng.uniform(-0.1, 0.1, out)
    params[bn + ".running_mean"] = rng.uniform(-0.1, 0.1, out)
    params[bn + ".running_var"] = rng.uniform(0.5, 1.5, out)


def block_specs(arch):
    """Yields (prefix, kind, inplanes, width, out, stride, groups)."""
    bottleneck, layers, groups, wpg = ARCHS[arch]
    inplanes = 64
    for s, count in enumerate(layers):
        planes = 64 << s
        for i in range(count):
            stride = 2 if s > 0 and i == 0 else 1
            prefix = "layer%d.%d" % (s + 1, i)
            if bottleneck:
                width = planes * wpg // 64 * groups
                out = planes * 4
                yield prefix, "bottleneck", inplanes, width, out, stride, groups
            else:
                out = planes
                yield prefix, "basic", inplanes, planes, out, stride, 1
            inplanes = out


def make_params(arch, classes, seed):
    """A torchvision state_dict (float32 numpy arrays) with random values."""
    rng = np.random.default_rng(seed)
    p = {}
    conv_bn_params("conv1", "bn1", 64, 3, 7, rng, p)
    inplanes = 64
    for prefix, kind, cin, width, out, stride, groups in block_specs(arch):
        if kind == "basic":
            conv_bn_params(prefix + ".conv1", prefix + ".bn1", width, cin, 3, rng, p)
            conv_bn_params(prefix + ".conv2", prefix + ".bn2", width, width, 3, rng, p, True)
        else:
            conv_bn_params(prefix + ".conv1", prefix + ".bn1", width, cin, 1, rng, p)
            conv_bn_params(prefix + ".conv2", prefix + ".bn2", width, width // groups, 3, rng, p)
            conv_bn_params(prefix + ".conv3", prefix + ".bn3", out, width, 1, rng, p, True)
        if stride != 1 or cin != out:
            conv_bn_params(prefix + ".downsample.0", prefix + ".downsample.1",
                           out, cin, 1, rng, p)
        inplanes = out
    a = np.sqrt(3.0 / inplanes)
    p["fc.weight"] = rng.uniform(-a, a, (classes, inplanes))
    p["fc.bias"] = rng.uniform(-0.1, 0.1, classes)
    return {k: v.astype(np.float32) for k, v in p.items()}


# --- numpy reference ---------------------------------------------------------

def conv2d(x, w, stride=1, pad=0, groups=1):
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    oh = (h - kh) // stride + 1
    ow = (wd - kw) // stride + 1
    s = x.strides
    win = np.lib.stride_tricks.as_strided(
        x, (n, c, oh, ow, kh, kw),
        (s[0], s[1], s[2] * stride, s[3] * stride, s[2], s[3]))
    fg = f // groups
    outs = []
    for g in range(groups):
        outs.append(np.einsum("ncyxij,fcij->nfyx",
                              win[:, g * cg:(g + 1) * cg],
                              w[g * fg:(g + 1) * fg], optimize=True))
    return np.concatenate(outs, axis=1)


def batch_norm(x, p, name, eps=1e-5):
    scale = p[name + ".weight"] / np.sqrt(p[name + ".running_var"] + eps)
    shift = p[name + ".bias"] - p[name + ".running_mean"] * scale
    return x * scale[None, :, None, None] + shift[None, :, None, None]


def max_pool(x, k=3, stride=2, pad=1):
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)),
               constant_values=-np.inf)
    n, c, h, w = x.shape
    oh = (h - k) // stride + 1
    ow = (w - k) // stride + 1
    s = x.strides
    win = np.lib.stride_tricks.as_strided(
        x, (n, c, oh, ow, k, k),
        (s[0], s[1], s[2] * stride, s[3] * stride, s[2], s[3]))
    return win.max(axis=(4, 5))


def relu(x):
    return np.maximum(x, 0)


def forward(arch, p, x):
    """The logits of torchvision's model for image batch `x`, in float64."""
    p = {k: v.astype(np.float64) for k, v in p.items()}
    x = x.astype(np.float64)
    x = relu(batch_norm(conv2d(x, p["conv1.weight"], 2, 3), p, "bn1"))
    x = max_pool(x)
    for prefix, kind, cin, width, out, stride, groups in block_specs(arch):
        q = prefix + "."
        if kind == "basic":
            y = relu(batch_norm(conv2d(x, p[q + "conv1.weight"], stride, 1), p, q + "bn1"))
            y = batch_norm(conv2d(y, p[q + "conv2.weight"], 1, 1), p, q + "bn2")
        else:
            y = relu(batch_norm(conv2d(x, p[q + "conv1.weight"]), p, q + "bn1"))
            y = relu(batch_norm(conv2d(y, p[q + "conv2.weight"], stride, 1, groups), p, q + "bn2"))
            y = batch_norm(conv2d(y, p[q + "conv3.weight"]), p, q + "bn3")
        if q + "downsample.0.weight" in p:
            x = batch_norm(conv2d(x, p[q + "downsample.0.weight"], stride), p,
                           q + "downsample.1")
        x = relu(x + y)
    x = x.mean(axis=(2, 3))
    return x @ p["fc.weight"].T + p["fc.bias"]


# --- ONNX --------------------------------------------------------------------

def fold_bn(p, conv, bn, eps=1e-5):
    """The weight and bias of conv `conv` with batch norm `bn` folded in, as
    torch.onnx.export does by default."""
    scale = p[bn + ".weight"].astype(np.float64) / np.sqrt(
        p[bn + ".running_var"].astype(np.float64) + eps)
    w = p[conv + ".weight"].astype(np.float64) * scale[:, None, None, None]
    b = p[bn + ".bias"] - p[bn + ".running_mean"] * scale
    return w.astype(np.float32), b.astype(np.float32)


def make_onnx(arch, p, batch, size, opset=15, flatten="Flatten", fc="Gemm",
              float_data=False, softmax=False, identity=False, bn="keep"):
    """Builds the model node by node. `size`: the image's side, or its
    (height, width); `flatten`: Flatten | Reshape;
    `fc`: Gemm (transB=1) | GemmNT (transB=0) | MatMul (+ Add);
    `float_data`: initializers as float_data instead of raw_data;
    `bn`: keep (BatchNormalization nodes) | fold (into conv weight and bias,
    as PyTorch's default export) | mixed (every other conv folded)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    image_h, image_w = (size, size) if isinstance(size, int) else size
    nodes, inits = [], []
    bn_mode = bn

    def init(name, array):
        if float_data and array.dtype == np.float32:
            inits.append(helper.make_tensor(name, TensorProto.FLOAT,
                                            array.shape, array.flatten().tolist()))
        else:
            inits.append(numpy_helper.from_array(array, name))
        return name

    counter = [0]

    def node(op, inputs, name, **attrs):
        counter[0] += 1
        out = "%s_out" % name
        nodes.append(helper.make_node(op, inputs, [out], name=name, **attrs))
        return out

    folds = [0]

    def conv_bn(x, conv, bn, stride, pad, groups=1, relu_after=True):
        w = p[conv + ".weight"]
        k = w.shape[2]
        folds[0] += 1
        if bn_mode == "fold" or (bn_mode == "mixed" and folds[0] % 2 == 0):
            w, b = fold_bn(p, conv, bn)
            y = node("Conv", [x, init(conv + ".weight", w),
                              init(conv + ".bias", b)], conv,
                     kernel_shape=[k, k], strides=[stride, stride],
                     pads=[pad] * 4, group=groups)
            return node("Relu", [y], bn + ".relu") if relu_after else y
        y = node("Conv", [x, init(conv + ".weight", w)], conv,
                 kernel_shape=[k, k], strides=[stride, stride],
                 pads=[pad] * 4, group=groups)
        bn_inputs = [y] + [init(bn + "." + s, p[bn + "." + s]) for s in
                           ("weight", "bias", "running_mean", "running_var")]
        bn_attrs = {"epsilon": 1e-5}
        if opset < 14:
            bn_attrs["momentum"] = 0.9
        y = node("BatchNormalization", bn_inputs, bn, **bn_attrs)
        return node("Relu", [y], bn + ".relu") if relu_after else y

    x = conv_bn("input", "conv1", "bn1", 2, 3)
    x = node("MaxPool", [x], "maxpool", kernel_shape=[3, 3], strides=[2, 2],
             pads=[1, 1, 1, 1])
    for prefix, kind, cin, width, out, stride, groups in block_specs(arch):
        q = prefix + "."
        if kind == "basic":
            y = conv_bn(x, q + "conv1", q + "bn1", stride, 1)
            y = conv_bn(y, q + "conv2", q + "bn2", 1, 1, relu_after=False)
        else:
            y = conv_bn(x, q + "conv1", q + "bn1", 1, 0)
            y = conv_bn(y, q + "conv2", q + "bn2", stride, 1, groups)
            y = conv_bn(y, q + "conv3", q + "bn3", 1, 0, relu_after=False)
        if q + "downsample.0.weight" in p:
            x = conv_bn(x, q + "downsample.0", q + "downsample.1", stride, 0,
                        relu_after=False)
        x = node("Add", [y, x], q + "add")
        x = node("Relu", [x], q + "relu")
    x = node("GlobalAveragePool", [x], "avgpool")
    if identity:
        x = node("Identity", [x], "identity")
    if flatten == "Flatten":
        x = node("Flatten", [x], "flatten", axis=1)
    else:
        nodes.append(helper.make_node(
            "Constant", [], ["flat_shape"], name="flat_shape",
            value=numpy_helper.from_array(np.array([0, -1], np.int64))))
        x = node("Reshape", [x, "flat_shape"], "flatten")
    w, b = p["fc.weight"], p["fc.bias"]
    if fc == "Gemm":
        x = node("Gemm", [x, init("fc.weight", w), init("fc.bias", b)], "fc",
                 transB=1)
    elif fc == "GemmNT":
        x = node("Gemm", [x, init("fc.weight", np.ascontiguousarray(w.T)),
                          init("fc.bias", b)], "fc")
    else:
        x = node("MatMul", [x, init("fc.weight", np.ascontiguousarray(w.T))],
                 "fc.matmul")
        x = node("Add", [x, init("fc.bias", b)], "fc.add")
    if softmax:
        x = node("Softmax", [x], "softmax", axis=1)
    nodes[-1].output[0] = "logits"
    classes = w.shape[0]
    graph = helper.make_graph(
        nodes, arch,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                       ["batch", 3, image_h, image_w])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT,
                                       ["batch", classes])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    return model


# --- safetensors --------------------------------------------------------------

def write_safetensors(path, tensors, dtype="F32", header_override=None,
                      truncate=None):
    """Writes `tensors` (name -> float32 array) in the safetensors format."""
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        if dtype == "F32":
            data = np.ascontiguousarray(array, np.float32).tobytes()
        elif dtype == "F16":
            data = np.ascontiguousarray(array, np.float16).tobytes()
        else:  # BF16: the upper half of the float32 bits (exact for our values
            # after rounding them to bf16 first)
            bits = np.ascontiguousarray(array, np.float32).view(np.uint32)
            data = (bits >> 16).astype(np.uint16).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    if header_override:
        header.update(header_override)
    text = json.dumps(header).encode()
    blob = struct.pack("<Q", len(text)) + text + b"".join(blobs)
    if truncate is not None:
        blob = blob[:truncate]
    with open(path, "wb") as f:
        f.write(blob)
