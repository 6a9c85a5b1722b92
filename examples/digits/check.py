#!/usr/bin/python3
"""Check logits of the digits test split against PyTorch's, recorded at export.

    check.py logits.npy [--atol A] [--data DIR]

Passes when (1) the predicted class (argmax) of every image equals PyTorch's
recorded prediction, with no tolerance; (2) every logit is within --atol of
PyTorch's; (3) the accuracy on the true labels equals the recorded one.
Prints one line per check and exits 1 on the first failed one.
"""

import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logits", help="float32 N x 10 .npy, in test-split order")
    parser.add_argument("--atol", type=float, default=1e-4,
                        help="largest allowed |logit - PyTorch's| (default 1e-4)")
    parser.add_argument("--data", default=HERE,
                        help="folder with reference.json and the test split")
    args = parser.parse_args()

    with open(os.path.join(args.data, "reference.json")) as f:
        reference = json.load(f)
    expected = np.load(os.path.join(args.data, reference["logits_file"]))
    labels = np.load(os.path.join(args.data, "test_labels.npy"))
    recorded = np.array(reference["predictions"])
    logits = np.load(args.logits)
    if logits.shape != expected.shape:
        fail(f"logits have shape {logits.shape}, expected {expected.shape}")

    predictions = logits.argmax(axis=1)
    differ = np.nonzero(predictions != recorded)[0]
    if len(differ):
        i = differ[0]
        fail(f"{len(differ)}/{len(recorded)} predictions differ from PyTorch's; "
             f"first: image {i} predicted {predictions[i]}, PyTorch {recorded[i]}")
    print(f"predictions: {len(recorded)}/{len(recorded)} equal PyTorch's")

    error = np.abs(logits.astype(np.float64) - expected)
    worst = float(error.max())
    if not worst <= args.atol:  # NaN fails too
        fail(f"max |logit - PyTorch| = {worst:.3g} exceeds atol {args.atol:g}")
    print(f"logits: max |logit - PyTorch| = {worst:.3g} <= atol {args.atol:g}")

    correct = int((predictions == labels).sum())
    if correct != reference["correct"]:
        fail(f"accuracy {correct}/{len(labels)} differs from PyTorch's "
             f"{reference['correct']}/{len(labels)}")
    print(f"accuracy: {correct}/{len(labels)} = {correct / len(labels):.4f}, "
          f"as PyTorch")


if __name__ == "__main__":
    main()
