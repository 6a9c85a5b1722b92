// RUN: resnet-opt --resnet-select-tiles=vector-width=4 --resnet-grouped-conv --canonicalize %s -verify-diagnostics | FileCheck %s

// On a target of 4 lanes (SSE), a strided conv of groups of 2 keeps vectors
// of two groups, shuffled: one group a vector would be 2 lanes, narrower
// than the grouped kernel takes (stridedOneGroupWidth leaves it alone).
// CHECK-LABEL: func.func @strided_groups_of_2
// CHECK: vector.shuffle {{.*}} : vector<4xf32>, vector<4xf32>
// CHECK: #resnet.tile<tiles = [1, 1, {{[0-9]+}}, 4]
func.func @strided_groups_of_2(%x: tensor<1x9x9x16xf32>) -> tensor<1x4x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<8x2x3x3x2xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 9, 9, 8, 2] : tensor<1x9x9x16xf32> into tensor<1x9x9x8x2xf32>
  %e = tensor.empty() : tensor<1x4x4x8x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8x2xf32>) -> tensor<1x4x4x8x2xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%xe, %w : tensor<1x9x9x8x2xf32>, tensor<8x2x3x3x2xf32>) outs(%f : tensor<1x4x4x8x2xf32>) -> tensor<1x4x4x8x2xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x4x4x8x2xf32> into tensor<1x4x4x16xf32>
  return %cc : tensor<1x4x4x16xf32>
}
