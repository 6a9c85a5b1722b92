// RUN: resnet-opt --resnet-select-image-groups="groups=3" %s -split-input-file -verify-diagnostics
// RUN: not resnet-opt --resnet-select-image-groups="target=x86-64-v9" %s 2>&1 | FileCheck %s

// Groups forced where they cannot be: not dividing the batch, or a model
// that mixes the images of its batch.

// CHECK: error: resnet-select-image-groups: {{.*}}x86-64-v9
// expected-error@+1 {{resnet-select-image-groups: cannot run the batch of 4 as 3 groups: groups must divide the batch}}
func.func @not_dividing(%x: tensor<4x8x8x8xf32>) -> tensor<4x8x8x8xf32> {
  %r = resnet.relu %x : tensor<4x8x8x8xf32>
  return %r : tensor<4x8x8x8xf32>
}

// -----

// expected-error@+1 {{resnet-select-image-groups: cannot run the batch of 6 as 3 groups: 'resnet.transpose', not known to keep the images apart}}
func.func @transposed(%x: tensor<6x6xf32>) -> tensor<6x6xf32> {
  %t = resnet.transpose %x {permutation = array<i64: 1, 0>} : tensor<6x6xf32> -> tensor<6x6xf32>
  return %t : tensor<6x6xf32>
}

// -----

// expected-error@+1 {{resnet-select-image-groups: cannot run the batch of 6 as 3 groups: an affine whose scale or shift differs per image}}
func.func @per_image_scale(%x: tensor<6x4xf32>) -> tensor<6x4xf32> {
  %s = arith.constant dense<2.0> : tensor<6x1xf32>
  %b = arith.constant dense<0.5> : tensor<1x4xf32>
  %y = resnet.affine %x, %s, %b : tensor<6x4xf32>, tensor<6x1xf32>, tensor<1x4xf32>
  return %y : tensor<6x4xf32>
}

// -----

// A flatten from the batch dimension leaves one row: no batch to split.
// expected-error@+1 {{resnet-select-image-groups: cannot run the model as 3 groups: one image, or no batch dimension shared by input and output}}
func.func @flatten_batch(%x: tensor<6x8x2x2xf32>) -> tensor<1x192xf32> {
  %f = resnet.flatten %x {axis = 0 : i64} : tensor<6x8x2x2xf32> -> tensor<1x192xf32>
  return %f : tensor<1x192xf32>
}
