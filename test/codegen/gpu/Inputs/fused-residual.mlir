// One residual step as --resnet-fuse-conv leaves it: relu(conv(x) + b + x).
func.func @fused_residual(%x: tensor<1x8x10x10xf32>) -> tensor<1x8x10x10xf32> {
  %w = arith.constant dense<0.125> : tensor<8x8x3x3xf32>
  %b = arith.constant dense<[0.5, -0.5, 0.25, -0.25, 1.0, -1.0, 2.0, -2.0]> : tensor<8xf32>
  %y = resnet.fused_conv %x, %w, %b residual %x {pads = array<i64: 1, 1, 1, 1>, relu}
      : tensor<1x8x10x10xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>,
        tensor<1x8x10x10xf32> -> tensor<1x8x10x10xf32>
  return %y : tensor<1x8x10x10xf32>
}
