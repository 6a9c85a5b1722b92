// RUN: resnet-opt --resnet-grouped-conv %s -split-input-file -verify-diagnostics | FileCheck %s

// A hand-written configuration --resnet-grouped-conv cannot apply is an
// error, with the reason.

func.func @partial_groups(%x: tensor<1x6x6x4x4xf32>) -> tensor<1x4x4x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x4x3x3x4xf32>
  %e = tensor.empty() : tensor<1x4x4x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  // expected-error @+1 {{does not apply: a tile of several groups must hold all their output channels}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 1, 4, 2, 2]>} ins(%x, %w : tensor<1x6x6x4x4xf32>, tensor<4x4x3x3x4xf32>) outs(%f : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  return %c : tensor<1x4x4x4x4xf32>
}

// -----

func.func @interchange(%x: tensor<1x6x6x4x4xf32>) -> tensor<1x4x4x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x4x3x3x4xf32>
  %e = tensor.empty() : tensor<1x4x4x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  // expected-error @+1 {{does not apply: the interchange must be [] (rows outermost) or [3, 4, 0, 1, 2] (channels outermost)}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 1, 4, 4, 4], interchange = [2, 3, 4, 0, 1]>} ins(%x, %w : tensor<1x6x6x4x4xf32>, tensor<4x4x3x3x4xf32>) outs(%f : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  return %c : tensor<1x4x4x4x4xf32>
}

// -----

func.func @weights_not_constant(%x: tensor<1x6x6x4x4xf32>, %w: tensor<4x4x3x3x4xf32>) -> tensor<1x4x4x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  // expected-error @+1 {{does not apply: the weights are not constant}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 1, 4, 4, 4]>} ins(%x, %w : tensor<1x6x6x4x4xf32>, tensor<4x4x3x3x4xf32>) outs(%f : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  return %c : tensor<1x4x4x4x4xf32>
}

// -----

// Without an NHWC view of the result, the layer's NHWC result is expanded
// back for the conv's users.
// CHECK-LABEL: func.func @no_collapse
func.func @no_collapse(%x: tensor<1x6x6x4x4xf32>) -> tensor<1x4x4x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x4x3x3x4xf32>
  %e = tensor.empty() : tensor<1x4x4x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 1, 4, 4, 4]>} ins(%x, %w : tensor<1x6x6x4x4xf32>, tensor<4x4x3x3x4xf32>) outs(%f : tensor<1x4x4x4x4xf32>) -> tensor<1x4x4x4x4xf32>
  return %c : tensor<1x4x4x4x4xf32>
}
// CHECK: %[[IN:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x6x6x4x4xf32> into tensor<1x6x6x16xf32>
// CHECK: %[[Y:.*]] = scf.forall {{.*}} -> (tensor<1x4x4x16xf32>)
// CHECK: vector.transfer_read %[[IN]]
// CHECK: tensor.expand_shape %[[Y]] {{\[\[}}0], [1], [2], [3, 4]] output_shape [1, 4, 4, 4, 4] : tensor<1x4x4x16xf32> into tensor<1x4x4x4x4xf32>

// -----

// Winograd F(2x2) configurations on convs it does not apply to.
func.func @winograd_strided(%x: tensor<1x9x9x2x16xf32>) -> tensor<1x4x4x2x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x16x3x3x16xf32>
  %e = tensor.empty() : tensor<1x4x4x2x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x2x16xf32>) -> tensor<1x4x4x2x16xf32>
  // expected-error @+1 {{does not apply: not a stride-1 3x3 convolution}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 4, 1, 16], winograd = 2>} ins(%x, %w : tensor<1x9x9x2x16xf32>, tensor<2x16x3x3x16xf32>) outs(%f : tensor<1x4x4x2x16xf32>) -> tensor<1x4x4x2x16xf32>
  return %c : tensor<1x4x4x2x16xf32>
}

// -----

func.func @winograd_partial_vectors(%x: tensor<1x10x10x2x8xf32>) -> tensor<1x8x8x2x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x16x3x3x8xf32>
  %e = tensor.empty() : tensor<1x8x8x2x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x2x16xf32>) -> tensor<1x8x8x2x16xf32>
  // expected-error @+1 {{does not apply: a group's channels are not whole vectors (or more than four output vectors)}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 8, 1, 16], winograd = 2>} ins(%x, %w : tensor<1x10x10x2x8xf32>, tensor<2x16x3x3x8xf32>) outs(%f : tensor<1x8x8x2x16xf32>) -> tensor<1x8x8x2x16xf32>
  return %c : tensor<1x8x8x2x16xf32>
}

// -----

func.func @winograd_tiles_not_dividing(%x: tensor<1x16x16x2x16xf32>) -> tensor<1x14x14x2x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x16x3x3x16xf32>
  %e = tensor.empty() : tensor<1x14x14x2x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x2x16xf32>) -> tensor<1x14x14x2x16xf32>
  // expected-error @+1 {{does not apply: the tiles a step do not divide a row of tiles}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 6, 1, 16], winograd = 2>} ins(%x, %w : tensor<1x16x16x2x16xf32>, tensor<2x16x3x3x16xf32>) outs(%f : tensor<1x14x14x2x16xf32>) -> tensor<1x14x14x2x16xf32>
  return %c : tensor<1x14x14x2x16xf32>
}

// -----

func.func @winograd_interchange(%x: tensor<1x16x16x2x16xf32>) -> tensor<1x14x14x2x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x16x3x3x16xf32>
  %e = tensor.empty() : tensor<1x14x14x2x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x2x16xf32>) -> tensor<1x14x14x2x16xf32>
  // expected-error @+1 {{does not apply: a grouped Winograd layer is F(2x2) with tiles [1, 2, 2 * T, 1, lanes] and no interchange}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 4, 8, 1, 16], winograd = 4>} ins(%x, %w : tensor<1x16x16x2x16xf32>, tensor<2x16x3x3x16xf32>) outs(%f : tensor<1x14x14x2x16xf32>) -> tensor<1x14x14x2x16xf32>
  return %c : tensor<1x14x14x2x16xf32>
}
