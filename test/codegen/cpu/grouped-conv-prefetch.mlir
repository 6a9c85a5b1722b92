// RUN: resnet-opt --resnet-select-tiles=target=znver1 %s -split-input-file | FileCheck %s --check-prefix=SELECT
// RUN: resnet-opt --resnet-cpu-pipeline="opt-level=2 target=znver1" %s -split-input-file | FileCheck %s

// A grouped conv whose weights do not stay in L2 runs its channel vectors
// outermost and prefetches the next vector's weights (prefetcht1, hint 2)
// beside each weight load of the reduction: an output row's working set
// (295 KiB of weights, three 132 KiB input rows, a 128 KiB output row)
// exceeds znver1's 512 KiB L2, and the weights read once per row (2 x 295
// KiB) would outweigh the input (528 KiB).
// SELECT-LABEL: func.func @streamed
// SELECT: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 1, 16], interchange = [3, 4, 0, 1, 2], parallel = true, prefetch_weights = true>
// CHECK-LABEL: llvm.func @streamed
// CHECK: "llvm.intr.prefetch"({{.*}}) <{cache = 1 : i32, hint = 2 : i32, rw = 0 : i32}>
// CHECK: llvm.return
func.func @streamed(%x: tensor<1x4x66x512xf32>) -> tensor<1x2x64x512xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 4, 66, 32, 16] : tensor<1x4x66x512xf32> into tensor<1x4x66x32x16xf32>
  %e = tensor.empty() : tensor<1x2x64x32x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x64x32x16xf32>) -> tensor<1x2x64x32x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x4x66x32x16xf32>, tensor<32x16x3x3x16xf32>) outs(%f : tensor<1x2x64x32x16xf32>) -> tensor<1x2x64x32x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x2x64x32x16xf32> into tensor<1x2x64x512xf32>
  return %cc : tensor<1x2x64x512xf32>
}

// -----

// The same groups on a map whose rows keep the weights in L2: rows
// outermost, no prefetch.
// SELECT-LABEL: func.func @in_cache
// SELECT: resnet.tile = #resnet.tile<tiles = [1, 1, 4, 1, 16], parallel = true>
// CHECK-LABEL: llvm.func @in_cache
// CHECK-NOT: llvm.intr.prefetch
// CHECK: llvm.return
func.func @in_cache(%x: tensor<1x4x10x512xf32>) -> tensor<1x2x8x512xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 4, 10, 32, 16] : tensor<1x4x10x512xf32> into tensor<1x4x10x32x16xf32>
  %e = tensor.empty() : tensor<1x2x8x32x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x8x32x16xf32>) -> tensor<1x2x8x32x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x4x10x32x16xf32>, tensor<32x16x3x3x16xf32>) outs(%f : tensor<1x2x8x32x16xf32>) -> tensor<1x2x8x32x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x2x8x32x16xf32> into tensor<1x2x8x512xf32>
  return %cc : tensor<1x2x8x512xf32>
}
