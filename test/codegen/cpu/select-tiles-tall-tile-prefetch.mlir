// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s

// A layer whose weights stream from memory (channels outermost) takes
// tall register tiles: a whole 9-column row of two vectors is 18
// accumulators, more than AVX-512's 16. With 8 input channels a step such
// a tile had no room for the weight prefetches' addresses (36 spill moves
// a step) and got none; with 4 a step it has, and where the first sweep's
// wait calls for the prefetch the layer takes both (bench/README "Tall
// tiles prefetch with 4 channels a step").

// The last stage of ResNeXt-50 at 131x257: 5 sweeps of each 128 KiB
// block (select-tiles-streaming.mlir has the other tall tiles).
// CHECK-LABEL: func.func @expand_5x9
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 9, 32], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true>
func.func @expand_5x9(%x: tensor<1x5x9x1024xf32>, %w: tensor<1x1x1024x2048xf32>) -> tensor<1x5x9x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x9x2048xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x5x9x1024xf32>, tensor<1x1x1024x2048xf32>) outs(%fill : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  return %c : tensor<1x5x9x2048xf32>
}

// -----

// Eight images' rows sweep each block (80 sweeps): the first one's wait is
// too small a share for any prefetch, and the tile keeps 8 channels a step.
// CHECK-LABEL: func.func @expand_10x10_batch8
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 10, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], parallel = true>
func.func @expand_10x10_batch8(%x: tensor<8x10x10x512xf32>, %w: tensor<1x1x512x2048xf32>) -> tensor<8x10x10x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x10x10x2048xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<8x10x10x2048xf32>) -> tensor<8x10x10x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<8x10x10x512xf32>, tensor<1x1x512x2048xf32>) outs(%fill : tensor<8x10x10x2048xf32>) -> tensor<8x10x10x2048xf32>
  return %c : tensor<8x10x10x2048xf32>
}

// -----

// 7 columns of two vectors (14 accumulators) leave room with 8 a step.
// CHECK-LABEL: func.func @expand_7x7
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true>
func.func @expand_7x7(%x: tensor<1x7x7x512xf32>, %w: tensor<1x1x512x2048xf32>) -> tensor<1x7x7x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x2048xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x512xf32>, tensor<1x1x512x2048xf32>) outs(%fill : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  return %c : tensor<1x7x7x2048xf32>
}
