// RUN: resnet-opt %s --resnet-flatten-constant-globals | FileCheck %s
// RUN: resnet-opt %s --resnet-flatten-constant-globals --expand-strided-metadata --finalize-memref-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// A rank-4 weight blob becomes one 1-D global on the same blob (no element
// is copied), 64-byte aligned; its use reshapes the flat buffer back.
// CHECK: memref.global "private" constant @conv_w : memref<4xf32> = dense_resource<conv_w_blob> {alignment = 64 : i64}
// A small dense weight is reshaped too, and a larger alignment is kept.
// CHECK: memref.global "private" constant @fc_w : memref<6xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]> {alignment = 128 : i64}
// Rank 1 keeps its shape and gets the alignment; rank 0, mutable globals
// and declarations are left as they are.
// CHECK: memref.global "private" constant @bias : memref<3xf32> = dense<5.000000e-01> {alignment = 64 : i64}
// CHECK: memref.global "private" constant @scalar : memref<f32> = dense<2.000000e+00> {alignment = 64 : i64}
// CHECK: memref.global "private" @state : memref<2x2xf32> = uninitialized
// CHECK: memref.global "private" constant @external : memref<2x2xf32>{{$}}
memref.global "private" constant @conv_w : memref<2x2x1x1xf32> = dense_resource<conv_w_blob>
memref.global "private" constant @fc_w : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> {alignment = 128 : i64}
memref.global "private" constant @bias : memref<3xf32> = dense<0.5>
memref.global "private" constant @scalar : memref<f32> = dense<2.0>
memref.global "private" @state : memref<2x2xf32> = uninitialized
memref.global "private" constant @external : memref<2x2xf32>

// CHECK-LABEL: func.func @uses(
// CHECK: %[[FLAT:.*]] = memref.get_global @conv_w : memref<4xf32>
// CHECK: %[[W:.*]] = memref.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2, 3]] output_shape [2, 2, 1, 1] : memref<4xf32> into memref<2x2x1x1xf32>
// CHECK: memref.copy %[[W]], %{{.*}} : memref<2x2x1x1xf32> to memref<2x2x1x1xf32>
// CHECK: %[[FC:.*]] = memref.get_global @fc_w : memref<6xf32>
// CHECK: memref.expand_shape %[[FC]] {{\[\[}}0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
// CHECK: memref.get_global @bias : memref<3xf32>
// CHECK: memref.get_global @state : memref<2x2xf32>

// In the LLVM dialect every constant is one flat array of its raw data.
// LLVM: llvm.mlir.global private constant @conv_w(dense_resource<conv_w_blob> : tensor<4xf32>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<4 x f32>
// LLVM: llvm.mlir.global private constant @fc_w({{.*}} : tensor<6xf32>) {addr_space = 0 : i32, alignment = 128 : i64} : !llvm.array<6 x f32>
func.func @uses(%w_out: memref<2x2x1x1xf32>, %fc_out: memref<2x3xf32>, %b_out: memref<3xf32>, %s_out: memref<2x2xf32>) {
  %w = memref.get_global @conv_w : memref<2x2x1x1xf32>
  memref.copy %w, %w_out : memref<2x2x1x1xf32> to memref<2x2x1x1xf32>
  %fc = memref.get_global @fc_w : memref<2x3xf32>
  memref.copy %fc, %fc_out : memref<2x3xf32> to memref<2x3xf32>
  %b = memref.get_global @bias : memref<3xf32>
  memref.copy %b, %b_out : memref<3xf32> to memref<3xf32>
  %s = memref.get_global @state : memref<2x2xf32>
  memref.copy %s, %s_out : memref<2x2xf32> to memref<2x2xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      conv_w_blob: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
