// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v3 %s -split-input-file | FileCheck %s --check-prefix=AVX2

// Which layers run on the threads (parallel = true). A fork/join costs
// about a thousand cycles: a layer takes threads from 2^15 cycles of one
// core's multiply-adds (2^20 of them on x86-64-v4, 2^19 on x86-64-v3), or,
// whatever its arithmetic, where its weights stream from memory (channel
// tiles outermost) for as long: the threads split the channel tiles, so
// each core streams its share (2^15 cycles at 4 bytes a cycle, 128 KiB).

// ResNet-18's classifier at batch 1: 512 x 1000 multiply-adds (under
// 2^20), 2 MB of weights streamed: on the threads.
// CHECK-LABEL: func.func @classifier_streams
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 32], {{.*}}interchange = [1, 0], parallel = true, prefetch_weights = true>
// AVX2-LABEL: func.func @classifier_streams
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 8], {{.*}}interchange = [1, 0], parallel = true, prefetch_weights = true>
func.func @classifier_streams(%x: tensor<1x512xf32>, %w: tensor<512x1000xf32>) -> tensor<1x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  %m = linalg.matmul ins(%x, %w : tensor<1x512xf32>, tensor<512x1000xf32>) outs(%f : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %m : tensor<1x1000xf32>
}

// -----

// A classifier of 10 classes: 20 KiB of weights stay in cache, 5120
// multiply-adds: one thread.
// CHECK-LABEL: func.func @classifier_small
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 10], reduction = [0, 0, 8]>
// AVX2-LABEL: func.func @classifier_small
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 10], reduction = [0, 0, 8]>
func.func @classifier_small(%x: tensor<1x512xf32>, %w: tensor<512x10xf32>) -> tensor<1x10xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x10xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x10xf32>) -> tensor<1x10xf32>
  %m = linalg.matmul ins(%x, %w : tensor<1x512xf32>, tensor<512x10xf32>) outs(%f : tensor<1x10xf32>) -> tensor<1x10xf32>
  return %m : tensor<1x10xf32>
}

// -----

// A late 1x1 on a 1x1 map (a small image's last stage, 1024 -> 512):
// 524288 multiply-adds, 2 MiB of weights beyond what L2 keeps: on the
// threads, each streaming the weights of its channel tiles.
// CHECK-LABEL: func.func @late_1x1_streams
// CHECK: resnet.tile = #resnet.tile<{{.*}}interchange = [3, 0, 1, 2]{{.*}}parallel = true
// AVX2-LABEL: func.func @late_1x1_streams
// AVX2: resnet.tile = #resnet.tile<{{.*}}interchange = [3, 0, 1, 2]{{.*}}parallel = true
func.func @late_1x1_streams(%x: tensor<1x1x1x1024xf32>, %w: tensor<1x1x1024x512xf32>) -> tensor<1x1x1x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x1x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x1x512xf32>) -> tensor<1x1x1x512xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x1x1024xf32>, tensor<1x1x1024x512xf32>) outs(%f : tensor<1x1x1x512xf32>) -> tensor<1x1x1x512xf32>
  return %c : tensor<1x1x1x512xf32>
}

// -----

// The same multiply-adds with weights that stay in cache (64 -> 64 at
// 4x8: 16 KiB): one thread.
// CHECK-LABEL: func.func @small_in_cache
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8]>
// AVX2-LABEL: func.func @small_in_cache
// AVX2: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], reduction = [0, 0, 0, 0, 1, 1, 8]>
func.func @small_in_cache(%x: tensor<1x4x8x64xf32>, %w: tensor<1x1x64x64xf32>) -> tensor<1x4x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x64xf32>) -> tensor<1x4x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x8x64xf32>, tensor<1x1x64x64xf32>) outs(%f : tensor<1x4x8x64xf32>) -> tensor<1x4x8x64xf32>
  return %c : tensor<1x4x8x64xf32>
}
