// RUN: resnet-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(resnet-gpu-pad-to-gather,resnet-gpu-select-tiles{chip=sm_90}))" | FileCheck %s
// RUN: resnet-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(resnet-gpu-pad-to-gather,resnet-gpu-select-tiles{chip=sm_75}))" | FileCheck %s --check-prefix=SM75

#bias = affine_map<(n, h, w, c) -> (c)>
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
// A ResNet-50 stage-1 3x3 conv with its bias + ReLU epilogue (NHWC), a
// stage-4 1x1 conv on a 7x7 map, the classifier: each kernel's root gets a
// #resnet_gpu.tile, with at least 16 outputs per thread.
// CHECK-LABEL: func.func @layers
func.func @layers(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>,
                  %b: tensor<64xf32>, %y: tensor<1x7x7x2048xf32>,
                  %w1: tensor<1x1x2048x512xf32>, %a: tensor<1x2048xf32>,
                  %fc: tensor<2048x1000xf32>)
    -> (tensor<1x56x56x64xf32>, tensor<1x7x7x512xf32>, tensor<1x1000xf32>) {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x56x56x64xf32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>)
      outs(%i0 : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %r0 = linalg.generic {indexing_maps = [#id, #bias, #id],
                        iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c0, %b : tensor<1x56x56x64xf32>, tensor<64xf32>)
      outs(%e0 : tensor<1x56x56x64xf32>) {
  ^bb0(%c: f32, %bias: f32, %o: f32):
    %s = arith.addf %c, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x56x56x64xf32>
  %e1 = tensor.empty() : tensor<1x7x7x512xf32>
  %i1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%y, %w1 : tensor<1x7x7x2048xf32>, tensor<1x1x2048x512xf32>)
      outs(%i1 : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %e2 = tensor.empty() : tensor<1x1000xf32>
  %i2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  %m = linalg.matmul ins(%a, %fc : tensor<1x2048xf32>, tensor<2048x1000xf32>)
      outs(%i2 : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %r0, %c1, %m : tensor<1x56x56x64xf32>, tensor<1x7x7x512xf32>, tensor<1x1000xf32>
}
// The fill and the conv fuse into the epilogue: its root has the tile. A
// large layer (12544 threads of 16 outputs): the register tile with the most
// FMAs per shared-memory load (4 rows x 2 columns x 4 channels: 32 FMAs for
// 2 input and 1 weight 128-bit loads), blocks of 4 warps. Its whole
// reduction (10x10x64 inputs and 3x3x64x64 weights, 172 KiB) does not fit
// in the 48 KiB of shared memory of an H100 block: K-slices of 8 input
// channels (21.1 KiB), two buffers of them (42.3 KiB); a T4's budget (a
// third of its 64 KiB) takes slices of 4.
// CHECK: linalg.generic
// CHECK-SAME: resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_conv_0", block = [1, 8, 8, 64], thread = [1, 4, 2, 4], threads = 128, outputs = 32, slices = [8]>
// SM75: linalg.generic {{.*}}resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_conv_0", block = [1, 8, 8, 64], thread = [1, 4, 2, 4], threads = 128, outputs = 32, slices = [4]>
// A small one (7x7x512: 1568 threads of 16 outputs, fewer than 2 warps an
// SM): the fewest outputs (16 channels), blocks of one warp over 49 SMs of
// an H100; a T4 has 40 SMs: 7 blocks of 112 threads fill them as well.
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-SAME: resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_conv_1", block = [1, 1, 1, 512, 0, 0, 0], thread = [1, 1, 1, 16, 0, 0, 0], threads = 32, outputs = 16, slices = [8]>
// SM75: linalg.conv_2d_nhwc_hwcf {{.*}}resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_conv_1", block = [1, 7, 1, 256, 0, 0, 0], thread = [1, 1, 1, 16, 0, 0, 0], threads = 112, outputs = 16, slices = [8]>
// The classifier: 20 of its 1000 outputs a thread; K-slices of 12 of its
// 2048 inputs (the last slice has 8).
// CHECK: linalg.matmul
// CHECK-SAME: resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_matmul_2", block = [1, 500, 0], thread = [1, 20, 0], threads = 25, outputs = 20, slices = [12]>

// -----

// A tile written by hand is kept (and applied as it is).
// CHECK-LABEL: func.func @by_hand
// CHECK: linalg.matmul {resnet_gpu.tile = #resnet_gpu.tile<kernel = "mine", block = [4, 64, 0], thread = [4, 4, 0], threads = 16, outputs = 16>}
func.func @by_hand(%a: tensor<8x32xf32>, %b: tensor<32x64xf32>) -> tensor<8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<8x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<8x64xf32>) -> tensor<8x64xf32>
  %mm = linalg.matmul {resnet_gpu.tile = #resnet_gpu.tile<kernel = "mine", block = [4, 64, 0], thread = [4, 4, 0], threads = 16, outputs = 16>}
      ins(%a, %b : tensor<8x32xf32>, tensor<32x64xf32>) outs(%init : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %mm : tensor<8x64xf32>
}

// -----

func.func @bad_threads(%a: tensor<8x32xf32>, %b: tensor<32x64xf32>, %c: tensor<8x64xf32>) -> tensor<8x64xf32> {
  // expected-error @+1 {{threads must be the block tile over the thread tile (32), got 16}}
  %mm = linalg.matmul {resnet_gpu.tile = #resnet_gpu.tile<kernel = "k", block = [8, 64, 0], thread = [4, 4, 0], threads = 16, outputs = 16>}
      ins(%a, %b : tensor<8x32xf32>, tensor<32x64xf32>) outs(%c : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %mm : tensor<8x64xf32>
}

// -----

func.func @not_dividing(%a: tensor<8x32xf32>, %b: tensor<32x64xf32>, %c: tensor<8x64xf32>) -> tensor<8x64xf32> {
  // expected-error @+1 {{thread tile 3 does not divide block tile 64}}
  %mm = linalg.matmul {resnet_gpu.tile = #resnet_gpu.tile<kernel = "k", block = [8, 64, 0], thread = [4, 3, 0], threads = 32, outputs = 16>}
      ins(%a, %b : tensor<8x32xf32>, tensor<32x64xf32>) outs(%c : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %mm : tensor<8x64xf32>
}

// -----

func.func @bad_slice(%a: tensor<8x32xf32>, %b: tensor<32x64xf32>, %c: tensor<8x64xf32>) -> tensor<8x64xf32> {
  // expected-error @+1 {{K-slices must be positive (0: the whole reduction)}}
  %mm = linalg.matmul {resnet_gpu.tile = #resnet_gpu.tile<kernel = "k", block = [8, 64, 0], thread = [4, 4, 0], threads = 32, outputs = 16, slices = [-4]>}
      ins(%a, %b : tensor<8x32xf32>, tensor<32x64xf32>) outs(%c : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %mm : tensor<8x64xf32>
}
