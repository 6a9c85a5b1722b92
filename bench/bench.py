"""resnet-mlir against ONNX Runtime on the same models, weights and input.

Run through bench/bench.sh (it picks a Python with numpy and onnx). For each
architecture it writes a torchvision-shaped ONNX model with deterministic
random weights and non-trivial batch-norm statistics (the graph builder of
test/importer/Inputs/resnet_np.py), imports that file with resnet-import (so
both runners see identical weights), compiles it with resnet-compile at each
batch size, checks that both runners agree on one input, then times them
alternately (our binary's --bench, ORT's runner's --bench) at each thread
count and prints a table. Not part of the test run.

Environment: RUNS (timed runs per invocation, default 10), ROUNDS
(alternations, default 3), BATCHES ("1 4"), THREADS ("1 2"), OPT (-O3),
ORT_RUNNER (default <repo>/../shared/bench/ort_run.js), ORT_DIR (where
onnxruntime-node is installed, default
${XDG_CACHE_HOME:-~/.cache}/resnet-mlir/ort), KEEP (a directory to keep the
models and outputs in), BUDGET_S (seconds one timed invocation should take
at most, default 20: fewer runs for slow models), PROFILE=1 (also compile
each model with --profile: print its per-layer profile on one thread, and
the instrumented binary's latency without --profile next to the plain one's,
alternating, to show what the instrumentation costs).
"""
import json
import os
import shutil
import statistics
import sys
import tempfile

import numpy as np

from common import (BenchError, ORT_VERSION, TOLERANCE, agreement, alternate,
                    fail, measure_core_latency, measure_peak, print_machine,
                    run, setup, timed, write_onnx)

IMAGE = 224


def main():
    archs = sys.argv[2:] or ["resnet18", "resnet50"]
    runs = int(os.environ.get("RUNS", "10"))
    rounds = int(os.environ.get("ROUNDS", "3"))
    budget = float(os.environ.get("BUDGET_S", "20"))
    batches = [int(b) for b in os.environ.get("BATCHES", "1 4").split()]
    thread_counts = [int(t) for t in os.environ.get("THREADS", "1 2").split()]
    opt = os.environ.get("OPT", "-O3")
    bin_dir, runner, ort_env = setup(sys.argv[1])

    keep = os.environ.get("KEEP")
    work = keep or tempfile.mkdtemp(prefix="resnet-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        peaks = measure_peak(work, thread_counts)
        print_machine(peaks, core_latency=measure_core_latency(work))
        print("ours: resnet-compile %s; ort: onnxruntime-node %s; %d round(s) "
              "x %d run(s)\n" % (opt, ORT_VERSION, rounds, runs))
        rows, builds = [], []
        for arch in archs:
            rows_b, builds_b = bench_arch(arch, batches, thread_counts, bin_dir,
                                          work, opt, runner, ort_env, peaks,
                                          runs, rounds, budget)
            rows += rows_b
            builds += builds_b
        print_tables(rows, builds)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def bench_arch(arch, batches, thread_counts, bin_dir, work, opt, runner,
               ort_env, peaks, runs, rounds, budget):
    onnx_path = os.path.join(work, arch + ".onnx")
    write_onnx(arch, onnx_path, IMAGE)
    onnx_mb = os.path.getsize(onnx_path) / 2**20
    rows, builds = [], []
    for batch in batches:
        name = "%s_b%d" % (arch, batch)
        stem = os.path.join(work, name)
        x = np.random.default_rng(batch).standard_normal(
            (batch, 3, IMAGE, IMAGE)).astype(np.float32)
        np.save(stem + "_in.npy", x)
        _, import_s, _ = run([os.path.join(bin_dir, "resnet-import"), onnx_path,
                              "--batch", str(batch), "--emit-bytecode",
                              "-o", stem + ".mlirbc"])
        _, compile_s, compile_mb = run(
            [os.path.join(bin_dir, "resnet-compile"), stem + ".mlirbc", opt,
             "-o", stem, "--report", stem + ".json"])
        with open(stem + ".json") as f:
            flops = json.load(f)["total_flops"]
        # Agreement on one input, and each runner's cold start.
        _, ours_start, _ = run([stem, "--input", stem + "_in.npy",
                                "--output", stem + "_ours.npy"])
        _, ort_start, _ = run(["node", runner, onnx_path, stem + "_in.npy",
                               stem + "_ort.npy", "--threads", "1"], env=ort_env)
        abs_err, rel_err, verdict = agreement(np.load(stem + "_ours.npy"),
                                              np.load(stem + "_ort.npy"))
        agree = verdict != "NO"
        # Fewer runs for slow models: one invocation within the budget.
        n = max(3, min(runs, int(budget / max(ours_start, ort_start, 1e-3))))
        rss = {"ours": 0.0, "ort": 0.0}
        for threads in thread_counts:
            result = alternate(stem, onnx_path, stem + "_in.npy",
                               stem + "_ort.npy", runner, ort_env, threads, n,
                               rounds)
            row = {"model": arch, "batch": batch, "threads": threads,
                   "flops": flops, "peak": peaks.get(threads, 0)}
            for who in ("ours", "ort"):
                row[who + "_med"] = result[who]["med"]
                row[who + "_min"] = result[who]["min"]
                rss[who] = max(rss[who], result[who]["rss"])
            rows.append(row)
            print_row(row)
        if os.environ.get("PROFILE") == "1":
            profile_model(stem, bin_dir, opt, n, rounds, peaks.get(1, 0))
        builds.append({"model": arch, "batch": batch, "import_s": import_s,
                       "compile_s": compile_s, "compile_mb": compile_mb,
                       "bin_mb": os.path.getsize(stem) / 2**20,
                       "onnx_mb": onnx_mb, "ours_start": ours_start,
                       "ort_start": ort_start, "ours_rss": rss["ours"],
                       "ort_rss": rss["ort"], "abs_err": abs_err,
                       "rel_err": rel_err, "agree": agree})
    return rows, builds


def profile_model(stem, bin_dir, opt, runs, rounds, peak):
    """The per-layer profile on one thread, and the cost of the hooks."""
    run([os.path.join(bin_dir, "resnet-compile"), stem + ".mlirbc", opt,
         "--profile", "-o", stem + "_prof"])
    env = dict(os.environ, OMP_NUM_THREADS="1")
    times = {"plain": [], "instrumented": []}
    for _ in range(rounds):
        for who, exe in (("plain", stem), ("instrumented", stem + "_prof")):
            med, low, _ = timed([exe, "--bench", str(runs), "--threads", "1"],
                                env)
            times[who].append((med, low))
    plain = statistics.median(t[0] for t in times["plain"])
    instrumented = statistics.median(t[0] for t in times["instrumented"])
    print("  hooks not profiling, 1 thread: plain %.2f ms (min %.2f), "
          "instrumented %.2f ms (min %.2f): %+.1f%%" % (
              plain, min(t[1] for t in times["plain"]), instrumented,
              min(t[1] for t in times["instrumented"]),
              100 * (instrumented / plain - 1)))
    command = [stem + "_prof", "--profile", "--bench", str(runs), "--threads",
               "1"]
    if peak:
        command += ["--peak-gflops", "%.1f" % peak]
    out, _, _ = run(command, env=env)
    print("".join("  " + line + "\n" for line in out.splitlines()
                  if not line.startswith("bench:")))


LATENCY_HEADER = ("%-9s %5s %3s %11s %11s %11s %11s %8s %9s %6s %9s %6s" % (
    "model", "batch", "thr", "ours_med_ms", "ours_min_ms", "ort_med_ms",
    "ort_min_ms", "ours/ort", "ours_GF/s", "%peak", "ort_GF/s", "%peak"))


def print_row(row):
    def rate(ms):
        gflops = row["flops"] / (ms * 1e-3) * 1e-9
        pct = 100 * gflops / row["peak"] if row["peak"] else float("nan")
        return gflops, pct
    ours, ort = rate(row["ours_med"]), rate(row["ort_med"])
    print("%-9s %5d %3d %11.2f %11.2f %11.2f %11.2f %8.2f %9.1f %5.1f%% %9.1f "
          "%5.1f%%" % (row["model"], row["batch"], row["threads"],
                       row["ours_med"], row["ours_min"], row["ort_med"],
                       row["ort_min"], row["ours_med"] / row["ort_med"],
                       ours[0], ours[1], ort[0], ort[1]))


def print_tables(rows, builds):
    print("\nlatency (median over rounds of each invocation's median; min of "
          "mins); GFLOP/s and % of the FMA peak at that thread count from the "
          "median")
    print(LATENCY_HEADER)
    for row in rows:
        print_row(row)
    print("\nbuild and memory: ours = import + resnet-compile (peak RSS of "
          "the compiler), the executable's size and peak RSS; ort = the .onnx "
          "file, node + onnxruntime's peak RSS; start = one cold run of the "
          "process (load, ORT session creation, one inference); agreement: "
          "max |ours - ort|, relative to max |ort| (tolerance %g, same top-1)"
          % TOLERANCE)
    print("%-9s %5s %8s %9s %10s %7s %7s %9s %9s %9s %9s %9s %9s %5s" % (
        "model", "batch", "import_s", "compile_s", "compile_MB", "bin_MB",
        "onnx_MB", "ours_st_s", "ort_st_s", "ours_RSS", "ort_RSS",
        "max_abs", "max_rel", "ok"))
    for b in builds:
        print("%-9s %5d %8.1f %9.1f %10.0f %7.1f %7.1f %9.2f %9.2f %9.0f %9.0f "
              "%9.2e %9.2e %5s" % (
                  b["model"], b["batch"], b["import_s"], b["compile_s"],
                  b["compile_mb"], b["bin_mb"], b["onnx_mb"], b["ours_start"],
                  b["ort_start"], b["ours_rss"], b["ort_rss"], b["abs_err"],
                  b["rel_err"], "yes" if b["agree"] else "NO"))
    if not all(b["agree"] for b in builds):
        fail("the runners disagree (see max_rel)")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit("bench: error: %s" % error)
