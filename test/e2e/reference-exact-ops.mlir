// The reference interpreter's transpose, max_pool2d_indices and
// wrap_integer on hand-checked inputs (in f32 and with --f64).
// RUN: resnet-run %s --entry indices --print | FileCheck %s --check-prefix=IDX
// RUN: resnet-run %s --entry indices --print --f64 | FileCheck %s --check-prefix=IDX
// RUN: resnet-run %s --entry ties --print | FileCheck %s --check-prefix=TIES
// RUN: resnet-run %s --entry wrap --print | FileCheck %s --check-prefix=WRAP
// RUN: resnet-run %s --entry wrap --print --f64 | FileCheck %s --check-prefix=WRAP
// RUN: resnet-run %s --entry transpose --print | FileCheck %s --check-prefix=TRANS

// ONNX's example (test_maxpool_with_argmax_2d_precomputed_strides): x = 1..25
// in a 5x5 plane, 2x2 windows, stride 2. The maxima 7, 9, 17, 19 are at
// row-major 6, 8, 16, 18 and column-major (w * H + h) 6, 16, 8, 18.
// IDX: result 0: 1x1x2x2
// IDX-NEXT: [0, 0, 0]: 6 8
// IDX-NEXT: [0, 0, 1]: 16 18
// IDX: result 1: 1x1x2x2
// IDX-NEXT: [0, 0, 0]: 6 16
// IDX-NEXT: [0, 0, 1]: 8 18
func.func @indices() -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0], [11.0, 12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0, 20.0], [21.0, 22.0, 23.0, 24.0, 25.0]]]]> : tensor<1x1x5x5xf32>
  %r = resnet.max_pool2d_indices %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>
  %c = resnet.max_pool2d_indices %x {column_major = true, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>
  return %r, %c : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// Every element equal (-inf, which is also what padding reads): the first
// element of each window inside the input wins, never the padding. 2x2
// windows, pad 1, two channels (the second's indices start at 9).
// TIES: result 0: 1x2x4x4
// TIES-NEXT: [0, 0, 0]: 0 0 1 2
// TIES-NEXT: [0, 0, 1]: 0 0 1 2
// TIES-NEXT: [0, 0, 2]: 3 3 4 5
// TIES-NEXT: [0, 0, 3]: 6 6 7 8
// TIES-NEXT: [0, 1, 0]: 9 9 10 11
// TIES-NEXT: [0, 1, 1]: 9 9 10 11
// TIES-NEXT: [0, 1, 2]: 12 12 13 14
// TIES-NEXT: [0, 1, 3]: 15 15 16 17
func.func @ties() -> tensor<1x2x4x4xf32> {
  %x = arith.constant dense<0xFF800000> : tensor<1x2x3x3xf32>
  %i = resnet.max_pool2d_indices %x {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x3x3xf32> -> tensor<1x2x4x4xf32>
  return %i : tensor<1x2x4x4xf32>
}

// trunc, then modulo 256 into [0, 256) or [-128, 128):
//   -1.5 -> -1 -> 255 / -1;  255.9 -> 255 / -1;  256 -> 0;  300 -> 44;
//   -129 -> 127;  127.7 -> 127;  0.5 -> 0;  1000000064 -> 64;
//   -1000000064 -> 192 / -64.
// WRAP: result 0: 9
// WRAP-NEXT: 255 255 0 44 127 127 0 64 192
// WRAP: result 1: 9
// WRAP-NEXT: -1 -1 0 44 127 127 0 64 -64
func.func @wrap() -> (tensor<9xf32>, tensor<9xf32>) {
  %x = arith.constant dense<[-1.5, 255.9, 256.0, 300.0, -129.0, 127.7, 0.5, 1000000064.0, -1000000064.0]> : tensor<9xf32>
  %u = resnet.wrap_integer %x {bits = 8} : tensor<9xf32>
  %s = resnet.wrap_integer %x {bits = 8, is_signed = true} : tensor<9xf32>
  return %u, %s : tensor<9xf32>, tensor<9xf32>
}

// Result dimension d is input dimension permutation[d].
// TRANS: result 0: 3x2
// TRANS-NEXT: [0]: 1 4
// TRANS-NEXT: [1]: 2 5
// TRANS-NEXT: [2]: 3 6
// TRANS: result 1: 3x1x2
// TRANS-NEXT: [0, 0]: 1 4
// TRANS-NEXT: [1, 0]: 2 5
// TRANS-NEXT: [2, 0]: 3 6
func.func @transpose() -> (tensor<3x2xf32>, tensor<3x1x2xf32>) {
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %t = resnet.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %y = arith.constant dense<[[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]]> : tensor<2x1x3xf32>
  %u = resnet.transpose %y {permutation = array<i64: 2, 1, 0>} : tensor<2x1x3xf32> -> tensor<3x1x2xf32>
  return %t, %u : tensor<3x2xf32>, tensor<3x1x2xf32>
}
