"""Exports torchvision's resnet18 (random weights, randomised BN statistics)
to ONNX and to safetensors, with an input and torch's own logits.

usage: export_torchvision.py OUTDIR
"""
import os
import sys

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resnet_np  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=10).eval()
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.uniform_(0.5, 1.0)
            m.bias.uniform_(-0.1, 0.1)
x = torch.randn(2, 3, 32, 32)
with torch.no_grad():
    y = model(x)
np.save(os.path.join(out, "input.npy"), x.numpy())
np.save(os.path.join(out, "expected.npy"), y.numpy())
torch.onnx.export(model, x, os.path.join(out, "model.onnx"),
                  input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}}, opset_version=13)
resnet_np.write_safetensors(
    os.path.join(out, "model.safetensors"),
    {k: v.float().numpy() for k, v in model.state_dict().items()})
