"""Our layers next to ONNX Runtime's, one ONNX model (bench/README.md,
"Per layer against ONNX Runtime: ortlayers.py"). The zoo says by how much
a model is slower or faster than ORT; this says in which layers.

  ortlayers.py MODEL.onnx [--build DIR] [--binary EXE] [--batch N]
               [--threads T] [--rounds R] [--runs N]
      Compiles the model (resnet-import, resnet-compile -O3 --profile; or
      takes --binary, compiled from it with --profile), then alternates R
      rounds of our binary's --profile --bench N and of ORT's profiler
      (bench/ort_profile.js, N runs after 3 warm-up ones), each on T threads
      pinned like bench.sh. Every layer's time is the minimum over the
      rounds of its median run in the round, on both sides. The last line
      is a bound: our layers' sum with every direct conv at the FMA peak
      (bench/peak.c) and the rest as measured, as a share of ORT's.
  ortlayers.py compare MODEL.onnx --ours FILE --ort PROFILE.json...
      The table from saved measurements: FILE is our binary's --profile
      output or abtest.py minima's (first column); each PROFILE.json one
      ORT profile (ort_profile.js); WARMUP runs of each are dropped.

Layers are matched by what they compute, not by name (the two graphs fuse
differently): a conv by kernel, stride, channels, output size and groups,
`conv 3x3/1 256->256 14x14 g32`, found for ORT's nodes by walking the ONNX
graph back from the node's name or output (through the BatchNormalization,
Relu and Add it fused) to the Conv; the rest by kind (max_pool,
global_avg_pool, linear). One row per kind: the layers' count on each side
and the sums of their times. Our profile books a projection computed in
one loop with the block's last conv on the first of the two, so a block's
expand row reads slower and its projection row faster than they are.
ORT's layout conversions (ReorderInput/ReorderOutput around its NCHWc
convs) have no counterpart and are listed apart.
"""
import argparse
import collections
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (BenchError, measure_peak, pinned, run,  # noqa: E402
                    setup)
from abtest import PROFILE_ROW, profile  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
# Runs ort_profile.js makes before the timed ones.
WARMUP = 3
# Our profile's conv rows: "conv 1x1/2 256->512 28x28 g32 +add +relu (...)".
OUR_CONV = re.compile(r"^conv (\d+)x(\d+)/(\d+) (\d+)->(\d+) (\d+)x(\d+)"
                      r"(?: g(\d+))?\b")
# abtest.py minima's rows: index, a column per binary, name.
MINIMA_ROW = re.compile(r"^\s*\d+\s+([0-9.]+)(?:\s+(?:[0-9.]+|-))*  (\S.*)$")
# ORT operators a walk back from a fused node passes through.
FUSED_EPILOGUE = {"Relu", "BatchNormalization", "Add", "Sum", "Clip"}
# ORT operators and our layer kinds that compute the same thing.
KINDS = {"MaxPool": "max_pool", "GlobalAveragePool": "global_avg_pool",
         "Gemm": "linear", "MatMul": "linear", "AveragePool": "avg_pool"}


def conv_signature(kernel, stride, channels, filters, height, width, groups):
    text = "conv %dx%d/%d %d->%d %dx%d" % (kernel[0], kernel[1], stride,
                                          channels, filters, height, width)
    return text + (" g%d" % groups if groups > 1 else "")


def our_signature(name):
    """The kind of one of our profile rows (its name without the fused
    epilogue and the location)."""
    match = OUR_CONV.match(name)
    if match:
        kh, kw, s, c, f, h, w, g = match.groups()
        return conv_signature((int(kh), int(kw)), int(s), int(c), int(f),
                              int(h), int(w), int(g or 1))
    return name.split()[0] if name else "?"


def bound(ours_best, names, gflop, peak):
    """Our layers' sum if every conv ran at least at `peak` GFLOP/s (its
    GFLOP the profile's direct count): the direct ones that run below it at
    the peak, the rest (Winograd, above the direct count's peak; pooling,
    the classifier) as measured."""
    total = 0.0
    for key, ms in ours_best.items():
        if key == "total":
            continue
        if OUR_CONV.match(names[key]) and key in gflop:
            ms = min(ms, gflop[key] / peak * 1000.0)
        total += ms
    return total


def read_ours(path):
    """[(signature, ms)] of our layers from saved --profile or minima text."""
    layers = []
    try:
        with open(path, errors="replace") as f:
            lines = f.readlines()
    except OSError as e:
        raise BenchError("%s: %s" % (path, e.strerror))
    for line in lines:
        match = PROFILE_ROW.match(line)
        if match and match.group("key") != "total":
            layers.append((our_signature(match.group("name").strip()),
                           float(match.group("ms"))))
            continue
        match = MINIMA_ROW.match(line)
        if match:
            layers.append((our_signature(match.group(2)),
                           float(match.group(1))))
    if not layers:
        raise BenchError("%s: no layer rows (our binary's --profile output "
                         "or abtest.py minima's expected)" % path)
    return layers


class OnnxGraph:
    """What ORT's node names lead to in the ONNX model: the Conv (or other
    computing node) each fused node started from."""

    def __init__(self, path):
        import onnx
        try:
            model = onnx.load(path, load_external_data=False)
        except Exception as e:  # onnx raises several kinds for bad files
            raise BenchError("%s: not an ONNX model (%s)" % (path, e))
        graph = model.graph
        self.nodes = {n.name: n for n in graph.node if n.name}
        self.producer = {out: n for n in graph.node for out in n.output}
        self.shapes = {init.name: list(init.dims) for init in graph.initializer}
        self.input = graph.input[0] if graph.input else None

    def origin(self, ort_name):
        """The ONNX node an ORT node (fused, or renamed `<output>_nchwc`)
        computes, or None."""
        base = ort_name[:-len("_nchwc")] if ort_name.endswith("_nchwc") \
            else ort_name
        node = self.nodes.get(base) or self.producer.get(base)
        for _ in range(8):
            if node is None or node.op_type not in FUSED_EPILOGUE:
                return node
            # Back through the epilogue: the first input another computing
            # node produced (an Add's residual is the other one).
            node = next((self.producer[i] for i in node.input
                         if i in self.producer), None)
        return None

    def signature(self, node, output_shape):
        """Our signature of an ONNX node with ORT's output shape."""
        if node.op_type != "Conv":
            return KINDS.get(node.op_type, node.op_type)
        attrs = {a.name: a for a in node.attribute}
        weight = self.shapes.get(node.input[1])
        if weight is None or len(weight) != 4 or len(output_shape) != 4:
            return "Conv"
        groups = attrs["group"].i if "group" in attrs else 1
        strides = list(attrs["strides"].ints) if "strides" in attrs else [1]
        return conv_signature((weight[2], weight[3]), strides[0],
                              weight[1] * groups, weight[0], output_shape[2],
                              output_shape[3], groups)


def ort_node_minima(paths):
    """{ORT node name: (us, op, output shape)}: the minimum over profile
    files (rounds, each with WARMUP untimed runs first) of the node's
    median run, the statistic of our --profile and abtest.py minima."""
    best = {}
    for path in paths:
        try:
            with open(path) as f:
                events = json.load(f)
        except (OSError, ValueError) as e:
            raise BenchError("%s: not an ORT profile (%s)" % (path, e))
        runs = collections.defaultdict(list)
        info = {}
        for event in events:
            name = event.get("name", "")
            if event.get("cat") != "Node" or not name.endswith("_kernel_time"):
                continue
            node = name[:-len("_kernel_time")]
            runs[node].append(float(event["dur"]))
            args = event.get("args", {})
            shapes = args.get("output_type_shape") or [{}]
            shape = next(iter(shapes[0].values()), []) if shapes else []
            info[node] = (args.get("op_name", "?"), shape)
        for node, durations in runs.items():
            low = statistics.median(durations[WARMUP:] or durations)
            if node not in best or low < best[node][0]:
                best[node] = (low,) + info[node]
    if not best:
        raise BenchError("no node timings in %s" % ", ".join(paths))
    return best


def read_ort(graph, paths):
    """([(signature, ms)] of ORT's nodes, {op: ms} of its layout changes)."""
    layers, extra = [], collections.Counter()
    for node, (us, op, shape) in ort_node_minima(paths).items():
        if op.startswith("Reorder") or op in ("Flatten", "Reshape"):
            extra[op] += us / 1000
            continue
        origin = graph.origin(node)
        signature = graph.signature(origin, shape) if origin is not None \
            else op
        layers.append((signature, us / 1000))
    return layers, extra


def table(ours, ort, extra):
    """The comparison, one row per kind in our order, as text."""
    rows = collections.OrderedDict()
    for side, layers in ((0, ours), (1, ort)):
        for signature, ms in layers:
            row = rows.setdefault(signature, [0, 0.0, 0, 0.0])
            row[2 * side] += 1
            row[2 * side + 1] += ms
    lines = ["%-36s %5s %9s %9s %8s %8s" % ("layer", "n", "ours_ms", "ort_ms",
                                           "ours/ort", "diff_ms")]
    for signature, (n_ours, t_ours, n_ort, t_ort) in rows.items():
        count = str(n_ours) if n_ours == n_ort else "%d/%d" % (n_ours, n_ort)
        ratio = "%8.2f" % (t_ours / t_ort) if n_ours and n_ort and t_ort \
            else "%8s" % "-"
        lines.append("%-36s %5s %9.3f %9.3f %s %+8.3f" % (
            signature, count, t_ours, t_ort, ratio, t_ours - t_ort))
    total_ours = sum(ms for _, ms in ours)
    total_ort = sum(ms for _, ms in ort)
    lines.append("%-36s %5s %9.3f %9.3f %8.2f %+8.3f" % (
        "total (layers)", "", total_ours, total_ort, total_ours / total_ort,
        total_ours - total_ort))
    if extra:
        lines.append("%-36s %5s %9s %9.3f" % (
            "ORT's " + " + ".join(sorted(extra)), "", "-",
            sum(extra.values())))
    gaps = sorted(((row[1] - row[3], sig) for sig, row in rows.items()
                   if row[0] and row[2]), reverse=True)[:5]
    lines.append("largest gaps (ms, ours - ORT): " + "; ".join(
        "%s %+.2f" % (sig, gap) for gap, sig in gaps if gap > 0))
    return "\n".join(lines)


def input_shape(graph, batch):
    """The model input's NCHW shape, its batch `batch`."""
    dims = graph.input.type.tensor_type.shape.dim if graph.input else []
    shape = [d.dim_value if d.dim_value > 0 else 0 for d in dims]
    if len(shape) != 4 or 0 in shape[1:]:
        raise BenchError("the model's input is not NCHW with a static "
                         "image size")
    shape[0] = batch
    return shape


def measure(args):
    bin_dir, _, ort_env = setup(args.build)
    graph = OnnxGraph(args.model)
    work = tempfile.mkdtemp(prefix="resnet-ortlayers-")
    try:
        measure_in(args, bin_dir, ort_env, graph, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure_in(args, bin_dir, ort_env, graph, work):
    import numpy as np
    binary = args.binary
    if not binary:
        stem = os.path.join(work, "model")
        run([os.path.join(bin_dir, "resnet-import"), args.model, "--batch",
             str(args.batch), "--emit-bytecode", "-o", stem + ".mlirbc"])
        run([os.path.join(bin_dir, "resnet-compile"), stem + ".mlirbc",
             "-O3", "--profile", "-o", stem])
        binary = stem
    x = np.random.default_rng(0).standard_normal(
        input_shape(graph, args.batch)).astype(np.float32)
    input_npy = os.path.join(work, "input.npy")
    np.save(input_npy, x)
    ours_best, names, gflop, profiles = {}, {}, {}, []
    for round_index in range(args.rounds):
        rows = profile(binary, args.runs, args.threads)
        for key, (ms, name, gflops) in rows.items():
            names.setdefault(key, name)
            ours_best[key] = min(ours_best.get(key, ms), ms)
            if gflops is not None:
                gflop[key] = gflops * ms / 1000.0
        prefix = os.path.join(work, "ort%d" % round_index)
        cmd = pinned(["node", os.path.join(HERE, "ort_profile.js"),
                      args.model, input_npy, prefix, "--threads",
                      str(args.threads), "--runs", str(args.runs)],
                     args.threads)
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              env=ort_env)
        if proc.returncode != 0:
            raise BenchError("%s failed (exit %d): %s" % (
                " ".join(cmd), proc.returncode, proc.stderr.strip()[-2000:]))
        profiles += glob.glob(prefix + "*.json")
    ours = [(our_signature(names[k]), ms) for k, ms in ours_best.items()
            if k != "total"]
    ort, extra = read_ort(graph, profiles)
    print("# %s, batch %d, %d thread(s): per-layer minima over %d rounds of "
          "%d runs (ours: --profile; ORT: its profiler)" % (
              os.path.basename(args.model), args.batch, args.threads,
              args.rounds, args.runs))
    print(table(ours, ort, extra))
    # What the layers could reach: every direct conv at the FMA peak.
    peak = measure_peak(work, (args.threads,))[args.threads]
    best = bound(ours_best, names, gflop, peak)
    total_ort = sum(ms for _, ms in ort)
    print("bound: every direct conv of ours at the FMA peak (%.1f GFLOP/s, "
          "bench/peak.c) and the rest as measured: %.3f ms, %.2f of ORT's "
          "layers" % (peak, best, best / total_ort))


def compare(args):
    graph = OnnxGraph(args.model)
    ort, extra = read_ort(graph, args.ort)
    print(table(read_ours(args.ours), ort, extra))


def main():
    argv = sys.argv[1:]
    if argv and argv[0] == "compare":
        parser = argparse.ArgumentParser(prog="ortlayers.py compare")
        parser.add_argument("model")
        parser.add_argument("--ours", required=True)
        parser.add_argument("--ort", nargs="+", required=True)
        args = parser.parse_args(argv[1:])
        action = compare
    else:
        parser = argparse.ArgumentParser(prog="ortlayers.py",
                                         description=__doc__.split("\n")[0])
        parser.add_argument("model")
        parser.add_argument("--build", default=os.path.join(HERE, "..",
                                                            "build"))
        parser.add_argument("--binary")
        parser.add_argument("--batch", type=int, default=1)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument("--rounds", type=int, default=4)
        parser.add_argument("--runs", type=int, default=10)
        args = parser.parse_args(argv)
        if min(args.batch, args.threads, args.rounds, args.runs) < 1:
            parser.error("--batch, --threads, --rounds and --runs must be "
                         "at least 1")
        action = measure
    try:
        action(args)
    except BenchError as e:
        print("ortlayers.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
