// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s

// A row-blocked conv or a Winograd product whose register tile takes every
// accumulator (16 on AVX-512: 8 columns or rows of two vectors) steps 4
// input channels at a time, as a strided conv does: with 8 LLVM spilled
// the step's values (44 spill moves a step in the 8x8 3x3 512 -> 512, which
// ran 14-27 % slower; 38-41 in products of 8 rows) (bench/README "Full
// register tiles take 4 channels a step").

// CHECK-LABEL: func.func @three_by_three_8x8
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 8, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 4], {{.*}}row_block = 32
func.func @three_by_three_8x8(%x: tensor<1x10x10x512xf32>, %w: tensor<3x3x512x512xf32>) -> tensor<1x8x8x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x512xf32>) -> tensor<1x8x8x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x512xf32>, tensor<3x3x512x512xf32>) outs(%f : tensor<1x8x8x512xf32>) -> tensor<1x8x8x512xf32>
  return %c : tensor<1x8x8x512xf32>
}

// -----

// The same at 7x7: 14 accumulators leave room for the step's values, which
// keeps 8 channels.
// CHECK-LABEL: func.func @three_by_three_7x7
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 8], {{.*}}row_block = 32
func.func @three_by_three_7x7(%x: tensor<1x9x9x512xf32>, %w: tensor<3x3x512x512xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x512xf32>, tensor<3x3x512x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %c : tensor<1x7x7x512xf32>
}

// -----

// A row-blocked 1x1 (2048 -> 512 at 8x8, 256 channels a block) with the full
// register tile: 4 channels a step.
// CHECK-LABEL: func.func @reduce_8x8
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 8, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 4], {{.*}}row_block = 256
func.func @reduce_8x8(%x: tensor<1x8x8x2048xf32>, %w: tensor<1x1x2048x512xf32>) -> tensor<1x8x8x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x512xf32>) -> tensor<1x8x8x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x2048xf32>, tensor<1x1x2048x512xf32>) outs(%f : tensor<1x8x8x512xf32>) -> tensor<1x8x8x512xf32>
  return %c : tensor<1x8x8x512xf32>
}

// -----

// Eight columns of two vectors without a row block (a 1x1 at 56x56, its
// weights in L2) keep 8 channels a step: the rule is the row block's.
// CHECK-LABEL: func.func @expand_56x56
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8]
// CHECK-NOT: row_block
// CHECK: return
func.func @expand_56x56(%x: tensor<1x56x56x64xf32>, %w: tensor<1x1x64x256xf32>) -> tensor<1x56x56x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x56x56x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x56x56x256xf32>) -> tensor<1x56x56x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x56x56x64xf32>, tensor<1x1x64x256xf32>) outs(%f : tensor<1x56x56x256xf32>) -> tensor<1x56x56x256xf32>
  return %c : tensor<1x56x56x256xf32>
}

// -----

// A Winograd product of 8 tile rows of two vectors (a 4x4 map at batch 2:
// 32 tiles, 256 channels): 4 channels a step.
// CHECK-LABEL: func.func @product_8_rows
// CHECK: linalg.batch_matmul {resnet.tile = #resnet.tile<tiles = [1, 8, 32], reduction = [0, 0, 0, 4]
func.func @product_8_rows(%v: tensor<16x32x256xf32>, %u: tensor<16x256x256xf32>) -> tensor<16x32x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x32x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x32x256xf32>) -> tensor<16x32x256xf32>
  %m = linalg.batch_matmul ins(%v, %u : tensor<16x32x256xf32>, tensor<16x256x256xf32>) outs(%f : tensor<16x32x256xf32>) -> tensor<16x32x256xf32>
  return %m : tensor<16x32x256xf32>
}

// -----

// 7 rows (a 14x14 map's 49 tiles): 14 accumulators, 8 channels a step.
// CHECK-LABEL: func.func @product_7_rows
// CHECK: linalg.batch_matmul {resnet.tile = #resnet.tile<tiles = [1, 7, 32], reduction = [0, 0, 0, 8]
func.func @product_7_rows(%v: tensor<16x49x256xf32>, %u: tensor<16x256x256xf32>) -> tensor<16x49x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x49x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x49x256xf32>) -> tensor<16x49x256xf32>
  %m = linalg.batch_matmul ins(%v, %u : tensor<16x49x256xf32>, tensor<16x256x256xf32>) outs(%f : tensor<16x49x256xf32>) -> tensor<16x49x256xf32>
  return %m : tensor<16x49x256xf32>
}
