// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-gpu-pad-to-gather,resnet-gpu-select-tiles,resnet-gpu-tile-and-distribute),canonicalize,cse,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},canonicalize,func.func(resnet-gpu-map-to-launch),cse,canonicalize)" | FileCheck %s

// ReLU then 2x2 max pooling: two kernels. The caller's input is staged in
// managed memory, the intermediate activation is managed memory freed before
// returning, the pooled result is returned. The pooling kernel copies its
// input tile to workgroup memory, with a barrier before the pooling reads it.
// CHECK: func.func @two_layers(%[[ARG:.*]]: memref<1x4x8x8xf32>) -> memref<1x4x4x4xf32>
// CHECK:   %[[IN:.*]] = gpu.alloc host_shared () : memref<1x4x8x8xf32>
// CHECK:   memref.copy %[[ARG]], %[[IN]]
// CHECK:   %[[ACT:.*]] = gpu.alloc host_shared () : memref<1x4x8x8xf32>
// 256 ReLU outputs: 2 blocks of 128 threads (tile [1, 4, 4, 8]).
// CHECK:   gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c128, {{.*}} = %c1, {{.*}} = %c1)
// CHECK:     memref.subview %[[IN]]
// CHECK:     memref.subview %[[ACT]]
// CHECK:     arith.cmpi ult, %{{.*}}, %c128
// CHECK:     scf.if
// CHECK:       linalg.generic
// CHECK:         arith.maximumf
// CHECK:     gpu.barrier
// CHECK:     gpu.terminator
// CHECK:   %[[OUT:.*]] = gpu.alloc host_shared () : memref<1x4x4x4xf32>
// The kernel is named and sized by its #resnet_gpu.tile: 4 threads of 4 x 4
// outputs each (the window loops outermost), in a block of one warp, whose
// 32 threads copy the block's 256-element input tile first (strided).
// CHECK:   gpu.launch {{.*}} threads({{.*}}) in ({{.*}} = %c32, {{.*}}) function(@two_layers_pool_1) workgroup(%[[TILE:.*]] : memref<1x4x8x8xf32, #gpu.address_space<workgroup>>)
// CHECK:     scf.for %{{.*}} = %{{.*}} to %c256 step %c32
// CHECK:       memref.subview %[[ACT]]
// CHECK:       memref.subview %[[TILE]]
// CHECK:       linalg.copy
// CHECK:     gpu.barrier
// CHECK:     arith.cmpi ult, %{{.*}}, %c4
// CHECK:     scf.if
// CHECK:       memref.subview %[[TILE]]
// CHECK:       linalg.generic {{{.*}}iterator_types = ["reduction", "reduction", "parallel", "parallel", "parallel", "parallel"]{{.*}} outs(%{{.*}} : memref<1x4x4x1xf32
// CHECK:     gpu.barrier
// CHECK:   } {resnet_gpu.tile = #resnet_gpu.tile<kernel = "two_layers_pool_1", {{.*}}, threads = 4, outputs = 16>}
// CHECK:   gpu.dealloc async [%{{.*}}] %[[ACT]] : memref<1x4x8x8xf32>
// CHECK:   gpu.dealloc async [%{{.*}}] %{{.*}} : memref<2x2xf32>
// CHECK:   gpu.dealloc async [%{{.*}}] %[[IN]] : memref<1x4x8x8xf32>
// CHECK-NOT: gpu.dealloc
// CHECK:   return %[[OUT]]
func.func @two_layers(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x8xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x4x8x8xf32>) outs(%e : tensor<1x4x8x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x8x8xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %pe = tensor.empty() : tensor<1x4x4x4xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%pe : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %p = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%relu, %win : tensor<1x4x8x8xf32>, tensor<2x2xf32>) outs(%init : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %p : tensor<1x4x4x4xf32>
}
