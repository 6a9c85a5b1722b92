"""Exports a torchvision ResNet as a user would: `torch.onnx.export` with
default settings (eval mode: every BatchNorm folded into its conv), or with
the BatchNorm nodes kept; writes an input and torch's own logits.

usage: export_torchvision_default.py ARCH OUTDIR [--keep-bn=preserve|nofold]
       [--opset N] [--size S] [--batch N] [--no-expected]
Random weights and randomised BN statistics; 10 classes. --keep-bn=preserve
exports with training=TrainingMode.PRESERVE, --keep-bn=nofold with
do_constant_folding=False (both keep BatchNormalization nodes).
"""
import argparse
import os

import numpy as np
import torch
import torchvision

parser = argparse.ArgumentParser()
parser.add_argument("arch")
parser.add_argument("out")
parser.add_argument("--keep-bn", choices=["preserve", "nofold"])
parser.add_argument("--opset", type=int)
parser.add_argument("--size", type=int, default=64)
parser.add_argument("--batch", type=int, default=2)
parser.add_argument("--no-expected", action="store_true")
args = parser.parse_args()

os.makedirs(args.out, exist_ok=True)
torch.manual_seed(0)
model = getattr(torchvision.models, args.arch)(num_classes=10).eval()
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.uniform_(0.5, 1.0)
            m.bias.uniform_(-0.1, 0.1)
x = torch.randn(args.batch, 3, args.size, args.size)
if not args.no_expected:
    with torch.no_grad():
        y = model(x)
    np.save(os.path.join(args.out, "input.npy"), x.numpy())
    np.save(os.path.join(args.out, "expected.npy"), y.numpy())
kwargs = {}
if args.opset:
    kwargs["opset_version"] = args.opset
if args.keep_bn == "preserve":
    kwargs["training"] = torch.onnx.TrainingMode.PRESERVE
elif args.keep_bn == "nofold":
    kwargs["do_constant_folding"] = False
torch.onnx.export(model, x, os.path.join(args.out, "model.onnx"),
                  input_names=["input"], output_names=["logits"], **kwargs)
