#!/usr/bin/env python3
"""Numerical error of the generated code against float64 ground truth.

    bench/numerics.py [table] [--build build] [--arch A...] [--batch 2]
                      [--size 224] [--opt -O2 -O3] [--flags F] [--keep DIR]
    bench/numerics.py layers [--build build] [--arch A...] [--size 224]
                      [--opt -O2 -O3] [--calibrate] [--fused-only] [--keep DIR]

`table` (the default; needs PyTorch and torchvision): per torchvision
architecture (default resnet18, resnet50, resnet101, resnext50_32x4d,
wide_resnet50_2), torchvision's model with its own random initialisation,
batch-norm affine parameters drawn like a trained network's (the last BN of
each residual branch small) and running statistics calibrated in float64 on
random images (every BN's input statistics, as after training), all
parameters rounded to float32 once. The ground truth is that model in
PyTorch float64 on a random batch; against it: PyTorch float32, ONNX Runtime
(onnxruntime-node through ../shared/bench/ort_run.js, as bench.py) and our
binaries at each --opt level, all on the same ONNX file (written node by
node by test/importer/Inputs/resnet_np.py from the state dict, batch norms
unfused). Prints per model and runner the logits' max abs error, that over
the largest |logit| (rel), and whether each image's top-1 class and top-5
set equal float64's.

`layers`: where the error comes from, layer by layer (no PyTorch needed).
Per architecture: a torchvision-shaped model with seeded random weights
(test/importer/Inputs/resnet_np.py, as bench.sh uses), with --calibrate its
batch norms' running statistics set to the statistics of the layer inputs
they normalize on random images (computed in float64: every BN then sees
mean 0, variance 1, as after training, and the activations keep their scale
through the network), written as ONNX and imported with resnet-import. Then
resnet-run --f64 --trace is the float64 ground truth; compared with it layer
by layer (resnet-run --compare-trace): resnet-run in f32 (double
accumulation, one rounding per op), the graph passes' output (batch norms
folded into the weights, rounded to f32 once) evaluated in float64 (the
error of that rounding alone), and the binaries of each --opt level
compiled with --trace (f32 accumulation as the generated code orders it,
Winograd at -O3). Prints, per layer, the largest absolute error
over the layer's largest magnitude for each, and a summary of the logits
(max abs error, top-5 agreement with float64), and the classifier's own
error (from its traced input) next to a float32 emulation of one
accumulator and of 8 interleaved ones.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "test", "importer", "Inputs"))
import resnet_np  # noqa: E402

SEED = 7
ROW = re.compile(r"^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)/(\d+)$")


def run(*args, ok=(0,), env=None):
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    if result.returncode not in ok:
        sys.exit(f"numerics: {' '.join(args)} failed:\n{result.stderr}")
    return result


def calibrate(arch, p, size, images=2, seed=1):
    """Sets every BN's running mean/var to its input's per-channel mean and
    variance on random images, in float64, in network order."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((images, 3, size, size))
    q = {k: v.astype(np.float64) for k, v in p.items()}

    def bn(y, name):
        q[name + ".running_mean"] = y.mean(axis=(0, 2, 3))
        q[name + ".running_var"] = y.var(axis=(0, 2, 3))
        return resnet_np.batch_norm(y, q, name)

    conv, relu = resnet_np.conv2d, resnet_np.relu
    x = resnet_np.max_pool(relu(bn(conv(x, q["conv1.weight"], 2, 3), "bn1")))
    for prefix, kind, cin, width, out, stride, groups in \
            resnet_np.block_specs(arch):
        w = prefix + "."
        if kind == "basic":
            y = relu(bn(conv(x, q[w + "conv1.weight"], stride, 1), w + "bn1"))
            y = bn(conv(y, q[w + "conv2.weight"], 1, 1), w + "bn2")
        else:
            y = relu(bn(conv(x, q[w + "conv1.weight"]), w + "bn1"))
            y = relu(bn(conv(y, q[w + "conv2.weight"], stride, 1, groups),
                        w + "bn2"))
            y = bn(conv(y, q[w + "conv3.weight"]), w + "bn3")
        if w + "downsample.0.weight" in q:
            x = bn(conv(x, q[w + "downsample.0.weight"], stride),
                   w + "downsample.1")
        x = relu(x + y)
    return {k: v.astype(np.float32) for k, v in q.items()}


def compare(build, a, b):
    """{layer: (shape, max_abs, max_rel, abs/max|b|)} of trace a vs trace b,
    in a's order."""
    out = run(os.path.join(build, "bin", "resnet-run"), "--compare-trace", a,
              b, "--rtol", "0", "--atol", "0", ok=(0, 1)).stdout
    layers = {}
    for line in out.splitlines()[1:]:
        m = ROW.match(line.strip())
        if m:
            layers[m[1]] = (m[2], float(m[3]), float(m[4]), float(m[5]))
    return layers


def logits_summary(name, got, truth):
    err = np.abs(got.astype(np.float64) - truth).max()
    scale = np.abs(truth).max()
    top5 = [set(np.argsort(-r)[:5]) for r in got.reshape(got.shape[0], -1)]
    true5 = [set(np.argsort(-r)[:5]) for r in truth.reshape(truth.shape[0], -1)]
    same = all(a == b for a, b in zip(top5, true5))
    top1 = all(np.argmax(g) == np.argmax(t) for g, t in
               zip(got.reshape(got.shape[0], -1),
                   truth.reshape(truth.shape[0], -1)))
    print(f"  {name:<10} logits max_abs_err={err:.3g} rel_to_max={err / scale:.3g}"
          f" top1_same={top1} top5_same={same}")


def trace_files(trace):
    """[(name, file)] of a trace directory, in order."""
    with open(os.path.join(trace, "index.txt")) as index:
        return [(name, os.path.join(trace, file)) for file, name in
                (line.rstrip("\n").split("\t") for line in index)]


def sequential_sum(x, w, partials):
    """x @ w.T in float32 as `partials` interleaved accumulators over k,
    summed pairwise at the end (partials=1: one sequential accumulator)."""
    x, w = x.astype(np.float32), w.astype(np.float32)
    accs = []
    for j in range(partials):
        acc = np.zeros((x.shape[0], w.shape[0]), np.float32)
        for k in range(j, x.shape[1], partials):
            acc = (acc + x[:, k:k + 1] * w[None, :, k]).astype(np.float32)
        accs.append(acc)
    while len(accs) > 1:
        accs = [(accs[i] + accs[i + 1]).astype(np.float32)
                for i in range(0, len(accs), 2)]
    return accs[0]


def classifier_error(name, trace, params):
    """The fc layer's own error: its output against float64 on its own
    (traced) input, and what one and 8 f32 accumulators give there."""
    files = trace_files(trace)
    x = np.load(files[-2][1]).astype(np.float64)
    y = np.load(files[-1][1]).astype(np.float64)
    w, b = params["fc.weight"], params["fc.bias"]
    exact = x @ w.astype(np.float64).T + b
    scale = np.abs(exact).max()
    seq = sequential_sum(x, w, 1) + b
    split = sequential_sum(x, w, 8) + b
    print(f"  {name:<10} fc alone (K={x.shape[1]}): "
          f"{np.abs(y - exact).max() / scale:.3g} of max|logit|; one f32 "
          f"accumulator: {np.abs(seq - exact).max() / scale:.3g}, 8 summed "
          f"pairwise: {np.abs(split - exact).max() / scale:.3g}")


def study(args, arch, work):
    build = args.build
    tools = {t: os.path.join(build, "bin", t)
             for t in ("resnet-import", "resnet-opt", "resnet-compile",
                       "resnet-run")}
    params = resnet_np.make_params(arch, 1000, seed=SEED)
    if args.calibrate:
        params = calibrate(arch, params, args.size)
    onnx_path = os.path.join(work, f"{arch}.onnx")
    import onnx
    onnx.save(resnet_np.make_onnx(arch, params, 1, args.size, opset=17),
              onnx_path)
    model = os.path.join(work, f"{arch}.mlir")
    run(tools["resnet-import"], onnx_path, "-o", model)

    traces = {}
    run(tools["resnet-run"], model, "--f64", "--trace",
        os.path.join(work, "f64"), "--output", os.path.join(work, "f64.npy"))
    run(tools["resnet-run"], model, "--trace", os.path.join(work, "ref32"),
        "--output", os.path.join(work, "ref32.npy"))
    traces["ref-f32"] = os.path.join(work, "ref32")
    outputs = {"ref-f32": os.path.join(work, "ref32.npy")}
    # The graph passes' model (BN folded into f32 weights, layers fused) in
    # float64: the error of the folded weights' rounding alone. The
    # locations are kept, so the layers keep their names.
    folded = os.path.join(work, f"{arch}-folded.mlir")
    run(tools["resnet-opt"], model, "--resnet-optimize",
        "--mlir-print-debuginfo", "-o", folded)
    run(tools["resnet-run"], folded, "--f64", "--trace",
        os.path.join(work, "fold64"), "--output",
        os.path.join(work, "fold64.npy"))
    traces["fold-f64"] = os.path.join(work, "fold64")
    outputs["fold-f64"] = os.path.join(work, "fold64.npy")
    for opt in args.opt:
        binary = os.path.join(work, f"{arch}{opt}")
        run(tools["resnet-compile"], model, opt, "--trace", "-o", binary)
        trace = os.path.join(work, f"trace{opt}")
        out = os.path.join(work, f"out{opt}.npy")
        run(binary, "--trace", trace, "--output", out)
        traces[opt] = trace
        outputs[opt] = out

    tables = {name: compare(build, t, os.path.join(work, "f64"))
              for name, t in traces.items()}
    names = list(traces)
    print(f"\n{arch} {args.size}x{args.size}"
          f"{' (calibrated BN statistics)' if args.calibrate else ''}: per "
          f"layer, max |x - f64| / max |f64| (each run's own rounding plus "
          f"what it inherits)")
    print(f"  {'layer':<28} {'shape':<14}" +
          "".join(f" {n:>10}" for n in names))
    for layer in tables["ref-f32"]:
        if args.fused_only and layer not in tables[names[-1]]:
            continue
        shape = tables["ref-f32"][layer][0]
        cells = "".join(
            f" {tables[n][layer][3]:>10.3g}" if layer in tables[n] else
            f" {'-':>10}" for n in names)
        print(f"  {layer:<28} {shape:<14}{cells}")
    truth = np.load(os.path.join(work, "f64.npy"))
    for name in names:
        logits_summary(name, np.load(outputs[name]), truth)
    for opt in args.opt:
        classifier_error(opt, traces[opt], params)


TABLE_ARCHS = ["resnet18", "resnet50", "resnet101", "resnext50_32x4d",
               "wide_resnet50_2"]


def torchvision_model(arch, size, seed=SEED, calibration_images=2):
    """torchvision's `arch` with its random initialisation, BN affine
    parameters like a trained network's and running statistics calibrated
    in float64; every parameter rounded to float32 once. Returns the model
    in float64 (its values exactly representable in float32)."""
    import torch
    import torchvision
    torch.manual_seed(seed)
    model = getattr(torchvision.models, arch)(weights=None)
    last = {"bn2"} if resnet_np.ARCHS[arch][0] is False else {"bn3"}
    generator = torch.Generator().manual_seed(seed)

    def uniform(n, low, high):
        return low + (high - low) * torch.rand(n, generator=generator)

    with torch.no_grad():
        for name, module in model.named_modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                small = name.startswith("layer") and \
                    name.rsplit(".", 1)[-1] in last
                n = module.num_features
                module.weight.copy_(uniform(n, 0.1, 0.4) if small else
                                    uniform(n, 0.7, 1.3))
                module.bias.copy_(uniform(n, -0.1, 0.1))
                module.reset_running_stats()
                module.momentum = None  # a plain average of the batches
        model.double().train()
        images = torch.randn(calibration_images, 3, size, size,
                             generator=generator, dtype=torch.float64)
        model(images)
    model.eval()
    return model.float().double()


def state_dict_f32(model):
    return {k: v.detach().float().numpy() for k, v in
            model.state_dict().items() if not k.endswith("num_batches_tracked")}


def logit_errors(got, truth):
    """(max abs error, that over max |truth|, top-1 same for every image,
    top-5 set same for every image)."""
    got = got.astype(np.float64).reshape(truth.shape)
    err = float(np.abs(got - truth).max())
    top1 = bool(np.array_equal(got.argmax(axis=1), truth.argmax(axis=1)))
    top5 = all(set(np.argsort(-g)[:5]) == set(np.argsort(-t)[:5])
               for g, t in zip(got, truth))
    return err, err / float(np.abs(truth).max()), top1, top5


def reference_outputs(args, arch, work, ort):
    """Writes the ONNX model and the input under `work`; returns (float64
    truth, {runner: logits}) for PyTorch float32 and ORT. With --reuse,
    reads them back from a previous run's --keep directory."""
    names = ("input", "f64", "torch-f32", "ort")
    files = {n: os.path.join(work, n + ".npy") for n in names}
    onnx_path = os.path.join(work, f"{arch}.onnx")
    if args.reuse and all(os.path.exists(f) for f in
                          list(files.values()) + [onnx_path]):
        return np.load(files["f64"]), {n: np.load(files[n]) for n in
                                       ("torch-f32", "ort")}
    import onnx
    import torch
    runner, ort_env = ort
    model = torchvision_model(arch, args.size)
    rng = np.random.default_rng(SEED + 1)
    x = rng.standard_normal((args.batch, 3, args.size, args.size)).astype(
        np.float32)
    np.save(files["input"], x)
    with torch.no_grad():
        truth = model(torch.from_numpy(x).double()).numpy()
        f32 = model.float()(torch.from_numpy(x)).numpy()
    np.save(files["f64"], truth)
    np.save(files["torch-f32"], f32)
    onnx.save(resnet_np.make_onnx(arch, state_dict_f32(model), 1, args.size,
                                  opset=17), onnx_path)
    run("node", runner, onnx_path, files["input"], files["ort"], env=ort_env)
    return truth, {"torch-f32": f32, "ort": np.load(files["ort"])}


def table_row(args, arch, work, ort):
    tools = os.path.join(args.build, "bin")
    truth, outputs = reference_outputs(args, arch, work, ort)
    onnx_path = os.path.join(work, f"{arch}.onnx")
    input_npy = os.path.join(work, "input.npy")
    mlir = os.path.join(work, f"{arch}.mlir")
    run(os.path.join(tools, "resnet-import"), onnx_path, "--batch",
        str(args.batch), "-o", mlir)
    for opt in args.opt:
        binary = os.path.join(work, f"{arch}{opt}")
        run(os.path.join(tools, "resnet-compile"), mlir, opt, *args.flags,
            "-o", binary)
        out = os.path.join(work, f"out{opt}.npy")
        run(binary, "--input", input_npy, "--output", out)
        outputs[f"ours{opt}"] = np.load(out)
    rows = []
    for name, got in outputs.items():
        err, rel, top1, top5 = logit_errors(got, truth)
        rows.append((arch, name, err, rel, top1, top5))
        print(f"  {arch:<17} {name:<10} {err:>10.3g} {rel:>10.3g} "
              f"{'yes' if top1 else 'NO':>6} {'yes' if top5 else 'NO':>6}",
              flush=True)
    return rows


def table(args):
    sys.path.insert(0, HERE)
    import common
    try:
        _, runner, ort_env = common.setup(args.build)
    except common.BenchError as e:
        sys.exit(f"numerics: {e}")
    print(f"logits vs PyTorch float64: batch {args.batch}, {args.size}x"
          f"{args.size}, resnet-compile {' '.join(args.flags) or '(defaults)'}"
          f"; rel = max abs / max |logit|; top1/top5: same for every image")
    print(f"  {'model':<17} {'runner':<10} {'max_abs':>10} {'rel':>10} "
          f"{'top1':>6} {'top5':>6}")
    for arch in args.arch:
        if args.keep:
            work = os.path.join(args.keep, arch)
            os.makedirs(work, exist_ok=True)
            table_row(args, arch, work, (runner, ort_env))
        else:
            with tempfile.TemporaryDirectory() as work:
                table_row(args, arch, work, (runner, ort_env))


def main():
    mode = "table"
    argv = sys.argv[1:]
    if argv and argv[0] in ("table", "layers"):
        mode, argv = argv[0], argv[1:]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(REPO, "build"))
    parser.add_argument("--arch", nargs="+", default=(
        TABLE_ARCHS if mode == "table" else ["resnet18", "resnet50"]))
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--opt", nargs="+", default=["-O2", "-O3"])
    parser.add_argument("--keep", help="directory to keep the files in")
    if mode == "table":
        parser.add_argument("--batch", type=int, default=2)
        parser.add_argument("--reuse", action="store_true",
                            help="with --keep: reuse the model, input and "
                            "reference outputs of a previous run (only ours "
                            "is compiled and run again)")
        parser.add_argument("--flags", default="",
                            help="more resnet-compile flags, one string")
        args = parser.parse_args(argv)
        args.flags = shlex.split(args.flags)
        return table(args)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--fused-only", action="store_true",
                        help="only the layers the binaries trace")
    args = parser.parse_args(argv)
    for arch in args.arch:
        if args.keep:
            work = os.path.join(args.keep, arch)
            os.makedirs(work, exist_ok=True)
            study(args, arch, work)
        else:
            with tempfile.TemporaryDirectory() as work:
                study(args, arch, work)


if __name__ == "__main__":
    main()
