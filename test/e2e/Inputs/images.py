"""Test images and a numpy reference of the binaries' preprocessing.

    images.py write DIR          writes rgb.png (37x50 RGB), grey.png (8x8),
                                 blocks.jpg (48x64 grey, one value per 8x8
                                 block), tall.png (70x20 RGB), and the
                                 pixels as *.pixels.npy (uint8, HxWxC)
    images.py reference OUT.npy --resize N --height H --width W --channels C
                                 [--mean m,m,m] [--std s,s,s] [--bgr] IMG...
                                 the preprocessed NCHW float64 tensor of the
                                 images' pixels (IMG.pixels.npy)
    images.py compare A.npy B.npy --atol A   prints the largest difference

No imaging library: PNG is zlib + CRC framing; the JPEG is baseline,
greyscale, with all quantisation steps 1 and one value per 8x8 block (only
DC coefficients), which every decoder reproduces exactly.
"""

import argparse
import struct
import sys
import zlib

import numpy as np


def write_png(path, pixels):
    pixels = np.asarray(pixels, dtype=np.uint8)
    height, width = pixels.shape[:2]
    colour = 2 if pixels.ndim == 3 else 0
    rows = pixels.reshape(height, -1)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
                chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# Annex K's luminance DC table; an AC table with one code: end of block.
DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALUES = list(range(12))
AC_BITS = [1] + [0] * 15
AC_VALUES = [0x00]


def huffman_codes(bits, values):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.count = 0

    def write(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0x00)  # byte stuffing
                self.acc = self.count = 0

    def flush(self):
        while self.count:
            self.write(1, 1)
        return bytes(self.out)


def write_block_jpeg(path, blocks):
    """`blocks`: uint8 (H/8, W/8), the value of each 8x8 block."""
    rows, cols = blocks.shape
    height, width = rows * 8, cols * 8
    dc_codes = huffman_codes(DC_BITS, DC_VALUES)
    ac_codes = huffman_codes(AC_BITS, AC_VALUES)
    bits = BitWriter()
    previous = 0
    for value in blocks.reshape(-1):
        dc = 8 * (int(value) - 128)  # the DC of a flat block, step 1
        diff = dc - previous
        previous = dc
        size = abs(diff).bit_length()
        bits.write(*dc_codes[size])
        if size:
            bits.write(diff if diff > 0 else diff + (1 << size) - 1, size)
        bits.write(*ac_codes[0x00])
    data = bits.flush()

    def segment(marker, payload):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload

    dqt = b"\x00" + bytes([1] * 64)
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    dht = (b"\x00" + bytes(DC_BITS) + bytes(DC_VALUES) +
           b"\x10" + bytes(AC_BITS) + bytes(AC_VALUES))
    sos = b"\x01\x01\x00\x00\x3f\x00"
    with open(path, "wb") as f:
        f.write(b"\xff\xd8" + segment(0xDB, dqt) + segment(0xC0, sof) +
                segment(0xC4, dht) + segment(0xDA, sos) + data + b"\xff\xd9")


def write_all(directory):
    rng = np.random.default_rng(11)
    images = {
        "rgb.png": rng.integers(0, 256, (37, 50, 3), dtype=np.uint8),
        "tall.png": rng.integers(0, 256, (70, 20, 3), dtype=np.uint8),
        "grey.png": rng.integers(0, 256, (8, 8), dtype=np.uint8),
    }
    for name, pixels in images.items():
        write_png(f"{directory}/{name}", pixels)
        np.save(f"{directory}/{name}.pixels.npy", pixels)
    blocks = rng.integers(0, 256, (6, 8), dtype=np.uint8)
    write_block_jpeg(f"{directory}/blocks.jpg", blocks)
    np.save(f"{directory}/blocks.jpg.pixels.npy",
            np.kron(blocks, np.ones((8, 8), dtype=np.uint8)))


def taps(dst_size, src_size, offset, count):
    dst = np.arange(count, dtype=np.float64) + offset
    position = np.maximum((dst + 0.5) * (src_size / dst_size) - 0.5, 0)
    first = np.minimum(position.astype(np.int64), src_size - 1)
    second = np.where(first < src_size - 1, first + 1, first)
    return first, second, position - first


def preprocess(pixels, resize, height, width, channels, mean, std, bgr):
    """The steps of runtime/image.h in numpy (float64)."""
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    if channels == 3 and pixels.shape[2] == 1:
        pixels = np.repeat(pixels, 3, axis=2)
    elif channels == 1 and pixels.shape[2] == 3:
        p = pixels.astype(np.int64)
        pixels = ((p[..., 0] * 77 + p[..., 1] * 150 + p[..., 2] * 29) >> 8)[..., None]
    src_h, src_w = pixels.shape[:2]
    if resize > 0:
        if src_w <= src_h:
            new_w, new_h = resize, int(resize * src_h / src_w)
        else:
            new_h, new_w = resize, int(resize * src_w / src_h)
    else:
        new_h, new_w = height, width
    y0, y1, fy = taps(new_h, src_h, (new_h - height) // 2, height)
    x0, x1, fx = taps(new_w, src_w, (new_w - width) // 2, width)
    p = pixels.astype(np.float64)
    fy, fx = fy[:, None, None], fx[None, :, None]
    value = ((1 - fy) * ((1 - fx) * p[y0][:, x0] + fx * p[y0][:, x1]) +
             fy * ((1 - fx) * p[y1][:, x0] + fx * p[y1][:, x1]))
    if bgr:
        value = value[:, :, ::-1]
    mean = np.float32(mean).astype(np.float64)
    std = np.float32(std).astype(np.float64)
    return ((value / 255.0 - mean) / std).transpose(2, 0, 1)


def floats(text, channels):
    values = [float(v) for v in text.split(",")]
    return values * channels if len(values) == 1 else values


def main():
    if sys.argv[1] == "write":
        write_all(sys.argv[2])
        return
    if sys.argv[1] == "compare":
        parser = argparse.ArgumentParser()
        parser.add_argument("a")
        parser.add_argument("b")
        parser.add_argument("--atol", type=float, required=True)
        args = parser.parse_args(sys.argv[2:])
        a, b = np.load(args.a), np.load(args.b)
        assert a.shape == b.shape, (a.shape, b.shape)
        worst = float(np.abs(a.astype(np.float64) - b).max())
        print(f"shape {a.shape} max difference "
              f"{'<=' if worst <= args.atol else '>'} {args.atol:g}")
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("images", nargs="+")
    parser.add_argument("--resize", type=int, default=0)
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--channels", type=int, required=True)
    parser.add_argument("--mean", default="0")
    parser.add_argument("--std", default="1")
    parser.add_argument("--bgr", action="store_true")
    parser.add_argument("--pad-to", type=int, default=0)
    args = parser.parse_args(sys.argv[2:])
    tensors = [preprocess(np.load(image + ".pixels.npy"), args.resize,
                          args.height, args.width, args.channels,
                          floats(args.mean, args.channels),
                          floats(args.std, args.channels), args.bgr)
               for image in args.images]
    while len(tensors) < args.pad_to:
        tensors.append(np.zeros_like(tensors[0]))
    np.save(args.out, np.stack(tensors))


if __name__ == "__main__":
    main()
