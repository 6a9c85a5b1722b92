// RUN: resnet-opt --resnet-chain-convs -canonicalize %s -split-input-file | FileCheck %s

// A projection shortcut summed with the block's last conv: the later conv
// accumulates onto the earlier one's result, the epilogue keeps only the
// bias and ReLU.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @projection
// CHECK: %[[F:.*]] = linalg.fill
// CHECK: %[[A:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%arg1, {{.*}}) outs(%[[F]] : tensor<1x7x7x32xf32>)
// CHECK: %[[B:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%arg0, {{.*}}) outs(%[[A]] : tensor<1x7x7x32xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[B]], %arg2 : tensor<1x7x7x32xf32>, tensor<32xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[BIAS:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[BIAS]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[S]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @projection(%x: tensor<1x9x9x16xf32>, %s: tensor<1x7x7x8xf32>, %b: tensor<32xf32>) -> tensor<1x7x7x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x32xf32>
  %wp = arith.constant dense<0.25> : tensor<1x1x8x32xf32>
  %e = tensor.empty() : tensor<1x7x7x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %proj = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%s, %wp : tensor<1x7x7x8xf32>, tensor<1x1x8x32xf32>) outs(%f : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %y = linalg.generic {indexing_maps = [#id, #ch, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %b, %proj : tensor<1x7x7x32xf32>, tensor<32xf32>, tensor<1x7x7x32xf32>) outs(%e : tensor<1x7x7x32xf32>) {
  ^bb0(%in: f32, %bias: f32, %p: f32, %out: f32):
    %0 = arith.addf %in, %bias : f32
    %1 = arith.addf %0, %p : f32
    %2 = arith.maximumf %1, %zero : f32
    linalg.yield %2 : f32
  } -> tensor<1x7x7x32xf32>
  return %y : tensor<1x7x7x32xf32>
}

// -----

// A conv that enters the epilogue through a product, not a sum, cannot be
// chained: nothing changes.
#id2 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @product
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>)
// CHECK: arith.mulf
func.func @product(%x: tensor<1x4x4x16xf32>, %s: tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x16x16xf32>
  %e = tensor.empty() : tensor<1x4x4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %a = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x4x16xf32>, tensor<1x1x16x16xf32>) outs(%f : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %b = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%s, %w : tensor<1x4x4x16xf32>, tensor<1x1x16x16xf32>) outs(%f : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %y = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a, %b : tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>) outs(%e : tensor<1x4x4x16xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %0 = arith.mulf %p, %q : f32
    linalg.yield %0 : f32
  } -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// -----

// A conv whose result has another user stays as it is.
#id3 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @shared
// CHECK: %[[F:.*]] = linalg.fill
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%[[F]] : tensor<1x4x4x16xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%[[F]] : tensor<1x4x4x16xf32>)
// CHECK: arith.addf
func.func @shared(%x: tensor<1x4x4x16xf32>, %s: tensor<1x4x4x16xf32>) -> (tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x16x16xf32>
  %e = tensor.empty() : tensor<1x4x4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %a = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x4x16xf32>, tensor<1x1x16x16xf32>) outs(%f : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %b = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%s, %w : tensor<1x4x4x16xf32>, tensor<1x1x16x16xf32>) outs(%f : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %y = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a, %b : tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>) outs(%e : tensor<1x4x4x16xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %0 = arith.addf %p, %q : f32
    linalg.yield %0 : f32
  } -> tensor<1x4x4x16xf32>
  return %y, %a : tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>
}
