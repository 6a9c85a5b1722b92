// RUN: resnet-opt --resnet-to-linalg --split-input-file %s | FileCheck %s

// pad_value: the tensor.pad region reads the channel's value from a
// constant vector (the channel is the last NHWC index).
// CHECK-LABEL: func.func @pad_value
// CHECK-DAG: %[[TABLE:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0] {
// CHECK-NEXT: ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[C:.*]]: index):
// CHECK-NEXT: %[[V:.*]] = tensor.extract %[[TABLE]][%[[C]]] : tensor<2xf32>
// CHECK-NEXT: tensor.yield %[[V]] : f32
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[PAD]], %{{.*}} : tensor<1x6x6x2xf32>
func.func @pad_value(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32> {
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_value = array<f32: 1.0, 2.0>} : tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32> -> tensor<1x3x4x4xf32>
  return %c : tensor<1x3x4x4xf32>
}

// -----

// One pad value for every channel is a plain constant padding.
// CHECK-LABEL: func.func @uniform_pad_value
// CHECK: %[[V:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0] {
// CHECK: tensor.yield %[[V]] : f32
func.func @uniform_pad_value(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32> {
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_value = array<f32: 0.5, 0.5>} : tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32> -> tensor<1x3x4x4xf32>
  return %c : tensor<1x3x4x4xf32>
}

// -----

// max_pool2d dilations go to the linalg pooling op.
// CHECK-LABEL: func.func @dilated_max_pool
// CHECK: linalg.pooling_nhwc_max {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
func.func @dilated_max_pool(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %p = resnet.max_pool2d %x {kernel = array<i64: 2, 2>, dilations = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %p : tensor<1x2x3x3xf32>
}

// -----

// affine on NCHW computes in NHWC; a [C, 1, 1] scale reads the channel
// loop (the last), a scalar shift reads nothing.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, 0, 0)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1, d2, d3) -> ()>
// CHECK-LABEL: func.func @affine
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CHANNEL]], #[[SCALAR]], #[[ID]]]
// CHECK: arith.mulf
// CHECK-NEXT: arith.addf
func.func @affine(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %s = arith.constant dense<[[[2.0]], [[3.0]], [[4.0]]]> : tensor<3x1x1xf32>
  %t = arith.constant dense<1.0> : tensor<f32>
  %y = resnet.affine %x, %s, %t : tensor<1x3x4x4xf32>, tensor<3x1x1xf32>, tensor<f32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// flatten around other axes; axis 0 adds a leading unit dimension.
// CHECK-LABEL: func.func @flatten_axes
// CHECK: tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2, 3]] : tensor<2x3x4x5xf32> into tensor<6x20xf32>
// CHECK: %[[ALL:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2, 3]] : tensor<2x3x4x5xf32> into tensor<120xf32>
// CHECK: tensor.expand_shape %[[ALL]] {{\[\[}}0, 1]] output_shape [1, 120] : tensor<120xf32> into tensor<1x120xf32>
func.func @flatten_axes(%x: tensor<2x3x4x5xf32>) -> (tensor<6x20xf32>, tensor<1x120xf32>) {
  %a = resnet.flatten %x {axis = 2 : i64} : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
  %b = resnet.flatten %x {axis = 0 : i64} : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
  return %a, %b : tensor<6x20xf32>, tensor<1x120xf32>
}
