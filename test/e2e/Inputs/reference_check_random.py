"""Checks resnet-run's generated inputs against the generator's documented
formula (runtime/random.h), re-implemented here from that description.

Usage: reference_check_random.py SEED FILE... ; input k must come from
seed SEED + k. Prints one line per file and exits 1 on any difference.
"""
import sys

import numpy as np

MASK = (1 << 64) - 1


def generate(seed, count):
    state, out = seed, []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out.append((z >> 40) / 8388608.0 - 1.0)
    return np.array(out, dtype=np.float32)


def main():
    seed, status = int(sys.argv[1]), 0
    for k, path in enumerate(sys.argv[2:]):
        got = np.load(path)
        want = generate(seed + k, got.size).reshape(got.shape)
        same = got.dtype == np.float32 and np.array_equal(got, want)
        in_range = bool((got >= -1).all() and (got < 1).all())
        print("input %d: %s, in [-1, 1): %s" %
              (k, "matches" if same else "DIFFERS", in_range))
        status |= not (same and in_range)
    sys.exit(status)


if __name__ == "__main__":
    main()
