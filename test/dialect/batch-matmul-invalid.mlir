// The verifier rules of resnet.batch_matmul.
// RUN: resnet-opt %s -split-input-file -verify-diagnostics

// batch_matmul: a vector is not a matrix
func.func @f(%a: tensor<4xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+2 {{'resnet.batch_matmul' op lhs must have rank 2 or more (batch... x N x K), got 4}}
  // expected-error @+1 {{'resnet.batch_matmul' op failed to infer returned types}}
  %0 = resnet.batch_matmul %a, %b : tensor<4xf32>, tensor<4x3xf32> -> tensor<3xf32>
  return
}

// -----

// batch_matmul: rhs rank
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.batch_matmul' op rhs must have rank 2 or more (batch... x K x M), got 4}}
  // expected-error @+1 {{'resnet.batch_matmul' op failed to infer returned types}}
  %0 = resnet.batch_matmul %a, %b : tensor<2x3x4xf32>, tensor<4xf32> -> tensor<2x3xf32>
  return
}

// -----

// batch_matmul: K differs
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<2x5x3xf32>) {
  // expected-error @+2 {{'resnet.batch_matmul' op rhs must have 4 rows (the lhs's columns), got 2x5x3}}
  // expected-error @+1 {{'resnet.batch_matmul' op failed to infer returned types}}
  %0 = resnet.batch_matmul %a, %b : tensor<2x3x4xf32>, tensor<2x5x3xf32> -> tensor<2x3x3xf32>
  return
}

// -----

// batch_matmul: batch dimensions 2 and 3 do not broadcast
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<3x4x3xf32>) {
  // expected-error @+2 {{'resnet.batch_matmul' op batch dimensions of lhs 2x3x4 and rhs 3x4x3 do not broadcast}}
  // expected-error @+1 {{'resnet.batch_matmul' op failed to infer returned types}}
  %0 = resnet.batch_matmul %a, %b : tensor<2x3x4xf32>, tensor<3x4x3xf32> -> tensor<2x3x3xf32>
  return
}

// -----

// batch_matmul: the result type is the broadcast one
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{'resnet.batch_matmul' op inferred type(s) 'tensor<2x3x5xf32>' are incompatible with return type(s) of operation 'tensor<3x5xf32>'}}
  // expected-error @+1 {{'resnet.batch_matmul' op failed to infer returned types}}
  %0 = resnet.batch_matmul %a, %b : tensor<2x3x4xf32>, tensor<4x5xf32> -> tensor<3x5xf32>
  return
}

// -----

// batch_matmul: no empty tensors
func.func @f(%a: tensor<0x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{'resnet.batch_matmul' op lhs must not have a zero-sized dimension, got 0x3x4}}
  // expected-error @+1 {{'resnet.batch_matmul' op failed to infer returned types}}
  %0 = resnet.batch_matmul %a, %b : tensor<0x3x4xf32>, tensor<4x5xf32> -> tensor<0x3x5xf32>
  return
}
