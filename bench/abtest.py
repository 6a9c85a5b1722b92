"""Comparing two choices of the compiler on a noisy machine (bench/README.md,
"Comparing two choices: abtest.py"). Whole-model times move by more than
most schedule changes between one minute and the next; per-layer minima
over alternating rounds, with both choices in one binary where possible,
do not.

  abtest.py chain N C H W [--kernel K] [--filters F] [--groups G]
                  [--batch B] [--seed S]
      Writes (stdout) a resnet-dialect model of N convolutions, K x K,
      stride 1, padded to keep H x W, from C to F channels and back
      alternately, in G groups (default 1: dense), each followed by a ReLU,
      with random weights: one layer shape repeated. A temporary change of
      the selection that gives alternate pairs of its layers each choice
      then compares the two in one binary, the layers' neighbours alike.
  abtest.py minima [--rounds R] [--bench N] [--threads T[,T...]] BINARY...
      Runs each binary (compiled with resnet-compile --profile) with
      `--profile --bench N --threads T` in turn, R rounds, the order
      reversed every other round, pinned like bench.sh (one thread: the
      first allowed CPU); prints every layer's minimum over the rounds of
      its per-run median, one column per binary, and the total's. With a
      list of thread counts every binary runs at each in every round (a
      column per binary and count): a layer's scaling from rounds that
      share the minutes.
"""
import argparse
import math
import os
import re
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BenchError, pinned  # noqa: E402

# One profile row: index (or "total"), ms, share, GFLOP/s, %peak, name
# (the total row has no name; a model compiled for a GPU no rates).
PROFILE_ROW = re.compile(
    r"^\s*(?P<key>\d+|total)\s+(?P<ms>[0-9.]+)\s+[0-9.]+%\s+"
    r"(?:(?P<gflops>[0-9.]+)\s+\S+\s+)?(?P<name>.*)$")


def tensor(*shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def chain(args):
    """The chain model's MLIR text."""
    rng = np.random.default_rng(args.seed)
    filters = args.filters or args.channels
    pad = args.kernel // 2
    fields = []
    if pad:
        fields.append("pads = array<i64: %d, %d, %d, %d>" % ((pad,) * 4))
    if args.groups > 1:
        fields.append("groups = %d : i64" % args.groups)
    attrs = " {%s}" % ", ".join(fields) if fields else ""
    consts, body = [], []
    value, channels = "%input", args.channels
    for layer in range(args.layers):
        out = filters if channels == args.channels else args.channels
        fan_in = channels // args.groups
        shape = (out, fan_in, args.kernel, args.kernel)
        weights = rng.normal(0.0, math.sqrt(2.0 / (fan_in * args.kernel ** 2)),
                             shape).astype("<f4")
        consts.append('    %%w%d = arith.constant dense<"0x%s"> : %s'
                      % (layer, weights.tobytes().hex().upper(),
                         tensor(*shape)))
        in_type = tensor(args.batch, channels, args.height, args.width)
        out_type = tensor(args.batch, out, args.height, args.width)
        body.append("    %%c%d = resnet.conv2d %s, %%w%d%s : %s, %s -> %s"
                    % (layer, value, layer, attrs, in_type, tensor(*shape),
                       out_type))
        body.append("    %%r%d = resnet.relu %%c%d : %s"
                    % (layer, layer, out_type))
        value, channels = "%%r%d" % layer, out
    in_type = tensor(args.batch, args.channels, args.height, args.width)
    out_type = tensor(args.batch, channels, args.height, args.width)
    lines = ["func.func @main(%%input: %s) -> %s {" % (in_type, out_type)]
    lines += consts + body
    lines += ["    return %s : %s" % (value, out_type), "}"]
    return "\n".join(lines) + "\n"


def profile(binary, bench, threads):
    """{layer index or "total": (ms, name, GFLOP/s or None)} of one
    --profile run."""
    cmd = pinned([binary, "--profile", "--bench", str(bench),
                  "--threads", str(threads)], threads)
    proc = subprocess.run(cmd, capture_output=True, text=True,
                          env=dict(os.environ, OMP_NUM_THREADS=str(threads)))
    if proc.returncode != 0:
        raise BenchError("%s failed (exit %d): %s" % (
            " ".join(cmd), proc.returncode, proc.stderr.strip()[-2000:]))
    rows = {}
    out = proc.stdout
    for line in out.splitlines():
        match = PROFILE_ROW.match(line)
        if match:
            gflops = match.group("gflops")
            rows[match.group("key")] = (float(match.group("ms")),
                                        match.group("name").strip(),
                                        float(gflops) if gflops else None)
    if "total" not in rows:
        raise BenchError("%s printed no profile (compiled without "
                         "resnet-compile --profile?)" % binary)
    return rows


def thread_counts(text):
    """The --threads list: "1" or "1,2"."""
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise BenchError("--threads: a thread count or a comma-separated "
                         "list of them, each at least 1 (got '%s')" % text)
    return counts


def minima(args):
    counts = thread_counts(args.threads)
    # Every (binary, thread count) run in each round, so that what is
    # compared (two choices, or one binary's scaling) shares the minutes.
    runs = [(binary, threads) for binary in args.binaries
            for threads in counts]
    best = [dict() for _ in runs]
    names = {}
    order = list(range(len(runs)))
    for round_index in range(args.rounds):
        for which in (order if round_index % 2 == 0 else order[::-1]):
            binary, threads = runs[which]
            rows = profile(binary, args.bench, threads)
            for key, (ms, name, _) in rows.items():
                names.setdefault(key, name)
                best[which][key] = min(best[which].get(key, ms), ms)
    keys = [k for k in best[0] if k != "total"] + ["total"]
    labels = [binary if len(counts) == 1 else "%s@%d" % (binary, threads)
              for binary, threads in runs]
    print("# per-layer minima over %d rounds of --profile --bench %d "
          "--threads %s: %s" % (args.rounds, args.bench, args.threads,
                                " | ".join(labels)))
    for key in keys:
        cells = " ".join("%9.4f" % b[key] if key in b else "%9s" % "-"
                         for b in best)
        print("%6s %s  %s" % (key, cells, names.get(key, "")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("chain", help="write a chain model")
    gen.add_argument("layers", type=int)
    gen.add_argument("channels", type=int)
    gen.add_argument("height", type=int)
    gen.add_argument("width", type=int)
    gen.add_argument("--kernel", type=int, default=3)
    gen.add_argument("--filters", type=int, default=0)
    gen.add_argument("--groups", type=int, default=1)
    gen.add_argument("--batch", type=int, default=1)
    gen.add_argument("--seed", type=int, default=1)
    times = sub.add_parser("minima", help="per-layer minima of binaries")
    times.add_argument("binaries", nargs="+")
    times.add_argument("--rounds", type=int, default=8)
    times.add_argument("--bench", type=int, default=20)
    times.add_argument("--threads", default="1",
                       help="thread count, or a list (1,2) run in every "
                            "round: one column per binary and count")
    args = parser.parse_args()
    try:
        if args.command == "chain":
            if min(args.layers, args.channels, args.height, args.width,
                   args.kernel, args.batch) < 1 or args.filters < 0 or \
                    args.kernel % 2 == 0 or args.groups < 1:
                raise BenchError("chain: sizes must be positive and the "
                                 "kernel odd")
            if args.channels % args.groups or \
                    (args.filters or args.channels) % args.groups:
                raise BenchError("chain: the groups must divide the "
                                 "channels and the filters")
            sys.stdout.write(chain(args))
        else:
            minima(args)
    except BenchError as error:
        sys.exit("abtest.py: %s" % error)


if __name__ == "__main__":
    main()
