// RUN: resnet-opt --resnet-select-winograd="memory-budget=0" --resnet-winograd --resnet-select-tiles %s -split-input-file | FileCheck %s

// The transforms of a 256-channel 14x14 layer (16 x 49 x 256 = 200,704
// elements each, a few loads, adds and a store per element: the work of
// about 1.6M multiply-adds) are worth a fork/join: both run on threads,
// like the batched product between them, which prefetches the next block
// of its stored filter (4 MiB, each 32 KiB block swept by 7 row tiles),
// spread over the sweeps.
// CHECK-LABEL: func.func @stage3
// CHECK: resnet.tile = #resnet.tile<tiles = [16, 1, 16], parallel = true>, resnet.winograd_transform = "input"
// CHECK: linalg.batch_matmul {resnet.tile = #resnet.tile<{{.*}}parallel = true, prefetch_weights = true, prefetch_spread = true>}
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>, resnet.winograd_transform = "output"
func.func @stage3(%x: tensor<1x16x16x256xf32>) -> tensor<1x14x14x256xf32> {
  %w = arith.constant dense<0.01> : tensor<3x3x256x256xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x14x256xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x16x256xf32>, tensor<3x3x256x256xf32>) outs(%acc : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  return %c : tensor<1x14x14x256xf32>
}

// -----

// A 16-channel 8x8 layer: 16 x 16 x 16 = 4,096 elements per transform, too
// little for a fork/join: its transforms run on the calling thread.
// CHECK-LABEL: func.func @small
// CHECK: resnet.tile = #resnet.tile<tiles = [16, 1, 16]>, resnet.winograd_transform = "input"
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2>, resnet.winograd_transform = "output"
func.func @small(%x: tensor<1x10x10x16xf32>) -> tensor<1x8x8x16xf32> {
  %w = arith.constant dense<0.01> : tensor<3x3x16x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%acc : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// A 64-channel 16x16 layer (ResNet-18 at 64x64): 16 x 64 x 64 = 65,536
// elements a transform, about the time of 1M multiply-adds at 16 each:
// its transforms run on threads.
// CHECK-LABEL: func.func @threshold
// CHECK: resnet.tile = #resnet.tile<tiles = [16, 1, 16], parallel = true>, resnet.winograd_transform = "input"
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>, resnet.winograd_transform = "output"
func.func @threshold(%x: tensor<1x18x18x64xf32>) -> tensor<1x16x16x64xf32> {
  %w = arith.constant dense<0.01> : tensor<3x3x64x64xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x16x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x64xf32>) -> tensor<1x16x16x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x18x18x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x16x16x64xf32>) -> tensor<1x16x16x64xf32>
  return %c : tensor<1x16x16x64xf32>
}

// -----

// A 128-channel 8x8 layer: 16 x 16 x 128 = 32,768 elements a transform,
// half of that: on the calling thread (the products still on threads).
// CHECK-LABEL: func.func @below_threshold
// CHECK: resnet.tile = #resnet.tile<tiles = [16, 1, 16]>, resnet.winograd_transform = "input"
// CHECK: linalg.batch_matmul {resnet.tile = #resnet.tile<{{.*}}parallel = true
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2>, resnet.winograd_transform = "output"
func.func @below_threshold(%x: tensor<1x10x10x128xf32>) -> tensor<1x8x8x128xf32> {
  %w = arith.constant dense<0.01> : tensor<3x3x128x128xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x128xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x128xf32>) -> tensor<1x8x8x128xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x128xf32>, tensor<3x3x128x128xf32>) outs(%acc : tensor<1x8x8x128xf32>) -> tensor<1x8x8x128xf32>
  return %c : tensor<1x8x8x128xf32>
}
