// RUN: resnet-opt %s --resnet-set-batch=batch=4 --split-input-file -verify-diagnostics
// RUN: not resnet-opt %s --resnet-set-batch=batch=0 --split-input-file 2>&1 | FileCheck %s --check-prefix=ZERO

// ZERO: error: resnet-set-batch: batch must be positive, got 0

// An op that does not infer its result types cannot follow a new batch.
func.func @not_inferable(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'builtin.unrealized_conversion_cast' op cannot be re-specialized to batch size 4: it does not infer its result types}}
  %0 = builtin.unrealized_conversion_cast %x : tensor<1x4xf32> to tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// A constant operand keeps batch 1, so the add's shape rule fails at 4: the
// inference error, then which op and batch.
func.func @batch_dependent_constant(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %c = arith.constant dense<1.0> : tensor<1x4xf32>
  // expected-error @+2 {{'resnet.add' op operands must have one type (no broadcasting), got 'tensor<4x4xf32>' and 'tensor<1x4xf32>'}}
  // expected-error @+1 {{'resnet.add' op has no valid result type at batch size 4}}
  %0 = resnet.add %x, %c : tensor<1x4xf32>, tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// A batch needs ranked tensor arguments with a first dimension.
// expected-error @+1 {{'func.func' op argument #0 has type 'f32'; a batch size needs ranked tensor arguments of rank >= 1}}
func.func @scalar_argument(%x: f32) -> f32 {
  return %x : f32
}
