// RUN: resnet-opt --resnet-select-winograd="memory-budget=0" %s | FileCheck %s

// Without a memory limit, a threaded Winograd layer whose V and M outgrow
// half a core's L2 (1 MiB of the target's 2 MiB) runs its three phases per
// block of tile rows, the blocks shared out whole to the 2 cores. The
// blocks chosen are those the cores finish first: ceil(blocks / cores)
// blocks of tiles on the busiest core.
//
// @stage2: 3x3 128 -> 128 at 28x28, 14 x 14 F(2x2) tiles of 16 KiB (V and
// M), 3 MiB in all. Blocks of at most 4 tile rows (56 tiles, 896 KiB) fit.
// 4 blocks of 4 rows keep each core busy for 2 x 56 = 112 tiles; 5 blocks
// of 3 rows (the fewest rows computed below the image, 15) for 3 x 42 =
// 126 tiles, one core idle for the fifth.
// CHECK-LABEL: func.func @stage2
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 4, winograd = 2, parallel = true, parallel_blocks = true>
func.func @stage2(%x: tensor<1x30x30x128xf32>) -> tensor<1x28x28x128xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<1.0> : tensor<3x3x128x128xf32>
  %e = tensor.empty() : tensor<1x28x28x128xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x30x30x128xf32>, tensor<3x3x128x128xf32>) outs(%a : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  return %y : tensor<1x28x28x128xf32>
}

// @stage1: 3x3 64 -> 64 at 56x56, 28 x 28 tiles of 8 KiB, blocks of at
// most 4 rows (112 tiles). 7 blocks of 4 rows: 4 x 112 = 448 tiles on one
// core; 10 of 3: 5 x 84 = 420; 14 of 2: 7 x 56 = 392, half the layer
// each. (A row, 28 tiles, is below the 32 a block needs.)
// CHECK-LABEL: func.func @stage1
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true, parallel_blocks = true>
func.func @stage1(%x: tensor<1x58x58x64xf32>) -> tensor<1x56x56x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<1.0> : tensor<3x3x64x64xf32>
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%a : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  return %y : tensor<1x56x56x64xf32>
}
