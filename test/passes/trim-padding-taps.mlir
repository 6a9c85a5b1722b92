// RUN: resnet-opt %s --resnet-trim-padding-taps --split-input-file | FileCheck %s

// A 3x3 conv over a 1x1 map: only the centre tap reads the map. The weight
// keeps w[:, :, 1, 1] and the padding goes (the default, all zero, is not
// printed).
// CHECK-LABEL: func.func @one_by_one
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e+00]]], {{\[\[\[}}1.400000e+01]]]]> : tensor<2x1x1x1xf32>
// CHECK:         resnet.conv2d %arg0, %[[W]], %{{.*}} : tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32> -> tensor<1x2x1x1xf32>
func.func @one_by_one(%x: tensor<1x1x1x1xf32>) -> tensor<1x2x1x1xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[10.0, 11.0, 12.0], [13.0, 14.0, 15.0], [16.0, 17.0, 18.0]]]]> : tensor<2x1x3x3xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = resnet.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x1x1xf32>, tensor<2x1x3x3xf32>, tensor<2xf32> -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

// A map one row high: the kernel's middle row stays, the columns keep their
// padding.
// CHECK-LABEL: func.func @one_row
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}4.000000e+00, 5.000000e+00, 6.000000e+00]]]]> : tensor<1x1x1x3xf32>
// CHECK:         resnet.conv2d %arg0, %[[W]] {pads = array<i64: 0, 1, 0, 1>} : tensor<1x1x1x5xf32>, tensor<1x1x1x3xf32> -> tensor<1x1x1x5xf32>
func.func @one_row(%x: tensor<1x1x1x5xf32>) -> tensor<1x1x1x5xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x1x5xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x1x5xf32>
  return %0 : tensor<1x1x1x5xf32>
}

// -----

// Stride 2 from a 2x2 map to 1x1 (a small image's downsampling block): the
// one output reads rows and columns -1, 0, 1; the first tap of each goes
// with the padding before the map, the padding after stays (the window
// still ends past the map).
// CHECK-LABEL: func.func @strided
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e+00, 6.000000e+00], [8.000000e+00, 9.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK:         resnet.conv2d %arg0, %[[W]] {pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x1x1xf32>
func.func @strided(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

// fused_conv too (a model given to resnet-opt after --resnet-fuse-conv),
// its bias, residual and ReLU untouched; grouped weights are sliced per
// filter like dense ones.
// CHECK-LABEL: func.func @fused
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e+00]]], {{\[\[\[}}1.400000e+01]]]]> : tensor<2x1x1x1xf32>
// CHECK:         resnet.fused_conv %arg0, %[[W]], %{{.*}} residual %arg1 {groups = 2 : i64, relu} :
func.func @fused(%x: tensor<1x2x1x1xf32>, %r: tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[10.0, 11.0, 12.0], [13.0, 14.0, 15.0], [16.0, 17.0, 18.0]]]]> : tensor<2x1x3x3xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = resnet.fused_conv %x, %w, %b residual %r {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, relu} : tensor<1x2x1x1xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

// Dilation 2 over a 3x3 map with padding 1: the first and last taps read
// only padding, but cutting the first would leave padding -1 before the
// map: the conv is kept as it is. So are a 2x2 map (every tap reads the map
// for some output), a padding that reads pad_value, a weight that is not a
// constant, and taps whose reads jump over a 1x1 map (stride 4: reads at
// -3 and 1 for the first tap, neither before nor after the map for every
// output).
// CHECK-LABEL: func.func @kept
// CHECK:         resnet.conv2d %arg0, %[[W:.*]] {dilations = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32> ->
// CHECK-NEXT:    resnet.conv2d %arg1, %[[W]] {pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32> ->
// CHECK-NEXT:    resnet.conv2d %arg2, %[[W]] {pad_value = array<f32: 5.000000e-01>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32> ->
// CHECK-NEXT:    resnet.conv2d %arg2, %arg3 {pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32> ->
// CHECK-NEXT:    resnet.conv2d %arg2, %[[W]] {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 4, 4>} : tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32> ->
func.func @kept(%x3: tensor<1x1x3x3xf32>, %x2: tensor<1x1x2x2xf32>, %x1: tensor<1x1x1x1xf32>, %wa: tensor<1x1x3x3xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %0 = resnet.conv2d %x3, %w {pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>} : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x1x1xf32>
  %1 = resnet.conv2d %x2, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  %2 = resnet.conv2d %x1, %w {pads = array<i64: 1, 1, 1, 1>, pad_value = array<f32: 0.5>} : tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x1x1xf32>
  %3 = resnet.conv2d %x1, %wa {pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x1x1xf32>
  %4 = resnet.conv2d %x1, %w {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 4, 4>} : tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  return %0, %1, %2, %3, %4 : tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>
}
