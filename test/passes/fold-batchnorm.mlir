// RUN: resnet-opt %s --resnet-fold-batchnorm --split-input-file | FileCheck %s

// Hand-computed: a = scale / sqrt(var + eps) = [1/sqrt(4), 3/sqrt(0.25)] =
// [0.5, 6]; shift = beta - mean * a = [0.5 - 1, 1 + 6] = [-0.5, 7].
// No conv bias: w' = w * a = [0.75, -12], b' = shift.
// CHECK-LABEL: func.func @conv_without_bias
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}7.500000e-01]]], {{\[\[\[}}-1.200000e+01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[-5.000000e-01, 7.000000e+00]> : tensor<2xf32>
// CHECK:         %[[C:.*]] = resnet.conv2d %arg0, %[[W]], %[[B]] {groups = 2 : i64} : tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    return %[[C]]
// CHECK-NOT:     resnet.batch_norm
func.func @conv_without_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %g = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %0 = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32> -> tensor<1x2x3x3xf32>
  %1 = resnet.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// The conv's own bias [1, 2] is rescaled too: b' = b * a + shift =
// [0.5 - 0.5, 12 + 7] = [0, 19]. Attributes other than the weights stay.
// CHECK-LABEL: func.func @conv_with_bias
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}7.500000e-01]]], {{\[\[\[}}-1.200000e+01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.900000e+01]> : tensor<2xf32>
// CHECK:         resnet.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 2, 2>, groups = 2 : i64, pads = array<i64: 1, 2, 3, 4>, strides = array<i64: 2, 1>}
// CHECK-NOT:     resnet.batch_norm
func.func @conv_with_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x4x9xf32> {
  %w = arith.constant dense<[[[[1.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %g = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %0 = resnet.conv2d %x, %w, %b {groups = 2 : i64, pads = array<i64: 1, 2, 3, 4>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 2>} : tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32> -> tensor<1x2x4x9xf32>
  %1 = resnet.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f64} : tensor<1x2x4x9xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x9xf32>
}

// -----

// Epsilon counts: a = 1 / sqrt(3 + 1) = 0.5.
// CHECK-LABEL: func.func @epsilon
// CHECK-DAG:     arith.constant dense<1.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG:     arith.constant dense<5.000000e-01> : tensor<1xf32>
func.func @epsilon(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<1.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %z = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = resnet.conv2d %x, %w : tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32> -> tensor<1x1x3x3xf32>
  %1 = resnet.batch_norm %0, %g, %beta, %z, %v {epsilon = 1.0 : f64} : tensor<1x1x3x3xf32>, tensor<1xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// -----

// Large folded weights become dense_resource blobs, not per-element
// attributes.
// CHECK-LABEL: func.func @large_weights
// CHECK:         %[[W:.*]] = arith.constant dense_resource<folded_weight{{.*}}> : tensor<8x4x3x3xf32>
// CHECK:         resnet.conv2d %arg0, %[[W]], %{{.*}} {pads
// CHECK-NOT:     resnet.batch_norm
func.func @large_weights(%x: tensor<1x4x5x5xf32>) -> tensor<1x8x5x5xf32> {
  %w = arith.constant dense<0.25> : tensor<8x4x3x3xf32>
  %g = arith.constant dense<2.0> : tensor<8xf32>
  %v = arith.constant dense<0.5> : tensor<8xf32>
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x5x5xf32>
  %1 = resnet.batch_norm %0, %g, %g, %v, %v : tensor<1x8x5x5xf32>, tensor<8xf32>
  return %1 : tensor<1x8x5x5xf32>
}

// -----

// A conv with another user keeps its weights; its BN becomes the canonical
// scale-and-shift form (scale = a, bias = shift, mean 0, variance 1, eps 0).
// CHECK-LABEL: func.func @shared_conv
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.500000e+00]]], {{\[\[\[}}-2.000000e+00]]]]>
// CHECK-NEXT:    %[[C:.*]] = resnet.conv2d %arg0, %[[W]] {groups = 2 : i64}
// CHECK-DAG:     %[[S:.*]] = arith.constant dense<[5.000000e-01, 6.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[T:.*]] = arith.constant dense<[-5.000000e-01, 7.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK:         %[[N:.*]] = resnet.batch_norm %[[C]], %[[S]], %[[T]], %[[ZERO]], %[[ONE]] {epsilon = 0.000000e+00 : f64}
// CHECK-NEXT:    return %[[C]], %[[N]]
func.func @shared_conv(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<[[[[1.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %g = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %0 = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32> -> tensor<1x2x3x3xf32>
  %1 = resnet.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// A BN on a function argument (no conv) with constant vectors: scale-and-shift.
// One already in that form is left as it is (no rewrite loop).
// CHECK-LABEL: func.func @standalone
// CHECK:         %[[N:.*]] = resnet.batch_norm %arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 0.000000e+00 : f64}
// CHECK-NEXT:    %[[K:.*]] = resnet.batch_norm %arg0, %[[V:.*]], %[[V]], %[[Z:.*]], %[[O:.*]] {epsilon = 0.000000e+00 : f64}
// CHECK-NEXT:    return %[[N]], %[[K]]
func.func @standalone(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %g = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %0 = resnet.batch_norm %x, %g, %beta, %m, %v : tensor<1x2x3x3xf32>, tensor<2xf32>
  %1 = resnet.batch_norm %x, %v, %v, %zero, %one {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// Statistics or weights that are not constants: nothing to compute at
// compile time, the pair stays (still correct, just unfolded).
// CHECK-LABEL: func.func @not_constant
// CHECK:         %[[C0:.*]] = resnet.conv2d %arg0, %arg1 :
// CHECK-NEXT:    resnet.batch_norm %[[C0]], %arg2, %arg2, %arg2, %arg2 :
// CHECK:         %[[C1:.*]] = resnet.conv2d %arg0, %arg1 :
// CHECK:         resnet.batch_norm %[[C1]], %{{.*}} {epsilon = 0.000000e+00 : f64}
func.func @not_constant(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %0 = resnet.conv2d %x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x3x3xf32>
  %1 = resnet.batch_norm %0, %p, %p, %p, %p : tensor<1x2x3x3xf32>, tensor<2xf32>
  // Constant statistics after a conv whose weight is an argument.
  %g = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %2 = resnet.conv2d %x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x3x3xf32>
  %3 = resnet.batch_norm %2, %g, %g, %g, %g : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %1, %3 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}
