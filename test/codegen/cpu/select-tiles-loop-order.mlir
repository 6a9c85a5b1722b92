// RUN: resnet-opt --resnet-select-tiles="target=x86-64-v4 l2-bytes=1048576" %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s --check-prefix=L2-2M

// Which loop goes outermost: the output channels (each channel block sweeps
// the image, its weights read once from memory, the input once per block)
// or the rows (each row tile reads the weights from L2 for all its channel
// blocks, the input read once). With 1 MiB of L2, weights up to 256 KiB
// stay in cache whatever the input; up to 512 KiB where a sweep would read
// more than 1 MiB of input, which channels outermost would stream from
// beyond L2 once per channel block.

// ResNet-50's stride-2 projection 256 -> 512 of the second stage at batch 8:
// 512 KiB of weights, 6.125 MiB of input a sweep (every other pixel of
// every other row), 16 sweeps: rows outermost. With 2 MiB of L2 the
// weights are within a quarter of it.
// CHECK-LABEL: func.func @sweeps_beyond_l2
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 4], parallel = true, prefetch_input = true>
// L2-2M-LABEL: func.func @sweeps_beyond_l2
// L2-2M-NOT: interchange
// L2-2M: return
func.func @sweeps_beyond_l2(%x: tensor<8x56x56x256xf32>, %w: tensor<1x1x256x512xf32>) -> tensor<8x28x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x28x28x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x28x28x512xf32>) -> tensor<8x28x28x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<8x56x56x256xf32>, tensor<1x1x256x512xf32>) outs(%f : tensor<8x28x28x512xf32>) -> tensor<8x28x28x512xf32>
  return %c : tensor<8x28x28x512xf32>
}

// -----

// The same conv at batch 1: 784 KiB a sweep: channels outermost.
// CHECK-LABEL: func.func @sweep_within_l2
// CHECK: interchange = [3, 0, 1, 2]
func.func @sweep_within_l2(%x: tensor<1x56x56x256xf32>, %w: tensor<1x1x256x512xf32>) -> tensor<1x28x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x56x56x256xf32>, tensor<1x1x256x512xf32>) outs(%f : tensor<1x28x28x512xf32>) -> tensor<1x28x28x512xf32>
  return %c : tensor<1x28x28x512xf32>
}

// -----

// A stride-1 1x1 512 -> 256 (the third stage's first reduce) at 38x38
// (ResNet-50 at 299x299): 512 KiB of weights, 2.8 MiB of input a sweep:
// rows outermost. At 28x28 (1.5 MiB a sweep) channels outermost, each
// sweep from L3 (select-tiles-cost.mlir @input_sweeps_from_l3).
// CHECK-LABEL: func.func @stride_one_sweeps_beyond_l2
// CHECK-NOT: interchange
// CHECK-LABEL: func.func @stride_one_sweeps_near_l2
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2], parallel = true>
func.func @stride_one_sweeps_beyond_l2(%x: tensor<1x38x38x512xf32>, %w: tensor<1x1x512x256xf32>) -> tensor<1x38x38x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x38x38x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x38x38x256xf32>) -> tensor<1x38x38x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x38x38x512xf32>, tensor<1x1x512x256xf32>) outs(%f : tensor<1x38x38x256xf32>) -> tensor<1x38x38x256xf32>
  return %c : tensor<1x38x38x256xf32>
}
func.func @stride_one_sweeps_near_l2(%x: tensor<1x28x28x512xf32>, %w: tensor<1x1x512x256xf32>) -> tensor<1x28x28x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x256xf32>) -> tensor<1x28x28x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x28x28x512xf32>, tensor<1x1x512x256xf32>) outs(%f : tensor<1x28x28x256xf32>) -> tensor<1x28x28x256xf32>
  return %c : tensor<1x28x28x256xf32>
}

// -----

// Weights beyond half of L2 stream whatever the input: the third stage's
// stride-2 projection 512 -> 1024 at batch 8 (2 MiB; 3 MiB a sweep) keeps
// its channel blocks outermost, with 1 or 2 MiB of L2.
// CHECK-LABEL: func.func @weights_beyond_half_l2
// CHECK: interchange = [3, 0, 1, 2]
// L2-2M-LABEL: func.func @weights_beyond_half_l2
// L2-2M: interchange = [3, 0, 1, 2]
func.func @weights_beyond_half_l2(%x: tensor<8x28x28x512xf32>, %w: tensor<1x1x512x1024xf32>) -> tensor<8x14x14x1024xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x14x14x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x14x14x1024xf32>) -> tensor<8x14x14x1024xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<8x28x28x512xf32>, tensor<1x1x512x1024xf32>) outs(%f : tensor<8x14x14x1024xf32>) -> tensor<8x14x14x1024xf32>
  return %c : tensor<8x14x14x1024xf32>
}
