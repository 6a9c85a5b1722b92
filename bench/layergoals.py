"""The per-layer goals of the general CPU schedule, checked on models a
user brings (bench/README.md, "Per-layer goals: layergoals.py"):

  - a direct 3x3 or 1x1 convolution (dense) at >= 85 % of the measured FMA
    peak on maps of 7x7 and larger;
  - a grouped convolution at >= 80 % with 16 or more channels a group,
    >= 40 % with 4 to 15;
  - 2 threads >= 1.9x one thread on every convolution that the compiler
    runs on threads.

  layergoals.py [--build DIR] [--rounds R] [--bench N] ENTRY...
      ENTRY is MODEL[:HxW[:BATCH]] (resnet-import --arch names; default
      224x224, batch 1). Each model is imported and compiled with
      resnet-compile -O3 --profile; R rounds alternate its --profile
      --bench N at 1 and 2 threads (pinned like bench.sh), and every
      layer's time is the minimum over the rounds of its median. The peak
      is bench/peak.c's at each thread count, measured first.

Layers whose effective rate is above the peak run a fast algorithm
(Winograd: fewer products than the direct count the profile divides by);
the rate goals do not apply to them, the thread goal does. One row per
convolution that misses a goal, and a summary line per model; the exit
status is 0 whatever is missed (a measurement, not a test).
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import BenchError  # noqa: E402
from abtest import profile  # noqa: E402
from ortlayers import OUR_CONV  # noqa: E402

DENSE_RATE = 85.0
GROUPED_RATE_WIDE = 80.0    # 16 or more channels a group
GROUPED_RATE_NARROW = 40.0  # 4 to 15
MIN_SCALING = 1.9


def parse_entry(text):
    parts = text.split(":")
    if not parts[0] or len(parts) > 3:
        raise BenchError("entry '%s': MODEL[:HxW[:BATCH]]" % text)
    size, batch = (224, 224), 1
    try:
        if len(parts) > 1:
            h, w = parts[1].lower().split("x")
            size = (int(h), int(w))
        if len(parts) > 2:
            batch = int(parts[2])
    except ValueError:
        raise BenchError("entry '%s': MODEL[:HxW[:BATCH]]" % text)
    return parts[0], size, batch


def minima(binary, rounds, bench):
    """{threads: {index: (min ms, GFLOP at that layer, name)}}."""
    best = {1: {}, 2: {}}
    for round_index in range(rounds):
        for threads in ((1, 2) if round_index % 2 == 0 else (2, 1)):
            for key, (ms, name, rate) in profile(binary, bench,
                                                 threads).items():
                if key == "total" or rate is None:
                    continue
                index = int(key)
                gflop = rate * ms / 1000.0
                old = best[threads].get(index)
                if old is None or ms < old[0]:
                    best[threads][index] = (ms, gflop, name)
    return best


def misses(best, peaks):
    """(rows, checked): the convs that miss a goal, and how many there are."""
    rows, checked = [], 0
    for index, (ms1, gflop, name) in sorted(best[1].items()):
        conv = OUR_CONV.match(name)
        if not conv:
            continue
        checked += 1
        kh, kw, stride, cin, cout, oh, ow, groups = conv.groups()
        groups = int(groups or 1)
        rate = 100.0 * gflop / (ms1 / 1000.0) / peaks[1]
        ms2 = best[2].get(index, (float("nan"),))[0]
        scaling = ms1 / ms2
        why = []
        if rate <= 100.0:  # not a fast algorithm
            per_group = int(cin) // groups
            if groups == 1 and min(int(oh), int(ow)) >= 7 and \
                    int(kh) in (1, 3) and rate < DENSE_RATE:
                why.append("dense %.0f%% < %.0f%%" % (rate, DENSE_RATE))
            elif groups > 1 and per_group >= 16 and rate < GROUPED_RATE_WIDE:
                why.append("grouped (%d a group) %.0f%% < %.0f%%" % (
                    per_group, rate, GROUPED_RATE_WIDE))
            elif groups > 1 and 4 <= per_group < 16 and \
                    rate < GROUPED_RATE_NARROW:
                why.append("grouped (%d a group) %.0f%% < %.0f%%" % (
                    per_group, rate, GROUPED_RATE_NARROW))
        if scaling < MIN_SCALING:
            why.append("2 threads %.2fx < %.1fx" % (scaling, MIN_SCALING))
        if why:
            rows.append((index, ms1, ms2, rate, scaling, name, why))
    return rows, checked


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("entries", nargs="+")
    parser.add_argument("--build", default="build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bench", type=int, default=5)
    args = parser.parse_args()
    try:
        entries = [parse_entry(e) for e in args.entries]
        bin_dir = os.path.join(os.path.abspath(args.build), "bin")
        for tool in ("resnet-import", "resnet-compile"):
            if not os.access(os.path.join(bin_dir, tool), os.X_OK):
                raise BenchError("%s not found in %s (build first)" % (
                    tool, bin_dir))
        with tempfile.TemporaryDirectory(prefix="layergoals-") as work:
            peaks = common.measure_peak(work)
            print("# fp32 FMA peak (bench/peak.c): %.1f GFLOP/s on 1 thread, "
                  "%.1f on 2; minima over %d rounds of --profile --bench %d"
                  % (peaks[1], peaks[2], args.rounds, args.bench))
            print("%-30s %5s %8s %8s %6s %6s  %s" % (
                "model", "layer", "ms@1", "ms@2", "%peak", "2t/1t", "name"))
            for model, (h, w), batch in entries:
                label = "%s %dx%d b%d" % (model, h, w, batch)
                mlir = os.path.join(work, "m.mlirbc")
                exe = os.path.join(work, "m")
                common.run([os.path.join(bin_dir, "resnet-import"), "--arch",
                            model, "--input-size", "%dx%d" % (h, w),
                            "--batch", str(batch), "-o", mlir])
                common.run([os.path.join(bin_dir, "resnet-compile"), "-O3",
                            "--profile", mlir, "-o", exe])
                rows, checked = misses(minima(exe, args.rounds, args.bench),
                                       peaks)
                for index, ms1, ms2, rate, scaling, name, why in rows:
                    print("%-30s %5d %8.3f %8.3f %6.1f %6.2f  %s: %s" % (
                        label, index, ms1, ms2, rate, scaling,
                        name.split(" (")[0], "; ".join(why)))
                print("%-30s %d of %d convolutions miss a goal" % (
                    label, len(rows), checked))
                sys.stdout.flush()
    except BenchError as error:
        sys.exit("layergoals.py: %s" % error)


if __name__ == "__main__":
    main()
