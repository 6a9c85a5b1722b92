"""Writes a model whose convs have more output channels than one register
tile (F = 64 and 96 > 32), so resnet-tile repacks their weights: 3x3 conv
8 -> 64 on 9x9 (bias, ReLU), 1x1 stride-2 conv 64 -> 96, random weights.

    compile-tiled-gen.py > model.mlir
"""
import numpy as np

rng = np.random.default_rng(7)


def const(name, shape, scale):
    values = rng.normal(0, scale, shape).astype(np.float32)
    dims = "x".join(str(d) for d in shape)
    return (f'  %{name} = arith.constant dense<"0x{values.tobytes().hex().upper()}">'
            f" : tensor<{dims}xf32>")


print("func.func @wide(%x: tensor<1x8x9x9xf32>) -> tensor<1x96x5x5xf32> {")
print(const("w1", (64, 8, 3, 3), 0.3))
print(const("b1", (64,), 0.1))
print(const("w2", (96, 64, 1, 1), 0.2))
print("  %a = resnet.conv2d %x, %w1, %b1 {pads = array<i64: 1, 1, 1, 1>} : "
      "tensor<1x8x9x9xf32>, tensor<64x8x3x3xf32>, tensor<64xf32> -> "
      "tensor<1x64x9x9xf32>")
print("  %r = resnet.relu %a : tensor<1x64x9x9xf32>")
print("  %y = resnet.conv2d %r, %w2 {strides = array<i64: 2, 2>} : "
      "tensor<1x64x9x9xf32>, tensor<96x64x1x1xf32> -> tensor<1x96x5x5xf32>")
print("  return %y : tensor<1x96x5x5xf32>")
print("}")
