// RUN: resnet-opt --resnet-select-tiles %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v3 %s -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: resnet-opt --resnet-select-tiles --resnet-tile --resnet-vectorize %s -split-input-file | FileCheck %s --check-prefix=VEC

// Register tiles over several images. When a whole output row fits in a
// register tile with room to spare (2x2 and 4x4 maps, the late stages of
// small images), the tile takes the same row of several images of the
// batch: 2 rows x 2 vectors alone keep 4 accumulators (the FMA latency
// needs 8 on x86-64-v4) and load a weight vector per 2 multiply-adds.

// Batch 8 on a 2x2 map: 4 images x 2 rows x 2 vectors = the 16
// accumulators of x86-64-v4; x86-64-v3 has 8: 2 images x 2 rows x 2
// vectors of 8 lanes.
// CHECK-LABEL: func.func @two_by_two
// CHECK: resnet.tile = #resnet.tile<tiles = [4, 1, 2, 32],
// AVX2-LABEL: func.func @two_by_two
// AVX2: resnet.tile = #resnet.tile<tiles = [2, 1, 2, 16],
// The 1-D conv of a tile is [images, columns, channels]; its accumulator
// is carried in registers through the reduction loops (a vector iter_arg,
// no tensor in the loops), read and written as [4, 1, 2, 32].
// VEC-LABEL: func.func @two_by_two
// VEC: scf.forall
// VEC: scf.for {{.*}} iter_args({{.*}}) -> (vector<4x1x2x32xf32>)
// VEC: scf.for {{.*}} iter_args({{.*}}) -> (vector<4x1x2x32xf32>)
// VEC: scf.for {{.*}} iter_args({{.*}}) -> (vector<4x1x2x32xf32>)
// VEC-NOT: tensor.empty
// VEC: vector.contract {{.*}} : vector<4x2x8xf32>, vector<8x32xf32> into vector<4x2x32xf32>
// VEC-NOT: tensor
// VEC: arith.addf {{.*}} : vector<4x1x2x32xf32>
// VEC: vector.transfer_write {{.*}} : vector<4x1x2x32xf32>, tensor<4x1x2x32xf32>
func.func @two_by_two(%x: tensor<8x4x4x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<8x2x2x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x2x2x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x2x2x64xf32>) -> tensor<8x2x2x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<8x4x4x64xf32>, tensor<3x3x64x64xf32>) outs(%f : tensor<8x2x2x64xf32>) -> tensor<8x2x2x64xf32>
  return %c : tensor<8x2x2x64xf32>
}

// -----

// The images per tile divide the batch: 3 (6 rows) at batch 3; on AVX2
// 3 images x 2 rows x 1 vector (2 vectors leave room for 2 rows, and 2
// images do not divide 3).
// CHECK-LABEL: func.func @batch_three
// CHECK: resnet.tile = #resnet.tile<tiles = [3, 1, 2, 32],
// AVX2-LABEL: func.func @batch_three
// AVX2: resnet.tile = #resnet.tile<tiles = [3, 1, 2, 8],
func.func @batch_three(%x: tensor<3x2x2x64xf32>, %w: tensor<1x1x64x64xf32>) -> tensor<3x2x2x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x2x2x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<3x2x2x64xf32>) -> tensor<3x2x2x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<3x2x2x64xf32>, tensor<1x1x64x64xf32>) outs(%f : tensor<3x2x2x64xf32>) -> tensor<3x2x2x64xf32>
  return %c : tensor<3x2x2x64xf32>
}

// -----

// A 7-wide row fills the tile alone (7 x 2 vectors of 16 accumulators):
// one image per tile.
// CHECK-LABEL: func.func @seven_wide
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
func.func @seven_wide(%x: tensor<4x7x7x64xf32>, %w: tensor<1x1x64x64xf32>) -> tensor<4x7x7x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x7x7x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x7x7x64xf32>) -> tensor<4x7x7x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<4x7x7x64xf32>, tensor<1x1x64x64xf32>) outs(%f : tensor<4x7x7x64xf32>) -> tensor<4x7x7x64xf32>
  return %c : tensor<4x7x7x64xf32>
}

// -----

// Only convolutions take several images: a pool keeps one.
// CHECK-LABEL: func.func @pool
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 1, 64],
func.func @pool(%x: tensor<8x4x4x64xf32>) -> tensor<8x2x2x64xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %win = tensor.empty() : tensor<2x2xf32>
  %e = tensor.empty() : tensor<8x2x2x64xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<8x2x2x64xf32>) -> tensor<8x2x2x64xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %win : tensor<8x4x4x64xf32>, tensor<2x2xf32>) outs(%f : tensor<8x2x2x64xf32>) -> tensor<8x2x2x64xf32>
  return %p : tensor<8x2x2x64xf32>
}
