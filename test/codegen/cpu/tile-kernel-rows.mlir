// RUN: resnet-opt --resnet-tile --canonicalize %s -split-input-file | FileCheck %s

// A tile's loop over kernel rows runs over the rows that reach the image
// for at least one of its output rows: with input rows offset + t * stride
// + kh (offset the tile's first padded row, t < T its output rows), kh in
// [max(0, top - (T - 1) * stride - offset), min(KH, top + height - offset)).
// The rows of the zero padding add nothing: a 3x3 over a two-row map does
// two of its three rows for each output row.

// Output row oh of a two-row map: kernel rows [max(1 - oh, 0), min(3 - oh, 3)),
// i.e. 1-2 for the first row, 0-1 for the second.
// CHECK-LABEL: func.func @two_rows
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: scf.forall (%{{.*}}, %[[OH:.*]]) = (0, 0) to (64, 2) step (32, 1)
// CHECK: %[[T:.*]] = arith.subi %[[C1]], %[[OH]] : index
// CHECK: %[[FIRST:.*]] = arith.maxsi %[[T]], %[[C0]] : index
// CHECK: %[[E:.*]] = arith.subi %[[C3]], %[[OH]] : index
// CHECK: %[[END:.*]] = arith.minsi %[[E]], %[[C3]] : index
// CHECK: scf.for %{{.*}} = %[[FIRST]] to %[[END]] step %[[C1]]
// The kernel columns are all run.
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]]
func.func @two_rows(%x: tensor<1x2x8x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<1x2x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x8x64xf32> to tensor<1x4x10x64xf32>
  %e = tensor.empty() : tensor<1x2x8x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8], interchange = [3, 0, 1, 2]>}
      ins(%p, %w : tensor<1x4x10x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32>
  return %c : tensor<1x2x8x64xf32>
}

// -----

// Stride 2 over four rows: the tile of output row oh starts at padded row
// 2 * oh; kernel rows [max(1 - 2 oh, 0), min(5 - 2 oh, 3)): 1-2, then all.
// CHECK-DAG: #[[TWICE:.*]] = affine_map<(d0) -> (d0 * 2)>
// CHECK-LABEL: func.func @strided
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: scf.forall (%[[OH:.*]], %{{.*}}) = (0, 0) to (2, 64) step (1, 32)
// CHECK: %[[OFFSET:.*]] = affine.apply #[[TWICE]](%[[OH]])
// CHECK: %[[T:.*]] = arith.subi %[[C1]], %[[OFFSET]] : index
// CHECK: %[[FIRST:.*]] = arith.maxsi %[[T]], %[[C0]] : index
// CHECK: %[[E:.*]] = arith.subi %[[C5]], %[[OFFSET]] : index
// CHECK: %[[END:.*]] = arith.minsi %[[E]], %[[C3]] : index
// CHECK: scf.for %{{.*}} = %[[FIRST]] to %[[END]] step %[[C1]]
func.func @strided(%x: tensor<1x4x8x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<1x2x4x64xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x8x64xf32> to tensor<1x6x10x64xf32>
  %e = tensor.empty() : tensor<1x2x4x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x4x64xf32>) -> tensor<1x2x4x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 1, 4, 32], reduction = [0, 0, 0, 0, 1, 1, 8]>}
      ins(%p, %w : tensor<1x6x10x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x2x4x64xf32>) -> tensor<1x2x4x64xf32>
  return %c : tensor<1x2x4x64xf32>
}

// -----

// A tile of two output rows skips a kernel row only where it reads the
// padding for both: first = max(0 - oh, 0), end = min(5 - oh, 3).
// CHECK-LABEL: func.func @two_row_tiles
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: scf.forall (%[[OH:.*]], %{{.*}}, %{{.*}}) = (0, 0, 0) to (4, 8, 64) step (2, 4, 16)
// CHECK: %[[T:.*]] = arith.subi %[[C0]], %[[OH]] : index
// CHECK: %[[FIRST:.*]] = arith.maxsi %[[T]], %[[C0]] : index
// CHECK: %[[E:.*]] = arith.subi %[[C5]], %[[OH]] : index
// CHECK: %[[END:.*]] = arith.minsi %[[E]], %[[C3]] : index
// CHECK: scf.for %{{.*}} = %[[FIRST]] to %[[END]]
func.func @two_row_tiles(%x: tensor<1x4x8x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<1x4x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x8x64xf32> to tensor<1x6x10x64xf32>
  %e = tensor.empty() : tensor<1x4x8x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x64xf32>) -> tensor<1x4x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 2, 4, 16], reduction = [0, 0, 0, 0, 1, 1, 8]>}
      ins(%p, %w : tensor<1x6x10x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x4x8x64xf32>) -> tensor<1x4x8x64xf32>
  return %c : tensor<1x4x8x64xf32>
}

// -----

// Left as they are: an input that is not padded, a padding value other
// than zero (its rows add to the sum), padding only at the sides.
// CHECK-LABEL: func.func @kept
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-NOT: arith.maxsi
// CHECK-NOT: arith.minsi
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]]
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]]
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]]
// CHECK-NOT: arith.maxsi
// CHECK: return
func.func @kept(%x: tensor<1x4x10x64xf32>, %w: tensor<3x3x64x64xf32>) -> (tensor<1x2x8x64xf32>, tensor<1x2x8x64xf32>, tensor<1x2x8x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<1x2x8x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8]>}
      ins(%x, %w : tensor<1x4x10x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32>
  %s = tensor.extract_slice %x[0, 0, 0, 0] [1, 2, 8, 64] [1, 1, 1, 1] : tensor<1x4x10x64xf32> to tensor<1x2x8x64xf32>
  %p1 = tensor.pad %s low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %one : f32
  } : tensor<1x2x8x64xf32> to tensor<1x4x10x64xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8]>}
      ins(%p1, %w : tensor<1x4x10x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32>
  %t = tensor.extract_slice %x[0, 0, 0, 0] [1, 4, 8, 64] [1, 1, 1, 1] : tensor<1x4x10x64xf32> to tensor<1x4x8x64xf32>
  %p2 = tensor.pad %t low[0, 0, 1, 0] high[0, 0, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x8x64xf32> to tensor<1x4x10x64xf32>
  %e2 = tensor.empty() : tensor<1x2x8x64xf32>
  %acc2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8]>}
      ins(%p2, %w : tensor<1x4x10x64xf32>, tensor<3x3x64x64xf32>) outs(%acc2 : tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32>
  return %c, %c1, %c2 : tensor<1x2x8x64xf32>, tensor<1x2x8x64xf32>, tensor<1x2x8x64xf32>
}
