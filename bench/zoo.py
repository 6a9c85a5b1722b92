"""The shape zoo: our binaries against ONNX Runtime over the models, image
sizes and batches users bring. Run through bench/zoo.sh; see bench/README.md.

  zoo.py BUILD_DIR            run the zoo ($ZOO: quick | default | full | FILE)
  zoo.py --list               print the zoo (with each stage's feature map)
                              and check that the default zoo covers every
                              model, image size and batch; runs nothing

Per entry (model, HxW, batch): write the model as ONNX at that image size
(dynamic batch; resnet_np.py's builder, seed 7), import it with
`resnet-import --batch N --input-size HxW`, compile it with `resnet-compile
$OPT --report`, check that our binary and ORT agree on one random input
(max |ours - ort| <= 1e-3 max |ort|, same top-1), then time both alternately
($ROUNDS rounds of `--bench $RUNS`, ours first) at each of $THREADS.

Environment: ZOO (default), RUNS (10), ROUNDS (3), THREADS ("1 2"), OPT
(-O3; resnet-compile's flags, split as a shell would: OPT="-O3
--image-groups 0"), BUDGET_S (10: fewer runs when one invocation would
take longer),
RESULTS (path prefix of the .json/.csv, default zoo-results/zoo-<ZOO>),
KEEP (keep models, binaries and outputs in that directory), ORT_RUNNER,
ORT_DIR (as for bench.sh).
"""
import csv
import json
import math
import os
import shlex
import shutil
import sys
import tempfile
import time

import numpy as np

from common import (BenchError, CLASSES, ORT_VERSION, SEED, TOLERANCE,
                    agreement, alternate, cpu_description, measure_core_latency,
                    measure_peak, print_machine, resnet_np, run, setup,
                    write_onnx)

MODELS = ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
          "resnext50_32x4d", "resnext101_32x8d", "wide_resnet50_2"]
# What users bring (HxW): ImageNet crops, Inception-size crops, a camera
# frame in both orientations, the small inputs of thumbnails and edge
# models, and large images (whose activations outgrow the memory budget) ...
SIZES = ["224x224", "299x299", "320x240", "240x320", "180x180", "112x112",
         "64x64", "512x512", "448x448"]
# ... and sizes whose feature maps are odd or prime at every stage (see
# --list): 227 (114, 57, 29, 15, 8), 193 (97, 49, 25, 13, 7), a non-square
# odd 131x257 and a tiny 33x33 (17, 9, 5, 3, 2).
ODD_SIZES = ["227x227", "193x193", "131x257", "33x33"]
BATCHES = [1, 2, 4, 8]

ZOOS = {
    "quick": """
resnet18 224x224 1
resnet50 224x224 1
resnet18 320x240 2
resnext50_32x4d 112x112 1
resnet34 193x193 2
""",
    "default": """
# the anchors
resnet50 224x224 1
resnet18 224x224 1
# every model at the ImageNet size
resnet34 224x224 1
resnet101 224x224 1
resnet152 224x224 1
resnext50_32x4d 224x224 1
resnext101_32x8d 224x224 1
wide_resnet50_2 224x224 1
# batches at 224
resnet34 224x224 2
resnet18 224x224 4
resnet50 224x224 8
# every other image size
resnet50 299x299 1
resnet18 299x299 2
resnet50 320x240 1
resnet18 240x320 4
resnext50_32x4d 180x180 2
resnet18 180x180 8
wide_resnet50_2 112x112 2
resnet50 112x112 4
resnet101 64x64 4
resnet18 64x64 8
# a small image alone: the layers are small, threads have the least to split
resnet18 64x64 1
# large images: the activations alone outgrow the memory budget
resnet18 512x512 1
resnet50 448x448 1
# odd and prime feature maps
resnet50 227x227 1
resnet18 193x193 2
resnext50_32x4d 131x257 1
resnet18 33x33 4
# maps the 3x3 kernel overhangs: the last stages at 1x1 (16x16, an odd
# batch) and one row high (17x401)
resnet34 16x16 7
resnet18 17x401 2
""",
}


def parse_zoo(text, origin):
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#")[0].strip()
        if not line:
            continue
        fields = line.split()
        try:
            model, size, batch = fields
            h, w = (int(v) for v in size.lower().split("x"))
            batch = int(batch)
        except ValueError:
            raise BenchError("%s:%d: expected 'model HxW batch', got '%s'" % (
                origin, number, line))
        if model not in resnet_np.ARCHS:
            raise BenchError("%s:%d: unknown model '%s' (known: %s)" % (
                origin, number, model, " ".join(sorted(resnet_np.ARCHS))))
        if h < 1 or w < 1 or batch < 1:
            raise BenchError("%s:%d: sizes must be positive" % (origin, number))
        entries.append((model, h, w, batch))
    if not entries:
        raise BenchError("%s: empty zoo" % origin)
    return entries


def load_zoo(name):
    if name == "full":
        return [(m, *(int(v) for v in s.split("x")), b)
                for m in MODELS for s in SIZES + ODD_SIZES for b in BATCHES]
    if name in ZOOS:
        return parse_zoo(ZOOS[name], name)
    if os.path.isfile(name):
        with open(name) as f:
            return parse_zoo(f.read(), name)
    raise BenchError("ZOO must be quick, default, full or a file, got '%s'"
                     % name)


def feature_maps(h, w):
    """Spatial sizes after conv1, layer1 (after the max pool), layer2..4:
    every stride-2 step of a ResNet maps n to ceil(n / 2)."""
    sizes = []
    for _ in range(5):
        h, w = (h + 1) // 2, (w + 1) // 2
        sizes.append((h, w))
    return sizes


def size_text(h, w):
    return "%dx%d" % (h, w)


def list_zoo(name):
    entries = load_zoo(name)
    print("zoo '%s': %d entries (model, input HxW, batch; feature maps after "
          "conv1, layer1..layer4)" % (name, len(entries)))
    for model, h, w, batch in entries:
        maps = " ".join(a if a.split("x")[0] != a.split("x")[1] else
                        a.split("x")[0] for a in
                        (size_text(*s) for s in feature_maps(h, w)))
        print("  %-17s %-8s %d   %s" % (model, size_text(h, w), batch, maps))
    # The default zoo must cover every model, image size and batch.
    default = load_zoo("default")
    missing = ([m for m in MODELS if m not in {e[0] for e in default}] +
               [s for s in SIZES + ODD_SIZES
                if s not in {size_text(e[1], e[2]) for e in default}] +
               ["batch %d" % b for b in BATCHES
                if b not in {e[3] for e in default}])
    anchors = [a for a in (("resnet50", 224, 224, 1), ("resnet18", 224, 224, 1))
               if a not in default]
    if missing or anchors:
        raise BenchError("the default zoo misses %s" % ", ".join(
            missing + ["%s 224x224 b1" % a[0] for a in anchors]))
    print("default zoo covers %d models, %d image sizes, batches %s" % (
        len(MODELS), len(SIZES + ODD_SIZES), " ".join(map(str, BATCHES))))


COLUMNS = [
    # key, header, width, format (a leading "-": left-aligned)
    ("model", "model", -17, "s"), ("input", "input", -8, "s"),
    ("batch", "batch", 5, "d"), ("threads", "thr", 3, "d"),
    ("ours_ms", "ours_ms", 9, ".2f"), ("ort_ms", "ort_ms", 9, ".2f"),
    ("ratio", "ours/ort", 8, ".2f"), ("pct_peak", "%peak", 6, ".1f"),
    ("ort_pct_peak", "ort%pk", 6, ".1f"), ("bin_mb", "bin_MB", 7, ".1f"),
    ("rss_mb", "RSS_MB", 7, ".0f"), ("ort_rss_mb", "ortRSS", 7, ".0f"),
    ("weights_mb", "wts_MB", 7, ".1f"), ("compile_s", "comp_s", 7, ".1f"),
]


def header():
    return " ".join("%*s" % (width, title) for _, title, width, _ in COLUMNS)


def format_row(row):
    return " ".join("%*{}".format(fmt) % (width, row[key])
                    for key, _, width, fmt in COLUMNS)


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fastest_ratio(row):
    """Ours/ORT over each runner's fastest run of an entry."""
    return row["ours_min_ms"] / row["ort_min_ms"]


def summarize(rows, thread_counts):
    """Per thread count and overall: geometric mean of ours/ort and the
    worst (largest) ratio, of the median times and of the fastest runs,
    and how far each runner's median rose above its fastest run (a busy
    or shared machine: see bench/README.md)."""
    lines, summary = [], {}
    groups = [("%d thread%s" % (t, "s" if t > 1 else ""),
               [r for r in rows if r["threads"] == t]) for t in thread_counts]
    groups.append(("overall", rows))
    for label, group in groups:
        if not group:
            continue
        worst = max(group, key=lambda r: r["ratio"])
        worst_fastest = max(group, key=fastest_ratio)
        summary[label] = {
            "entries": len(group),
            "geomean_ratio": geomean([r["ratio"] for r in group]),
            "worst": {k: worst[k] for k in (
                "model", "input", "batch", "threads", "ratio", "ours_ms",
                "ort_ms")},
            "slower_than_ort": sum(r["ratio"] > 1 for r in group),
            "fastest_geomean_ratio": geomean([fastest_ratio(r)
                                              for r in group]),
            "fastest_worst": dict(
                {k: worst_fastest[k] for k in (
                    "model", "input", "batch", "threads", "ours_min_ms",
                    "ort_min_ms")}, ratio=fastest_ratio(worst_fastest)),
            "ours_median_over_fastest": max(
                r["ours_ms"] / r["ours_min_ms"] for r in group),
            "ort_median_over_fastest": max(
                r["ort_ms"] / r["ort_min_ms"] for r in group)}
        s = summary[label]
        lines.append("%-10s geomean ours/ort %.3f over %d; worst %.2f (%s %s "
                     "b%d, %d thr: %.2f vs %.2f ms); slower than ORT in %d" % (
                         label + ":", s["geomean_ratio"], len(group),
                         worst["ratio"], worst["model"], worst["input"],
                         worst["batch"], worst["threads"], worst["ours_ms"],
                         worst["ort_ms"], s["slower_than_ort"]))
        w = s["fastest_worst"]
        lines.append("%-10s fastest runs: geomean %.3f; worst %.2f (%s %s b%d, "
                     "%d thr: %.2f vs %.2f ms); median over fastest up to "
                     "%.2fx (ours), %.2fx (ORT)" % (
                         "", s["fastest_geomean_ratio"], w["ratio"],
                         w["model"], w["input"], w["batch"], w["threads"],
                         w["ours_min_ms"], w["ort_min_ms"],
                         s["ours_median_over_fastest"],
                         s["ort_median_over_fastest"]))
    return lines, summary


class Models:
    """The ONNX files of the zoo, written on demand and removed when no
    later entry needs them; the parameters of the last model are kept."""

    def __init__(self, work, entries):
        self.work = work
        self.remaining = {}
        for model, h, w, _ in entries:
            self.remaining[(model, h, w)] = self.remaining.get((model, h, w), 0) + 1
        self.params = (None, None)

    def get(self, model, h, w):
        path = os.path.join(self.work, "%s_%dx%d.onnx" % (model, h, w))
        if not os.path.exists(path):
            if self.params[0] != model:
                self.params = (None, None)  # free the previous model first
                self.params = (model, resnet_np.make_params(
                    model, CLASSES, seed=SEED))
            write_onnx(model, path, (h, w), self.params[1])
        return path

    def done(self, model, h, w, keep):
        self.remaining[(model, h, w)] -= 1
        if not self.remaining[(model, h, w)] and not keep:
            os.remove(os.path.join(self.work, "%s_%dx%d.onnx" % (model, h, w)))


def bench_entry(entry, models, bin_dir, work, opt, runner, ort_env, peaks,
                thread_counts, runs, rounds, budget):
    model, h, w, batch = entry
    size = size_text(h, w)
    onnx_path = models.get(model, h, w)
    stem = os.path.join(work, "%s_%s_b%d" % (model, size, batch))
    x = np.random.default_rng(batch).standard_normal(
        (batch, 3, h, w)).astype(np.float32)
    np.save(stem + "_in.npy", x)
    _, import_s, _ = run([os.path.join(bin_dir, "resnet-import"), onnx_path,
                          "--batch", str(batch), "--input-size", size,
                          "--emit-bytecode", "-o", stem + ".mlirbc"])
    _, compile_s, compile_mb = run(
        [os.path.join(bin_dir, "resnet-compile"), stem + ".mlirbc",
         *shlex.split(opt), "-o", stem, "--report", stem + ".json"])
    with open(stem + ".json") as f:
        report = json.load(f)
    flops = report["total_flops"]
    expected = [batch, 3, h, w]
    if report.get("input_shape") != expected:
        raise BenchError("compiled input shape %s, expected %s" % (
            report.get("input_shape"), expected))
    # Agreement on one input, and each runner's cold start.
    _, ours_start, _ = run([stem, "--input", stem + "_in.npy",
                            "--output", stem + "_ours.npy"])
    _, ort_start, _ = run(["node", runner, onnx_path, stem + "_in.npy",
                           stem + "_ort.npy", "--threads", "1"], env=ort_env)
    abs_err, rel_err, verdict = agreement(np.load(stem + "_ours.npy"),
                                          np.load(stem + "_ort.npy"))
    base = {"model": model, "input": size, "batch": batch, "flops": flops,
            "bin_mb": os.path.getsize(stem) / 2**20,
            "weights_mb": report["weight_bytes"] / 2**20,
            "onnx_mb": os.path.getsize(onnx_path) / 2**20,
            "import_s": import_s, "compile_s": compile_s,
            "compile_rss_mb": compile_mb, "ours_start_s": ours_start,
            "ort_start_s": ort_start, "max_abs": abs_err, "max_rel": rel_err,
            "agree": verdict}
    if verdict == "NO":
        raise BenchError(
            "ours and ORT DISAGREE: max |ours - ort| = %.3g, %.3g of max "
            "|ort| (tolerance %g, same top-1)" % (abs_err, rel_err, TOLERANCE))
    # Fewer runs for slow models: one invocation within the budget.
    n = max(3, min(runs, int(budget / max(ours_start, ort_start, 1e-3))))
    rows = []
    for threads in thread_counts:
        result = alternate(stem, onnx_path, stem + "_in.npy",
                           stem + "_ort.npy", runner, ort_env, threads, n,
                           rounds)
        peak = peaks.get(threads, 0)

        def pct(ms):
            return 100 * flops / (ms * 1e-3) * 1e-9 / peak if peak else \
                float("nan")
        row = dict(base, threads=threads, runs=n, rounds=rounds,
                   ours_ms=result["ours"]["med"],
                   ours_min_ms=result["ours"]["min"],
                   ort_ms=result["ort"]["med"], ort_min_ms=result["ort"]["min"],
                   rss_mb=result["ours"]["rss"],
                   ort_rss_mb=result["ort"]["rss"], peak_gflops=peak)
        row["ratio"] = row["ours_ms"] / row["ort_ms"]
        row["gflops"] = flops / (row["ours_ms"] * 1e-3) * 1e-9
        row["pct_peak"] = pct(row["ours_ms"])
        row["ort_pct_peak"] = pct(row["ort_ms"])
        rows.append(row)
        print(format_row(row), flush=True)
    return rows


def write_results(prefix, meta, rows, summary, failures):
    os.makedirs(os.path.dirname(os.path.abspath(prefix)), exist_ok=True)
    with open(prefix + ".json", "w") as f:
        json.dump({"meta": meta, "rows": rows, "summary": summary,
                   "failures": failures}, f, indent=1)
    keys = [c[0] for c in COLUMNS]
    keys += [k for k in (rows[0] if rows else {}) if k not in keys]
    with open(prefix + ".csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return prefix + ".json", prefix + ".csv"


def main(argv):
    zoo_name = os.environ.get("ZOO", "default")
    if "--list" in argv:
        list_zoo(zoo_name)
        return 0
    if len(argv) != 1:
        raise BenchError("usage: zoo.sh [--list] [BUILD_DIR]")
    entries = load_zoo(zoo_name)
    runs = int(os.environ.get("RUNS", "10"))
    rounds = int(os.environ.get("ROUNDS", "3"))
    budget = float(os.environ.get("BUDGET_S", "10"))
    thread_counts = [int(t) for t in os.environ.get("THREADS", "1 2").split()]
    opt = os.environ.get("OPT", "-O3")
    label = os.path.basename(zoo_name).split(".")[0]
    prefix = os.environ.get("RESULTS", os.path.join("zoo-results",
                                                    "zoo-" + label))
    bin_dir, runner, ort_env = setup(argv[0])

    keep = os.environ.get("KEEP")
    work = keep or tempfile.mkdtemp(prefix="resnet-zoo-")
    os.makedirs(work, exist_ok=True)
    started = time.time()
    rows, failures = [], []
    try:
        peaks = measure_peak(work, thread_counts)
        print_machine(peaks, core_latency=measure_core_latency(work))
        print("zoo '%s': %d entries x threads %s; ours: resnet-compile %s; "
              "ort: onnxruntime-node %s; %d round(s) x up to %d run(s), "
              "alternating, medians\n" % (
                  zoo_name, len(entries), " ".join(map(str, thread_counts)),
                  opt, ORT_VERSION, rounds, runs))
        print(header(), flush=True)
        models = Models(work, entries)
        for entry in entries:
            try:
                rows += bench_entry(entry, models, bin_dir, work, opt, runner,
                                    ort_env, peaks, thread_counts, runs,
                                    rounds, budget)
            except BenchError as error:
                what = "%s %s b%d" % (entry[0], size_text(*entry[1:3]),
                                      entry[3])
                failures.append({"entry": what, "error": str(error)})
                print("%s: FAILED: %s" % (what, str(error).splitlines()[0]),
                      flush=True)
            finally:
                models.done(*entry[:3], keep)
                if not keep:
                    for name in os.listdir(work):
                        if name.startswith("%s_%s_b%d" % (
                                entry[0], size_text(*entry[1:3]), entry[3])):
                            os.remove(os.path.join(work, name))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    print("\nours_ms/ort_ms: median over %d round(s) of each invocation's "
          "median latency; %%peak: our GFLOP/s (the compiler's total_flops) "
          "over bench/peak.c's FMA peak at that thread count; RSS: peak RSS "
          "of our binary while timing" % rounds)
    print(header())
    for row in rows:
        print(format_row(row))
    lines, summary = summarize(rows, thread_counts)
    print()
    for line in lines:
        print(line)
    meta = {"zoo": zoo_name, "entries": len(entries), "opt": opt,
            "ort_version": ORT_VERSION, "rounds": rounds, "runs": runs,
            "threads": thread_counts, "peak_gflops": peaks,
            "cpu": cpu_description()[0],
            "load_average_end": os.getloadavg(),
            "wall_s": time.time() - started}
    json_path, csv_path = write_results(prefix, meta, rows, summary, failures)
    print("\nresults: %s, %s" % (json_path, csv_path))
    if failures:
        print("\n%d ENTR%s FAILED:" % (len(failures),
                                       "Y" if len(failures) == 1 else "IES"),
              file=sys.stderr)
        for f in failures:
            print("  %s: %s" % (f["entry"], f["error"]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as error:
        sys.exit("zoo: error: %s" % error)
