"""Writes one .npy test file without numpy: a header we choose, then data.

usage: write_npy.py OUT.npy SHAPE [--descr D] [--fortran] [--count N]
                    [--extra-bytes B] [--value I=V ...]
SHAPE is comma-separated ("1,2,3,3"; "" for a scalar); --count writes N
elements instead of the shape's product (truncated/oversized files);
--value sets element I to V (nan, inf, -inf or a number).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_seeds import npy_bytes  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("shape")
    p.add_argument("--descr", default="<f4")
    p.add_argument("--fortran", action="store_true")
    p.add_argument("--count", type=int)
    p.add_argument("--extra-bytes", type=int, default=0)
    p.add_argument("--value", action="append", default=[])
    a = p.parse_args()
    shape = [int(d) for d in a.shape.split(",") if d]
    count = a.count
    if count is None:
        count = 1
        for d in shape:
            count *= d
    values = [0.25 * (i % 7) - 0.5 for i in range(count)]
    for setting in a.value:
        index, value = setting.split("=")
        values[int(index)] = float(value)
    data = npy_bytes(shape, [], descr=a.descr, fortran=a.fortran)
    import struct
    data += struct.pack("<%df" % count, *values) + b"\0" * a.extra_bytes
    with open(a.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
