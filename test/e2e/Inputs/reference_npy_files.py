"""Writes small .npy files, valid and broken, for resnet-run's error tests.

Usage: reference_npy_files.py KIND PATH. Plain Python (no numpy) so that the
bytes on disk are exactly the ones described here.
"""
import struct
import sys


def npy(descr="<f4", fortran=False, shape=(1, 1, 2, 2), version=(1, 0),
        header_override=None):
    shape_text = "(%s)" % "".join("%d, " % d for d in shape)
    shape_text = shape_text.replace(", )", ")") if len(shape) > 1 else \
        shape_text.replace(" )", ")")
    header = header_override or ("{'descr': '%s', 'fortran_order': %s, "
                                 "'shape': %s, }" % (descr, fortran,
                                                     shape_text))
    length_size = 2 if version[0] == 1 else 4
    pad = -(10 + length_size - 2 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    length = struct.pack("<H" if length_size == 2 else "<I", len(header))
    return b"\x93NUMPY" + bytes(version) + length + header.encode("latin1")


def floats(values):
    return struct.pack("<%df" % len(values), *values)


FILES = {
    # 1x1x2x2 f32 in the three header versions.
    "good": lambda: npy() + floats([1, 2, 3, 4]),
    "good_v2": lambda: npy(version=(2, 0)) + floats([1, 2, 3, 4]),
    "good_v3": lambda: npy(version=(3, 0)) + floats([1, 2, 3, 4]),
    "near": lambda: npy() + floats([1, 2, 3, 4.0001]),
    "other": lambda: npy() + floats([1, 2, 3, 5]),
    "bad_magic": lambda: b"\x93NUMPZ\x01\x00" + b"\x00" * 120,
    "not_npy": lambda: b"hello, world\n",
    "truncated_header": lambda: npy()[:40],
    "truncated_data": lambda: npy() + floats([1, 2, 3]),
    "f64": lambda: npy(descr="<f8") + struct.pack("<4d", 1, 2, 3, 4),
    "big_endian": lambda: npy(descr=">f4") + struct.pack(">4f", 1, 2, 3, 4),
    "fortran": lambda: npy(fortran=True) + floats([1, 2, 3, 4]),
    "wrong_shape": lambda: npy(shape=(1, 1, 2, 3)) + floats(range(6)),
    "trailing": lambda: npy() + floats([1, 2, 3, 4]) + b"junk",
    "bad_version": lambda: npy(version=(9, 0)) + floats([1, 2, 3, 4]),
    "bad_dict": lambda: npy(header_override="{'descr': '<f4', 'shape': (4,)"),
}

if __name__ == "__main__":
    with open(sys.argv[2], "wb") as f:
        f.write(FILES[sys.argv[1]]())
