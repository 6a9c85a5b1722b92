"""Per-stage time of one model compiled with and without band fusion
(resnet-compile --band-fusion, issue #16's table): each variant's
`--profile` summed by ResNet stage (stem, layer1..layer4, head),
alternating the variants, at each thread count. Not part of the tests; see
bench/README.md ("Per-stage band fusion table").

  stages.py [--arch resnet50] [--input-size 224] [--batch 1]
            [--build DIR] [--variants "off auto"] [--threads "1 2"]
Environment: RUNS (10), ROUNDS (3), OPT (-O3), KEEP (directory to keep the
model and binaries in).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fail, pinned, run  # noqa: E402

# One profile row: index, ms, share, GFLOP/s, %peak, name.
PROFILE_ROW = re.compile(r"^\s*(\d+)\s+([0-9.]+)\s+[0-9.]+%\s+\S+\s+\S+\s+(.*)$")
STAGE = re.compile(r"\(layer(\d+)[./]")


def stage_of(name, seen_stage):
    """The stage a profile row belongs to: layerN from its location, else
    the stem before the first stage and the head after it."""
    match = STAGE.search(name)
    if match:
        return "layer" + match.group(1)
    return "head" if seen_stage else "stem"


def stage_times(profile):
    """{stage: ms} of one --profile output, in order of appearance."""
    times, seen = {}, False
    for line in profile.splitlines():
        match = PROFILE_ROW.match(line)
        if not match:
            continue
        stage = stage_of(match.group(3), seen)
        seen |= stage.startswith("layer")
        times[stage] = times.get(stage, 0.0) + float(match.group(2))
    if not times:
        fail("no profile rows in:\n" + profile[-2000:])
    return times


def band_summary(report_path):
    with open(report_path) as f:
        bands = json.load(f).get("bands", [])
    fused = [b for b in bands if b.get("fused")]
    return "%d of %d blocks fused" % (len(fused), len(bands))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", default="resnet50")
    parser.add_argument("--input-size", default="224")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--build", default=os.path.join(common.REPO, "build"))
    parser.add_argument("--variants", default="off auto")
    parser.add_argument("--threads", default="1 2")
    args = parser.parse_args(argv)
    runs = int(os.environ.get("RUNS", "10"))
    rounds = int(os.environ.get("ROUNDS", "3"))
    opt = os.environ.get("OPT", "-O3")
    variants = args.variants.split()
    threads = [int(t) for t in args.threads.split()]
    bin_dir = os.path.join(os.path.abspath(args.build), "bin")
    keep = os.environ.get("KEEP")
    work = keep or tempfile.mkdtemp(prefix="resnet-stages-")
    os.makedirs(work, exist_ok=True)
    try:
        model = os.path.join(work, "model.mlirbc")
        run([os.path.join(bin_dir, "resnet-import"), "--arch", args.arch,
             "--input-size", args.input_size, "--batch", str(args.batch),
             "--seed", "1", "--emit-bytecode", "-o", model])
        print("%s %s batch %d, resnet-compile %s --profile, %d rounds of "
              "--bench %d; load average %s" % (
                  args.arch, args.input_size, args.batch, opt, rounds, runs,
                  " ".join("%.1f" % l for l in os.getloadavg())))
        exes = {}
        for variant in variants:
            exe = os.path.join(work, "m-" + variant)
            report = exe + ".json"
            run([os.path.join(bin_dir, "resnet-compile"), model, opt,
                 "--profile", "--band-fusion=" + variant, "-o", exe,
                 "--report", report])
            exes[variant] = exe
            print("  --band-fusion=%s: %s" % (variant, band_summary(report)))
        for t in threads:
            samples = {v: [] for v in variants}
            for _ in range(rounds):
                for variant in variants:
                    out, _, _ = run(pinned([exes[variant], "--profile",
                                            "--bench", str(runs),
                                            "--threads", str(t)], t))
                    samples[variant].append(stage_times(out))
            stages = list(samples[variants[0]][0])
            print("\nthreads %d: median ms per stage (ratio to %s)" % (
                t, variants[0]))
            print("%-8s" % "stage" + "".join("%14s" % v for v in variants))
            totals = {v: 0.0 for v in variants}
            for stage in stages:
                row = "%-8s" % stage
                base = None
                for variant in variants:
                    ms = statistics.median(s.get(stage, 0.0)
                                           for s in samples[variant])
                    totals[variant] += ms
                    base = ms if base is None else base
                    row += "%8.2f %5s" % (ms, "" if variant == variants[0]
                                          else "%.2f" % (ms / base if base
                                                         else 0))
                print(row)
            base = totals[variants[0]]
            print("%-8s" % "total" + "".join(
                "%8.2f %5s" % (totals[v], "" if v == variants[0]
                               else "%.2f" % (totals[v] / base))
                for v in variants))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except common.BenchError as error:
        print("stages: error: %s" % error, file=sys.stderr)
        sys.exit(1)
