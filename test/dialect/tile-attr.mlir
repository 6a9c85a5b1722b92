// RUN: resnet-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// #resnet.tile round-trips; fields left at their defaults are elided.
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], row_block = 64, fused_epilogue = true, parallel = true>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 4, 4, 16], winograd = 4>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 5, winograd = 2, runtime_filter = true>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 3, winograd = 2, parallel = true, parallel_blocks = true>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], interchange = [3, 0, 1, 2], prefetch_weights = true, prefetch_spread = true>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], parallel = true, prefetch_input = true>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 8, 8, 16], row_block = 64, register_rows = 5>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 14, 1, 16], winograd = 2, parallel = true>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true, filter_block = 32>
func.func @round_trip(%a: tensor<1x8x8x64xf32>) -> (tensor<1x8x8x64xf32>, tensor<1x8x8x64xf32>) {
  %0 = tensor.empty() {resnet.tile = #resnet.tile<parallel = true, fused_epilogue = true, tiles = [1, 1, 8, 32], row_block = 64, reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2]>} : tensor<1x8x8x64xf32>
  %1 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 4, 4, 16], winograd = 4, parallel = false>} : tensor<1x8x8x64xf32>
  %2 = tensor.empty() {resnet.tile = #resnet.tile<runtime_filter = true, tiles = [1, 2, 2, 16], winograd = 2, row_block = 5>} : tensor<1x8x8x64xf32>
  %3 = tensor.empty() {resnet.tile = #resnet.tile<parallel_blocks = true, tiles = [1, 2, 2, 16], winograd = 2, row_block = 3, parallel = true>} : tensor<1x8x8x64xf32>
  %4 = tensor.empty() {resnet.tile = #resnet.tile<prefetch_spread = true, prefetch_weights = true, tiles = [1, 1, 7, 32], interchange = [3, 0, 1, 2]>} : tensor<1x8x8x64xf32>
  %5 = tensor.empty() {resnet.tile = #resnet.tile<prefetch_input = true, tiles = [1, 1, 8, 32], parallel = true>} : tensor<1x8x8x64xf32>
  %6 = tensor.empty() {resnet.tile = #resnet.tile<register_rows = 5, tiles = [1, 8, 8, 16], row_block = 64>} : tensor<1x8x8x64xf32>
  // A grouped conv's Winograd F(2x2): 7 tiles (14 columns) of one group.
  %7 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 2, 14, 1, 16], winograd = 2, parallel = true>} : tensor<1x14x14x4x32xf32>
  // A filter transformed at run time 32 filters at a time.
  %8 = tensor.empty() {resnet.tile = #resnet.tile<filter_block = 32, tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true>} : tensor<1x8x8x64xf32>
  return %0, %1 : tensor<1x8x8x64xf32>, tensor<1x8x8x64xf32>
}

// -----

func.func @not_dividing() -> tensor<1x7x7x64xf32> {
  // expected-error@+1 {{#resnet.tile size 3 does not divide dimension 1 (7) of the result}}
  %0 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 3, 7, 32]>} : tensor<1x7x7x64xf32>
  return %0 : tensor<1x7x7x64xf32>
}

// -----

// A tile of the rows next to the channels need not divide them (7 by 4:
// 4 + 3, the narrow tile peeled), but it cannot exceed them.
func.func @rows_remainder() -> tensor<1x7x7x64xf32> {
  %0 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 1, 4, 32]>} : tensor<1x7x7x64xf32>
  // expected-error@+1 {{#resnet.tile size 8 exceeds dimension 2 (7) of the result}}
  %1 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32]>} : tensor<1x7x7x64xf32>
  return %1 : tensor<1x7x7x64xf32>
}

// -----

// So may the channels of an NHWC or [M, N] result (1000 classes in tiles of
// 32, the last 8 peeled), but not beyond them, nor a Winograd layer's, nor
// an NHWGC grouped conv's.
func.func @channels_remainder() -> (tensor<8x1000xf32>, tensor<1x7x7x40xf32>) {
  %0 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [8, 32]>} : tensor<8x1000xf32>
  %1 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32]>} : tensor<1x7x7x40xf32>
  // expected-error@+1 {{#resnet.tile size 2000 exceeds dimension 1 (1000) of the result}}
  %2 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [8, 2000]>} : tensor<8x1000xf32>
  return %0, %1 : tensor<8x1000xf32>, tensor<1x7x7x40xf32>
}

// -----

func.func @winograd_channels() -> tensor<1x8x8x40xf32> {
  // expected-error@+1 {{#resnet.tile size 16 does not divide dimension 3 (40) of the result}}
  %0 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2>} : tensor<1x8x8x40xf32>
  return %0 : tensor<1x8x8x40xf32>
}

// -----

func.func @grouped_channels() -> tensor<1x4x4x2x40xf32> {
  // expected-error@+1 {{#resnet.tile size 16 does not divide dimension 4 (40) of the result}}
  %0 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 1, 4, 1, 16]>} : tensor<1x4x4x2x40xf32>
  return %0 : tensor<1x4x4x2x40xf32>
}

// -----

func.func @wrong_rank() -> tensor<4x64xf32> {
  // expected-error@+1 {{#resnet.tile has 4 tile sizes for a result of rank 2}}
  %0 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32]>} : tensor<4x64xf32>
  return %0 : tensor<4x64xf32>
}

// -----

func.func @not_a_tile() -> tensor<4xf32> {
  // expected-error@+1 {{'resnet.tile' must be a #resnet.tile attribute}}
  %0 = tensor.empty() {resnet.tile = {tiles = [4]}} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{tile sizes must be positive}}
func.func @zero_tile() attributes {t = #resnet.tile<tiles = [0, 4]>} {
  return
}

// -----

// expected-error@+1 {{interchange must be a permutation of the 2 tile loops}}
func.func @bad_interchange() attributes {t = #resnet.tile<tiles = [1, 4], interchange = [0, 0]>} {
  return
}

// -----

// expected-error@+1 {{winograd must be 0 (direct), 2 or 4, got 3}}
func.func @bad_winograd() attributes {t = #resnet.tile<tiles = [1, 3, 3, 16], winograd = 3>} {
  return
}

// -----

// expected-error@+1 {{a Winograd layer's tiles must be [1, 4, 4, lanes]}}
func.func @winograd_tiles() attributes {t = #resnet.tile<tiles = [1, 1, 8, 32], winograd = 4>} {
  return
}

// -----

// A grouped Winograd layer's tiles are whole tiles of one group.
// expected-error@+1 {{a Winograd layer's tiles must be [1, 2, 2, lanes] or, grouped, [1, 2, 2 * T, (1,) lanes]}}
func.func @grouped_winograd_tiles() attributes {t = #resnet.tile<tiles = [1, 2, 14, 2, 16], winograd = 2>} {
  return
}

// -----

// expected-error@+1 {{a Winograd layer's tiles must be [1, 2, 2, lanes] or, grouped, [1, 2, 2 * T, (1,) lanes]}}
func.func @grouped_winograd_columns() attributes {t = #resnet.tile<tiles = [1, 2, 7, 1, 16], winograd = 2>} {
  return
}

// -----

// expected-error@+1 {{runtime_filter applies to Winograd layers only}}
func.func @runtime_filter_direct() attributes {t = #resnet.tile<tiles = [1, 1, 8, 32], runtime_filter = true>} {
  return
}

// -----

// Blocks on the threads need blocks (a row_block) and threads.
// expected-error@+1 {{parallel_blocks applies to the blocks (row_block) of a parallel Winograd layer only}}
func.func @parallel_blocks_without_blocks() attributes {t = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, parallel_blocks = true>} {
  return
}

// -----

// expected-error@+1 {{parallel_blocks applies to the blocks (row_block) of a parallel Winograd layer only}}
func.func @parallel_blocks_one_thread() attributes {t = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel_blocks = true>} {
  return
}

// -----

// expected-error@+2 {{expected 'true' or 'false'}}
// expected-error@+1 {{failed to parse ResNet_TileAttr parameter 'parallel' which is to be a `bool`}}
func.func @bad_bool() attributes {t = #resnet.tile<parallel = 1>} {
  return
}

// -----

// Spread prefetches are a form of prefetching the weights, of the next
// channel tile (no row blocks).
// expected-error@+1 {{prefetch_spread applies to a layer without row blocks that prefetches its weights}}
func.func @spread_without_prefetch() attributes {t = #resnet.tile<tiles = [1, 1, 7, 32], prefetch_spread = true>} {
  return
}

// -----

// expected-error@+1 {{prefetch_spread applies to a layer without row blocks that prefetches its weights}}
func.func @spread_row_blocks() attributes {t = #resnet.tile<tiles = [1, 7, 7, 32], row_block = 256, prefetch_weights = true, prefetch_spread = true>} {
  return
}

// -----

// The next tile's input is prefetched by a direct layer's reduction loop:
// a Winograd layer or a row-blocked one has none that reads it.
// expected-error@+1 {{prefetch_input applies to a direct layer without row blocks}}
func.func @prefetch_input_winograd() attributes {t = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, prefetch_input = true>} {
  return
}

// -----

// expected-error@+1 {{prefetch_input applies to a direct layer without row blocks}}
func.func @prefetch_input_row_block() attributes {t = #resnet.tile<tiles = [1, 7, 7, 32], row_block = 64, prefetch_input = true>} {
  return
}

// -----

// Register tiles inside a tile's columns are a row-blocked layer's.
// expected-error@+1 {{register_rows applies to a row-blocked NHWC layer, fewer than its tile's columns}}
func.func @register_rows_without_row_block() attributes {t = #resnet.tile<tiles = [1, 7, 7, 32], register_rows = 4>} {
  return
}

// -----

// expected-error@+1 {{register_rows applies to a row-blocked NHWC layer, fewer than its tile's columns}}
func.func @register_rows_not_fewer() attributes {t = #resnet.tile<tiles = [1, 7, 7, 32], row_block = 64, register_rows = 7>} {
  return
}

// -----

// expected-error@+1 {{register_rows must be non-negative}}
func.func @register_rows_negative() attributes {t = #resnet.tile<tiles = [1, 7, 7, 32], row_block = 64, register_rows = -1>} {
  return
}

// -----

// With register tiles inside it, the tile spans all the columns.
func.func @register_rows_partial_width() -> tensor<1x7x9x64xf32> {
  // expected-error@+1 {{#resnet.tile with register_rows spans the whole dimension 2 (9), not 6}}
  %0 = tensor.empty() {resnet.tile = #resnet.tile<tiles = [1, 7, 6, 32], row_block = 64, register_rows = 3>} : tensor<1x7x9x64xf32>
  return %0 : tensor<1x7x9x64xf32>
}

// -----

// expected-error@+1 {{filter_block must be non-negative}}
func.func @filter_block_negative() attributes {t = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, runtime_filter = true, filter_block = -16>} {
  return
}

// -----

// Blocks of filters transform U at run time ...
// expected-error@+1 {{filter_block applies to a Winograd layer whose filter is transformed at run time, in one block of tiles, a multiple of its lanes}}
func.func @filter_block_stored() attributes {t = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, filter_block = 32>} {
  return
}

// -----

// ... in one block of tiles (V and M whole) ...
// expected-error@+1 {{filter_block applies to a Winograd layer whose filter is transformed at run time, in one block of tiles, a multiple of its lanes}}
func.func @filter_block_row_block() attributes {t = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 3, winograd = 2, runtime_filter = true, filter_block = 32>} {
  return
}

// -----

// ... whole vectors of filters.
// expected-error@+1 {{filter_block applies to a Winograd layer whose filter is transformed at run time, in one block of tiles, a multiple of its lanes}}
func.func @filter_block_lanes() attributes {t = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, runtime_filter = true, filter_block = 24>} {
  return
}
