// RUN: resnet-opt --resnet-select-winograd="emit-remarks runtime-bytes=0 memory-budget=8.0" %s 2>&1 | FileCheck %s --check-prefix=B8
// RUN: resnet-opt --resnet-select-winograd="runtime-bytes=0 memory-budget=10.0" %s | FileCheck %s --check-prefix=B10
// RUN: resnet-opt --resnet-select-winograd="runtime-bytes=0 memory-budget=13.0" %s | FileCheck %s --check-prefix=B13
// RUN: resnet-opt --resnet-select-winograd="runtime-bytes=0 memory-budget=17.8" %s | FileCheck %s --check-prefix=B17
// RUN: resnet-opt --resnet-select-winograd="emit-remarks runtime-bytes=0 memory-budget=17.8 filter=stored" %s 2>&1 | FileCheck %s --check-prefix=STORED
// RUN: resnet-opt --resnet-select-winograd="runtime-bytes=0 memory-budget=19.0" %s | FileCheck %s --check-prefix=B19
// RUN: resnet-opt --resnet-select-winograd="runtime-bytes=0 memory-budget=40.0" %s | FileCheck %s --check-prefix=B40
// RUN: resnet-opt --resnet-select-winograd="memory-budget=0" %s | FileCheck %s --check-prefix=B0
// RUN: resnet-opt --resnet-select-winograd="memory-budget=0 block-rows=3 filter=run-time" %s | FileCheck %s --check-prefix=FORCED

// The budget bounds what the executable keeps resident, per image: the
// weights, the transformed filters stored for some convs (F(2x2) adds 7/9
// of a filter's bytes), and the activation arena, estimated by liveness
// over the function (buffers from their first write to their last read;
// the arguments and results live outside it). A Winograd conv holds in
// the arena, next to the buffers live across it, its V and M (64 KiB per
// row of 16 tiles here, 1 MiB for the whole 32x32 map) and, when its
// filter U is transformed at each run, U (64 KiB). Its three phases may
// run per block of tile rows (`row_block`, at least 2 rows, 32 tiles,
// here) so that V and M hold one block: on the threads (`parallel_blocks`,
// each of the target's 2 cores on a V and M of its own) where that fits,
// else one block after the other.
//
// @blocks: one 3x3 conv 32 -> 32 on 32x32, weights 36 KiB; the padded
// input (144.5 KiB) is the only arena buffer. At 8x the weights (252 KiB
// of growth) not even 2 rows fit: direct, with a remark. At 10x (324 KiB)
// blocks of 2 rows one after the other do (144.5 + 128 KiB with the stored
// filter's 28 KiB), at 13x (432 KiB) blocks of 2 rows on each core
// (144.5 + 2 x 128 KiB), and at 17.8x, where blocks of 3 rows would fit
// too, still 2 (8 blocks, 4 a core, keep the busier core for 8 of the 16
// tile rows; 6 blocks of 3 for 9); at 40x
// and without a limit the whole map is one block (its V and M fit half
// the target's 2 MiB L2).
// (At 8x the batch's conv stays direct too; @runtime's does not, below.)
// B8-COUNT-2: remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget, also when transformed at run time
// B8-LABEL: func.func @blocks(
// B8-NOT: resnet.tile
// B8-LABEL: func.func @blocks_batch
// B8-NOT: resnet.tile
// B8-LABEL: func.func @runtime
// B10-LABEL: func.func @blocks
// B10: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true>
// B13-LABEL: func.func @blocks
// B13: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true, parallel_blocks = true>
// B17-LABEL: func.func @blocks
// B17: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true, parallel_blocks = true>
// B40-LABEL: func.func @blocks
// B40: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>
// B0-LABEL: func.func @blocks
// B0: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>
// The explicit choices: blocks of 3 rows, U at run time.
// FORCED-LABEL: func.func @blocks
// FORCED: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 3, winograd = 2, parallel = true, runtime_filter = true, parallel_blocks = true>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @blocks(%x: tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<1.0> : tensor<3x3x32x32xf32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x32x32x32xf32> to tensor<1x34x34x32xf32>
  %e = tensor.empty() : tensor<1x32x32x32xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<1x34x34x32xf32>, tensor<3x3x32x32xf32>) outs(%a : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  return %y : tensor<1x32x32x32xf32>
}

// The same conv at batch 4: activations count per image (a batch
// multiplies them whatever the schedule), so at 40x the batch gets its
// one-image choice, one block, although the batch's V and M (4 MiB)
// alone exceed the budget. Without a limit, the threads take an image
// each: one image's V and M (1 MiB) is the most half the L2 holds.
// B40-LABEL: func.func @blocks_batch
// B40: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>
// B0-LABEL: func.func @blocks_batch
// B0: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 16, winograd = 2, parallel = true, parallel_blocks = true>
func.func @blocks_batch(%x: tensor<4x32x32x32xf32>) -> tensor<4x32x32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<1.0> : tensor<3x3x32x32xf32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<4x32x32x32xf32> to tensor<4x34x34x32xf32>
  %e = tensor.empty() : tensor<4x32x32x32xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<4x32x32x32xf32>) -> tensor<4x32x32x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<4x34x34x32xf32>, tensor<3x3x32x32xf32>) outs(%a : tensor<4x32x32x32xf32>) -> tensor<4x32x32x32xf32>
  return %y : tensor<4x32x32x32xf32>
}

// @runtime: a 64x64 ReLU output (512 KiB) read by a 1x1 stride-2 conv is
// the arena's peak (656.5 KiB with the conv's 32x32 output padded in place);
// it is dead when the 3x3 conv runs (144.5 KiB live). Weights 40 KiB. At
// 17.8x (672 KiB of growth) the arena alone leaves less than the stored
// filter's 28 KiB: U is transformed at each run instead (it costs ~3,200
// cycles against ~164,000 saved), 64 KiB that fit under the peak with
// blocks of 2 rows on each core (144.5 + 64 + 2 x 128 KiB; of the blocks
// that fit, 8 of 2 of the 16 tile rows keep the busier core for 8 rows,
// 6 of 3 for 9). With stored
// filters only, the conv stays direct. At 19x the stored filter fits,
// with blocks of 4 rows. At 8x (252 KiB) the peak alone exceeds the
// budget: the budget bounds what Winograd adds, so the conv may still use
// the arena the model needs without it, up to the peak, and takes the
// same choice as at 17.8x (U at run time, under the peak), not a stored
// filter (which would grow the executable).
// B8: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true, runtime_filter = true, parallel_blocks = true>
// B8-NOT: resnet.tile
// B17-LABEL: func.func @runtime
// B17: linalg.conv_2d_nhwc_hwcf
// B17-NOT: resnet.tile
// B17: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true, runtime_filter = true, parallel_blocks = true>
// STORED: winograd-budget.mlir:[[# @LINE + 27]]:{{.*}}remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget{{$}}
// STORED-NOT: runtime_filter
// B19-LABEL: func.func @runtime
// B19: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 4, winograd = 2, parallel = true, parallel_blocks = true>
// B40-LABEL: func.func @runtime
// B40: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>
// B0-LABEL: func.func @runtime
// B0: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>
func.func @runtime(%x: tensor<1x64x64x32xf32>) -> tensor<1x32x32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<1.0> : tensor<1x1x32x32xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x32x32xf32>
  %e0 = tensor.empty() : tensor<1x64x64x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x64x64x32xf32>) outs(%e0 : tensor<1x64x64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x64x64x32xf32>
  %e = tensor.empty() : tensor<1x32x32x32xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%r, %w1 : tensor<1x64x64x32xf32>, tensor<1x1x32x32xf32>) outs(%a : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x32x32x32xf32> to tensor<1x34x34x32xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w2 : tensor<1x34x34x32xf32>, tensor<3x3x32x32xf32>) outs(%a2 : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  return %y : tensor<1x32x32x32xf32>
}
