// RUN: resnet-opt --resnet-block-transposes %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-block-transposes --resnet-parallel-elementwise %s -split-input-file | FileCheck %s --check-prefix=THREADS

// A feature-map output, NHWC -> NCHW with 1024 channels: the channels
// split in blocks of 16 (one cache line of the input), the block index in
// the channels' place and the index within the block innermost, so each
// innermost loop reads one line; the reshapes are views.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3, d1, d4)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d2, d3)>
// CHECK-LABEL: func.func @to_nchw
// CHECK-NOT: linalg.transpose
// CHECK: %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 9, 17, 64, 16]
// CHECK: %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 64, 16, 9, 17]
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x9x17x64x16xf32>) outs(%[[E]] : tensor<1x64x16x9x17xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[A]] : f32
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x64x16x9x17xf32> into tensor<1x1024x9x17xf32>
// CHECK: return %[[R]]
// The threads share out the blocks (64 of them), each a 16 x 9 x 17 copy.
// THREADS-LABEL: func.func @to_nchw
// THREADS: scf.forall (%{{.*}}) in (64)
// THREADS: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x9x17x1x16xf32>) outs(%{{.*}} : tensor<1x1x16x9x17xf32>)
func.func @to_nchw(%x: tensor<1x9x17x1024xf32>) -> tensor<1x1024x9x17xf32> {
  %e = tensor.empty() : tensor<1x1024x9x17xf32>
  %t = linalg.transpose ins(%x : tensor<1x9x17x1024xf32>) outs(%e : tensor<1x1024x9x17xf32>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x1024x9x17xf32>
}

// -----

// An input, NCHW -> NHWC with 3 channels: the input's contiguous dimension
// is the columns (224, in blocks of 16), the channels between the block
// index and the index within it.
// CHECK-DAG: #[[IN3:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d1, d2, d4)>
// CHECK-DAG: #[[OUT3:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4, d3)>
// CHECK-LABEL: func.func @to_nhwc
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] output_shape [2, 3, 224, 14, 16]
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4]] output_shape [2, 224, 14, 16, 3]
// CHECK: linalg.generic {indexing_maps = [#[[IN3]], #[[OUT3]]]
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4]] : tensor<2x224x14x16x3xf32> into tensor<2x224x224x3xf32>
func.func @to_nhwc(%x: tensor<2x3x224x224xf32>) -> tensor<2x224x224x3xf32> {
  %e = tensor.empty() : tensor<2x224x224x3xf32>
  %t = linalg.transpose ins(%x : tensor<2x3x224x224xf32>) outs(%e : tensor<2x224x224x3xf32>) permutation = [0, 2, 3, 1]
  return %t : tensor<2x224x224x3xf32>
}

// -----

// 12 channels: blocks of 12, the largest divisor within a line.
// CHECK-LABEL: func.func @twelve
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 5, 7, 1, 12]
// CHECK: linalg.generic
func.func @twelve(%x: tensor<1x5x7x12xf32>) -> tensor<1x12x5x7xf32> {
  %e = tensor.empty() : tensor<1x12x5x7xf32>
  %t = linalg.transpose ins(%x : tensor<1x5x7x12xf32>) outs(%e : tensor<1x12x5x7xf32>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x12x5x7xf32>
}

// -----

// An NCHW input of 17 columns (prime: no block within a line but 1): the
// output's 512 channels are cut instead, the columns just outside the
// index within a block, so each innermost loop writes one line.
// CHECK-DAG: #[[INB:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d4, d1, d3)>
// CHECK-DAG: #[[OUTB:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d2, d4)>
// CHECK-LABEL: func.func @prime_columns
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 32, 16, 9, 17]
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 9, 17, 32, 16]
// CHECK: linalg.generic {indexing_maps = [#[[INB]], #[[OUTB]]]
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] : tensor<1x9x17x32x16xf32> into tensor<1x9x17x512xf32>
// THREADS-LABEL: func.func @prime_columns
// THREADS: scf.forall (%{{.*}}, %{{.*}}) in (9, 32)
// THREADS: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x1x16x1x17xf32>) outs(%{{.*}} : tensor<1x1x17x1x16xf32>)
func.func @prime_columns(%x: tensor<1x512x9x17xf32>) -> tensor<1x9x17x512xf32> {
  %e = tensor.empty() : tensor<1x9x17x512xf32>
  %t = linalg.transpose ins(%x : tensor<1x512x9x17xf32>) outs(%e : tensor<1x9x17x512xf32>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x9x17x512xf32>
}

// -----

// Left: 17 channels and 19 columns (neither contiguous dimension has a
// block within a line but 1), a transpose that keeps the contiguous
// dimension last, and one on memrefs.
// CHECK-LABEL: func.func @left
// CHECK-NOT: linalg.generic
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x5x19x17xf32>)
// CHECK: linalg.transpose ins(%{{.*}} : tensor<4x6x8xf32>)
// CHECK: linalg.transpose ins(%{{.*}} : memref<1x4x4x32xf32>)
// CHECK-NOT: linalg.generic
func.func @left(%x: tensor<1x5x19x17xf32>, %y: tensor<4x6x8xf32>, %m: memref<1x4x4x32xf32>, %o: memref<1x32x4x4xf32>) -> (tensor<1x17x5x19xf32>, tensor<6x4x8xf32>) {
  %e = tensor.empty() : tensor<1x17x5x19xf32>
  %t = linalg.transpose ins(%x : tensor<1x5x19x17xf32>) outs(%e : tensor<1x17x5x19xf32>) permutation = [0, 3, 1, 2]
  %e2 = tensor.empty() : tensor<6x4x8xf32>
  %t2 = linalg.transpose ins(%y : tensor<4x6x8xf32>) outs(%e2 : tensor<6x4x8xf32>) permutation = [1, 0, 2]
  linalg.transpose ins(%m : memref<1x4x4x32xf32>) outs(%o : memref<1x32x4x4xf32>) permutation = [0, 3, 1, 2]
  return %t, %t2 : tensor<1x17x5x19xf32>, tensor<6x4x8xf32>
}
