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
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "test", "importer", "Inputs"))
import resnet_np  # noqa: E402

ORT_VERSION = "1.30.0"
GNU_TIME = "/usr/bin/time"
IMAGE = 224
CLASSES = 1000
# Agreement: both are float32 with different summation orders; the logits
# are O(1). Relative to the largest |logit| of ORT's output.
TOLERANCE = 1e-3


def fail(message):
    sys.exit("bench: error: " + message)


def run(cmd, env=None, cwd=None):
    """Runs `cmd`; returns (stdout, seconds, peak RSS in MB). Exits on error.
    The RSS comes from GNU time: the rusage of a child forked from this
    (large) Python process would count the pages it had before exec."""
    with tempfile.NamedTemporaryFile() as rss_file, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.run([GNU_TIME, "-f", "%M", "-o", rss_file.name] + cmd,
                              stdout=out, stderr=err, env=env, cwd=cwd)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
        rss_text = open(rss_file.name).read().split()
    if proc.returncode != 0:
        fail("%s failed (exit %d):\n%s%s" % (" ".join(cmd), proc.returncode,
                                             stdout[-2000:], stderr[-4000:]))
    return stdout, seconds, float(rss_text[-1]) / 1024.0


def cpu_description():
    """The CPU's model name and its SIMD flags, from /proc/cpuinfo."""
    model, flags = platform.processor() or "unknown", []
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = value.split()
                break
    simd = [f for f in flags if re.match(r"(sse|ssse|avx|fma|f16c|amx)", f)]
    return model, simd


def ensure_ort(ort_dir):
    package = os.path.join(ort_dir, "node_modules", "onnxruntime-node")
    if os.path.isdir(package):
        return package
    if not shutil.which("npm"):
        fail("npm not found: install Node.js, or put onnxruntime-node@%s "
             "under %s" % (ORT_VERSION, ort_dir))
    os.makedirs(ort_dir, exist_ok=True)
    print("installing onnxruntime-node@%s into %s" % (ORT_VERSION, ort_dir))
    run(["npm", "init", "-y"], cwd=ort_dir)
    # --ignore-scripts: the install script only fetches GPU parts; the CPU
    # library ships inside the package.
    run(["npm", "install", "--ignore-scripts",
         "onnxruntime-node@" + ORT_VERSION], cwd=ort_dir)
    return package


def measure_peak(work):
    exe = os.path.join(work, "peak")
    run(["cc", "-O3", "-march=native", "-ffp-contract=fast", "-pthread",
         os.path.join(HERE, "peak.c"), "-o", exe])
    peaks = {}
    for threads in (1, 2):
        out, _, _ = run([exe, str(threads)])
        peaks[threads] = float(re.search(r"gflops=([0-9.]+)", out).group(1))
    return peaks


def max_errors(ours, ref):
    diff = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
    scale = max(float(np.abs(ref).max()), 1e-30)
    return float(diff.max()), float(diff.max()) / scale


def timed(cmd, env, pattern):
    out, _, rss = run(cmd, env=env)
    match = re.search(pattern, out)
    if not match:
        fail("no timing in the output of %s:\n%s" % (" ".join(cmd), out))
    return float(match.group(1)), float(match.group(2)), rss


def main():
    bin_dir = os.path.join(os.path.abspath(sys.argv[1]), "bin")
    archs = sys.argv[2:] or ["resnet18", "resnet50"]
    runs = int(os.environ.get("RUNS", "10"))
    rounds = int(os.environ.get("ROUNDS", "3"))
    budget = float(os.environ.get("BUDGET_S", "20"))
    batches = [int(b) for b in os.environ.get("BATCHES", "1 4").split()]
    thread_counts = [int(t) for t in os.environ.get("THREADS", "1 2").split()]
    opt = os.environ.get("OPT", "-O3")
    runner = os.environ.get(
        "ORT_RUNNER", os.path.join(REPO, "..", "shared", "bench", "ort_run.js"))
    if not os.path.isfile(runner):
        fail("ONNX Runtime runner '%s' not found (set ORT_RUNNER)" % runner)
    for tool in ("resnet-import", "resnet-compile"):
        if not os.access(os.path.join(bin_dir, tool), os.X_OK):
            fail("%s not found in %s (build first)" % (tool, bin_dir))
    if not os.access(GNU_TIME, os.X_OK):
        fail("GNU time (%s) is needed for the peak RSS (apt-get install "
             "time)" % GNU_TIME)
    if not shutil.which("node"):
        fail("node not found (ONNX Runtime runs under Node.js)")
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    ort_dir = os.environ.get("ORT_DIR", os.path.join(cache, "resnet-mlir", "ort"))
    ort_env = dict(os.environ, ORT_NODE=ensure_ort(ort_dir))

    keep = os.environ.get("KEEP")
    work = keep or tempfile.mkdtemp(prefix="resnet-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        model, simd = cpu_description()
        print("cpu: %s, %d logical CPUs, load average %s" % (
            model, os.cpu_count(), " ".join("%.1f" % l for l in os.getloadavg())))
        print("simd flags: " + " ".join(simd))
        peaks = measure_peak(work)
        print("fp32 FMA peak (bench/peak.c): %s" % ", ".join(
            "%.1f GFLOP/s on %d thread(s)" % (peaks[t], t) for t in sorted(peaks)))
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
    params = resnet_np.make_params(arch, CLASSES, seed=7)
    import onnx
    onnx.save(resnet_np.make_onnx(arch, params, 1, IMAGE, opset=17), onnx_path)
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
        ours, ref = np.load(stem + "_ours.npy"), np.load(stem + "_ort.npy")
        if ours.shape != ref.shape:
            fail("%s: output shapes differ: ours %s, ort %s" % (
                name, ours.shape, ref.shape))
        abs_err, rel_err = max_errors(ours, ref)
        agree = rel_err <= TOLERANCE and np.array_equal(
            ours.argmax(axis=1), ref.argmax(axis=1))
        # Fewer runs for slow models: one invocation within the budget.
        n = max(3, min(runs, int(budget / max(ours_start, ort_start, 1e-3))))
        rss = {"ours": 0.0, "ort": 0.0}
        for threads in thread_counts:
            times = {"ours": [], "ort": []}
            env = dict(os.environ, OMP_NUM_THREADS=str(threads))
            for _ in range(rounds):
                med, low, mb = timed(
                    [stem, "--input", stem + "_in.npy", "--bench", str(n),
                     "--threads", str(threads)], env,
                    r"median_ms=([0-9.]+) min_ms=([0-9.]+)")
                times["ours"].append((med, low))
                rss["ours"] = max(rss["ours"], mb)
                med, low, mb = timed(
                    ["node", runner, onnx_path, stem + "_in.npy",
                     stem + "_ort.npy", "--threads", str(threads), "--bench",
                     str(n)], ort_env, r"median_ms=([0-9.]+) min_ms=([0-9.]+)")
                times["ort"].append((med, low))
                rss["ort"] = max(rss["ort"], mb)
            row = {"model": arch, "batch": batch, "threads": threads,
                   "flops": flops, "peak": peaks.get(threads, 0)}
            for who in ("ours", "ort"):
                row[who + "_med"] = statistics.median(t[0] for t in times[who])
                row[who + "_min"] = min(t[1] for t in times[who])
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
    pattern = r"median_ms=([0-9.]+) min_ms=([0-9.]+)"
    times = {"plain": [], "instrumented": []}
    for _ in range(rounds):
        for who, exe in (("plain", stem), ("instrumented", stem + "_prof")):
            med, low, _ = timed([exe, "--bench", str(runs), "--threads", "1"],
                                env, pattern)
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
    main()
