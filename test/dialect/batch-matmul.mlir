// resnet.batch_matmul round-trips through the custom syntax, the generic
// form and bytecode; the result's batch dimensions are the operands'
// broadcast (NumPy matmul).
// RUN: resnet-opt %s | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -mlir-print-op-generic | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -emit-bytecode | resnet-opt | FileCheck %s

// ONNX's test_matmul_3d: one batch dimension on both sides.
// CHECK-LABEL: func.func @same_batch
// CHECK: resnet.batch_matmul %arg0, %arg1 : tensor<2x3x4xf32>, tensor<2x4x3xf32> -> tensor<2x3x3xf32>
func.func @same_batch(%a: tensor<2x3x4xf32>, %b: tensor<2x4x3xf32>) -> tensor<2x3x3xf32> {
  %0 = resnet.batch_matmul %a, %b : tensor<2x3x4xf32>, tensor<2x4x3xf32> -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}

// A matrix shared by every batch (a missing batch dimension counts as 1).
// CHECK-LABEL: func.func @shared_rhs
// CHECK: resnet.batch_matmul %arg0, %arg1 : tensor<1x2x3x4xf32>, tensor<4x5xf32> -> tensor<1x2x3x5xf32>
func.func @shared_rhs(%a: tensor<1x2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<1x2x3x5xf32> {
  %0 = resnet.batch_matmul %a, %b : tensor<1x2x3x4xf32>, tensor<4x5xf32> -> tensor<1x2x3x5xf32>
  return %0 : tensor<1x2x3x5xf32>
}

// Size-1 batch dimensions broadcast against each other: 2x1 and 3 make 2x3.
// CHECK-LABEL: func.func @broadcast_both
// CHECK: resnet.batch_matmul %arg0, %arg1 : tensor<2x1x3x4xf32>, tensor<3x4x2xf32> -> tensor<2x3x3x2xf32>
func.func @broadcast_both(%a: tensor<2x1x3x4xf32>, %b: tensor<3x4x2xf32>) -> tensor<2x3x3x2xf32> {
  %0 = resnet.batch_matmul %a, %b : tensor<2x1x3x4xf32>, tensor<3x4x2xf32> -> tensor<2x3x3x2xf32>
  return %0 : tensor<2x3x3x2xf32>
}

// Rank 2 on both sides: a plain matrix product.
// CHECK-LABEL: func.func @matrices
// CHECK: resnet.batch_matmul %arg0, %arg1 : tensor<3x4xf32>, tensor<4x5xf32> -> tensor<3x5xf32>
func.func @matrices(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = resnet.batch_matmul %a, %b : tensor<3x4xf32>, tensor<4x5xf32> -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}
