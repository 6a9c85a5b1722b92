"""Writes safetensors test files for `resnet-import --arch resnet18
--classes 10 --input-size 32 --batch 2 --weights`.

usage: make_safetensors.py CASE OUTDIR -> OUTDIR/model.safetensors
(good and f16/bf16 cases also write input.npy and expected.npy)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resnet_np  # noqa: E402


def main(case, outdir):
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, "model.safetensors")
    params = resnet_np.make_params("resnet18", 10, seed=11)
    # torchvision state_dicts carry this counter; the importer ignores it.
    params["bn1.num_batches_tracked"] = np.zeros((), np.float32)
    write = resnet_np.write_safetensors
    if case in ("good", "f16", "bf16"):
        dtype = {"good": "F32", "f16": "F16", "bf16": "BF16"}[case]
        if dtype == "F16":
            params = {k: v.astype(np.float16).astype(np.float32) for k, v in params.items()}
        elif dtype == "BF16":
            params = {k: (v.reshape(-1).view(np.uint32) & 0xFFFF0000)
                      .view(np.float32).reshape(v.shape)
                      for k, v in params.items()}
        write(path, params, dtype)
        x = np.random.default_rng(5).standard_normal((2, 3, 32, 32)).astype(np.float32)
        y = resnet_np.forward("resnet18", params, x)
        np.save(os.path.join(outdir, "input.npy"), x)
        np.save(os.path.join(outdir, "expected.npy"), y.astype(np.float32))
    elif case == "missing":
        del params["layer2.0.downsample.0.weight"]
        write(path, params)
    elif case == "extra":
        params["layer5.0.conv1.weight"] = np.zeros((2, 2), np.float32)
        write(path, params)
    elif case == "wrong-shape":
        params["layer1.0.conv2.weight"] = np.zeros((64, 64, 1, 1), np.float32)
        write(path, params)
    elif case == "truncated":
        write(path, {"conv1.weight": params["conv1.weight"]}, truncate=5000)
    elif case == "bad-offsets":
        write(path, {"conv1.weight": params["conv1.weight"]},
              header_override={"conv1.weight": {
                  "dtype": "F32", "shape": [64, 3, 7, 7],
                  "data_offsets": [16, 37648]}})
    elif case == "bad-json":
        body = b"{not json"
        open(path, "wb").write(len(body).to_bytes(8, "little") + body)
    elif case == "huge-header":
        open(path, "wb").write((1 << 40).to_bytes(8, "little") + b"{}")
    elif case == "int-dtype":
        write(path, {"conv1.weight": params["conv1.weight"]},
              header_override={"conv1.weight": {
                  "dtype": "I32", "shape": [64, 3, 7, 7],
                  "data_offsets": [0, 37632]}})
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
