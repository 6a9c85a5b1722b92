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
