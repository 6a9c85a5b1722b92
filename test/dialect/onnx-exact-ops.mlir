// The ops that carry ONNX's exact (integer) results in f32: transpose (Gemm
// transA), max_pool2d_indices (MaxPool's Indices), wrap_integer (uint8/int8
// arithmetic). They round-trip through the custom syntax, the generic form
// and bytecode; an identity transpose folds away.
// RUN: resnet-opt %s | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -mlir-print-op-generic | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -emit-bytecode | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: resnet-opt %s --canonicalize | FileCheck %s --check-prefix=FOLD

// CHECK-LABEL: func.func @transpose
// CHECK: resnet.transpose %arg0 {permutation = array<i64: 1, 0>} : tensor<6x3xf32> -> tensor<3x6xf32>
// CHECK: resnet.transpose %arg1 {permutation = array<i64: 0, 2, 3, 1>} : tensor<1x2x3x4xf32> -> tensor<1x3x4x2xf32>
// FOLD-LABEL: func.func @transpose
// FOLD: %[[T:.*]] = resnet.transpose %arg0
// FOLD: %[[U:.*]] = resnet.transpose %arg1
// FOLD-NOT: resnet.transpose
// FOLD: return %[[T]], %[[U]], %arg0
func.func @transpose(%a: tensor<6x3xf32>, %b: tensor<1x2x3x4xf32>) -> (tensor<3x6xf32>, tensor<1x3x4x2xf32>, tensor<6x3xf32>) {
  %0 = resnet.transpose %a {permutation = array<i64: 1, 0>} : tensor<6x3xf32> -> tensor<3x6xf32>
  %1 = resnet.transpose %b {permutation = array<i64: 0, 2, 3, 1>} : tensor<1x2x3x4xf32> -> tensor<1x3x4x2xf32>
  %2 = resnet.transpose %a {permutation = array<i64: 0, 1>} : tensor<6x3xf32> -> tensor<6x3xf32>
  return %0, %1, %2 : tensor<3x6xf32>, tensor<1x3x4x2xf32>, tensor<6x3xf32>
}

// CHECK-LABEL: func.func @indices
// CHECK: resnet.max_pool2d_indices %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>
// CHECK: resnet.max_pool2d_indices %arg0 {column_major = true, dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
// GENERIC: "resnet.max_pool2d_indices"(%{{.*}}) <{column_major = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}>
func.func @indices(%x: tensor<1x1x5x5xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x5x5xf32>) {
  %0 = resnet.max_pool2d_indices %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>
  %1 = resnet.max_pool2d_indices %x {column_major = true, dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x5x5xf32>
}

// CHECK-LABEL: func.func @wrap
// CHECK: resnet.wrap_integer %arg0 {bits = 8 : i64} : tensor<3x4xf32>
// CHECK: resnet.wrap_integer %arg0 {bits = 8 : i64, is_signed = true} : tensor<3x4xf32>
// GENERIC: "resnet.wrap_integer"(%{{.*}}) <{bits = 8 : i64, is_signed = false}> : (tensor<3x4xf32>) -> tensor<3x4xf32>
func.func @wrap(%x: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %0 = resnet.wrap_integer %x {bits = 8} : tensor<3x4xf32>
  %1 = resnet.wrap_integer %x {bits = 8, is_signed = true} : tensor<3x4xf32>
  return %0, %1 : tensor<3x4xf32>, tensor<3x4xf32>
}
