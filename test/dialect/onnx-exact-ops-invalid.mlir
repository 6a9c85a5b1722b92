// The verifier rules of transpose, max_pool2d_indices and wrap_integer.
// RUN: resnet-opt %s -split-input-file -verify-diagnostics

// transpose: not a permutation (repeated dimension)
func.func @f(%x: tensor<6x3xf32>) {
  // expected-error @+2 {{'resnet.transpose' op permutation [0, 0] is not a permutation of the 2 dimensions of the input}}
  // expected-error @+1 {{'resnet.transpose' op failed to infer returned types}}
  %0 = resnet.transpose %x {permutation = array<i64: 0, 0>} : tensor<6x3xf32> -> tensor<6x6xf32>
  return
}

// -----

// transpose: wrong length
func.func @f(%x: tensor<6x3xf32>) {
  // expected-error @+2 {{'resnet.transpose' op permutation [1, 0, 2] is not a permutation of the 2 dimensions of the input}}
  // expected-error @+1 {{'resnet.transpose' op failed to infer returned types}}
  %0 = resnet.transpose %x {permutation = array<i64: 1, 0, 2>} : tensor<6x3xf32> -> tensor<3x6xf32>
  return
}

// -----

// transpose: result type
func.func @f(%x: tensor<6x3xf32>) {
  // expected-error @+2 {{'resnet.transpose' op inferred type(s) 'tensor<3x6xf32>' are incompatible with return type(s) of operation 'tensor<6x3xf32>'}}
  // expected-error @+1 {{'resnet.transpose' op failed to infer returned types}}
  %0 = resnet.transpose %x {permutation = array<i64: 1, 0>} : tensor<6x3xf32> -> tensor<6x3xf32>
  return
}

// -----

// max_pool2d_indices: input rank
func.func @f(%x: tensor<3x8x8xf32>) {
  // expected-error @+2 {{'resnet.max_pool2d_indices' op input must have rank 4 (NCHW), got 3x8x8}}
  // expected-error @+1 {{'resnet.max_pool2d_indices' op failed to infer returned types}}
  %0 = resnet.max_pool2d_indices %x {kernel = array<i64: 2, 2>} : tensor<3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// max_pool2d_indices: indices past 2^24 would not be exact in f32
func.func @f(%x: tensor<2x2x2048x2049xf32>) {
  // expected-error @+2 {{'resnet.max_pool2d_indices' op input has more than 2^24 elements; f32 indices would not be exact}}
  // expected-error @+1 {{'resnet.max_pool2d_indices' op failed to infer returned types}}
  %0 = resnet.max_pool2d_indices %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<2x2x2048x2049xf32> -> tensor<2x2x1024x1024xf32>
  return
}

// -----

// wrap_integer: bits beyond what f32 holds exactly
func.func @f(%x: tensor<3xf32>) {
  // expected-error @+1 {{'resnet.wrap_integer' op attribute 'bits' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 24}}
  %0 = resnet.wrap_integer %x {bits = 32} : tensor<3xf32>
  return
}

// -----

// wrap_integer: missing bits
func.func @f(%x: tensor<3xf32>) {
  // expected-error @+1 {{'resnet.wrap_integer' op requires attribute 'bits'}}
  %0 = resnet.wrap_integer %x : tensor<3xf32>
  return
}
