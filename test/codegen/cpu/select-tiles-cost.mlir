// RUN: resnet-opt --resnet-select-tiles %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v3 %s -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: resnet-opt --resnet-select-tiles="target=x86-64-v4 l1-bytes=32768" %s -split-input-file | FileCheck %s --check-prefix=W8

// How --resnet-select-tiles sizes a register tile (x86-64-v4: 16 lanes,
// 16 accumulator registers, 2 FMAs and 2 loads a cycle, 48 KiB 12-way L1;
// x86-64-v3: 8 lanes, 10 accumulators, 32 KiB 8-way L1). One reduction step
// of a rows x vectors tile issues rows x vectors FMAs and rows + vectors
// loads (a broadcast per row, a load per weight vector).

// A 15-wide output: 15 rows x 1 vector issues 16 loads for 15 FMAs (load
// bound); tiles of two vectors and 4 to 8 rows keep the FMAs busy, and of
// those 5 x 3 (3 tiles) wins the tie against 8 + 7 (2 tiles and a peeled
// part, a loop nest of its own, counted as two more).
// CHECK-LABEL: func.func @load_bound
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 5, 32],
func.func @load_bound(%x: tensor<1x17x17x128xf32>, %w: tensor<3x3x128x256xf32>) -> tensor<1x15x15x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x15x15x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x15x15x256xf32>) -> tensor<1x15x15x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x17x17x128xf32>, tensor<3x3x128x256xf32>) outs(%f : tensor<1x15x15x256xf32>) -> tensor<1x15x15x256xf32>
  return %c : tensor<1x15x15x256xf32>
}

// -----

// 1024 input channels: the 15 input pixels of a row are 4 KiB apart, so
// they all map to one L1 set; a 12-way set holds 10 of them next to the
// weights' and outputs' lines: 8 rows (+ 7 peeled) instead of 15 (v4).
// CHECK-LABEL: func.func @set_conflicts
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 16],
func.func @set_conflicts(%x: tensor<1x1x15x1024xf32>, %w: tensor<1x1x1024x16xf32>) -> tensor<1x1x15x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x15x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x15x16xf32>) -> tensor<1x1x15x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x15x1024xf32>, tensor<1x1x1024x16xf32>) outs(%f : tensor<1x1x15x16xf32>) -> tensor<1x1x15x16xf32>
  return %c : tensor<1x1x15x16xf32>
}

// -----

// One AVX2 vector of output channels: on the 8-way L1 of x86-64-v3, 6 rows
// at most (10 accumulators would allow 10): 5, which divides 15.
// AVX2-LABEL: func.func @set_conflicts_avx2
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 1, 5, 8],
func.func @set_conflicts_avx2(%x: tensor<1x1x15x1024xf32>, %w: tensor<1x1x1024x8xf32>) -> tensor<1x1x15x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x15x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x15x8xf32>) -> tensor<1x1x15x8xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x15x1024xf32>, tensor<1x1x1024x8xf32>) outs(%f : tensor<1x1x15x8xf32>) -> tensor<1x1x15x8xf32>
  return %c : tensor<1x1x15x8xf32>
}

// -----

// 1000 input channels: the pixels' lines spread over the sets; no cap.
// CHECK-LABEL: func.func @no_set_conflicts
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 15, 16],
func.func @no_set_conflicts(%x: tensor<1x1x15x1000xf32>, %w: tensor<1x1x1000x16xf32>) -> tensor<1x1x15x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x15x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x15x16xf32>) -> tensor<1x1x15x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x15x1000xf32>, tensor<1x1x1000x16xf32>) outs(%f : tensor<1x1x15x16xf32>) -> tensor<1x1x15x16xf32>
  return %c : tensor<1x1x15x16xf32>
}

// -----

// AVX2-LABEL: func.func @no_set_conflicts_avx2
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 8],
func.func @no_set_conflicts_avx2(%x: tensor<1x1x15x1000xf32>, %w: tensor<1x1x1000x8xf32>) -> tensor<1x1x15x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x15x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x15x8xf32>) -> tensor<1x1x15x8xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x15x1000xf32>, tensor<1x1x1000x8xf32>) outs(%f : tensor<1x1x15x8xf32>) -> tensor<1x1x15x8xf32>
  return %c : tensor<1x1x15x8xf32>
}

// -----

// A stride-2 1x1 conv over 512 channels reads every other pixel: 4 KiB
// apart again.
// CHECK-LABEL: func.func @strided_set_conflicts
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 16],
func.func @strided_set_conflicts(%x: tensor<1x1x29x512xf32>, %w: tensor<1x1x512x16xf32>) -> tensor<1x1x15x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x15x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x15x16xf32>) -> tensor<1x1x15x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x1x29x512xf32>, tensor<1x1x512x16xf32>) outs(%f : tensor<1x1x15x16xf32>) -> tensor<1x1x15x16xf32>
  return %c : tensor<1x1x15x16xf32>
}

// -----

// A row tile that does not divide the width leaves a remainder that is a
// layer of its own, reading the weights once more. Here 17.6 MiB of them
// (a late strided 1x1 conv of an odd-sized image, 5x13 outputs; 2 MiB L2
// and a 16 MiB share of L3; 1000 input channels, whose pixels do not share
// L1 sets; a row of 13 is too wide for the taller tiles of
// select-tiles-streaming): 7 + 6 columns x 2 vectors would stream them
// twice from memory, none staying in L2 beside the activations (the second
// time 0.25 of the layer's time at the FMA peak), so the whole 13-wide row
// takes one register tile of 1 vector (load bound: 14 loads for 13 FMAs,
// 0.93 of the peak).
// CHECK-LABEL: func.func @remainder_streams_weights
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 13, 16], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2],
func.func @remainder_streams_weights(%x: tensor<1x9x25x1000xf32>, %w: tensor<1x1x1000x4608xf32>) -> tensor<1x5x13x4608xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x13x4608xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x13x4608xf32>) -> tensor<1x5x13x4608xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x25x1000xf32>, tensor<1x1x1000x4608xf32>) outs(%f : tensor<1x5x13x4608xf32>) -> tensor<1x5x13x4608xf32>
  return %c : tensor<1x5x13x4608xf32>
}

// -----

// With 7.8 MiB of weights, which fit in the core's share of L3, the
// remainder reads what L2 did not keep from there at twice memory's rate
// (0.11 of the layer's time), and 7 + 6 columns x 2 vectors (row-blocked)
// read each input pixel once per two vectors of channels instead of once
// per vector: bench/README "Seven columns on AVX2".
// CHECK-LABEL: func.func @remainder_weights_in_l3
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 5, 7, 32],
func.func @remainder_weights_in_l3(%x: tensor<1x9x25x1000xf32>, %w: tensor<1x1x1000x2048xf32>) -> tensor<1x5x13x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x13x2048xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x13x2048xf32>) -> tensor<1x5x13x2048xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x25x1000xf32>, tensor<1x1x1000x2048xf32>) outs(%f : tensor<1x5x13x2048xf32>) -> tensor<1x5x13x2048xf32>
  return %c : tensor<1x5x13x2048xf32>
}

// -----

// The same width with 1000 KiB of weights, which fit in L2 and are read
// from there by the remainder: 7 + 6 columns x 2 vectors (row-blocked).
// CHECK-LABEL: func.func @remainder_weights_in_l2
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 5, 7, 32],
func.func @remainder_weights_in_l2(%x: tensor<1x9x25x1000xf32>, %w: tensor<1x1x1000x256xf32>) -> tensor<1x5x13x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x13x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x13x256xf32>) -> tensor<1x5x13x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x25x1000xf32>, tensor<1x1x1000x256xf32>) outs(%f : tensor<1x5x13x256xf32>) -> tensor<1x5x13x256xf32>
  return %c : tensor<1x5x13x256xf32>
}

// -----

// Channels with no divisor of whole vectors keep vector-wide tiles, their
// last channels peeled into a tile of their own: 1000 classes at batch 8 in
// 31 tiles of 2 vectors and one of 8 lanes (lanes computed: 1.008 a class),
// not the largest divisor, 25 (2 vectors for 25: 1.28). On AVX2's 8 lanes
// 1000 is 125 whole vectors: no remainder.
// CHECK-LABEL: func.func @classes_peeled
// CHECK: resnet.tile = #resnet.tile<tiles = [8, 32],
// AVX2-LABEL: func.func @classes_peeled
// AVX2: resnet.tile = #resnet.tile<tiles = [4, 8],
func.func @classes_peeled(%x: tensor<8x2048xf32>, %w: tensor<2048x1000xf32>) -> tensor<8x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x1000xf32>) -> tensor<8x1000xf32>
  %m = linalg.matmul ins(%x, %w : tensor<8x2048xf32>, tensor<2048x1000xf32>) outs(%f : tensor<8x1000xf32>) -> tensor<8x1000xf32>
  return %m : tensor<8x1000xf32>
}

// -----

// A conv to 37 channels (prime: its only divisor up to 2 vectors is 1, one
// lane a tile) takes 32 and a peeled 5 (16 and 5 on AVX2); one to 3
// channels, fewer than a vector, stays one tile of 3.
// CHECK-LABEL: func.func @prime_channels
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, {{[0-9]+}}, 32],
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, {{[0-9]+}}, 3],
// AVX2-LABEL: func.func @prime_channels
// AVX2: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, {{[0-9]+}}, 16],
// AVX2: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, {{[0-9]+}}, 3],
func.func @prime_channels(%x: tensor<1x16x16x64xf32>, %w: tensor<1x1x64x37xf32>, %w2: tensor<1x1x37x3xf32>) -> tensor<1x16x16x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x16x37xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x37xf32>) -> tensor<1x16x16x37xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x16x64xf32>, tensor<1x1x64x37xf32>) outs(%f : tensor<1x16x16x37xf32>) -> tensor<1x16x16x37xf32>
  %e2 = tensor.empty() : tensor<1x16x16x3xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x16x16x3xf32>) -> tensor<1x16x16x3xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%c, %w2 : tensor<1x16x16x37xf32>, tensor<1x1x37x3xf32>) outs(%f2 : tensor<1x16x16x3xf32>) -> tensor<1x16x16x3xf32>
  return %c2 : tensor<1x16x16x3xf32>
}

// -----

// Weights streamed channels outermost (4 MiB) and 1024-channel input pixels
// 4 KiB apart: a 12-way L1 (v4) holds 10 of them in a set, as many rows as
// a tile of two vectors takes (7 + 7); a 32 KiB 8-way one only 6, below
// the 8 rows its 16 accumulators hold, and the tile takes four vectors of
// 4 rows instead (W8).
// CHECK-LABEL: func.func @streamed_wide_pixels
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
// W8-LABEL: func.func @streamed_wide_pixels
// W8: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 64],
func.func @streamed_wide_pixels(%x: tensor<1x14x14x1024xf32>, %w: tensor<1x1x1024x1024xf32>) -> tensor<1x14x14x1024xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x14x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x14x14x1024xf32>, tensor<1x1x1024x1024xf32>) outs(%f : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  return %c : tensor<1x14x14x1024xf32>
}

// -----

// A streamed stride-1 1x1 whose input (28x28x512, 1.5 MiB) is beyond half
// of L2 reads it from L3 once per channel block. Four vectors (4 rows)
// would halve the blocks but read twice the weight vectors per
// multiply-add from L2: the tile keeps two vectors, on either L1 (its
// pixels, 2 KiB apart, leave the 8-way L1's sets room for its rows).
// CHECK-LABEL: func.func @input_sweeps_from_l3
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
// W8-LABEL: func.func @input_sweeps_from_l3
// W8: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
func.func @input_sweeps_from_l3(%x: tensor<1x28x28x512xf32>, %w: tensor<1x1x512x512xf32>) -> tensor<1x28x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x28x28x512xf32>, tensor<1x1x512x512xf32>) outs(%f : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  return %c : tensor<1x28x28x512xf32>
}

// -----

// The same layer at 14x14: its input (392 KiB) stays in L2 between the
// sweeps, and the tile keeps two vectors.
// CHECK-LABEL: func.func @input_stays_in_l2
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
func.func @input_stays_in_l2(%x: tensor<1x14x14x512xf32>, %w: tensor<1x1x512x512xf32>) -> tensor<1x14x14x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x14x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x512xf32>) -> tensor<1x14x14x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x14x14x512xf32>, tensor<1x1x512x512xf32>) outs(%f : tensor<1x14x14x512xf32>) -> tensor<1x14x14x512xf32>
  return %c : tensor<1x14x14x512xf32>
}

// -----

// A strided 1x1 reads as much of its input (every other pixel of 56x56x512)
// and keeps two vectors too; on the 8-way L1 its pixels, 4 KiB apart, cap
// the rows (W8).
// CHECK-LABEL: func.func @strided_sweep
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
// W8-LABEL: func.func @strided_sweep
// W8: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 64],
func.func @strided_sweep(%x: tensor<1x56x56x512xf32>, %w: tensor<1x1x512x1024xf32>) -> tensor<1x28x28x1024xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x1024xf32>) -> tensor<1x28x28x1024xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x56x56x512xf32>, tensor<1x1x512x1024xf32>) outs(%f : tensor<1x28x28x1024xf32>) -> tensor<1x28x28x1024xf32>
  return %c : tensor<1x28x28x1024xf32>
}
