// Constant weights read by kernels are not code: the PTX declares them as
// device globals without data (64-byte aligned), the host module keeps the
// one copy, flat and 64-byte aligned as on the CPU, and lists it in the
// `resnet_gpu_weights` table that runtime/cuda fills the globals from after
// loading the module. Two kernels reading one weight share one global.
// RUN: resnet-opt %s --resnet-gpu-pipeline="chip=sm_80" -o %t.mlir
// RUN: FileCheck %s < %t.mlir
// RUN: FileCheck %s --check-prefix=PTX < %t.mlir

// CHECK: llvm.mlir.global internal constant @[[W:__constant_4x4xf32]](dense<[1.000000e+00, 2.000000e+00, {{.*}}]> : tensor<16xf32>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<16 x f32>
// CHECK-NOT: llvm.mlir.global {{.*}}@__constant_
// CHECK-LABEL: llvm.func @linear(
// CHECK-COUNT-2: gpu.launch_func @[[MOD:linear_kernel]]::@
// CHECK: llvm.mlir.global private constant @[[NAME:__resnet_gpu_weight_name_0]]("__constant_4x4xf32\00")
// CHECK: llvm.mlir.global private constant @[[ENTRIES:__resnet_gpu_weight_entries]]() {{.*}} : !llvm.array<1 x struct<(ptr, ptr, i64)>>
// CHECK:   llvm.mlir.addressof @[[NAME]]
// CHECK:   llvm.mlir.addressof @[[W]]
// CHECK:   llvm.mlir.constant(64 : i64)
// CHECK: llvm.mlir.global external constant @resnet_gpu_weights() {{.*}} : !llvm.struct<(i64, ptr)>
// CHECK:   llvm.mlir.constant(1 : i64)
// CHECK:   llvm.mlir.addressof @[[ENTRIES]]

// PTX: gpu.binary @linear_kernel
// PTX-SAME: .visible .global .align 64 .b8 __constant_4x4xf32[64];
// PTX-NOT: __constant_4x4xf32[64] =
// PTX-NOT: gpu.binary
func.func @linear(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0],
                             [9.0, 10.0, 11.0, 12.0], [13.0, 14.0, 15.0, 16.0]]> : tensor<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  %z = linalg.matmul ins(%y, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}
