// RUN: resnet-opt --resnet-to-linalg --split-input-file %s | FileCheck %s

// NHWC inside: one transpose in, one out; the 1x1 OIHW weight is permuted to
// HWCF at compile time; bias and ReLU are generics; pads [t, l, b, r] pad H
// and W only.
// CHECK-LABEL: func.func @conv_relu_pool
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00, 7.000000e+00, 1.000000e+01], [2.000000e+00, 5.000000e+00, 8.000000e+00, 1.100000e+01], [3.000000e+00, 6.000000e+00, 9.000000e+00, 1.200000e+01]]]]> : tensor<1x1x3x4xf32>
// CHECK: %[[IN:.*]] = linalg.transpose ins(%arg0 : tensor<1x3x8x8xf32>) outs(%{{.*}} : tensor<1x8x8x3xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[PAD:.*]] = tensor.pad %[[IN]] low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[W]] : tensor<1x9x9x3xf32>, tensor<1x1x3x4xf32>)
// CHECK: %[[BIAS:.*]] = linalg.generic {{.*}} ins(%[[CONV]], %{{.*}} : tensor<1x5x5x4xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[BIAS]] : tensor<1x5x5x4xf32>)
// CHECK: arith.maximumf
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: %[[POOL:.*]] = linalg.pooling_nhwc_max {{.*}} ins(%[[RELU]], %{{.*}} : tensor<1x5x5x4xf32>, tensor<2x2xf32>) outs(%[[INIT]]
// CHECK-NOT: linalg.transpose ins(%[[RELU]]
// CHECK: %[[OUT:.*]] = linalg.transpose ins(%[[POOL]] : tensor<1x4x4x4xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK: return %[[OUT]]
func.func @conv_relu_pool(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]], [[[7.0]], [[8.0]], [[9.0]]], [[[10.0]], [[11.0]], [[12.0]]]]> : tensor<4x3x1x1xf32>
  %b = arith.constant dense<[0.5, 1.5, 2.5, 3.5]> : tensor<4xf32>
  %c = resnet.conv2d %x, %w, %b {pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %r = resnet.relu %c : tensor<1x4x5x5xf32>
  %p = resnet.max_pool2d %r {kernel = array<i64: 2, 2>} : tensor<1x4x5x5xf32> -> tensor<1x4x4x4xf32>
  return %p : tensor<1x4x4x4xf32>
}

// -----

// Grouped: channels split into (G, C/G), NHWGC x GFHWC; a weight that is
// not a constant is transposed at run time.
// CHECK-LABEL: func.func @grouped
// CHECK: tensor.expand_shape {{.*}} : tensor<1x6x6x4xf32> into tensor<1x6x6x2x2xf32>
// CHECK: linalg.transpose ins(%arg1 : tensor<4x2x3x3xf32>) outs(%{{.*}} : tensor<4x3x3x2xf32>) permutation = [0, 2, 3, 1]
// CHECK: tensor.expand_shape {{.*}} : tensor<4x3x3x2xf32> into tensor<2x2x3x3x2xf32>
// CHECK: linalg.conv_2d_nhwgc_gfhwc {{.*}} -> tensor<1x4x4x2x2xf32>
// CHECK: tensor.collapse_shape {{.*}} : tensor<1x4x4x2x2xf32> into tensor<1x4x4x4xf32>
func.func @grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %c = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x4x6x6xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x4x4xf32>
  return %c : tensor<1x4x4x4xf32>
}

// -----

// fused_conv: bias, residual and ReLU in one epilogue; linear: weight
// transposed to [in, out] at compile time, a plain matmul.
// CHECK-LABEL: func.func @fused_and_linear
// CHECK-DAG: %[[WT:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf
// CHECK: linalg.generic {{.*}} ins(%[[CONV]], %{{.*}}, %{{.*}} : tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<1x2x2x2xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.maximumf
// CHECK: linalg.matmul ins(%{{.*}}, %[[WT]] : tensor<1x2xf32>, tensor<2x2xf32>)
func.func @fused_and_linear(%x: tensor<1x2x2x2xf32>, %v: tensor<1x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %y = resnet.fused_conv %x, %w, %b residual %x {relu} : tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  %lw = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %l = resnet.linear %v, %lw : tensor<1x2xf32>, tensor<2x2xf32> -> tensor<1x2xf32>
  return %y, %l : tensor<1x2x2x2xf32>, tensor<1x2xf32>
}

// -----

// Constant BN statistics fold to one multiply-add per element:
// a = 2 / sqrt(3 + 1) = 1, shift = 1 - 2 * 1 = -1.
// CHECK-LABEL: func.func @batch_norm
// CHECK-DAG: arith.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK-DAG: arith.constant dense<-1.000000e+00> : tensor<2xf32>
// CHECK: math.fma
func.func @batch_norm(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %s = arith.constant dense<2.0> : tensor<2xf32>
  %b = arith.constant dense<1.0> : tensor<2xf32>
  %m = arith.constant dense<2.0> : tensor<2xf32>
  %v = arith.constant dense<3.0> : tensor<2xf32>
  %y = resnet.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %y : tensor<1x2x3x3xf32>
}
