// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v3 %s -split-input-file | FileCheck %s --check-prefix=AVX2

// Taller register tiles where a layer's weights stream from memory
// (channels outermost): a tile of two vectors may hold up to 24
// accumulators of AVX-512's 32 registers (16 elsewhere; a strided conv's
// only where one tile covers the whole row), and a tile of
// more than 16 takes no row block, and weight prefetches only with 4 input
// channels a step (select-tiles-tall-tile-prefetch.mlir). AVX2's 16
// registers keep 10 accumulators.

// 1x1 1024 -> 2048 on 5x9 (ResNeXt-50's last stage at 131x257): 8 MiB of
// weights; a row of 9 in one tile of 9 x 2 vectors (18 accumulators), not
// 9 x 1 vector. On AVX2, row-blocked, 5 + 4 columns of 2 vectors as
// register tiles inside a tile of the whole row.
// CHECK-LABEL: func.func @row_of_9
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 9, 32], {{.*}}interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true>
// AVX2-LABEL: func.func @row_of_9
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 5, 9, 16], {{.*}}register_rows = 5>
func.func @row_of_9(%x: tensor<1x5x9x1024xf32>, %w: tensor<1x1x1024x2048xf32>) -> tensor<1x5x9x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x9x2048xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x5x9x1024xf32>, tensor<1x1x1024x2048xf32>) outs(%f : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  return %c : tensor<1x5x9x2048xf32>
}

// -----

// 1x1 2048 -> 512 on 10x10 (ResNet-50's last stage at 299x299): a row of
// 10 in one tile (20 accumulators), prefetched, not two of 5 row-blocked.
// CHECK-LABEL: func.func @row_of_10
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 10, 32], {{.*}}interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true, prefetch_spread = true>
func.func @row_of_10(%x: tensor<1x10x10x2048xf32>, %w: tensor<1x1x2048x512xf32>) -> tensor<1x10x10x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x10x10x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x10x10x512xf32>) -> tensor<1x10x10x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x2048xf32>, tensor<1x1x2048x512xf32>) outs(%f : tensor<1x10x10x512xf32>) -> tensor<1x10x10x512xf32>
  return %c : tensor<1x10x10x512xf32>
}

// -----

// A row of 7 fits 16 accumulators: the 7 x 2-vector tile keeps its row
// block and prefetches.
// CHECK-LABEL: func.func @row_of_7
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32], {{.*}}row_block = 256, {{.*}}prefetch_weights = true>
func.func @row_of_7(%x: tensor<1x7x7x2048xf32>, %w: tensor<1x1x2048x512xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x2048xf32>, tensor<1x1x2048x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %c : tensor<1x7x7x512xf32>
}

// -----

// ResNet-50's last 1x1 expand, 512 -> 2048 at 7x7 (4 MiB of weights). On
// AVX2 a row of 7 x 2 vectors would take 14 of the 10 accumulators: the
// choice is 7 x 1 vector or 4 + 3 columns x 2 vectors. Each channel tile
// sweeps the whole input (channels outermost), so tiles of one vector read
// it twice as often, and the peeled 3 columns read again only what L2 did
// not keep of the weights, from L3: 4 + 3 x 2 vectors (9-24 % faster per
// layer on a Zen 1: bench/README "Seven columns on AVX2").
// CHECK-LABEL: func.func @expand_row_of_7
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], {{.*}}interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true>
// AVX2-LABEL: func.func @expand_row_of_7
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], {{.*}}interchange = [3, 0, 1, 2], parallel = true>
func.func @expand_row_of_7(%x: tensor<1x7x7x512xf32>, %w: tensor<1x1x512x2048xf32>) -> tensor<1x7x7x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x2048xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x512xf32>, tensor<1x1x512x2048xf32>) outs(%f : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  return %c : tensor<1x7x7x2048xf32>
}

// -----

// A row of 17 (ResNeXt-50's third stage at 131x257) in two tiles of up to
// 12 rows: of the splits the cost model ties, the balanced one, 9 + 8 (the
// remainder peeled), not 12 + 5; before, 6 + 6 + 5, row-blocked.
// CHECK-LABEL: func.func @row_of_17
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 9, 32], {{.*}}interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true, prefetch_spread = true>
func.func @row_of_17(%x: tensor<1x9x17x1024xf32>, %w: tensor<1x1x1024x512xf32>) -> tensor<1x9x17x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x9x17x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x9x17x512xf32>) -> tensor<1x9x17x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x17x1024xf32>, tensor<1x1x1024x512xf32>) outs(%f : tensor<1x9x17x512xf32>) -> tensor<1x9x17x512xf32>
  return %c : tensor<1x9x17x512xf32>
}

// -----

// A strided conv (ResNeXt-50's last projection at 131x257) takes a taller
// tile where one covers the whole row: 9 x 2 vectors.
// CHECK-LABEL: func.func @strided_row_of_9
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 9, 32], {{.*}}interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true>
func.func @strided_row_of_9(%x: tensor<1x9x17x1024xf32>, %w: tensor<1x1x1024x2048xf32>) -> tensor<1x5x9x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x9x2048xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x17x1024xf32>, tensor<1x1x1024x2048xf32>) outs(%f : tensor<1x5x9x2048xf32>) -> tensor<1x5x9x2048xf32>
  return %c : tensor<1x5x9x2048xf32>
}

// -----

// A strided conv's kernel keeps more values live per step: a row that
// splits stays in tiles of 16 accumulators. The 3x3 stride-2 256 -> 256
// of ResNet-50 299x299's third stage (19 columns): 7 + 7 + 5 x 2 vectors,
// not 10 + 9.
// CHECK-LABEL: func.func @strided_row_of_19
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], {{.*}}interchange = [3, 0, 1, 2],
func.func @strided_row_of_19(%x: tensor<1x39x39x256xf32>, %w: tensor<3x3x256x256xf32>) -> tensor<1x19x19x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x19x19x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x19x19x256xf32>) -> tensor<1x19x19x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x39x39x256xf32>, tensor<3x3x256x256xf32>) outs(%f : tensor<1x19x19x256xf32>) -> tensor<1x19x19x256xf32>
  return %c : tensor<1x19x19x256xf32>
}
