// RUN: resnet-opt %s --resnet-fuse-conv --split-input-file | FileCheck %s

// conv + bias + residual add + relu: one fused_conv, in place of the relu.
// CHECK-LABEL: func.func @conv_bias_add_relu
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<4x4x3x3xf32>, %[[B:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<1x4x5x5xf32>)
// CHECK-NEXT:    %[[F:.*]] = resnet.fused_conv %[[X]], %[[W]], %[[B]] residual %[[R]] {dilations = array<i64: 1, 2>, pads = array<i64: 1, 2, 1, 2>, relu} : tensor<1x4x5x5xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x5x5xf32> -> tensor<1x4x5x5xf32>
// CHECK-NEXT:    return %[[F]]
func.func @conv_bias_add_relu(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>, %r: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %0 = resnet.conv2d %x, %w, %b {pads = array<i64: 1, 2, 1, 2>, dilations = array<i64: 1, 2>} : tensor<1x4x5x5xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.add %0, %r : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  %2 = resnet.relu %1 : tensor<1x4x5x5xf32>
  return %2 : tensor<1x4x5x5xf32>
}

// -----

// The conv on the right of the add fuses too; no bias -> a zero bias.
// CHECK-LABEL: func.func @residual_on_the_left
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<8x2x1x1xf32>, %[[R:.*]]: tensor<1x8x3x3xf32>)
// CHECK-NEXT:    %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<8xf32>
// CHECK-NEXT:    %[[F:.*]] = resnet.fused_conv %[[X]], %[[W]], %[[Z]] residual %[[R]] {groups = 2 : i64, strides = array<i64: 2, 2>} :
// CHECK-NEXT:    return %[[F]]
func.func @residual_on_the_left(%x: tensor<1x4x5x5xf32>, %w: tensor<8x2x1x1xf32>, %r: tensor<1x8x3x3xf32>) -> tensor<1x8x3x3xf32> {
  %0 = resnet.conv2d %x, %w {groups = 2 : i64, strides = array<i64: 2, 2>} : tensor<1x4x5x5xf32>, tensor<8x2x1x1xf32> -> tensor<1x8x3x3xf32>
  %1 = resnet.add %r, %0 : tensor<1x8x3x3xf32>, tensor<1x8x3x3xf32>
  return %1 : tensor<1x8x3x3xf32>
}

// -----

// A lone conv and a conv + relu.
// CHECK-LABEL: func.func @conv_relu
// CHECK:         %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT:    %[[A:.*]] = resnet.fused_conv %arg0, %arg1, %[[Z]] : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
// CHECK:         %[[B:.*]] = resnet.fused_conv %[[A]], %arg1, %{{.*}} {relu} :
// CHECK-NEXT:    return %[[B]]
func.func @conv_relu(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32> {
  %0 = resnet.conv2d %x, %w : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.conv2d %0, %w : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x5x5xf32>
  %2 = resnet.relu %1 : tensor<1x4x5x5xf32>
  return %2 : tensor<1x4x5x5xf32>
}

// -----

// Refused: the conv result has another user, so neither the add nor the relu
// may absorb it.
// CHECK-LABEL: func.func @conv_with_two_users
// CHECK-NEXT:    %[[C:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 :
// CHECK-NEXT:    %[[S:.*]] = resnet.add %[[C]], %arg3
// CHECK-NEXT:    %[[R:.*]] = resnet.relu %[[C]]
// CHECK-NEXT:    return %[[S]], %[[R]]
func.func @conv_with_two_users(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<4xf32>, %r: tensor<1x4x5x5xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %0 = resnet.conv2d %x, %w, %b : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.add %0, %r : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  %2 = resnet.relu %0 : tensor<1x4x5x5xf32>
  return %1, %2 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}

// -----

// Refused: the add's result has another user besides the relu; the add
// fuses, the relu stays.
// CHECK-LABEL: func.func @add_with_two_users
// CHECK-NEXT:    %[[F:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 residual %arg3 :
// CHECK-NEXT:    %[[R:.*]] = resnet.relu %[[F]]
// CHECK-NEXT:    return %[[F]], %[[R]]
func.func @add_with_two_users(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<4xf32>, %r: tensor<1x4x5x5xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %0 = resnet.conv2d %x, %w, %b : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.add %0, %r : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  %2 = resnet.relu %1 : tensor<1x4x5x5xf32>
  return %1, %2 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}

// -----

// Refused: add(relu(conv), r) is not relu(conv + r); the relu fuses, the
// add stays.
// CHECK-LABEL: func.func @relu_before_add
// CHECK-NEXT:    %[[F:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 {relu} :
// CHECK-NEXT:    %[[S:.*]] = resnet.add %[[F]], %arg3
// CHECK-NEXT:    return %[[S]]
func.func @relu_before_add(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<4xf32>, %r: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %0 = resnet.conv2d %x, %w, %b : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.relu %0 : tensor<1x4x5x5xf32>
  %2 = resnet.add %1, %r : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  return %2 : tensor<1x4x5x5xf32>
}

// -----

// Two private convs into one add: one takes the other as its residual.
// add(c, c) cannot absorb c (it would be its own addend).
// CHECK-LABEL: func.func @two_convs
// CHECK:         %[[B:.*]] = resnet.fused_conv %arg0, %arg{{1|2}}, %{{.*}} :
// CHECK:         %[[A:.*]] = resnet.fused_conv %arg0, %arg{{1|2}}, %{{.*}} residual %[[B]] :
// CHECK:         %[[C:.*]] = resnet.fused_conv %arg0, %arg1, %{{.*}} :
// CHECK-NEXT:    %[[D:.*]] = resnet.add %[[C]], %[[C]]
// CHECK-NEXT:    return %[[A]], %[[D]]
func.func @two_convs(%x: tensor<1x4x5x5xf32>, %w1: tensor<4x4x1x1xf32>, %w2: tensor<4x4x1x1xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %0 = resnet.conv2d %x, %w1 : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.conv2d %x, %w2 : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x5x5xf32>
  %2 = resnet.add %0, %1 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  %3 = resnet.conv2d %x, %w1 : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x5x5xf32>
  %4 = resnet.add %3, %3 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  return %2, %4 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}

// -----

// Refused: the add is in another block (a region) than the conv; nothing
// moves into the region.
// CHECK-LABEL: func.func @other_block
// CHECK:         %[[C:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 :
// CHECK:         scf.execute_region
// CHECK-NEXT:      %[[S:.*]] = resnet.add %[[C]], %arg3
func.func @other_block(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<4xf32>, %r: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %0 = resnet.conv2d %x, %w, %b : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %1 = scf.execute_region -> tensor<1x4x5x5xf32> {
    %2 = resnet.add %0, %r : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
    scf.yield %2 : tensor<1x4x5x5xf32>
  }
  return %1 : tensor<1x4x5x5xf32>
}
