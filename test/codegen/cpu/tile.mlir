// RUN: resnet-opt --resnet-select-tiles=l2-bytes=0 --resnet-tile --resnet-vectorize %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles="vector-width=8 l2-bytes=0" --resnet-tile --resnet-vectorize %s -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=AVX2
// RUN: resnet-opt --resnet-select-tiles --resnet-tile --resnet-vectorize %s -split-input-file | FileCheck %s --check-prefix=ORDER

// --resnet-select-tiles (x86-64-v4: 16 lanes, 32 registers, 48 KiB L1,
// 2 MiB L2) chooses each layer's #resnet.tile; --resnet-tile and
// --resnet-vectorize apply it. Each layer becomes one scf.forall over
// output tiles (channels outermost with l2-bytes=0; by default only for
// weights over a quarter of L2, 512 KiB, ORDER)
// whose reductions are scf.for loops carrying the accumulators as vectors:
// no linalg op is left in a tiled layer, no tensor round trip for the
// accumulators, the epilogue (bias, residual, ReLU) runs on them in the
// same loop nest. Layers under 2^20 multiply-adds are marked
// parallel = false (one thread) unless their weights stream from memory
// (select-tiles-threads.mlir).

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv3x3_epilogue
// CHECK-NOT: linalg.
// CHECK: scf.forall (%[[F:.*]], %[[OH:.*]], %[[OW:.*]]) = (0, 0, 0) to (64, 56, 56) step (32, 1, 8)
// Each filter tap's 64 channels are summed into fresh accumulators, then
// added to the running sum (accumulator-block, see accumulator-block.mlir).
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<1x1x8x32xf32>)
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<1x1x8x32xf32>)
// CHECK: scf.for {{.*}} step %c8 iter_args({{.*}}) -> (vector<1x8x32xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<1x58x58x64xf32>, vector<8x8xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<3x3x64x64xf32>, vector<8x32xf32>
// CHECK: vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK: arith.addf {{.*}} : vector<8x32xf32>
// CHECK: arith.addf {{.*}} : vector<8x32xf32>
// CHECK: arith.maximumf {{.*}} : vector<8x32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<1x1x8x32xf32>
// CHECK: tensor.parallel_insert_slice
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], fused_epilogue = true, parallel = true>
// CHECK-NOT: linalg.
// Weights of 144 KiB stay in cache: the channel blocks are innermost and
// the input tile is reused across them.
// ORDER-LABEL: func.func @conv3x3_epilogue
// ORDER: scf.forall ({{.*}}) = (0, 0, 0) to (56, 56, 64) step (1, 8, 32)
// AVX2-LABEL: func.func @conv3x3_epilogue
// AVX2: scf.forall ({{.*}}) = (0, 0, 0) to (64, 56, 56) step (16, 1, 4)
// AVX2: vector.contract {{.*}} : vector<4x8xf32>, vector<8x16xf32> into vector<4x16xf32>
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], fused_epilogue = true, parallel = true>
func.func @conv3x3_epilogue(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>, %b: tensor<64xf32>, %r: tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%f : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %y = linalg.generic {indexing_maps = [#id, #ch, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %b, %r : tensor<1x56x56x64xf32>, tensor<64xf32>, tensor<1x56x56x64xf32>) outs(%e : tensor<1x56x56x64xf32>) {
  ^bb0(%in: f32, %bias: f32, %res: f32, %out: f32):
    %0 = arith.addf %in, %bias : f32
    %1 = arith.addf %0, %res : f32
    %2 = arith.maximumf %1, %zero : f32
    linalg.yield %2 : f32
  } -> tensor<1x56x56x64xf32>
  return %y : tensor<1x56x56x64xf32>
}

// -----

// 1x1, stride 2 (the strided 1-D conv: one contraction per output column),
// 7 columns per tile: 7 divides 7, 8 does not. A strided conv's reduction
// steps over 4 input channels, not 8 (with 8 its kernels spill). With
// l2-bytes=0 its sweeps read beyond L2: it prefetches the next tile's input.
// CHECK-LABEL: func.func @conv1x1_stride2
// CHECK-NOT: linalg.
// CHECK: scf.forall ({{.*}}) = (0, 0) to (64, 7) step (32, 1)
// CHECK: scf.for {{.*}} to %c16 step %c4 iter_args({{.*}}) -> (vector<1x7x32xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<1x13x13x16xf32>, vector<13x4xf32>
// CHECK-COUNT-7: vector.contract {{.*}} : vector<4xf32>, vector<4x32xf32> into vector<32xf32>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2], prefetch_input = true>
// CHECK-NOT: linalg.
// With 8 lanes (12 accumulators), 4 columns x two vectors, the last 3
// columns peeled, beat 7 columns x one vector and 1 column x two vectors.
// AVX2-LABEL: func.func @conv1x1_stride2
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16],
func.func @conv1x1_stride2(%x: tensor<1x13x13x16xf32>, %w: tensor<1x1x16x64xf32>) -> tensor<1x7x7x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x13x13x16xf32>, tensor<1x1x16x64xf32>) outs(%f : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  return %c : tensor<1x7x7x64xf32>
}

// -----

// The stem: 7x7 stride 2 over 3 channels, 16 output channels (one AVX-512
// vector). The channels are a loop of single-channel steps, not one step
// of 3: LLVM would merge two of the three broadcast loads into one load
// and register shuffles.
// CHECK-LABEL: func.func @stem
// CHECK-NOT: linalg.
// CHECK: scf.forall ({{.*}}) in (8)
// Each row of taps (7 x 3 terms) is summed into fresh accumulators.
// CHECK: scf.for {{.*}} to %c7 step %c1 iter_args({{.*}}) -> (vector<1x1x8x16xf32>)
// CHECK: scf.for {{.*}} to %c7 step %c1 iter_args({{.*}}) -> (vector<1x8x16xf32>)
// CHECK: scf.for {{.*}} to %c3 step %c1 iter_args({{.*}}) -> (vector<1x8x16xf32>)
// CHECK-COUNT-8: vector.contract {{.*}} : vector<1xf32>, vector<1x16xf32> into vector<16xf32>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 16], reduction = [0, 0, 0, 0, 1, 1, 1], interchange = [3, 0, 1, 2]>
// CHECK-NOT: linalg.
func.func @stem(%x: tensor<1x21x21x3xf32>, %w: tensor<7x7x3x16xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x21x21x3xf32>, tensor<7x7x3x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// Odd sizes and batch 2: OW=13 (prime) is one tile of 13 columns, F=10 one
// vector of 10, C=5 five single-channel steps (no multiple of 4 divides
// it); tiles never leave a remainder (a partial tile would not vectorize).
// CHECK-LABEL: func.func @odd
// CHECK-NOT: linalg.
// CHECK: scf.forall ({{.*}}) in (2, 13)
// CHECK: scf.for {{.*}} to %c5 step %c1
// CHECK: vector.contract {{.*}} : vector<13x1xf32>, vector<1x10xf32> into vector<13x10xf32>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 13, 10], reduction = [0, 0, 0, 0, 1, 1, 1], interchange = [3, 0, 1, 2]>
// CHECK-NOT: linalg.
func.func @odd(%x: tensor<2x15x15x5xf32>, %w: tensor<3x3x5x10xf32>) -> tensor<2x13x13x10xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x13x13x10xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x13x13x10xf32>) -> tensor<2x13x13x10xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<2x15x15x5xf32>, tensor<3x3x5x10xf32>) outs(%f : tensor<2x13x13x10xf32>) -> tensor<2x13x13x10xf32>
  return %c : tensor<2x13x13x10xf32>
}

// -----

// Max pool 3x3 stride 2: one output pixel a tile, its 64 channels whole
// (256 bytes: each window row a run of consecutive lines); window rows in
// an scf.for, each row's three pixels as vector maxima.
// CHECK-LABEL: func.func @maxpool
// CHECK-NOT: linalg.
// CHECK: scf.forall ({{.*}}) in (8, 8)
// CHECK: scf.for {{.*}} to %c3 step %c1 iter_args({{.*}}) -> (vector<1x1x64xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<1x18x18x64xf32>, vector<3x64xf32>
// CHECK-COUNT-3: arith.maximumf {{.*}} : vector<64xf32>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 1, 64], reduction = [0, 0, 0, 0, 1, 0]>
// CHECK-NOT: linalg.
func.func @maxpool(%x: tensor<1x18x18x64xf32>) -> tensor<1x8x8x64xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %win = tensor.empty() : tensor<3x3xf32>
  %e = tensor.empty() : tensor<1x8x8x64xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %win : tensor<1x18x18x64xf32>, tensor<3x3xf32>) outs(%f : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  return %p : tensor<1x8x8x64xf32>
}

// -----

// The classifier: 1000 columns, no divisor of whole vectors (25 would be
// loads of 16 + 8 + 1 lanes): 31 tiles of two vectors, the last 8 columns
// peeled into a layer of their own (one tile: its loop folds away, its
// accumulators still in registers), k in blocks of 64 summed in steps of
// 8, the bias added to the accumulator. Its 2 MB of weights stream from
// memory: on the threads.
// CHECK-LABEL: func.func @matmul
// CHECK-NOT: linalg.
// CHECK: scf.forall ({{.*}}) = (0) to (992) step (32)
// CHECK: scf.for {{.*}} to %c512 step %c64 iter_args({{.*}}) -> (vector<1x32xf32>)
// CHECK: scf.for {{.*}} to %c64 step %c8 iter_args({{.*}}) -> (vector<1x32xf32>)
// CHECK: vector.contract {{.*}} : vector<8xf32>, vector<8x32xf32> into vector<32xf32>
// CHECK: arith.addf {{.*}} : vector<32xf32>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 32], reduction = [0, 0, 8], interchange = [1, 0], fused_epilogue = true, parallel = true>
// CHECK: tensor.insert_slice {{.*}}[0, 0] [1, 992]
// CHECK: scf.for {{.*}} to %c512 step %c64 iter_args({{.*}}) -> (vector<1x8xf32>)
// CHECK: scf.for {{.*}} to %c64 step %c8 iter_args({{.*}}) -> (vector<1x8xf32>)
// CHECK: vector.transfer_read %arg1[{{.*}}, %c992]{{.*}} : tensor<512x1000xf32>, vector<8x8xf32>
// CHECK: vector.contract {{.*}} : vector<8xf32>, vector<8x8xf32> into vector<8xf32>
// CHECK: vector.transfer_read %arg2[%c0, %c992]
// CHECK: arith.addf {{.*}} : vector<8xf32>
// CHECK: tensor.insert_slice {{.*}}[0, 992] [1, 8]
// CHECK-NOT: linalg.
func.func @matmul(%x: tensor<1x512xf32>, %w: tensor<512x1000xf32>, %b: tensor<1x1000xf32>) -> tensor<1x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  %m = linalg.matmul ins(%x, %w : tensor<1x512xf32>, tensor<512x1000xf32>) outs(%f : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%m, %b : tensor<1x1000xf32>, tensor<1x1000xf32>) outs(%e : tensor<1x1000xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %0 = arith.addf %in, %bias : f32
    linalg.yield %0 : f32
  } -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}

// -----

// Grouped convolutions whose weights are not constant are not tiled (the
// vector kernel repacks them at compile time, see grouped-conv.mlir): said
// in a remark, left to the naive loops (correct, slow).
// CHECK-LABEL: func.func @grouped
// CHECK: linalg.conv_2d_nhwgc_gfhwc
// CHECK-NOT: scf.forall
func.func @grouped(%x: tensor<1x6x6x2x4xf32>, %w: tensor<2x4x3x3x4xf32>) -> tensor<1x4x4x2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x2x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x2x4xf32>
  // expected-remark @+1 {{resnet-select-tiles: grouped convolution left untiled (naive loops)}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x2x4xf32>, tensor<2x4x3x3x4xf32>) outs(%f : tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x2x4xf32>
  return %c : tensor<1x4x4x2x4xf32>
}

// -----

// Constant weights are repacked as [F/f, KH, KW, C, f] at compile time: a
// tile reads one contiguous block (f = 32 here, 2 blocks; 3 columns, fewer
// than a four-vector tile's 4 rows). The packed values are checked end to
// end (test/e2e/compile-tiled.test).
// CHECK-LABEL: func.func @packed_weights
// CHECK: %[[P:.*]] = arith.constant dense_resource<conv_packed{{.*}}> : tensor<2x1x1x16x32xf32>
// CHECK: scf.forall (%[[F:[^,]*]], {{.*}}) = (0, 0) to (64, 4) step (32, 1)
// CHECK: %[[B:.*]] = arith.divui %[[F]], %c32 : index
// CHECK: vector.transfer_read %[[P]][%[[B]], %c0, %c0, %{{.*}}, %c0]{{.*}} : tensor<2x1x1x16x32xf32>, vector<8x32xf32>
func.func @packed_weights(%x: tensor<1x4x3x16xf32>) -> tensor<1x4x3x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x16x64xf32>
  %e = tensor.empty() : tensor<1x4x3x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x3x64xf32>) -> tensor<1x4x3x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x3x16xf32>, tensor<1x1x16x64xf32>) outs(%f : tensor<1x4x3x64xf32>) -> tensor<1x4x3x64xf32>
  return %c : tensor<1x4x3x64xf32>
}

// -----

// Row blocking: weights per 32-channel tile (2048 x 32 floats, 256 KiB) do
// not fit in L1. A tile spans the whole 7-row output; its reduction runs in
// blocks of 256 input channels (32 KiB of weights, kept in L1) around the
// rows' register tiles, which accumulate in the layer's output tile; the
// epilogue then runs in place on it. The weights are packed per channel
// tile and, within it, per row block, [512/32, 2048/256, 1, 1, 256, 32]:
// each block one contiguous run, the next block right after it.
// ORDER-LABEL: func.func @row_blocked
// ORDER-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x7x32xf32>
// ORDER-DAG: %[[W:.*]] = arith.constant dense_resource<conv_packed{{.*}}> : tensor<16x8x1x1x256x32xf32>
// ORDER: scf.forall (%[[F:.*]]) = (0) to (512) step (32)
// ORDER: %[[T:.*]] = arith.divui %[[F]], %c32 : index
// ORDER: vector.transfer_write %cst{{.*}} : vector<7x7x32xf32>, tensor<1x7x7x32xf32>
// ORDER: scf.for %[[C:.*]] = {{.*}} to %c2048 step %c256 iter_args({{.*}}) -> (tensor<1x7x7x32xf32>)
// ORDER: %[[B:.*]] = arith.divui %[[C]], %c256 : index
// ORDER: scf.for {{.*}} to %c7 step %c1 iter_args(%[[TILE:.*]] = {{.*}}) -> (tensor<1x7x7x32xf32>)
// The row block is the accumulator block: each row's 256 channels are
// summed into fresh zero accumulators, then added to the output tile's
// running sum (no blocks of 64 within it, whose running sums would spill).
// ORDER: %[[PART:.*]] = scf.for {{.*}} to %c256 step %c8 iter_args({{.*}} = %[[ZERO]]) -> (vector<1x7x32xf32>)
// ORDER: vector.transfer_read %[[W]][%[[T]], %[[B]], %c0, %c0, %{{.*}}, %c0]{{.*}} : tensor<16x8x1x1x256x32xf32>, vector<8x32xf32>
// ORDER: vector.contract {{.*}} : vector<7x8xf32>, vector<8x32xf32> into vector<7x32xf32>
// ORDER: %[[P:.*]] = vector.extract %[[PART]][0]
// ORDER: %[[ACC:.*]] = vector.transfer_read %[[TILE]]
// ORDER: %[[SUM:.*]] = arith.addf %[[ACC]], %[[P]] : vector<7x32xf32>
// ORDER: vector.transfer_write %[[SUM]], %[[TILE]]
// ORDER: arith.maximumf {{.*}} : vector<7x7x32xf32>
// ORDER: #resnet.tile<tiles = [1, 7, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], row_block = 256, fused_epilogue = true, parallel = true, prefetch_weights = true>
// ORDER-NOT: linalg.
// ORDER: return
// Bufferized, the conv accumulates in the output itself: no temporary in
// the loop (the one allocation is the function's result).
// RUN: resnet-opt --resnet-select-tiles --resnet-tile --resnet-vectorize --one-shot-bufferize="bufferize-function-boundaries" -cse -canonicalize %s -split-input-file | FileCheck %s --check-prefix=INPLACE
// INPLACE-LABEL: func.func @row_blocked
// INPLACE: scf.forall
// INPLACE-NOT: memref.alloc
// INPLACE: return
#id7 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @row_blocked(%x: tensor<1x7x7x2048xf32>) -> tensor<1x7x7x512xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x2048x512xf32>
  %e = tensor.empty() : tensor<1x7x7x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x2048xf32>, tensor<1x1x2048x512xf32>) outs(%f : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %e2 = tensor.empty() : tensor<1x7x7x512xf32>
  %y = linalg.generic {indexing_maps = [#id7, #id7], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x7x7x512xf32>) outs(%e2 : tensor<1x7x7x512xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x7x7x512xf32>
  return %y : tensor<1x7x7x512xf32>
}

// -----

// A linear layer's constant [K, N] weights are repacked per 32-column tile,
// [N/32, K, 32]: each tile streams one contiguous block. The peeled last 8
// columns read a constant of their own, [K, 8].
// ORDER-LABEL: func.func @linear_packed
// ORDER-DAG: %[[REST:.*]] = arith.constant dense_resource<weights_part{{.*}}> : tensor<512x8xf32>
// ORDER-DAG: arith.constant dense_resource<conv_packed{{.*}}> : tensor<31x512x32xf32>
// ORDER: scf.forall ({{.*}}) = (0) to (992) step (32)
// ORDER: vector.transfer_read %[[REST]]
// ORDER-NOT: linalg.
// ORDER: return
func.func @linear_packed(%x: tensor<1x512xf32>) -> tensor<1x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<512x1000xf32>
  %e = tensor.empty() : tensor<1x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x512xf32>, tensor<512x1000xf32>) outs(%f : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}

// -----

// `register_rows`: a row-blocked tile spanning the whole width (9 columns)
// cuts each row in register tiles inside the tile, 5 + 4 here: the block
// of weights in L1 serves both before the next block is read. The
// forall runs over the channel tiles alone.
// ORDER-LABEL: func.func @register_rows
// ORDER: scf.forall (%{{.*}}) = (0) to (32) step (16)
// ORDER: scf.for {{.*}} to %c512 step %c256
// ORDER: scf.for {{.*}} to %c5 step %c1
// ORDER: scf.for {{.*}} to %c256 step %c8 {{.*}} -> (vector<1x5x16xf32>)
// ORDER: vector.contract {{.*}} : vector<5x8xf32>, vector<8x16xf32> into vector<5x16xf32>
// ORDER: scf.for {{.*}} to %c256 step %c8 {{.*}} -> (vector<1x4x16xf32>)
// ORDER: vector.contract {{.*}} : vector<4x8xf32>, vector<8x16xf32> into vector<4x16xf32>
// ORDER: #resnet.tile<tiles = [1, 5, 9, 16], {{.*}}register_rows = 5>
func.func @register_rows(%x: tensor<1x5x9x512xf32>) -> tensor<1x5x9x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x512x32xf32>
  %e = tensor.empty() : tensor<1x5x9x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x9x32xf32>) -> tensor<1x5x9x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 5, 9, 16], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], row_block = 256, parallel = true, register_rows = 5>} ins(%x, %w : tensor<1x5x9x512xf32>, tensor<1x1x512x32xf32>) outs(%f : tensor<1x5x9x32xf32>) -> tensor<1x5x9x32xf32>
  return %c : tensor<1x5x9x32xf32>
}

// -----

// Register tiles of one width that divide the row run in a loop over the
// columns (9 = 3 x 3).
// ORDER-LABEL: func.func @register_rows_loop
// ORDER: scf.for {{.*}} to %c5 step %c1
// ORDER: scf.for {{.*}} to %c9 step %c3
// ORDER: scf.for {{.*}} to %c256 step %c8 {{.*}} -> (vector<1x3x16xf32>)
// ORDER-NOT: vector<1x4x16xf32>
// ORDER: return
func.func @register_rows_loop(%x: tensor<1x5x9x512xf32>) -> tensor<1x5x9x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x512x32xf32>
  %e = tensor.empty() : tensor<1x5x9x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x9x32xf32>) -> tensor<1x5x9x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 5, 9, 16], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], row_block = 256, parallel = true, register_rows = 3>} ins(%x, %w : tensor<1x5x9x512xf32>, tensor<1x1x512x32xf32>) outs(%f : tensor<1x5x9x32xf32>) -> tensor<1x5x9x32xf32>
  return %c : tensor<1x5x9x32xf32>
}
