#!/usr/bin/python3
"""Train a small ResNet on scikit-learn's bundled 8x8 digits and export it.

Writes, next to this script (or into --out):
  digits_resnet.onnx   the trained model (ONNX opset 13, batch 1, BN kept as
                       inference-mode BatchNormalization nodes)
  test_images.npy      the held-out split, float32 N x 1 x 8 x 8, pixels in [0, 1]
  test_labels.npy      its true classes, int64 N
  test_logits.npy      PyTorch's logits for every test image, float32 N x 10
  reference.json       PyTorch's accuracy and predicted class per test image

Needs torch and scikit-learn (Debian: python3-torch python3-sklearn); nothing
else in the project does, the outputs are committed. Deterministic: fixed
seeds, one thread, torch.use_deterministic_algorithms.
"""

import argparse
import hashlib
import json
import os
import random
import warnings

import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
SPLIT_SEED = 42
EPOCHS = 30
BATCH = 32
LEARNING_RATE = 0.01


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, 3, stride=stride, padding=1,
                     bias=False)


class BasicBlock(nn.Module):
    """torchvision's BasicBlock: conv3x3-BN-ReLU-conv3x3-BN + shortcut, ReLU."""

    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = conv3x3(in_planes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or in_planes != planes:
            # Projection shortcut: 1x1 conv with the block's stride, then BN.
            self.downsample = nn.Sequential(
                nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class DigitsResNet(nn.Module):
    """1x8x8 -> stem 16 -> block 16 (identity) -> block 32 (stride 2,
    projection) -> global average pool -> linear 10."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = conv3x3(1, 16)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = BasicBlock(16, 16)
        self.layer2 = BasicBlock(16, 32, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, num_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(x)


def make_deterministic():
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def load_split():
    """The digits as NCHW float32 in [0, 1] (raw pixels are 0..16), split
    80/20, stratified, with a fixed seed."""
    digits = load_digits()
    images = (digits.images.astype(np.float32) / 16.0)[:, None, :, :]
    labels = digits.target.astype(np.int64)
    return train_test_split(images, labels, test_size=0.2,
                            random_state=SPLIT_SEED, stratify=labels)


def train(model, x_train, y_train):
    x = torch.from_numpy(x_train)
    y = torch.from_numpy(y_train)
    generator = torch.Generator().manual_seed(SEED)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, EPOCHS)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for epoch in range(EPOCHS):
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for start in range(0, len(x), BATCH):
            batch = order[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        schedule.step()
        if epoch % 5 == 4 or epoch == EPOCHS - 1:
            print(f"epoch {epoch + 1:2d}: train loss {total / len(x):.4f}")


def export_onnx(model, path):
    model.eval()
    # PRESERVE with the model in eval mode keeps each BatchNormalization as an
    # inference-mode node (EVAL would fold BN into the conv here); folding is
    # the compiler's job, and the importer sees the ResNet structure. The
    # warning about constant folding in training-amenable mode does not apply
    # to a model in eval mode.
    warnings.filterwarnings("ignore", message="It is recommended that constant folding")
    torch.onnx.export(model, torch.zeros(1, 1, 8, 8), path, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      do_constant_folding=True,
                      training=torch.onnx.TrainingMode.PRESERVE)


def write_reference(path, reference):
    """JSON, one key per line, the prediction list on a single line."""
    lines = [f" {json.dumps(k)}: {json.dumps(v)}" for k, v in reference.items()]
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                        help="output folder (default: this script's folder)")
    args = parser.parse_args()
    make_deterministic()

    x_train, x_test, y_train, y_test = load_split()
    model = DigitsResNet()
    train(model, x_train, y_train)

    model.eval()
    with torch.no_grad():
        logits = model(torch.from_numpy(x_test)).numpy().astype(np.float32)
    predictions = logits.argmax(axis=1)
    correct = int((predictions == y_test).sum())
    accuracy = correct / len(y_test)
    print(f"test accuracy: {correct}/{len(y_test)} = {accuracy:.4f}")

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "digits_resnet.onnx")
    export_onnx(model, onnx_path)
    np.save(os.path.join(args.out, "test_images.npy"), x_test)
    np.save(os.path.join(args.out, "test_labels.npy"), y_test)
    np.save(os.path.join(args.out, "test_logits.npy"), logits)
    with open(onnx_path, "rb") as f:
        onnx_sha256 = hashlib.sha256(f.read()).hexdigest()
    top2 = np.sort(logits, axis=1)[:, -2:]
    reference = {
        "torch_version": torch.__version__,
        "onnx_sha256": onnx_sha256,
        "split": {"test_size": 0.2, "random_state": SPLIT_SEED,
                  "stratified": True},
        "test_count": len(y_test),
        "correct": correct,
        "accuracy": accuracy,
        # How far the winning logit is ahead of the runner-up, at least:
        # a compiled model whose logits are within a much smaller tolerance
        # cannot change any prediction.
        "min_top1_margin": float((top2[:, 1] - top2[:, 0]).min()),
        "logits_file": "test_logits.npy",
        "predictions": predictions.tolist(),
    }
    write_reference(os.path.join(args.out, "reference.json"), reference)
    print(f"wrote {onnx_path} (sha256 {onnx_sha256[:16]}...)")


if __name__ == "__main__":
    main()
