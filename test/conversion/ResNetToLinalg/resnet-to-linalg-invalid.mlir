// RUN: resnet-opt --resnet-to-linalg --split-input-file --verify-diagnostics --allow-unregistered-dialect %s

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

// -----

// Every block op is reported, each with the pass that expands it, and
// nothing is lowered.
func.func @blocks(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v4: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %w3: tensor<16x4x1x1xf32>, %v16: tensor<16xf32>, %wp: tensor<32x16x1x1xf32>, %v32: tensor<32xf32>) -> (tensor<1x16x8x8xf32>, tensor<1x32x4x4xf32>) {
  // expected-error @+1 {{'resnet.bottleneck_block' op is a block op: run --resnet-expand-blocks before lowering}}
  %y = resnet.bottleneck_block %x width 4 expansion 4
      reduce(%w1 : tensor<4x16x1x1xf32>, bn %v4, %v4, %v4, %v4 : tensor<4xf32>)
      spatial(%w2 : tensor<4x4x3x3xf32>, bn %v4, %v4, %v4, %v4 : tensor<4xf32>)
      expand(%w3 : tensor<16x4x1x1xf32>, bn %v16, %v16, %v16, %v16 : tensor<16xf32>)
      : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  %r = resnet.relu %y : tensor<1x16x8x8xf32>
  // expected-error @+1 {{'resnet.shortcut' op is a block op: run --resnet-expand-blocks before lowering}}
  %s = resnet.shortcut %r stride 2
      projection(%wp : tensor<32x16x1x1xf32>, bn %v32, %v32, %v32, %v32 : tensor<32xf32>)
      : tensor<1x16x8x8xf32> -> tensor<1x32x4x4xf32>
  return %r, %s : tensor<1x16x8x8xf32>, tensor<1x32x4x4xf32>
}

// -----

// An op that no pattern lowers, here one of a dialect the pass does not
// know, is left for the conversion framework to report.
func.func @unknown(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %r = resnet.relu %x : tensor<1x2x3x3xf32>
  // expected-error @+1 {{failed to legalize operation 'mystery.layer'}}
  %y = "mystery.layer"(%r) : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %z = resnet.relu %y : tensor<1x2x3x3xf32>
  return %z : tensor<1x2x3x3xf32>
}
