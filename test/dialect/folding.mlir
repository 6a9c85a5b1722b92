// The folders of the resnet dialect, and the look-alikes they must leave alone.
// RUN: resnet-opt %s -canonicalize -split-input-file | FileCheck %s

// relu(relu(x)) == relu(x); a single relu stays.
// CHECK-LABEL: func.func @relu_relu
// CHECK-NEXT:    %[[R:.*]] = resnet.relu %arg0 : tensor<1x4xf32>
// CHECK-NEXT:    return %[[R]], %[[R]]
func.func @relu_relu(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %0 = resnet.relu %x : tensor<1x4xf32>
  %1 = resnet.relu %0 : tensor<1x4xf32>
  return %0, %1 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// x + 0 == x, with the zero on either side (it is commutative).
// CHECK-LABEL: func.func @add_zero
// CHECK-NOT:     resnet.add
// CHECK:         return %arg0, %arg0 : tensor<1x4xf32>, tensor<1x4xf32>
func.func @add_zero(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %zero = arith.constant dense<0.0> : tensor<1x4xf32>
  %0 = resnet.add %x, %zero : tensor<1x4xf32>, tensor<1x4xf32>
  %1 = resnet.add %zero, %x : tensor<1x4xf32>, tensor<1x4xf32>
  return %0, %1 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Adding a non-zero constant, or a constant that is zero only in places,
// stays.
// CHECK-LABEL: func.func @add_nonzero
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<1x4xf32>
// CHECK-DAG:     %[[MIX:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]]> : tensor<1x4xf32>
// CHECK:         %[[A:.*]] = resnet.add %arg0, %[[ONE]] : tensor<1x4xf32>, tensor<1x4xf32>
// CHECK:         %[[B:.*]] = resnet.add %arg0, %[[MIX]] : tensor<1x4xf32>, tensor<1x4xf32>
// CHECK:         %[[C:.*]] = resnet.add %arg0, %arg1 : tensor<1x4xf32>, tensor<1x4xf32>
// CHECK:         return %[[A]], %[[B]], %[[C]]
func.func @add_nonzero(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %one = arith.constant dense<1.0> : tensor<1x4xf32>
  %mix = arith.constant dense<[[0.0, 0.0, 0.0, 1.0]]> : tensor<1x4xf32>
  %0 = resnet.add %x, %one : tensor<1x4xf32>, tensor<1x4xf32>
  %1 = resnet.add %x, %mix : tensor<1x4xf32>, tensor<1x4xf32>
  %2 = resnet.add %x, %y : tensor<1x4xf32>, tensor<1x4xf32>
  return %0, %1, %2 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Batch norms that map every channel onto itself fold away: the plain one
// (epsilon 0), and one whose scale and shift cancel per channel:
// (x - 3) * 2 / sqrt(4) + 3 == x, (x - 1) * 4 / sqrt(16) + 1 == x.
// CHECK-LABEL: func.func @batch_norm_identity
// CHECK-NOT:     resnet.batch_norm
// CHECK:         return %arg0, %arg0 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
func.func @batch_norm_identity(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %0 = resnet.batch_norm %x, %one, %zero, %zero, %one {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  %s = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %m = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 16.0]> : tensor<2xf32>
  %1 = resnet.batch_norm %x, %s, %m, %m, %v {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// Not identities: the default epsilon makes 1 / sqrt(1 + 1e-5) != 1; one
// channel of the second has a shift; the third has unknown statistics.
// CHECK-LABEL: func.func @batch_norm_not_identity
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK:         %[[A:.*]] = resnet.batch_norm %arg0, %[[ONE]], %[[ZERO]], %[[ZERO]], %[[ONE]] : tensor<1x2x3x3xf32>, tensor<2xf32>
// CHECK:         %[[B:.*]] = resnet.batch_norm %arg0,
// CHECK-SAME:        {epsilon = 0.000000e+00 : f64}
// CHECK:         %[[C:.*]] = resnet.batch_norm %arg0, %arg1, %arg1, %arg1, %arg1
// CHECK:         return %[[A]], %[[B]], %[[C]]
func.func @batch_norm_not_identity(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %shift = arith.constant dense<[0.0, 0.5]> : tensor<2xf32>
  %0 = resnet.batch_norm %x, %one, %zero, %zero, %one : tensor<1x2x3x3xf32>, tensor<2xf32>
  %1 = resnet.batch_norm %x, %one, %shift, %zero, %one {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  %2 = resnet.batch_norm %x, %p, %p, %p, %p : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %0, %1, %2 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// The identity test also reads dense_resource blobs: scale [1, 1], mean and
// bias [0, 0], variance [1, 1].
// CHECK-LABEL: func.func @batch_norm_identity_resource
// CHECK-NOT:     resnet.batch_norm
// CHECK:         return %arg0
func.func @batch_norm_identity_resource(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %one = arith.constant dense_resource<ones> : tensor<2xf32>
  %zero = arith.constant dense_resource<zeros> : tensor<2xf32>
  %0 = resnet.batch_norm %x, %one, %zero, %zero, %one {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %0 : tensor<1x2x3x3xf32>
}
{-#
  dialect_resources: {
    builtin: {
      ones: "0x040000000000803F0000803F",
      zeros: "0x040000000000000000000000"
    }
  }
#-}

// -----

// flatten of an N x M tensor is a no-op; of N x C x 1 x 1 it is not.
// CHECK-LABEL: func.func @flatten
// CHECK:         %[[F:.*]] = resnet.flatten %arg1 : tensor<2x8x1x1xf32> -> tensor<2x8xf32>
// CHECK:         return %arg0, %[[F]]
func.func @flatten(%x: tensor<2x8xf32>, %y: tensor<2x8x1x1xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %0 = resnet.flatten %x : tensor<2x8xf32> -> tensor<2x8xf32>
  %1 = resnet.flatten %y : tensor<2x8x1x1xf32> -> tensor<2x8xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// An identity shortcut is its input; a projection (even one that keeps the
// shape) is not.
// CHECK-LABEL: func.func @shortcut
// CHECK:         %[[P:.*]] = resnet.shortcut %arg0
// CHECK-NEXT:      projection(%arg1 : tensor<4x4x1x1xf32>, bn %arg2, %arg2, %arg2, %arg2 : tensor<4xf32>)
// CHECK:         return %arg0, %[[P]]
func.func @shortcut(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>, %v: tensor<4xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  %0 = resnet.shortcut %x : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  %1 = resnet.shortcut %x projection(%w : tensor<4x4x1x1xf32>, bn %v, %v, %v, %v : tensor<4xf32>) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}
