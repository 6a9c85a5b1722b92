// max_pool2d_indices (row- and column-major, padded, dilated), wrap_integer
// (signed, of negative and fractional values; unsigned) and transpose in one
// model whose result is exact (small integers in f32).
func.func @main(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  %i = resnet.max_pool2d_indices %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  %c = resnet.max_pool2d_indices %x {column_major = true, dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  %s = resnet.add %i, %c : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
  %m = resnet.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  %scale = arith.constant dense<1000.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %a = resnet.affine %m, %scale, %zero : tensor<1x2x3x3xf32>, tensor<1xf32>, tensor<1xf32>
  %w = resnet.wrap_integer %a {bits = 8, is_signed = true} : tensor<1x2x3x3xf32>
  %sum = resnet.add %s, %w : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
  %u = resnet.wrap_integer %sum {bits = 7} : tensor<1x2x3x3xf32>
  %t = resnet.transpose %u {permutation = array<i64: 0, 1, 3, 2>} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %t : tensor<1x2x3x3xf32>
}
