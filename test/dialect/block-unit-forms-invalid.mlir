// The verifier rules of the bias and bare forms of a block's conv unit and of
// the pre-activation group: one failing input each, with the exact message.
// RUN: resnet-opt %s -split-input-file -verify-diagnostics

// bias form: the bias has the unit's output channels
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>, %b8: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv2 bias must have shape 4, got 8}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
      conv1(%w : tensor<4x4x3x3xf32>, bias %b : tensor<4xf32>)
      conv2(%w : tensor<4x4x3x3xf32>, bias %b8 : tensor<8xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// bias form: a bias is a vector
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %b: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %w3: tensor<16x4x1x1xf32>, %bad: tensor<16x1xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op expand bias must have shape 16, got 16x1}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
      reduce(%w1 : tensor<4x16x1x1xf32>, bias %b : tensor<4xf32>)
      spatial(%w2 : tensor<4x4x3x3xf32>, bias %b : tensor<4xf32>)
      expand(%w3 : tensor<16x4x1x1xf32>, bias %bad : tensor<16x1xf32>)
      : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bias form of a projection: output channels of the block
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x1x1xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op projection bias must have shape 8, got 4}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x stride 2 projection(%w : tensor<8x4x1x1xf32>, bias %b : tensor<4xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

// preact: the batch norm is over the block's input channels
func.func @f(%x: tensor<1x4x8x8xf32>, %g: tensor<8xf32>, %w1: tensor<8x4x3x3xf32>, %w2: tensor<8x8x3x3xf32>, %wp: tensor<8x4x1x1xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op preact bn scale must have shape 4, got 8}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x stride 2 preact(bn %g, %g, %g, %g : tensor<8xf32>)
      conv1(%w1 : tensor<8x4x3x3xf32>)
      conv2(%w2 : tensor<8x8x3x3xf32>)
      projection(%wp : tensor<8x4x1x1xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

// A unit's group has 1, 2 or 5 operands (generic form).
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv1 takes 1 operand (weight), 2 (weight, bias) or 5 (weight, bn scale, bias, mean, variance), got 3}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = "resnet.residual_block"(%x, %w, %v, %v, %w) <{operandSegmentSizes = array<i32: 1, 0, 3, 1, 0>}> : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// An empty unit (generic form).
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv2 takes 1 operand (weight), 2 (weight, bias) or 5 (weight, bn scale, bias, mean, variance), got 0}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = "resnet.residual_block"(%x, %w) <{operandSegmentSizes = array<i32: 1, 0, 1, 0, 0>}> : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// preact has 0 or 4 operands (generic form).
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op preact takes 4 operands (bn scale, bias, mean, variance), got 2}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = "resnet.residual_block"(%x, %v, %v, %w, %w) <{operandSegmentSizes = array<i32: 1, 2, 1, 1, 0>}> : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x4x3x3xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// The parser wants `bias` or `bn` after the weight.
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>) {
  %0 = resnet.residual_block %x
      // expected-error @+1 {{expected 'bn'}}
      conv1(%w : tensor<4x4x3x3xf32>, %b : tensor<4xf32>)
      conv2(%w : tensor<4x4x3x3xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}
