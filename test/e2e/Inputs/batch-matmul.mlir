// Batched matrix products in every lowering form, chained: a matrix shared
// by all batches (one linalg.matmul over batch x N rows), a right-hand side
// broadcast along a batch dimension it lacks (linalg.batch_matmul after a
// broadcast copy), and a constant left-hand side broadcast against the
// computed right-hand side. Non-uniform constants, so that a transposed or
// misread operand changes the result.
func.func @main(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x5x2xf32> {
  %shared = arith.constant dense<[[-0.25, 0.625, 0.125, -0.375, 0.5, 0.0], [-0.5, 0.375, -0.125, -0.625, 0.25, -0.25], [0.625, 0.125, -0.375, 0.5, 0.0, -0.5], [0.375, -0.125, -0.625, 0.25, -0.25, 0.625], [0.125, -0.375, 0.5, 0.0, -0.5, 0.375]]> : tensor<5x6xf32>
  %y = resnet.batch_matmul %x, %shared : tensor<2x3x4x5xf32>, tensor<5x6xf32> -> tensor<2x3x4x6xf32>
  %by_dim1 = arith.constant dense<[[[-0.25, 0.375], [-0.375, 0.25], [-0.5, 0.125], [-0.625, 0.0], [0.625, -0.125], [0.5, -0.25]], [[0.375, -0.375], [0.25, -0.5], [0.125, -0.625], [0.0, 0.625], [-0.125, 0.5], [-0.25, 0.375]], [[-0.375, 0.25], [-0.5, 0.125], [-0.625, 0.0], [0.625, -0.125], [0.5, -0.25], [0.375, -0.375]]]> : tensor<3x6x2xf32>
  %z = resnet.batch_matmul %y, %by_dim1 : tensor<2x3x4x6xf32>, tensor<3x6x2xf32> -> tensor<2x3x4x2xf32>
  %r = resnet.relu %z : tensor<2x3x4x2xf32>
  %left = arith.constant dense<[[[[-0.25, 0.125, 0.5, -0.5], [-0.125, 0.25, 0.625, -0.375], [0.0, 0.375, -0.625, -0.25], [0.125, 0.5, -0.5, -0.125], [0.25, 0.625, -0.375, 0.0]], [[0.375, -0.625, -0.25, 0.125], [0.5, -0.5, -0.125, 0.25], [0.625, -0.375, 0.0, 0.375], [-0.625, -0.25, 0.125, 0.5], [-0.5, -0.125, 0.25, 0.625]], [[-0.375, 0.0, 0.375, -0.625], [-0.25, 0.125, 0.5, -0.5], [-0.125, 0.25, 0.625, -0.375], [0.0, 0.375, -0.625, -0.25], [0.125, 0.5, -0.5, -0.125]]]]> : tensor<1x3x5x4xf32>
  %out = resnet.batch_matmul %left, %r : tensor<1x3x5x4xf32>, tensor<2x3x4x2xf32> -> tensor<2x3x5x2xf32>
  return %out : tensor<2x3x5x2xf32>
}
