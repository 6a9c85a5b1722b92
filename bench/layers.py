"""Per-layer reference: each convolution of a model timed by our compiled
binary's --profile and by oneDNN (bench/dnnl_layers.cpp) on the same shape,
alternating, at each thread count; one table per thread count with every
layer's gap to the hand-tuned library. Not part of the tests; see
bench/README.md ("Per-layer reference against oneDNN").

The layer shapes come from the model after the graph pipeline that
resnet-compile runs before --profile names the layers (resnet-opt
--resnet-optimize, or only --resnet-expand-blocks at -O0): each profiled
layer is matched to the first unused convolution with its kernel, stride,
channels, output size, groups and fused add / ReLU, so the pads and
dilations oneDNN gets are the model's own.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import BenchError, fail  # noqa: E402

ELIDE = ["--mlir-elide-elementsattrs-if-larger=8",
         "--mlir-elide-resource-strings-if-larger=8"]
# One profile row: index, ms, share, GFLOP/s, %peak, name.
PROFILE_ROW = re.compile(
    r"^\s*(\d+)\s+([0-9.]+)\s+[0-9.]+%\s+[0-9.]+\s+\S+\s+(.*)$")
# "conv 3x3/2 64->128 28x28 g32 +add +relu" in a profile name (a row of
# convolutions fused into one nest names each, joined by " + ").
PROFILE_CONV = re.compile(
    r"conv (\d+)x(\d+)/(\d+) (\d+)->(\d+) (\d+)x(\d+)( g\d+)?( \+add)?"
    r"( \+relu)?")
DNNL_ROW = re.compile(
    r"^(\d+)\s+([0-9.]+)\s+([0-9.]+)\s+[0-9.]+\s+\S+\s+(\S+)\s")


def int_list(attrs, key):
    match = re.search(key + r" = array<i64: ([0-9, ]+)>", attrs)
    return [int(v) for v in match.group(1).split(",")] if match else None


def dims(tensor_type):
    return [int(d) for d in tensor_type.split("x")[:-1]]


def parse_convs(mlir_text):
    """The resnet.conv2d / resnet.fused_conv ops of resnet-opt's output, in
    order, as dicts of dnnl_layers fields plus the matching key."""
    convs = []
    for line in mlir_text.splitlines():
        match = re.search(r"= resnet\.(conv2d|fused_conv) (.*)$", line)
        if not match:
            continue
        body = match.group(2)
        attrs = re.search(r"\{(.*)\}\s*:", body)
        attrs = attrs.group(1) if attrs else ""
        types = re.findall(r"tensor<([0-9x]+)f32>", body)
        n, c, h, w = dims(types[0])
        f, _, kh, kw = dims(types[1])
        _, _, oh, ow = dims(types[-1])
        sh, sw = int_list(attrs, "strides") or [1, 1]
        pt, pl, pb, pr = int_list(attrs, "pads") or [0, 0, 0, 0]
        dh, dw = int_list(attrs, "dilations") or [1, 1]
        groups = re.search(r"groups = (\d+)", attrs)
        g = int(groups.group(1)) if groups else 1
        relu = bool(re.search(r"(^|[ ,])relu([ ,]|$)", attrs))
        residual = " residual " in body
        convs.append({
            "fields": dict(n=n, c=c, h=h, w=w, f=f, kh=kh, kw=kw, sh=sh,
                           sw=sw, pt=pt, pl=pl, pb=pb, pr=pr, dh=dh, dw=dw,
                           g=g, relu=int(relu), sum=int(residual)),
            "key": (kh, kw, sh, c, f, oh, ow, g, residual, relu),
            "flops": 2 * n * f * oh * ow * (c // g) * kh * kw,
        })
    return convs


def parse_profile(text):
    """{layer index: (ms, name)} from a binary's --profile output."""
    rows = {}
    for line in text.splitlines():
        match = PROFILE_ROW.match(line)
        if match:
            rows[int(match.group(1))] = (float(match.group(2)),
                                         match.group(3).strip())
    if not rows:
        fail("no per-layer profile in the output:\n" + text[-2000:])
    return rows


def profile_keys(name):
    """The matching keys of the convolutions a profile row names."""
    keys = []
    for m in PROFILE_CONV.finditer(name):
        kh, kw, s, c, f, oh, ow = (int(v) for v in m.groups()[:7])
        g = int(m.group(8)[2:]) if m.group(8) else 1
        keys.append((kh, kw, s, c, f, oh, ow, g, bool(m.group(9)),
                     bool(m.group(10))))
    return keys


def match_layers(rows, convs):
    """[(profile index, name, [conv indices])] for the rows that are
    convolutions; each conv is used once, the first unused with the key."""
    used = set()
    matched = []
    for index in sorted(rows):
        name = rows[index][1]
        keys = profile_keys(name)
        if not keys:
            continue
        members = []
        for key in keys:
            found = next((i for i, conv in enumerate(convs)
                          if i not in used and conv["key"] == key), None)
            if found is None:
                fail("profile layer %d '%s' matches no convolution of the "
                     "optimized model" % (index, name))
            used.add(found)
            members.append(found)
        matched.append((index, name, members))
    if len(used) != len(convs):
        fail("%d convolution(s) of the model are in no profile row"
             % (len(convs) - len(used)))
    return matched


def write_layer_file(path, convs, names):
    with open(path, "w") as out:
        out.write("# written by bench/layers.py: one convolution a line\n")
        for conv, name in zip(convs, names):
            out.write(" ".join("%s=%d" % kv for kv in conv["fields"].items())
                      + " name=" + name + "\n")


def parse_dnnl(text, count):
    """[(median ms, min ms, impl)] per layer of a dnnl_layers run."""
    rows = {}
    for line in text.splitlines():
        match = DNNL_ROW.match(line)
        if match:
            rows[int(match.group(1))] = (float(match.group(2)),
                                         float(match.group(3)),
                                         match.group(4))
    if sorted(rows) != list(range(count)):
        fail("dnnl_layers printed %d of %d layers:\n%s"
             % (len(rows), count, text[-2000:]))
    return [rows[i] for i in range(count)]


def build_dnnl_layers(work):
    exe = os.path.join(work, "dnnl_layers")
    source = os.path.join(common.HERE, "dnnl_layers.cpp")
    cxx = os.environ.get("CXX") or shutil.which("c++") or "g++"
    proc = subprocess.run([cxx, "-O2", "-std=c++17", source, "-ldnnl",
                           "-ldl", "-o", exe],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        fail("cannot build %s (is oneDNN installed? Debian: apt-get install "
             "libdnnl-dev):\n%s" % (source, proc.stdout.decode()[-3000:]))
    return exe


def prepare_model(args, bin_dir, work):
    """The .mlir to compile (importing --arch or an .onnx) and the flags
    that re-specialize its batch in resnet-compile and resnet-opt."""
    tool = os.path.join(bin_dir, "resnet-import")
    sizing = []
    if args.input_size:
        sizing += ["--input-size", args.input_size]
    if args.batch:
        sizing += ["--batch", str(args.batch)]
    if args.arch:
        path = os.path.join(work, args.arch + ".mlir")
        common.run([tool, "--arch", args.arch, "-o", path] + sizing)
        return path, []
    if args.model.endswith(".onnx"):
        path = os.path.join(work, "model.mlir")
        common.run([tool, args.model, "-o", path] + sizing)
        return path, []
    if args.input_size:
        fail("--input-size needs --arch or an .onnx model (an .mlir has "
             "its image size)")
    return args.model, ["--batch=%d" % args.batch] if args.batch else []


def optimized_convs(bin_dir, model, batch_flags, opt):
    graph = "resnet-optimize" if opt != "-O0" else \
        "func.func(resnet-expand-blocks)"
    if batch_flags:
        graph = "func.func(resnet-set-batch{batch=%s})," % \
            batch_flags[0].split("=")[1] + graph
    out, _, _ = common.run([os.path.join(bin_dir, "resnet-opt"), model,
                            "--pass-pipeline=builtin.module(%s)" % graph]
                           + ELIDE)
    convs = parse_convs(out)
    if not convs:
        fail("no convolutions in %s" % model)
    return convs


def measure(exe, dnnl, layer_file, conv_count, threads, runs, rounds):
    """Alternating rounds of ours and oneDNN; per round, each side's
    per-layer medians."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    ours, theirs = [], []
    for _ in range(rounds):
        out, _, _ = common.run(
            common.pinned([exe, "--profile", "--bench", str(runs),
                           "--threads", str(threads)], threads), env=env)
        ours.append(parse_profile(out))
        out, _, _ = common.run(
            common.pinned([dnnl, layer_file, "--threads", str(threads),
                           "--runs", str(runs)], threads), env=env)
        theirs.append(parse_dnnl(out, conv_count))
    return ours, theirs


def pct(flops, ms, peak):
    return 100.0 * flops / (ms * 1e6) / peak


def summarize(matched, convs, ours, theirs, peak, threads, stat):
    """The table rows and the time of the other layers at one thread count;
    each side's ms is `stat` (median or min) over the rounds of its
    per-invocation medians."""
    combine = statistics.median if stat == "median" else min
    table = []
    for index, name, members in matched:
        flops = sum(convs[i]["flops"] for i in members)
        our_ms = [r[index][0] for r in ours]
        dnnl_ms = [sum(r[i][0] for i in members) for r in theirs]
        ours_med, dnnl_med = combine(our_ms), combine(dnnl_ms)
        table.append({
            "layer": index, "name": name, "threads": threads,
            "flops": flops,
            "ours_ms": ours_med, "ours_best_ms": min(our_ms),
            "dnnl_ms": dnnl_med, "dnnl_best_ms": min(dnnl_ms),
            "ours_pct": pct(flops, ours_med, peak),
            "dnnl_pct": pct(flops, dnnl_med, peak),
            "ratio": ours_med / dnnl_med,
            "impl": "+".join(sorted({theirs[0][i][2] for i in members})),
        })
    conv_layers = {row["layer"] for row in table}
    other = combine(
        sum(ms for i, (ms, _) in r.items() if i not in conv_layers)
        for r in ours)
    return table, other


def print_table(table, other, threads, peak, stat):
    print("\n%d thread(s), peak %.1f GFLOP/s; ms = %s over the rounds of "
          "each invocation's per-layer median" % (threads, peak, stat))
    print("%5s  %-38s %9s %6s %9s %6s %7s  %-24s %s" % (
        "layer", "shape", "ours_ms", "%peak", "dnnl_ms", "%peak",
        "ours/dn", "dnnl impl", "source"))
    for row in table:
        shape, _, source = row["name"].partition(" (")
        print("%5d  %-38s %9.3f %6.1f %9.3f %6.1f %7.2f  %-24s %s" % (
            row["layer"], shape, row["ours_ms"], row["ours_pct"],
            row["dnnl_ms"], row["dnnl_pct"], row["ratio"], row["impl"],
            source.rstrip(")")))
    ours = sum(r["ours_ms"] for r in table)
    dnnl = sum(r["dnnl_ms"] for r in table)
    flops = sum(r["flops"] for r in table)
    summary = "%d convolution rows, %.2f GFLOP" % (len(table), flops * 1e-9)
    print("%5s  %-38s %9.3f %6.1f %9.3f %6.1f %7.2f" % (
        "total", summary, ours, pct(flops, ours, peak), dnnl,
        pct(flops, dnnl, peak), ours / dnnl))
    print("other layers (ours only: pooling, classifier, ...): %.3f ms"
          % other)
    by_ratio = sorted(table, key=lambda r: -r["ratio"])[:5]
    by_loss = sorted(table, key=lambda r: r["dnnl_ms"] - r["ours_ms"])[:5]
    print("worst ours/dnnl: " + ", ".join(
        "%d (%.2fx)" % (r["layer"], r["ratio"]) for r in by_ratio))
    print("most ms behind:  " + ", ".join(
        "%d (%+.3f ms)" % (r["layer"], r["ours_ms"] - r["dnnl_ms"])
        for r in by_loss))


def parse_args():
    env = os.environ.get
    p = argparse.ArgumentParser(
        description="Per-layer times of our compiled model next to oneDNN "
                    "on the same convolution shapes.")
    p.add_argument("model", nargs="?", help="a .mlir or .onnx model")
    p.add_argument("--arch", help="a resnet-import --arch architecture")
    p.add_argument("--input-size", help="HxW or N (--arch, .onnx)")
    p.add_argument("--batch", type=int, help="batch size")
    p.add_argument("--build", default=os.path.join(common.REPO, "build"),
                   help="build directory with bin/resnet-* (default: build)")
    p.add_argument("--threads", default=env("THREADS", "1 2"),
                   help="thread counts (default \"1 2\")")
    p.add_argument("--runs", type=int, default=int(env("RUNS", "10")),
                   help="timed runs per invocation (default 10)")
    p.add_argument("--rounds", type=int, default=int(env("ROUNDS", "3")),
                   help="alternations ours/oneDNN (default 3)")
    p.add_argument("-O", dest="level", choices="0123",
                   default=env("OPT", "-O3").lstrip("-O"),
                   help="resnet-compile's -O level (default 3)")
    p.add_argument("--stat", choices=("median", "min"),
                   default=env("STAT", "median"),
                   help="how the rounds combine: median (default) or min "
                        "(the best round: on a loaded machine)")
    p.add_argument("--peak-gflops", type=float,
                   default=float(env("RESNET_PEAK_GFLOPS", "0")) or None,
                   help="one thread's FMA peak (T threads: T times it) "
                        "instead of measuring it with peak.c")
    p.add_argument("--shapes", action="store_true",
                   help="only print the matched layers as dnnl_layers "
                        "input (no oneDNN, no timing)")
    p.add_argument("--keep", default=env("KEEP"),
                   help="directory to keep the model, binary and outputs in")
    p.add_argument("--json", default=env("RESULTS"),
                   help="also write the rows to this JSON file")
    args = p.parse_args()
    if bool(args.model) == bool(args.arch):
        p.error("give a model file or --arch, not both or neither")
    if args.model and not os.path.isfile(args.model):
        p.error("model '%s' not found" % args.model)
    if args.batch is not None and args.batch <= 0:
        p.error("--batch must be positive")
    if args.runs <= 0 or args.rounds <= 0:
        p.error("--runs and --rounds must be positive")
    args.opt = "-O" + args.level
    try:
        args.thread_counts = [int(t) for t in args.threads.split()]
    except ValueError:
        p.error("--threads wants integers, got '%s'" % args.threads)
    if not args.thread_counts or min(args.thread_counts) <= 0:
        p.error("--threads wants positive integers")
    return args


def compile_and_match(args, bin_dir, work):
    """Compiles the model with --profile and matches its profile rows to
    the optimized model's convolutions; returns the executable, the
    convolutions, the matched rows and the layer file for dnnl_layers."""
    model, batch_flags = prepare_model(args, bin_dir, work)
    exe = os.path.join(work, "model")
    report = os.path.join(work, "report.json")
    _, seconds, _ = common.run(
        [os.path.join(bin_dir, "resnet-compile"), model, args.opt,
         "--profile", "--report", report, "-o", exe] + batch_flags)
    if not args.shapes:
        print("compiled %s %s --profile in %.1f s" % (model, args.opt,
                                                      seconds))
    convs = optimized_convs(bin_dir, model, batch_flags, args.opt)
    out, _, _ = common.run([exe, "--profile", "--bench", "1",
                            "--threads", "1"])
    matched = match_layers(parse_profile(out), convs)
    names = [""] * len(convs)
    for index, name, members in matched:
        for i in members:
            names[i] = "%d %s" % (index, name)
    layer_file = os.path.join(work, "layers.txt")
    write_layer_file(layer_file, convs, names)
    return exe, convs, matched, layer_file


def machine_peaks(args, work):
    """The FMA peak per thread count (measured, or --peak-gflops x T),
    after printing the machine and a warning when it is busy."""
    if args.peak_gflops:
        peaks = {t: t * args.peak_gflops
                 for t in set(args.thread_counts) | {1, 2}}
        common.print_machine(peaks, "--peak-gflops, not measured")
    else:
        peaks = common.measure_peak(work, args.thread_counts)
        common.print_machine(
            peaks, core_latency=common.measure_core_latency(work))
    if os.getloadavg()[0] > 0.5 * os.cpu_count():
        print("warning: load average %.1f on %d CPUs: other processes "
              "share the cores; the times and the measured peak are "
              "noisy (try --stat min, --peak-gflops)"
              % (os.getloadavg()[0], os.cpu_count()))
    return peaks


def print_scaling(tables, target=1.9):
    """Each layer's speed-up from one thread to each larger count, ours and
    oneDNN's: the totals, how many layers fall short of `target` (the
    issue's bar for every conv layer) and the five that scale worst."""
    if 1 in tables:
        base = {row["layer"]: row for row in tables[1]}
    else:
        return
    for threads, table in sorted(tables.items()):
        if threads == 1:
            continue
        rows = [(base[r["layer"]], r) for r in table if r["layer"] in base]
        if not rows:
            continue
        ours = sum(b["ours_ms"] for b, _ in rows) / sum(
            r["ours_ms"] for _, r in rows)
        dnnl = sum(b["dnnl_ms"] for b, _ in rows) / sum(
            r["dnnl_ms"] for _, r in rows)
        speedups = sorted(((b["ours_ms"] / r["ours_ms"],
                            b["dnnl_ms"] / r["dnnl_ms"], r["layer"])
                           for b, r in rows))
        short = sum(1 for ours_x, _, _ in speedups if ours_x < target)
        print("\nscaling 1 -> %d threads: conv layers ours %.2fx, oneDNN "
              "%.2fx; %d of %d layers below %.1fx (oneDNN: %d)" % (
                  threads, ours, dnnl, short, len(speedups), target,
                  sum(1 for _, d, _ in speedups if d < target)))
        print("scales worst (ours vs oneDNN): " + ", ".join(
            "%d (%.2fx vs %.2fx)" % (layer, o, d)
            for o, d, layer in speedups[:5]))


def main():
    args = parse_args()
    bin_dir = os.path.join(os.path.abspath(args.build), "bin")
    for tool in ("resnet-import", "resnet-compile", "resnet-opt"):
        if not os.access(os.path.join(bin_dir, tool), os.X_OK):
            fail("%s not found in %s (build first, or --build)"
                 % (tool, bin_dir))
    work = args.keep or tempfile.mkdtemp(prefix="resnet-layers-")
    os.makedirs(work, exist_ok=True)
    try:
        if args.shapes:
            _, _, _, layer_file = compile_and_match(args, bin_dir, work)
            sys.stdout.write(open(layer_file).read())
            return
        # First, so that a missing oneDNN stops the script before the
        # compile.
        dnnl = build_dnnl_layers(work)
        peaks = machine_peaks(args, work)
        exe, convs, matched, layer_file = compile_and_match(args, bin_dir,
                                                            work)
        results = []
        tables = {}
        for threads in args.thread_counts:
            ours, theirs = measure(exe, dnnl, layer_file, len(convs),
                                   threads, args.runs, args.rounds)
            table, other = summarize(matched, convs, ours, theirs,
                                     peaks[threads], threads, args.stat)
            print_table(table, other, threads, peaks[threads], args.stat)
            tables[threads] = table
            results += table
        print_scaling(tables)
        if args.json:
            with open(args.json, "w") as out:
                json.dump({"model": args.arch or args.model,
                           "input_size": args.input_size,
                           "batch": args.batch, "opt": args.opt,
                           "stat": args.stat, "runs": args.runs,
                           "rounds": args.rounds,
                           "peaks": peaks, "rows": results}, out, indent=1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print("layers: error: %s" % e, file=sys.stderr)
        sys.exit(1)
