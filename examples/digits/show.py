#!/usr/bin/python3
"""Show how a compiled digits model did on the test split.

    show.py logits.npy [--bench bench.txt] [--examples K]

Prints the accuracy (and PyTorch's, recorded at export), K test images as
8x8 ASCII art with the predicted and the true class (the misclassified ones
first), and the latency per image read from the binary's `--bench` output.
"""

import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# Darkest last: ink on paper, as the digits were written.
SHADES = " .:-=+*#%@"


def ascii_art(image):
    """Rows of an 8x8 image in [0, 1], two characters per pixel."""
    levels = np.clip((image * (len(SHADES) - 1)).round().astype(int),
                     0, len(SHADES) - 1)
    return ["".join(SHADES[v] * 2 for v in row) for row in levels]


def show_examples(images, labels, predictions, count, per_row=6):
    """Misclassified images first, then correct ones, `per_row` abreast."""
    wrong = [i for i in range(len(labels)) if predictions[i] != labels[i]]
    right = [i for i in range(len(labels)) if predictions[i] == labels[i]]
    picked = (wrong + right)[:count]
    for start in range(0, len(picked), per_row):
        group = picked[start:start + per_row]
        arts = [ascii_art(images[i, 0]) for i in group]
        width = len(arts[0][0])
        for row in range(len(arts[0])):
            print("   ".join(art[row] for art in arts))
        captions = []
        for i in group:
            mark = "ok" if predictions[i] == labels[i] else "WRONG"
            captions.append(f"{predictions[i]} ({labels[i]}) {mark}".ljust(width))
        print("   ".join(captions).rstrip())
        print()


def bench_fields(text):
    """The `key=value` fields of the binary's bench line, e.g.
    `bench: median_ms=0.04 min_ms=0.04 images_per_s=25000 runs=1000 batch=1 threads=1`."""
    for line in text.splitlines():
        if line.startswith("bench:"):
            return dict(field.split("=", 1) for field in line.split()[1:]
                        if "=" in field)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logits", help="float32 N x 10 .npy, in test-split order")
    parser.add_argument("--bench", help="the binary's --bench output")
    parser.add_argument("--examples", type=int, default=12,
                        help="how many images to draw (default 12)")
    args = parser.parse_args()

    images = np.load(os.path.join(HERE, "test_images.npy"))
    labels = np.load(os.path.join(HERE, "test_labels.npy"))
    with open(os.path.join(HERE, "reference.json")) as f:
        reference = json.load(f)
    logits = np.load(args.logits)
    if logits.shape != (len(labels), 10):
        sys.exit(f"error: {args.logits}: shape {logits.shape}, "
                 f"expected ({len(labels)}, 10)")
    predictions = logits.argmax(axis=1)

    correct = int((predictions == labels).sum())
    print(f"accuracy: {correct}/{len(labels)} = {100.0 * correct / len(labels):.2f}% "
          f"(PyTorch: {reference['correct']}/{reference['test_count']})\n")
    print("predicted (true) class under each image:\n")
    show_examples(images, labels, predictions, args.examples)
    if args.bench:
        with open(args.bench) as f:
            text = f.read()
        fields = bench_fields(text)
        if not fields or "median_ms" not in fields:
            sys.exit(f"error: {args.bench}: no 'bench: median_ms=...' line in:\n{text}")
        batch = int(fields.get("batch", 1))
        ms = float(fields["median_ms"]) / batch
        print(f"latency: {ms:.4f} ms per image ({1000.0 / ms:.0f} images/s; median "
              f"of {fields.get('runs', '?')} runs, batch {batch}, "
              f"{fields.get('threads', '?')} thread(s))")


if __name__ == "__main__":
    main()
