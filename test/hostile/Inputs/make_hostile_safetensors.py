"""Writes a hostile safetensors file: OUT (standard library only).

usage: make_hostile_safetensors.py CASE OUT
Two F32 tensors 'a' (2 floats) and 'b' (4 floats); each case breaks one rule
of the format's data layout or header.
"""
import struct
import sys


def write(out, header, data, length=None):
    if isinstance(header, dict):
        header = "{" + ", ".join(
            '"%s": {"dtype": "F32", "shape": [%d], "data_offsets": [%d, %d]}'
            % (name, (end - begin) // 4, begin, end)
            for name, (begin, end) in header.items()) + "}"
    text = header.encode()
    size = len(text) if length is None else length
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", size) + text + data)


def main(case, out):
    data = struct.pack("<6f", *range(6))
    if case == "good":
        write(out, {"a": (0, 8), "b": (8, 24)}, data)
    elif case == "overlap":
        # 'b' starts inside 'a': byte 4-7 would be read as both.
        write(out, {"a": (0, 8), "b": (4, 20)}, data[:20])
    elif case == "hole":
        write(out, {"a": (0, 8), "b": (12, 28)}, data + b"\0" * 4)
    elif case == "trailing":
        write(out, {"a": (0, 8), "b": (8, 24)}, data + b"junk")
    elif case == "out-of-bounds":
        write(out, {"a": (0, 8), "b": (8, 24)}, data[:16])
    elif case == "duplicate":
        # JSON allows a repeated key; the last one would silently win.
        write(out, '{"a": {"dtype": "F32", "shape": [2], "data_offsets": '
                   '[0, 8]}, "a": {"dtype": "F32", "shape": [4], '
                   '"data_offsets": [8, 24]}}', data)
    elif case == "header-too-long":
        write(out, {"a": (0, 8)}, data[:8], length=1 << 40)
    elif case == "header-past-end":
        write(out, {"a": (0, 8)}, b"", length=1000)
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
