"""Block ops that `resnet-import` raises from torchvision ResNets exported
the way users export them. Not part of the test run (it exports every
architecture with torch: a few minutes).

usage: python3 bench/block_counts.py [BUILD_DIR] [--opset N] [--arch A ...]

For each architecture (random weights, eval mode, 64x64 input) it writes
three ONNX files: torch.onnx.export's defaults (every BatchNorm folded into
its conv), training=TrainingMode.PRESERVE and do_constant_folding=False (the
BatchNormalization nodes kept), imports each and counts residual_block +
bottleneck_block + shortcut ops, the convs left outside them and the units
that kept their BN (with torch 1.13, do_constant_folding=False still folds
BN in eval mode: only PRESERVE keeps the nodes). Then the same for the pre-activation
ResNets (v2) of test/importer/Inputs/make_preact_onnx.py, BN kept and
folded. Prints a table.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "..", "test", "importer", "Inputs")
ARCHS = ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
         "resnext50_32x4d", "wide_resnet50_2"]
EXPECTED = {"resnet18": 8, "resnet34": 16, "resnet50": 16, "resnet101": 33,
            "resnet152": 50, "resnext50_32x4d": 16, "wide_resnet50_2": 16}
MODES = [("default", []), ("PRESERVE", ["--keep-bn=preserve"]),
         ("no folding", ["--keep-bn=nofold"])]


def count_blocks(build, onnx_path):
    bytecode = onnx_path + ".mlirbc"
    subprocess.run([os.path.join(build, "bin", "resnet-import"), onnx_path,
                    "--emit-bytecode", "-o", bytecode], check=True)
    text = subprocess.run(
        [os.path.join(build, "bin", "resnet-opt"), bytecode,
         "--mlir-elide-resource-strings-if-larger=16"],
        check=True, capture_output=True, text=True).stdout
    ops = re.findall(r"= resnet\.(residual_block|bottleneck_block|shortcut)"
                     r"([^\n]*)", text)
    preact = sum(1 for _, rest in ops if "preact(" in rest)
    return (len(ops), preact, len(re.findall(r"= resnet\.conv2d", text)),
            len(re.findall(r"\(%\S+ : tensor<[^>]*>, bn ", text)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default="build")
    parser.add_argument("--opset", type=int)
    parser.add_argument("--arch", nargs="*", default=ARCHS)
    args = parser.parse_args()
    print("%-18s %-10s %6s %8s %6s %10s %8s" % (
        "model", "export", "blocks", "expected", "preact", "flat convs",
        "BN units"))
    with tempfile.TemporaryDirectory() as tmp:
        for arch in args.arch:
            for mode, flags in MODES:
                out = os.path.join(tmp, arch + mode.replace(" ", "_"))
                cmd = [sys.executable,
                       os.path.join(INPUTS, "export_torchvision_default.py"),
                       arch, out, "--no-expected"] + flags
                if args.opset:
                    cmd += ["--opset", str(args.opset)]
                subprocess.run(cmd, check=True, capture_output=True)
                blocks, preact, convs, bn_units = count_blocks(
                    args.build, os.path.join(out, "model.onnx"))
                print("%-18s %-10s %6d %8d %6d %10d %8d" % (
                    arch, mode, blocks, EXPECTED[arch], preact, convs,
                    bn_units), flush=True)
        for arch, blocks_expected in (("preact_resnet18", 8),
                                      ("preact_resnet50", 16)):
            for mode in ("keep", "fold"):
                out = os.path.join(tmp, arch + mode)
                subprocess.run([sys.executable,
                                os.path.join(INPUTS, "make_preact_onnx.py"),
                                arch, mode, out], check=True)
                blocks, preact, convs, bn_units = count_blocks(
                    args.build, os.path.join(out, "model.onnx"))
                print("%-18s %-10s %6d %8d %6d %10d %8d" % (
                    arch, "BN " + mode, blocks, blocks_expected, preact,
                    convs, bn_units), flush=True)


if __name__ == "__main__":
    main()
