// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles="target=x86-64-v4 l2-bytes=1048576" %s -split-input-file | FileCheck %s --check-prefix=L2M

// When --resnet-select-tiles asks the reduction loops to prefetch the next
// weight block (x86-64-v4: 2 MiB L2, a quarter of it for weights; memory
// streams 8 B a cycle). The first register-tile sweep over a block waits
// for it from memory; prefetching every line in every sweep pays where that
// wait is at least a tenth of the block's sweeps, one line per reduction
// step spread over the sweeps (prefetch_spread) where it is at least 2.5 %
// and the sweeps are enough to carry the block (one per weight line a step
// loads: 8 channels x 2 vectors).

// 1x1 2048 -> 512 on 7x7 (ResNet-50's last stage): 4 MiB of weights, row
// blocks of 256 channels (32 KiB) swept by 7 rows: the first sweep's wait
// (4096 - 1792 cycles) is 18 % of the block's 7 x 1792.
// CHECK-LABEL: func.func @late_1x1
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32], {{.*}}row_block = 256, {{.*}}prefetch_weights = true>
func.func @late_1x1(%x: tensor<1x7x7x2048xf32>, %w: tensor<1x1x2048x512xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x2048xf32>, tensor<1x1x2048x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %c : tensor<1x7x7x512xf32>
}

// -----

// The same layer at batch 8: 56 sweeps per block hide the first one's wait
// (4 %): no prefetch.
// CHECK-LABEL: func.func @late_1x1_batch8
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32],
// CHECK-NOT: prefetch_weights
// CHECK: return
func.func @late_1x1_batch8(%x: tensor<8x7x7x2048xf32>, %w: tensor<1x1x2048x512xf32>) -> tensor<8x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x7x7x512xf32>) -> tensor<8x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<8x7x7x2048xf32>, tensor<1x1x2048x512xf32>) outs(%f : tensor<8x7x7x512xf32>) -> tensor<8x7x7x512xf32>
  return %c : tensor<8x7x7x512xf32>
}

// -----

// 1x1 1024 -> 256 on 14x14: 1 MiB of weights streamed per 32-channel tile
// (128 KiB) by 28 sweeps: the wait (16384 - 7168 cycles) is 4.6 % of them:
// spread.
// CHECK-LABEL: func.func @stage3_1x1
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], {{.*}}interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true, prefetch_spread = true>
func.func @stage3_1x1(%x: tensor<1x14x14x1024xf32>, %w: tensor<1x1x1024x256xf32>) -> tensor<1x14x14x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x14x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x14x14x1024xf32>, tensor<1x1x1024x256xf32>) outs(%f : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  return %c : tensor<1x14x14x256xf32>
}

// -----

// A 3x3 512 -> 512 on 7x7 (9 MiB): row blocks of 32 channels (36 KiB)
// swept by 7 rows: prefetch.
// CHECK-LABEL: func.func @late_3x3
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 7, 7, 32], {{.*}}row_block = 32, {{.*}}prefetch_weights = true>
func.func @late_3x3(%x: tensor<1x9x9x512xf32>, %w: tensor<3x3x512x512xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x512xf32>, tensor<3x3x512x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %c : tensor<1x7x7x512xf32>
}

// -----

// A classifier at batch 1 (2048 -> 1000, 8 MB): one sweep per channel
// tile, all of it waiting for memory: prefetch.
// CHECK-LABEL: func.func @classifier
// CHECK: resnet.tile = #resnet.tile<{{.*}}prefetch_weights = true>
func.func @classifier(%x: tensor<1x2048xf32>, %w: tensor<2048x1000xf32>) -> tensor<1x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  %c = linalg.matmul ins(%x, %w : tensor<1x2048xf32>, tensor<2048x1000xf32>) outs(%f : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %c : tensor<1x1000xf32>
}

// -----

// The same conv on 14x7: 14 sweeps, fewer than the 16 lines a reduction
// step loads, cannot carry the next tile one line a step: no prefetch (the
// wait, 9 % of them, is under the tenth that prefetching every line needs).
// CHECK-LABEL: func.func @few_sweeps
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
// CHECK-NOT: prefetch
// CHECK: return
func.func @few_sweeps(%x: tensor<1x14x7x1024xf32>, %w: tensor<1x1x1024x256xf32>) -> tensor<1x14x7x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x7x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x7x256xf32>) -> tensor<1x14x7x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x14x7x1024xf32>, tensor<1x1x1024x256xf32>) outs(%f : tensor<1x14x7x256xf32>) -> tensor<1x14x7x256xf32>
  return %c : tensor<1x14x7x256xf32>
}

// -----

// 1x1 512 -> 512 on 28x28 (ResNeXt's second stage): 1 MiB of weights, in
// tiles of 7 columns x two vectors, 64 KiB per channel tile swept 112
// times: the first sweep's wait is about 1.1 % of them, no prefetch.
// CHECK-LABEL: func.func @many_sweeps
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
// CHECK-NOT: prefetch
// CHECK: return
func.func @many_sweeps(%x: tensor<1x28x28x512xf32>, %w: tensor<1x1x512x512xf32>) -> tensor<1x28x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x28x28x512xf32>, tensor<1x1x512x512xf32>) outs(%f : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  return %c : tensor<1x28x28x512xf32>
}

// -----

// The next spatial tile's input is prefetched (prefetch_input) by a layer
// that sweeps spatial tiles outermost (its weights stay in cache) when its
// input is more than twice L2 (2 MiB here): 1x1 256 -> 64 on 56x56 at batch
// 2 reads 6 MiB.
// CHECK-LABEL: func.func @input_beyond_l2
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8], parallel = true, prefetch_input = true>
func.func @input_beyond_l2(%x: tensor<2x56x56x256xf32>, %w: tensor<1x1x256x64xf32>) -> tensor<2x56x56x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x56x56x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x56x56x64xf32>) -> tensor<2x56x56x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<2x56x56x256xf32>, tensor<1x1x256x64xf32>) outs(%f : tensor<2x56x56x64xf32>) -> tensor<2x56x56x64xf32>
  return %c : tensor<2x56x56x64xf32>
}

// -----

// Not where most of the input may be in L2 (the same conv at batch 1: 3
// MiB, of which the previous layer's last 2 MiB may be), nor for a stem
// whose pixels are 3 channels (12 bytes: a prefetch per pixel costs more
// than the wait it hides), nor where the channel tiles are outermost and
// the conv is not strided (1x1 1024 -> 512 on 14x14 at batch 8: 2 MiB of
// weights; its input is re-read per channel tile in forward runs the
// hardware prefetchers follow).
// CHECK-LABEL: func.func @input_in_l2
// CHECK-NOT: prefetch_input
// CHECK-LABEL: func.func @stem
// CHECK-NOT: prefetch_input
// CHECK-LABEL: func.func @channels_outermost
// CHECK: interchange = [3, 0, 1, 2]
// CHECK-NOT: prefetch_input
// CHECK: return
func.func @input_in_l2(%x: tensor<1x56x56x256xf32>, %w: tensor<1x1x256x64xf32>) -> tensor<1x56x56x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x56x56x256xf32>, tensor<1x1x256x64xf32>) outs(%f : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  return %c : tensor<1x56x56x64xf32>
}
func.func @stem(%x: tensor<8x230x230x3xf32>, %w: tensor<7x7x3x64xf32>) -> tensor<8x112x112x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x112x112x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x112x112x64xf32>) -> tensor<8x112x112x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<8x230x230x3xf32>, tensor<7x7x3x64xf32>) outs(%f : tensor<8x112x112x64xf32>) -> tensor<8x112x112x64xf32>
  return %c : tensor<8x112x112x64xf32>
}
func.func @channels_outermost(%x: tensor<8x14x14x1024xf32>, %w: tensor<1x1x1024x512xf32>) -> tensor<8x14x14x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x14x14x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x14x14x512xf32>) -> tensor<8x14x14x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<8x14x14x1024xf32>, tensor<1x1x1024x512xf32>) outs(%f : tensor<8x14x14x512xf32>) -> tensor<8x14x14x512xf32>
  return %c : tensor<8x14x14x512xf32>
}

// -----

// A strided conv whose channel tiles are outermost prefetches when what
// each sweep reads is more than four L2s: a 3x3 stride-2 256 -> 256 at
// 28x28 and batch 8 (2.25 MiB of weights; it reads all of its 25 MiB
// input); not the 1x1 stride-2 512 -> 1024 of ResNet-50's third stage
// (3 MiB a sweep, a quarter of its input).
// CHECK-LABEL: func.func @strided_sweeps
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2], parallel = true, prefetch_input = true>
// CHECK-LABEL: func.func @strided_small_sweeps
// CHECK: interchange = [3, 0, 1, 2]
// CHECK-NOT: prefetch_input
// CHECK: return
func.func @strided_sweeps(%x: tensor<8x57x57x256xf32>, %w: tensor<3x3x256x256xf32>) -> tensor<8x28x28x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x28x28x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x28x28x256xf32>) -> tensor<8x28x28x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<8x57x57x256xf32>, tensor<3x3x256x256xf32>) outs(%f : tensor<8x28x28x256xf32>) -> tensor<8x28x28x256xf32>
  return %c : tensor<8x28x28x256xf32>
}
func.func @strided_small_sweeps(%x: tensor<8x28x28x512xf32>, %w: tensor<1x1x512x1024xf32>) -> tensor<8x14x14x1024xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x14x14x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x14x14x1024xf32>) -> tensor<8x14x14x1024xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<8x28x28x512xf32>, tensor<1x1x512x1024xf32>) outs(%f : tensor<8x14x14x1024xf32>) -> tensor<8x14x14x1024xf32>
  return %c : tensor<8x14x14x1024xf32>
}

// -----

// A conv that takes the loop order of the conv chained onto it chooses its
// input prefetch again for that order: the expand 128 -> 512 (256 KiB of
// weights, 6 MiB of input: rows outermost with the prefetch on its own)
// under a stride-2 projection 1024 -> 512 (2 MiB, channels outermost,
// 49 MiB a sweep: prefetched) sweeps the image per channel tile, stride 1:
// no prefetch.
// CHECK-LABEL: func.func @chained
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], parallel = true>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2], parallel = true, prefetch_input = true>
func.func @chained(%y: tensor<16x28x28x128xf32>, %we: tensor<1x1x128x512xf32>, %x: tensor<16x56x56x1024xf32>, %wp: tensor<1x1x1024x512xf32>) -> tensor<16x28x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x28x28x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x28x28x512xf32>) -> tensor<16x28x28x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%y, %we : tensor<16x28x28x128xf32>, tensor<1x1x128x512xf32>) outs(%f : tensor<16x28x28x512xf32>) -> tensor<16x28x28x512xf32>
  %p = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %wp : tensor<16x56x56x1024xf32>, tensor<1x1x1024x512xf32>) outs(%c : tensor<16x28x28x512xf32>) -> tensor<16x28x28x512xf32>
  return %p : tensor<16x28x28x512xf32>
}

// -----

// A Winograd product (the batch matmul of the transformed input V by the
// stored filter U, [alpha^2, C, F]) reads each point's channel block once,
// from memory, swept by that point's row tiles only: ResNet-50's 14x14
// 256 -> 256 layer at batch 1 (U 4 MiB, 49 tiles: 7 sweeps of 7 x 2
// vectors) prefetches the next block spread over the sweeps (see
// prefetch-weights.mlir @product_spread). Not a filter of at most half of L2
// (the 56x56 64 -> 64 layer's 256 KiB: it stays in L2 across the blocks
// the layer runs in), nor one transformed at run time (not a constant).
// CHECK-LABEL: func.func @product_stored_filter
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 7, 32], reduction = [0, 0, 0, 8], interchange = [0, 2, 1], parallel = true, prefetch_weights = true, prefetch_spread = true>
// CHECK-LABEL: func.func @product_small_filter
// CHECK-NOT: prefetch_weights
// CHECK-LABEL: func.func @product_runtime_filter
// CHECK-NOT: prefetch_weights
// CHECK: return
func.func @product_stored_filter(%v: tensor<16x49x256xf32>) -> tensor<16x49x256xf32> {
  %u = arith.constant dense<1.0> : tensor<16x256x256xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x49x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x49x256xf32>) -> tensor<16x49x256xf32>
  %m = linalg.batch_matmul ins(%v, %u : tensor<16x49x256xf32>, tensor<16x256x256xf32>) outs(%f : tensor<16x49x256xf32>) -> tensor<16x49x256xf32>
  return %m : tensor<16x49x256xf32>
}
func.func @product_small_filter(%v: tensor<16x56x64xf32>) -> tensor<16x56x64xf32> {
  %u = arith.constant dense<1.0> : tensor<16x64x64xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x56x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x56x64xf32>) -> tensor<16x56x64xf32>
  %m = linalg.batch_matmul ins(%v, %u : tensor<16x56x64xf32>, tensor<16x64x64xf32>) outs(%f : tensor<16x56x64xf32>) -> tensor<16x56x64xf32>
  return %m : tensor<16x56x64xf32>
}
func.func @product_runtime_filter(%v: tensor<16x49x256xf32>, %u: tensor<16x256x256xf32>) -> tensor<16x49x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x49x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x49x256xf32>) -> tensor<16x49x256xf32>
  %m = linalg.batch_matmul ins(%v, %u : tensor<16x49x256xf32>, tensor<16x256x256xf32>) outs(%f : tensor<16x49x256xf32>) -> tensor<16x49x256xf32>
  return %m : tensor<16x49x256xf32>
}

// -----

// ResNet-50's 28x28 128 -> 128 Winograd product at batch 1: U of 1 MiB,
// 196 tiles (25 sweeps of 8 x 2 vectors a block), the first sweep's wait
// a few per cent: on a core with 1 MiB of L2 (U beyond half of it) the
// next block spread over the sweeps; with 2 MiB, U stays in L2. (The
// register tile takes every accumulator: 4 channels a step.)
// CHECK-LABEL: func.func @product_few_per_cent
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 8, 32], reduction = [0, 0, 0, 4], interchange = [0, 2, 1], parallel = true>
// L2M-LABEL: func.func @product_few_per_cent
// L2M: resnet.tile = #resnet.tile<tiles = [1, 8, 32], reduction = [0, 0, 0, 4], interchange = [0, 2, 1], parallel = true, prefetch_weights = true, prefetch_spread = true>
func.func @product_few_per_cent(%v: tensor<16x196x128xf32>) -> tensor<16x196x128xf32> {
  %u = arith.constant dense<1.0> : tensor<16x128x128xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x196x128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x196x128xf32>) -> tensor<16x196x128xf32>
  %m = linalg.batch_matmul ins(%v, %u : tensor<16x196x128xf32>, tensor<16x128x128xf32>) outs(%f : tensor<16x196x128xf32>) -> tensor<16x196x128xf32>
  return %m : tensor<16x196x128xf32>
}
