// RUN: resnet-opt --resnet-to-linalg --split-input-file --verify-diagnostics %s

// Block ops must be expanded first.
func.func @block(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-error @+1 {{'resnet.residual_block' op is a block op: run --resnet-expand-blocks before lowering}}
  %y = resnet.residual_block %x
      conv1(%w : tensor<1x1x3x3xf32>, bn %one, %one, %one, %one : tensor<1xf32>)
      conv2(%w : tensor<1x1x3x3xf32>, bn %one, %one, %one, %one : tensor<1xf32>)
      : tensor<1x1x3x3xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}
