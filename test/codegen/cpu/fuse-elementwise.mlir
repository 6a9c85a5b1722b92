// RUN: resnet-opt --resnet-to-linalg --resnet-fuse-elementwise %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-to-linalg --resnet-fuse-elementwise --resnet-select-tiles %s -split-input-file | FileCheck %s --check-prefix=TILES

// A 1x1 conv whose bias + ReLU output feeds a grouped conv (ResNeXt's
// reduce -> spatial): the epilogue stays in the NHWC layout next to its
// conv, padded there; only the grouped conv's input is reshaped to
// [N, H, W, G, C/G]. (Upstream's --linalg-fuse-elementwise-ops moves that
// expand_shape above the pad and the epilogue, which then runs as a
// 5-D op of its own instead of in the conv's tiles.)
// CHECK-LABEL: func.func @reduce_then_grouped
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf
// CHECK: %[[EPI:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[CONV]], {{.*}} : tensor<1x8x8x32xf32>, tensor<32xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[EPI]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: } : tensor<1x8x8x32xf32> to tensor<1x10x10x32xf32>
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1], [2], [3, 4]] {{.*}} : tensor<1x10x10x32xf32> into tensor<1x10x10x8x4xf32>
// CHECK: %[[G:.*]] = linalg.conv_2d_nhwgc_gfhwc {{.*}} ins(%[[GROUPED]],
// CHECK: %[[NHWC:.*]] = tensor.collapse_shape %[[G]]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[NHWC]],
// CHECK-NOT: tensor<1x8x8x8x4xf32>) outs
// The 1x1 conv's configuration fuses its epilogue into its tiles.
// TILES-LABEL: func.func @reduce_then_grouped
// TILES: linalg.conv_2d_nhwc_hwcf {{.*}}fused_epilogue = true
func.func @reduce_then_grouped(%x: tensor<1x16x8x8xf32>, %b1: tensor<32xf32>, %b2: tensor<32xf32>) -> tensor<1x32x8x8xf32> {
  %w1 = arith.constant dense<0.5> : tensor<32x16x1x1xf32>
  %w2 = arith.constant dense<0.25> : tensor<32x4x3x3xf32>
  %y = resnet.fused_conv %x, %w1, %b1 {relu} : tensor<1x16x8x8xf32>, tensor<32x16x1x1xf32>, tensor<32xf32> -> tensor<1x32x8x8xf32>
  %z = resnet.fused_conv %y, %w2, %b2 {pads = array<i64: 1, 1, 1, 1>, groups = 8 : i64, relu} : tensor<1x32x8x8xf32>, tensor<32x4x3x3xf32>, tensor<32xf32> -> tensor<1x32x8x8xf32>
  return %z : tensor<1x32x8x8xf32>
}

// -----

// Elementwise producers still fuse into their consumer: the conversion's
// add and ReLU become one generic.
// CHECK-LABEL: func.func @add_relu
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
// CHECK: arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: linalg.transpose
func.func @add_relu(%x: tensor<1x4x5x5xf32>, %y: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %s = resnet.add %x, %y : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  %r = resnet.relu %s : tensor<1x4x5x5xf32>
  return %r : tensor<1x4x5x5xf32>
}
