// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-gpu-pad-to-gather,resnet-gpu-select-tiles,resnet-gpu-tile-and-distribute),canonicalize,cse)" --split-input-file --verify-diagnostics | FileCheck %s
// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-gpu-pad-to-gather,resnet-gpu-select-tiles{shared-memory-bytes=0},resnet-gpu-tile-and-distribute{shared-memory-bytes=0}))" --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=NOSHARED

// conv + bias + ReLU (NCHW): the tile selection's block tile of the output
// [1, 16, 8, 16], the conv and its fill fused into the epilogue's tiles,
// input/weight tiles copied to workgroup memory by the block's threads,
// then a register tile of 4 x 4 outputs (channels, rows) per thread: the
// conv generalized with its reduction loops outermost, so that each step of
// the reduction updates all 16 outputs.
// CHECK-LABEL: func.func @conv_bias_relu
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0, 0) to (1, 16, 16, 16) step (1, 16, 8, 16)
// CHECK:   %[[IN:.*]] = bufferization.alloc_tensor() {memory_space = #gpu.address_space<workgroup>} : tensor<1x8x10x18xf32>
// CHECK:   %[[INTILE:.*]] = scf.forall {{.*}} in (1, 8, 10, 18) shared_outs(%{{.*}} = %[[IN]])
// CHECK:     linalg.copy
// CHECK:   } {mapping = [#gpu.thread<linear_dim_3>, #gpu.thread<linear_dim_2>, #gpu.thread<linear_dim_1>, #gpu.thread<linear_dim_0>]}
// CHECK:   %[[W:.*]] = bufferization.alloc_tensor() {memory_space = #gpu.address_space<workgroup>} : tensor<16x8x3x3xf32>
// CHECK:   %[[WTILE:.*]] = scf.forall {{.*}} in (16, 8, 3, 3) shared_outs(%{{.*}} = %[[W]])
// CHECK:   scf.forall {{.*}} = (0, 0, 0, 0) to (1, 16, 8, 16) step (1, 4, 4, 1)
// CHECK:     tensor.extract_slice %[[INTILE]]{{.*}} to tensor<1x8x6x3xf32>
// CHECK:     tensor.extract_slice %[[WTILE]]{{.*}} to tensor<4x8x3x3xf32>
// CHECK:     %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<1x4x4x1xf32>
// CHECK:     %[[CONV:.*]] = linalg.generic {{{.*}}iterator_types = ["reduction", "reduction", "reduction", "parallel", "parallel", "parallel", "parallel"]{{.*}} outs(%[[ACC]] : tensor<1x4x4x1xf32>)
// CHECK:       arith.mulf
// CHECK:       arith.addf
// CHECK:     linalg.generic {{.*}} ins(%[[CONV]], %{{.*}} : tensor<1x4x4x1xf32>, tensor<4xf32>)
// CHECK:       arith.maximumf
// CHECK:   } {mapping = [#gpu.thread<linear_dim_3>, #gpu.thread<linear_dim_2>, #gpu.thread<linear_dim_1>, #gpu.thread<linear_dim_0>]}
// CHECK: } {mapping = [#gpu.block<linear_dim_3>, #gpu.block<linear_dim_2>, #gpu.block<linear_dim_1>, #gpu.block<linear_dim_0>]}

// Without a shared-memory budget the threads read global memory directly.
// NOSHARED-LABEL: func.func @conv_bias_relu
// NOSHARED-NOT: bufferization.alloc_tensor
// NOSHARED: linalg.generic
// NOSHARED-NOT: bufferization.alloc_tensor
#bias = affine_map<(n, c, h, w) -> (c)>
#id = affine_map<(n, c, h, w) -> (n, c, h, w)>
func.func @conv_bias_relu(%x: tensor<1x8x18x18xf32>, %w: tensor<16x8x3x3xf32>,
                          %b: tensor<16xf32>) -> tensor<1x16x16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x16x16x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x18x18xf32>, tensor<16x8x3x3xf32>)
      outs(%init : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %out = linalg.generic {indexing_maps = [#id, #bias, #id],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %b : tensor<1x16x16x16xf32>, tensor<16xf32>)
      outs(%empty : tensor<1x16x16x16xf32>) {
  ^bb0(%c: f32, %bias: f32, %o: f32):
    %s = arith.addf %c, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x16x16x16xf32>
  return %out : tensor<1x16x16x16xf32>
}

// -----

// Matmul (the classifier): one [8, 64] output tile, A and B tiles shared,
// 4 x 4 outputs per thread, the reduction loop outermost and 4 steps at a
// time (A's 4 contiguous k values of a row in one 128-bit load, as B's 4
// columns; the 4 steps are unrolled with the register tile), counted in
// groups of 4 so that the offsets are visibly multiples of 4.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (8, 64) step (8, 64)
// CHECK:   bufferization.alloc_tensor() {memory_space = #gpu.address_space<workgroup>} : tensor<8x32xf32>
// CHECK:   bufferization.alloc_tensor() {memory_space = #gpu.address_space<workgroup>} : tensor<32x64xf32>
// CHECK:   scf.forall {{.*}} = (0, 0) to (8, 64) step (4, 4)
// CHECK:     scf.for %[[G:.*]] = %c0 to %c8 step %c1
// CHECK:       %[[K:.*]] = arith.muli %[[G]], %c4 overflow<nsw, nuw>
// CHECK:       tensor.extract_slice %{{.*}}[0, %[[K]]] [4, 4]
// CHECK:       tensor.extract_slice %{{.*}}[%[[K]], 0] [4, 4]
// CHECK:       linalg.generic {{{.*}}iterator_types = ["reduction", "parallel", "parallel"]{{.*}} ins({{.*}} : tensor<4x4xf32>, tensor<4x4xf32>) outs({{.*}} : tensor<4x4xf32>)
// CHECK: } {mapping = [#gpu.block<linear_dim_1>, #gpu.block<linear_dim_0>]}
func.func @matmul(%a: tensor<8x32xf32>, %b: tensor<32x64xf32>) -> tensor<8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<8x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<8x64xf32>) -> tensor<8x64xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<8x32xf32>, tensor<32x64xf32>) outs(%init : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %mm : tensor<8x64xf32>
}

// -----

// NHWC max pooling, stride 2: tiles are divisors of the output (4x4x8), the
// window operand (shape only) is not copied; 4 x 4 (h, c) outputs a thread.
// CHECK-LABEL: func.func @nhwc_pool
// CHECK: scf.forall {{.*}} to (1, 4, 4, 8) step (1, 4, 4, 8)
// CHECK-COUNT-1: bufferization.alloc_tensor() {memory_space = #gpu.address_space<workgroup>} : tensor<1x9x9x8xf32>
// CHECK-NOT: bufferization.alloc_tensor
// CHECK: linalg.generic {{.*}} outs({{.*}} : tensor<1x4x1x4xf32>)
func.func @nhwc_pool(%x: tensor<1x9x9x8xf32>) -> tensor<1x4x4x8xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %empty = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%empty : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %win = tensor.empty() : tensor<3x3xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %win : tensor<1x9x9x8xf32>, tensor<3x3xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %p : tensor<1x4x4x8xf32>
}

// -----

// A fill that is not an init (the input of a call) is a kernel of its own.
// CHECK-LABEL: func.func @standalone_fill
// CHECK: scf.forall
// CHECK:   linalg.fill {{.*}} -> tensor<1x1xf32>
// CHECK: call @use
func.func private @use(tensor<4x64xf32>)
func.func @standalone_fill() {
  %one = arith.constant 1.0 : f32
  %empty = tensor.empty() : tensor<4x64xf32>
  %x = linalg.fill ins(%one : f32) outs(%empty : tensor<4x64xf32>) -> tensor<4x64xf32>
  call @use(%x) : (tensor<4x64xf32>) -> ()
  return
}

// -----

func.func @dynamic(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  // expected-error @+1 {{'linalg.generic' op needs static shapes and tensor semantics on the GPU path}}
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x64xf32>) outs(%x : tensor<?x64xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<?x64xf32>
  return %r : tensor<?x64xf32>
}

// -----

// A static pad becomes a gather generic (its own kernel): clamped indices,
// the padding value selected outside the source.
// CHECK-LABEL: func.func @pad
// CHECK: scf.forall {{.*}} to (1, 6, 6, 3) step (1, 3, 3, 3)
// CHECK:   scf.forall
// CHECK:     linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x1x1xf32>)
// CHECK:       arith.cmpi ult
// CHECK:       arith.maxsi
// CHECK:       arith.minsi
// CHECK:       tensor.extract %{{.*}} : tensor<1x4x4x3xf32>
// CHECK:       arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK-NOT: tensor.pad
func.func @pad(%x: tensor<1x4x4x3xf32>) -> tensor<1x6x6x3xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%n: index, %h: index, %w: index, %c: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x3xf32> to tensor<1x6x6x3xf32>
  return %p : tensor<1x6x6x3xf32>
}
