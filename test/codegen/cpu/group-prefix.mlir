// RUN: resnet-opt --resnet-group-prefix %s -split-input-file -verify-diagnostics | FileCheck %s

// The layers up to the marked conv run as 2 groups of 2 images: each
// group's clones read their images of the input, re-specialized to 2; the
// weights are shared; the groups' results are joined along the batch for
// the last conv, which keeps the whole batch.
// CHECK-LABEL: func.func @prefix(
// CHECK-SAME: %[[X:.*]]: tensor<4x8x32x32xf32>) -> tensor<4x64x4x4xf32>
// CHECK-DAG: %[[W1:.*]] = arith.constant dense<0.00999999977> : tensor<8x8x3x3xf32>
// CHECK-DAG: %[[W2:.*]] = arith.constant dense<2.000000e-02> : tensor<64x8x1x1xf32>
// CHECK-DAG: %[[W3:.*]] = arith.constant dense<3.000000e-02> : tensor<64x64x3x3xf32>
// CHECK: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [2, 8, 32, 32] [1, 1, 1, 1]
// CHECK: %[[C0:.*]] = resnet.conv2d %[[X0]], %[[W1]] {{.*}} -> tensor<2x8x32x32xf32>
// CHECK: %[[R0:.*]] = resnet.relu %[[C0]] : tensor<2x8x32x32xf32>
// CHECK: %[[P0:.*]] = resnet.conv2d %[[R0]], %[[W2]] {strides = array<i64: 8, 8>} : {{.*}} -> tensor<2x64x4x4xf32>
// CHECK: %[[X1:.*]] = tensor.extract_slice %[[X]][2, 0, 0, 0] [2, 8, 32, 32] [1, 1, 1, 1]
// CHECK: %[[C1:.*]] = resnet.conv2d %[[X1]], %[[W1]] {{.*}} -> tensor<2x8x32x32xf32>
// CHECK: %[[R1:.*]] = resnet.relu %[[C1]] : tensor<2x8x32x32xf32>
// CHECK: %[[P1:.*]] = resnet.conv2d %[[R1]], %[[W2]] {strides = array<i64: 8, 8>} : {{.*}} -> tensor<2x64x4x4xf32>
// CHECK: %[[J:.*]] = tensor.concat dim(0) %[[P0]], %[[P1]] : (tensor<2x64x4x4xf32>, tensor<2x64x4x4xf32>) -> tensor<4x64x4x4xf32>
// CHECK: %[[OUT:.*]] = resnet.conv2d %[[J]], %[[W3]] {{.*}} -> tensor<4x64x4x4xf32>
// CHECK: return %[[OUT]]
// CHECK-NOT: prefix_groups
func.func @prefix(%x: tensor<4x8x32x32xf32>) -> tensor<4x64x4x4xf32> {
  %w1 = arith.constant dense<0.01> : tensor<8x8x3x3xf32>
  %w2 = arith.constant dense<0.02> : tensor<64x8x1x1xf32>
  %w3 = arith.constant dense<0.03> : tensor<64x64x3x3xf32>
  %c1 = resnet.conv2d %x, %w1 {pads = array<i64: 1, 1, 1, 1>} : tensor<4x8x32x32xf32>, tensor<8x8x3x3xf32> -> tensor<4x8x32x32xf32>
  %r1 = resnet.relu %c1 : tensor<4x8x32x32xf32>
  %c2 = resnet.conv2d %r1, %w2 {resnet.prefix_groups = 2 : i64, strides = array<i64: 8, 8>} : tensor<4x8x32x32xf32>, tensor<64x8x1x1xf32> -> tensor<4x64x4x4xf32>
  %c3 = resnet.conv2d %c2, %w3 {pads = array<i64: 1, 1, 1, 1>} : tensor<4x64x4x4xf32>, tensor<64x64x3x3xf32> -> tensor<4x64x4x4xf32>
  return %c3 : tensor<4x64x4x4xf32>
}

// -----

// A cut inside a residual block: the conv's result is still live after
// the marked relu (the add reads it).
func.func @inside_block(%x: tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32> {
  %w = arith.constant dense<0.01> : tensor<8x8x3x3xf32>
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<2x8x8x8xf32>, tensor<8x8x3x3xf32> -> tensor<2x8x8x8xf32>
  // expected-error@+1 {{cuts the model where another value is still live: no prefix of groups}}
  %r = resnet.relu %c {resnet.prefix_groups = 2 : i64} : tensor<2x8x8x8xf32>
  %s = resnet.add %r, %c : tensor<2x8x8x8xf32>, tensor<2x8x8x8xf32>
  return %s : tensor<2x8x8x8xf32>
}

// -----

// The input read after the cut.
func.func @input_after(%x: tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32> {
  // expected-error@+1 {{cuts the model where its input is still used: no prefix of groups}}
  %r = resnet.relu %x {resnet.prefix_groups = 2 : i64} : tensor<2x8x8x8xf32>
  %s = resnet.add %r, %x : tensor<2x8x8x8xf32>, tensor<2x8x8x8xf32>
  return %s : tensor<2x8x8x8xf32>
}

// -----

// Groups that do not divide the batch.
func.func @not_dividing(%x: tensor<4x8x8x8xf32>) -> tensor<4x8x8x8xf32> {
  // expected-error@+1 {{'resnet.prefix_groups' must divide the batch of 4 into groups, at a batch-major value}}
  %r = resnet.relu %x {resnet.prefix_groups = 3 : i64} : tensor<4x8x8x8xf32>
  %s = resnet.relu %r : tensor<4x8x8x8xf32>
  return %s : tensor<4x8x8x8xf32>
}
