// Constant weights read by a kernel are compiled into its device module (a
// .global array initialised in the PTX); the host module keeps no copy.
// RUN: resnet-opt %s --resnet-gpu-pipeline="chip=sm_80" | FileCheck %s

// CHECK-NOT: llvm.mlir.global
// CHECK: gpu.binary @linear_kernel
// CHECK-SAME: .global .align {{[0-9]+}} .b8 __constant_4x2xf32[32] = {0, 0, 128, 63, 0, 0, 0, 64,
// CHECK-NOT: llvm.mlir.global
func.func @linear(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
