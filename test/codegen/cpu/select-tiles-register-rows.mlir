// RUN: resnet-opt --resnet-select-tiles=target=znver1 %s -split-input-file | FileCheck %s --check-prefix=ZEN
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s --check-prefix=V4

// A row-blocked layer (weights per channel tile beyond L1, the late layers
// of a small image) whose output tile of the whole height and width still
// fits beside a block of weights spans the whole width: its rows are cut
// in register tiles inside the tile (`register_rows`), so that every
// column reuses each block of weights from L1 and the weights stream once.
// Chosen again with the narrower tiles in the same tile, the tie between
// equally fast tiles goes to the fewest.

// 5 x 9, 1024 -> 2048 (8 MiB of weights): on znver1 tiles of 3 and 5
// columns x 2 vectors keep the FMA unit busy alike. Apart, the 3 + 3 + 3
// columns won (5 + 4 peels a part that streams the weights again); in one
// tile 5 + 4 sweeps each block twice instead of three times.
// ZEN-LABEL: func.func @five_by_nine
// ZEN: resnet.tile = #resnet.tile<tiles = [1, 5, 9, 16], {{.*}}row_block = 256{{.*}}register_rows = 5>
// On x86-64-v4 a register tile of 9 columns x 2 vectors covers the row
// (32 registers), and the weights per tile fit the row block's limit.
// V4-LABEL: func.func @five_by_nine
// V4-NOT: register_rows
// V4: return
func.func @five_by_nine(%x: tensor<1x5x9x1024xf32>, %w: tensor<1x1x1024x2048xf32>) -> tensor<1x5x9x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x9x2048xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x5x9x1024xf32>, tensor<1x1x1024x2048xf32>) outs(%f : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  return %c : tensor<1x5x9x2048xf32>
}

// -----

// The 3x3 512 -> 512 at 7x7 (9 MiB of weights): 4 + 3 columns, now in one
// tile rather than a 3-column part of its own.
// ZEN-LABEL: func.func @seven_by_seven
// ZEN: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 16], {{.*}}row_block = 32{{.*}}register_rows = 4>
func.func @seven_by_seven(%x: tensor<1x9x9x512xf32>, %w: tensor<3x3x512x512xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x512xf32>, tensor<3x3x512x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %c : tensor<1x7x7x512xf32>
}

// -----

// 14 x 14, 1024 -> 512: the whole-width output tile (14 x 14 x 16 floats,
// 12.25 KiB) would not leave L1 to a block of weights: the tile keeps its
// own columns, the narrower ones peeled.
// ZEN-LABEL: func.func @fourteen
// ZEN: resnet.tile = #resnet.tile<tiles = [1, 14, 5, 16], {{.*}}row_block = 256
// ZEN-NOT: register_rows
// ZEN: return
func.func @fourteen(%x: tensor<1x14x14x1024xf32>, %w: tensor<1x1x1024x512xf32>) -> tensor<1x14x14x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x14x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x512xf32>) -> tensor<1x14x14x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x14x14x1024xf32>, tensor<1x1x1024x512xf32>) outs(%f : tensor<1x14x14x512xf32>) -> tensor<1x14x14x512xf32>
  return %c : tensor<1x14x14x512xf32>
}
