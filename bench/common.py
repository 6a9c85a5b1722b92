"""What bench.py and zoo.py share: running tools with their peak RSS, the
machine's description and FMA peak, ONNX Runtime's installation and runner,
the ONNX models of resnet_np.py, the agreement check, and the alternating
timing of our binary and ORT's runner.

Errors raise BenchError (the scripts print it and stop, or, in the zoo,
record it against one entry and go on).
"""
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
CLASSES = 1000
SEED = 7
# Agreement: both are float32 with different summation orders; the logits
# are O(1). Relative to the largest |logit| of ORT's output.
TOLERANCE = 1e-3
TIMING = r"median_ms=([0-9.]+) min_ms=([0-9.]+)"


class BenchError(Exception):
    pass


def fail(message):
    raise BenchError(message)


def run(cmd, env=None, cwd=None):
    """Runs `cmd`; returns (stdout, seconds, peak RSS in MB). Raises
    BenchError on failure. The RSS comes from GNU time: the rusage of a child
    forked from this (large) Python process would count the pages it had
    before exec."""
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


# A thread count whose measured peak is below this share of the threads
# times one thread's had CPUs taken by another load while it was measured.
SHARED_PEAK_SHARE = 0.75


def shared_cpu_warnings(peaks):
    """A line per thread count whose peak says other work shared the CPUs
    (a virtual CPU taken by the host, another process): its timings are not
    the machine's."""
    one = peaks.get(1)
    if not one:
        return []
    return ["warning: %d threads reached %.1f GFLOP/s, %.2fx one thread's: "
            "another load shares these CPUs, timings at %d threads are not "
            "the machine's" % (t, peaks[t], peaks[t] / one, t)
            for t in sorted(peaks)
            if t > 1 and peaks[t] < SHARED_PEAK_SHARE * t * one]


def print_machine(peaks, source="bench/peak.c", core_latency=None):
    model, simd = cpu_description()
    print("cpu: %s, %d logical CPUs, load average %s" % (
        model, os.cpu_count(), " ".join("%.1f" % l for l in os.getloadavg())))
    print("simd flags: " + " ".join(simd))
    print("fp32 FMA peak (%s): %s" % (source, ", ".join(
        "%.1f GFLOP/s on %d thread(s)" % (peaks[t], t)
        for t in sorted(peaks))))
    for line in shared_cpu_warnings(peaks):
        print(line)
    if core_latency is not None:
        print("cache line from one core to another (bench/corelat.c): %s" % (
            "%.0f ns one way" % core_latency if core_latency == core_latency
            else "one CPU only"))


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


def setup(build):
    """Checks the tools; returns (bin_dir, ORT runner, env for the runner)."""
    bin_dir = os.path.join(os.path.abspath(build), "bin")
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
    return bin_dir, runner, dict(os.environ, ORT_NODE=ensure_ort(ort_dir))


def measure_peak(work, thread_counts=(1, 2)):
    exe = os.path.join(work, "peak")
    run(["cc", "-O3", "-march=native", "-ffp-contract=fast", "-pthread",
         os.path.join(HERE, "peak.c"), "-o", exe])
    peaks = {}
    for threads in sorted(set(thread_counts) | {1, 2}):
        out, _, _ = run(pinned([exe, str(threads)], threads))
        peaks[threads] = float(re.search(r"gflops=([0-9.]+)", out).group(1))
    return peaks


def measure_core_latency(work):
    """One-way ns for a cache line written on one core to reach another (NaN
    with one CPU): what each line shared between two threads costs."""
    exe = os.path.join(work, "corelat")
    run(["cc", "-O2", "-pthread", os.path.join(HERE, "corelat.c"), "-o", exe])
    out, _, _ = run([exe])
    return float(re.search(r"one_way_ns=([0-9.]+|nan)", out).group(1))


def write_onnx(arch, path, size=224, params=None):
    """The torchvision-shaped model of resnet_np.py (seed 7, opset 17) with a
    dynamic batch and a static image `size` (side or (height, width))."""
    import onnx
    if params is None:
        params = resnet_np.make_params(arch, CLASSES, seed=SEED)
    onnx.save(resnet_np.make_onnx(arch, params, 1, size, opset=17), path)
    return params


def max_errors(ours, ref):
    diff = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
    scale = max(float(np.abs(ref).max()), 1e-30)
    return float(diff.max()), float(diff.max()) / scale


def agreement(ours, ref):
    """(max abs error, max error relative to max |ref|, verdict): "yes" when
    within TOLERANCE with the same top-1 per image; "tie" when within
    TOLERANCE and every differing top-1 is a tie in ref at that tolerance
    (ref's logits of both classes within TOLERANCE * max |ref|); else "NO"."""
    if ours.shape != ref.shape:
        fail("output shapes differ: ours %s, ort %s" % (ours.shape, ref.shape))
    abs_err, rel_err = max_errors(ours, ref)
    if rel_err > TOLERANCE:
        return abs_err, rel_err, "NO"
    ours_top, ref_top = ours.argmax(axis=1), ref.argmax(axis=1)
    if np.array_equal(ours_top, ref_top):
        return abs_err, rel_err, "yes"
    scale = float(np.abs(ref).max())
    for i in np.nonzero(ours_top != ref_top)[0]:
        gap = float(ref[i, ref_top[i]]) - float(ref[i, ours_top[i]])
        if gap > TOLERANCE * scale:
            return abs_err, rel_err, "NO"
    return abs_err, rel_err, "tie"


def pinned(cmd, threads):
    """`cmd` pinned (taskset) to the first `threads` CPUs this process may
    use, when that leaves some out and PIN is not 0: the runs of both
    runners at that thread count then share the same cores. The vCPUs of a
    VM need not be equally fast (a busy neighbour on one's core): an
    unpinned 1-thread run lands on either and its time on which."""
    cpus = sorted(os.sched_getaffinity(0))
    if (os.environ.get("PIN", "1") == "0" or threads >= len(cpus)
            or not shutil.which("taskset")):
        return cmd
    return ["taskset", "-c", ",".join(map(str, cpus[:threads]))] + cmd


def timed(cmd, env, pattern=TIMING):
    """Runs a --bench invocation; returns (median ms, min ms, peak RSS MB)."""
    out, _, rss = run(cmd, env=env)
    match = re.search(pattern, out)
    if not match:
        fail("no timing in the output of %s:\n%s" % (" ".join(cmd), out))
    return float(match.group(1)), float(match.group(2)), rss


def alternate(exe, onnx_path, input_npy, scratch_npy, runner, ort_env,
              threads, runs, rounds):
    """`rounds` alternations of our `exe --bench runs` and ORT's runner on
    `threads` threads (ours: --threads and OMP_NUM_THREADS; ORT:
    intraOpNumThreads). Returns {who: {"med": median of the medians,
    "min": min of the mins, "rss": max peak RSS MB}} for "ours" and "ort"."""
    times = {"ours": [], "ort": []}
    rss = {"ours": 0.0, "ort": 0.0}
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    for _ in range(rounds):
        for who, cmd, e in (
                ("ours", [exe, "--input", input_npy, "--bench", str(runs),
                          "--threads", str(threads)], env),
                ("ort", ["node", runner, onnx_path, input_npy, scratch_npy,
                         "--threads", str(threads), "--bench", str(runs)],
                 ort_env)):
            med, low, mb = timed(pinned(cmd, threads), e)
            times[who].append((med, low))
            rss[who] = max(rss[who], mb)
    return {who: {"med": statistics.median(t[0] for t in times[who]),
                  "min": min(t[1] for t in times[who]), "rss": rss[who]}
            for who in times}
