// RUN: resnet-opt --resnet-select-tiles="target=x86-64-v4 l1-bytes=32768" %s -split-input-file | FileCheck %s --check-prefix=L32
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s --check-prefix=L48
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v3 %s -split-input-file | FileCheck %s --check-prefix=V3

// Row blocking on a 32 KiB L1 (bench/README "Row-blocked tiles of a 32 KiB
// L1"). A row-blocked tile spanning the output's width may take a quarter
// of L1 and its block of weights what the tile leaves; its register tile's
// columns are not capped by the L1 set its input pixels share (the block of
// weights fills most of every set).

// The 3x3 512 -> 512 at 7x7: the whole-width tile of 7 x 7 x 32 floats
// (6 KiB) is row-blocked on a 32 KiB L1, beside 16 channels of weights
// (18 KiB; 24 would not leave the tile its room). On the presets' 48 KiB
// L1, 32 channels, as before.
// L32-LABEL: func.func @three_by_three_7x7
// L32: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32], {{.*}}row_block = 16
// L32-NOT: register_rows
// L32: return
// L48-LABEL: func.func @three_by_three_7x7
// L48: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32], {{.*}}row_block = 32
func.func @three_by_three_7x7(%x: tensor<1x9x9x512xf32>, %w: tensor<3x3x512x512xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x512xf32>, tensor<3x3x512x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %c : tensor<1x7x7x512xf32>
}

// -----

// The 1x1/2 1024 -> 2048 projection at 7x7: its input pixels are 8 KiB
// apart, all in one set of an 8-way 32 KiB L1, which caps a register tile
// at 6 columns; row-blocked, the tile keeps all 7 in one register tile (14
// accumulators) rather than 4 + 3.
// L32-LABEL: func.func @projection_7x7
// L32: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32], {{.*}}row_block = 128
// L32-NOT: register_rows
// L32: return
func.func @projection_7x7(%x: tensor<1x13x13x1024xf32>, %w: tensor<1x1x1024x2048xf32>) -> tensor<1x7x7x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x2048xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x13x13x1024xf32>, tensor<1x1x1024x2048xf32>) outs(%f : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  return %c : tensor<1x7x7x2048xf32>
}

// -----

// A tile keeping its own columns still takes at most a sixth of L1: the
// 3x3/2 128 -> 128 at 28x28 on AVX2 (28 rows x 4 columns x 16 floats,
// 7 KiB) is not row-blocked.
// V3-LABEL: func.func @own_columns_28x28
// V3: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], reduction = {{[^>]*}}, parallel = true>
func.func @own_columns_28x28(%x: tensor<1x57x57x128xf32>, %w: tensor<3x3x128x128xf32>) -> tensor<1x28x28x128xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x57x57x128xf32>, tensor<3x3x128x128xf32>) outs(%f : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  return %c : tensor<1x28x28x128xf32>
}
