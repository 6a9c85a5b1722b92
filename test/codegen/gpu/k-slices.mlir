// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-gpu-select-tiles,resnet-gpu-tile-and-distribute),canonicalize,cse)" | FileCheck %s
// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-gpu-select-tiles,resnet-gpu-tile-and-distribute),canonicalize,cse,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},canonicalize,func.func(resnet-gpu-map-to-launch),cse,canonicalize)" | FileCheck %s --check-prefix=LAUNCH

// The implicit GEMM's reduction in K-slices (a hand-written tile): 10 input
// channels in slices of 4, so two whole slices and a last one of 2. The
// accumulators are a block-shaped tensor in private memory, initialised by
// the threads (each its own register tile, no barrier after); every input
// tile has two shared buffers; slice 0 is copied into buffer 0, then each
// step of the slice loop copies slice s+1 into buffer (s+1)%2 (the last,
// shorter slice after the last whole one) and computes slice s from buffer
// s%2 into the same accumulators; the short slice is computed after the
// loop, then the fused bias + ReLU epilogue.
// CHECK-LABEL: func.func @conv_kslice
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 8, 8, 16) step (1, 4, 8, 16)
// CHECK:   %[[INPUT:.*]] = tensor.extract_slice %arg0{{.*}} to tensor<1x6x10x10xf32>
// CHECK:   %[[ACC0:.*]] = bufferization.alloc_tensor() {memory_space = #gpu.address_space<private>} : tensor<1x4x8x16xf32>
// CHECK:   %[[ACC:.*]] = scf.forall {{.*}} step (1, 2, 2, 4) shared_outs(%{{.*}} = %[[ACC0]])
// CHECK:     linalg.fill {{.*}} -> tensor<1x2x2x4xf32>
// CHECK:   } {mapping = {{.*}}, resnet_gpu.no_barrier}
// CHECK:   %[[IBUF:.*]] = bufferization.alloc_tensor() {memory_space = #gpu.address_space<workgroup>} : tensor<2x1x6x10x4xf32>
// CHECK:   %[[WBUF:.*]] = bufferization.alloc_tensor() {memory_space = #gpu.address_space<workgroup>} : tensor<2x3x3x4x16xf32>
// Slice 0 into buffer 0; a barrier after the last copy only.
// CHECK:   scf.forall {{.*}} in (1, 6, 10, 4)
// CHECK:     linalg.copy
// CHECK:   } {mapping = {{.*}}, resnet_gpu.no_barrier}
// CHECK:   %[[I0:.*]] = tensor.insert_slice %{{.*}} into %[[IBUF]][0, 0, 0, 0, 0] [1, 1, 6, 10, 4]
// CHECK:   scf.forall {{.*}} in (3, 3, 4, 16)
// CHECK:     linalg.copy
// CHECK:   } {mapping = [#gpu.thread<linear_dim_3>, #gpu.thread<linear_dim_2>, #gpu.thread<linear_dim_1>, #gpu.thread<linear_dim_0>]}
// CHECK:   %[[W0:.*]] = tensor.insert_slice %{{.*}} into %[[WBUF]][0, 0, 0, 0, 0] [1, 3, 3, 4, 16]
// CHECK:   %[[LOOP:.*]]:3 = scf.for %[[S:.*]] = %c0 to %c2 step %c1 iter_args(%[[A:.*]] = %[[ACC]], %[[IB:.*]] = %[[I0]], %[[WB:.*]] = %[[W0]])
// CHECK:     %[[NEXT:.*]] = arith.addi %[[S]], %c1
// CHECK:     %[[NSLOT:.*]] = arith.remui %[[NEXT]], %c2
// CHECK:     %[[SLOT:.*]] = arith.remui %[[S]], %c2
// CHECK:     %[[MORE:.*]] = arith.cmpi ult, %[[NEXT]], %c2
// CHECK:     %[[PF:.*]]:2 = scf.if %[[MORE]]
// CHECK:       %[[OFF:.*]] = arith.muli %[[NEXT]], %c4
// CHECK:       tensor.extract_slice %[[INPUT]][0, 0, 0, %[[OFF]]] [1, 6, 10, 4]
// CHECK:       scf.forall
// CHECK:       } {mapping = {{.*}}, resnet_gpu.no_barrier}
// CHECK:       tensor.insert_slice %{{.*}} into %[[IB]][%[[NSLOT]], 0, 0, 0, 0] [1, 1, 6, 10, 4]
// CHECK:       tensor.extract_slice %arg1[0, 0, %[[OFF]], 0] [3, 3, 4, 16]
// CHECK:       } {mapping = {{.*}}, resnet_gpu.no_barrier}
// CHECK:     } else {
// CHECK:       tensor.extract_slice %[[INPUT]][0, 0, 0, 8] [1, 6, 10, 2]
// CHECK:       } {mapping = {{.*}}, resnet_gpu.no_barrier}
// CHECK:       tensor.insert_slice %{{.*}} into %[[IB]][%[[NSLOT]], 0, 0, 0, 0] [1, 1, 6, 10, 2]
// CHECK:       tensor.extract_slice %arg1[0, 0, 8, 0] [3, 3, 2, 16]
// CHECK:     }
// CHECK:     %[[IS:.*]] = tensor.extract_slice %[[PF]]#0[%[[SLOT]], 0, 0, 0, 0] [1, 1, 6, 10, 4]
// CHECK:     %[[WS:.*]] = tensor.extract_slice %[[PF]]#1[%[[SLOT]], 0, 0, 0, 0] [1, 3, 3, 4, 16]
// CHECK:     %[[UPD:.*]] = scf.forall {{.*}} step (1, 2, 2, 4) shared_outs(%{{.*}} = %[[A]])
// CHECK:       tensor.extract_slice %[[IS]]{{.*}} to tensor<1x4x4x4xf32>
// CHECK:       tensor.extract_slice %[[WS]]{{.*}} to tensor<3x3x4x4xf32>
// CHECK:       linalg.generic {{{.*}}iterator_types = ["reduction", "reduction", "reduction", "parallel", "parallel", "parallel", "parallel"]{{.*}} outs(%{{.*}} : tensor<1x2x2x4xf32>)
// CHECK:     } {mapping = [#gpu.thread<linear_dim_3>, #gpu.thread<linear_dim_2>, #gpu.thread<linear_dim_1>, #gpu.thread<linear_dim_0>]}
// CHECK:     scf.yield %[[UPD]], %[[PF]]#0, %[[PF]]#1
// The short last slice, from buffer 2 % 2 = 0.
// CHECK:   %[[IR:.*]] = tensor.extract_slice %[[LOOP]]#1[0, 0, 0, 0, 0] [1, 1, 6, 10, 2]
// CHECK:   %[[LAST:.*]] = scf.forall {{.*}} shared_outs(%{{.*}} = %[[LOOP]]#0)
// CHECK:     tensor.extract_slice %[[IR]]{{.*}} to tensor<1x4x4x2xf32>
// CHECK:     linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x2x4xf32>)
// The epilogue reads each thread's accumulators.
// CHECK:   scf.forall
// CHECK:     tensor.extract_slice %[[LAST]][0, %{{.*}}, %{{.*}}, %{{.*}}] [1, 2, 2, 4]
// CHECK:     arith.maximumf
// CHECK: } {mapping = [#gpu.block<linear_dim_3>, #gpu.block<linear_dim_2>, #gpu.block<linear_dim_1>, #gpu.block<linear_dim_0>]}

// In the kernel: the two buffer pairs are workgroup memory, the
// accumulators one 2x2x4 alloca per thread (registers) kept across the
// slices; one barrier after the first slice's copies, one per step of the
// slice loop (after the computation: buffer s%2 is overwritten in the next
// step), none after the prefetches or the accumulators' initialisation.
// LAUNCH-LABEL: func.func @conv_kslice
// LAUNCH: gpu.launch {{.*}} workgroup(%[[IB:.*]] : memref<2x1x6x10x4xf32, #gpu.address_space<workgroup>>, %[[WB:.*]] : memref<2x3x3x4x16xf32, #gpu.address_space<workgroup>>)
// LAUNCH-NEXT: %[[ACC:.*]] = memref.alloca() : memref<1x2x2x4xf32>
// LAUNCH-NOT: gpu.barrier
// LAUNCH: linalg.fill {{.*}} outs(%[[ACC]] : memref<1x2x2x4xf32>)
// LAUNCH-NOT: gpu.barrier
// LAUNCH: memref.subview %[[WB]][0, 0, 0, 0, 0]
// LAUNCH: gpu.barrier
// LAUNCH-NEXT: scf.for
// LAUNCH-NOT: gpu.barrier
// LAUNCH: linalg.generic {{.*}} outs(%[[ACC]] : memref<1x2x2x4xf32>)
// LAUNCH-NOT: scf.if
// LAUNCH: gpu.barrier
// LAUNCH-NEXT: }
// LAUNCH-NOT: gpu.barrier
// LAUNCH: linalg.generic {{.*}} outs(%[[ACC]] : memref<1x2x2x4xf32>)
// LAUNCH: gpu.barrier
// LAUNCH: linalg.generic {{.*}} ins(%[[ACC]], %{{.*}} : memref<1x2x2x4xf32>, {{.*}})
// LAUNCH-NOT: memref.alloc()
#bias = affine_map<(n, h, w, f) -> (f)>
#id = affine_map<(n, h, w, f) -> (n, h, w, f)>
func.func @conv_kslice(%x: tensor<1x10x10x10xf32>, %w: tensor<3x3x10x16xf32>,
                       %b: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x8x8x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x10x10x10xf32>, tensor<3x3x10x16xf32>)
      outs(%init : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %out = linalg.generic {indexing_maps = [#id, #bias, #id],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %b : tensor<1x8x8x16xf32>, tensor<16xf32>)
      outs(%empty : tensor<1x8x8x16xf32>)
      attrs = {resnet_gpu.tile = #resnet_gpu.tile<kernel = "conv_kslice", block = [1, 4, 8, 16], thread = [1, 2, 2, 4], threads = 32, outputs = 16, slices = [4]>} {
  ^bb0(%c: f32, %bias: f32, %o: f32):
    %s = arith.addf %c, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8x16xf32>
  return %out : tensor<1x8x8x16xf32>
}
