// RUN: resnet-opt --resnet-select-tiles=target=znver1 %s -split-input-file | FileCheck %s --check-prefix=ZEN
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v3 %s -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s --check-prefix=V4

// The znver1 description (AMD Zen / Zen+): one 256-bit FMA a cycle of 5
// cycles, and a broadcast from memory that also takes a vector-unit slot
// (0.8 a cycle beside the FMAs), where x86-64-v3 takes 2 FMAs of 4 cycles
// and broadcasts that are loads alone.

// Seven columns of 512 channels, 9 MiB of weights beyond L2: a tile of
// one vector issues a broadcast per FMA, which this core cannot (7 rows x
// 1 vector: 7 broadcasts take 8.75 cycles for 7 FMAs), so it takes two
// vectors in 4 + 3 columns, register tiles inside one row-blocked tile
// that spans the row (register_rows). On x86-64-v3 the broadcasts are
// loads and 7 x 1 wins.
// ZEN-LABEL: func.func @seven_columns
// ZEN: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 16], {{.*}}register_rows = 4>
// AVX2-LABEL: func.func @seven_columns
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 8],
func.func @seven_columns(%x: tensor<1x9x9x512xf32>, %w: tensor<3x3x512x512xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x512xf32>, tensor<3x3x512x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %c : tensor<1x7x7x512xf32>
}

// -----

// 28 columns, two vectors: at one FMA a cycle of 5 cycles, tiles of 3, 4
// and 5 rows all keep the FMA unit busy, so the estimates tie; 4 x 7
// (7 tiles) beats 5 + 5 + 5 + 5 + 4 + 4 (6 tiles and a peeled part, a loop
// nest of its own, counted as two more tiles).
// ZEN-LABEL: func.func @twenty_eight
// ZEN: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16],
func.func @twenty_eight(%x: tensor<1x28x28x128xf32>, %w: tensor<1x1x128x512xf32>) -> tensor<1x28x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x28x28x128xf32>, tensor<1x1x128x512xf32>) outs(%f : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  return %c : tensor<1x28x28x512xf32>
}

// -----

// 65 columns, two vectors of 16 lanes (x86-64-v4): tiles of 4 to 8 rows
// tie; 5 x 13 (13 tiles) against 6 x 10 + 5 (11 tiles and a peeled part,
// counted as 13): the tie goes to no peeled part.
// V4-LABEL: func.func @sixty_five
// V4: resnet.tile = #resnet.tile<tiles = [1, 1, 5, 32],
func.func @sixty_five(%x: tensor<1x33x65x128xf32>, %w: tensor<1x1x128x256xf32>) -> tensor<1x33x65x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x33x65x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x33x65x256xf32>) -> tensor<1x33x65x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x33x65x128xf32>, tensor<1x1x128x256xf32>) outs(%f : tensor<1x33x65x256xf32>) -> tensor<1x33x65x256xf32>
  return %c : tensor<1x33x65x256xf32>
}
