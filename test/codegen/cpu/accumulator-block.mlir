// RUN: resnet-opt --resnet-select-tiles --resnet-tile --resnet-vectorize %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles --resnet-tile=accumulator-block=0 --resnet-vectorize %s -split-input-file | FileCheck %s --check-prefix=ONE

// Accuracy: --resnet-tile sums a reduction longer than accumulator-block
// (default 64) elements in blocks. Each block starts from zero
// accumulators (the inner loop's iter_args start at a zero constant) and is
// added to the running sum after its loop (arith.addf on the register
// tile), so that no float32 accumulator sums more than 64 products
// (C*KH*KW = 1152 here; 2048 in ResNet-50's classifier); a row-blocked
// conv's block is its row block (the last case). With accumulator-block=0
// one accumulator carries the whole reduction (ONE).

// CHECK-LABEL: func.func @conv3x3
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x7x32xf32>
// CHECK: scf.forall
// CHECK: scf.for {{.*}} to %c3 step %c1 iter_args(%[[KH:.*]] = {{.*}}) -> (vector<1x1x7x32xf32>)
// CHECK: scf.for {{.*}} to %c3 step %c1 iter_args(%[[KW:.*]] = %[[KH]]) -> (vector<1x1x7x32xf32>)
// CHECK: scf.for {{.*}} to %c128 step %c64 iter_args(%[[SUM:.*]] = %[[KW]]) -> (vector<1x1x7x32xf32>)
// CHECK: %[[PART:.*]] = scf.for {{.*}} to %c64 step %c8 iter_args(%{{.*}} = %[[ZERO]]) -> (vector<1x7x32xf32>)
// CHECK: vector.contract
// CHECK: %[[P:.*]] = vector.extract %[[PART]][0]
// CHECK: %[[R:.*]] = vector.extract %[[SUM]][0, 0]
// CHECK: arith.addf %[[R]], %[[P]] : vector<7x32xf32>
// ONE-LABEL: func.func @conv3x3
// ONE: scf.for {{.*}} to %c128 step %c8 iter_args
// ONE-NOT: arith.addf
func.func @conv3x3(%x: tensor<1x16x16x128xf32>, %w: tensor<3x3x128x64xf32>) -> tensor<1x14x14x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x14x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x64xf32>) -> tensor<1x14x14x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x16x128xf32>, tensor<3x3x128x64xf32>) outs(%f : tensor<1x14x14x64xf32>) -> tensor<1x14x14x64xf32>
  return %c : tensor<1x14x14x64xf32>
}

// -----

// The classifier: K = 2048 in 32 blocks of 64.
// CHECK-LABEL: func.func @classifier
// CHECK: scf.for {{.*}} to %c2048 step %c64 iter_args
// CHECK: scf.for {{.*}} to %c64 step %c8 iter_args
// CHECK: vector.contract
// CHECK: arith.addf
// ONE-LABEL: func.func @classifier
// ONE: scf.for {{.*}} to %c2048 step %c8 iter_args
// ONE-NOT: arith.addf
func.func @classifier(%x: tensor<2x2048xf32>, %w: tensor<2048x1000xf32>) -> tensor<2x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x1000xf32>) -> tensor<2x1000xf32>
  %m = linalg.matmul ins(%x, %w : tensor<2x2048xf32>, tensor<2048x1000xf32>) outs(%f : tensor<2x1000xf32>) -> tensor<2x1000xf32>
  return %m : tensor<2x1000xf32>
}

// -----

// A short reduction (1x1 conv over 64 channels) stays one block.
// CHECK-LABEL: func.func @short
// CHECK: scf.for {{.*}} to %c64 step %c8 iter_args
// CHECK-NOT: arith.addf
// CHECK: return
func.func @short(%x: tensor<1x8x8x64xf32>, %w: tensor<1x1x64x64xf32>) -> tensor<1x8x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x64xf32>, tensor<1x1x64x64xf32>) outs(%f : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  return %c : tensor<1x8x8x64xf32>
}

// -----

// A row-blocked conv (weights per channel tile beyond L1: 9 x 256 x 32
// floats) sums each row block, 9 taps x 32 channels = 288 products, into
// fresh accumulators added to the output tile: the row block is the
// accumulator block (tile.mlir @row_blocked says why). With
// accumulator-block=0 the rows accumulate in the output tile directly.
// CHECK-LABEL: func.func @row_blocked
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x7x32xf32>
// CHECK: scf.for {{.*}} to %c256 step %c32 iter_args
// CHECK: scf.for {{.*}} to %c7 step %c1 iter_args
// CHECK: scf.for {{.*}} to %c3 step %c1 iter_args(%{{.*}} = %[[ZERO]])
// CHECK: scf.for {{.*}} to %c3 step %c1 iter_args
// CHECK: scf.for {{.*}} to %c32 step %c8 iter_args
// CHECK: vector.contract
// CHECK: arith.addf {{.*}} : vector<7x32xf32>
// CHECK: return
// ONE-LABEL: func.func @row_blocked
// ONE: scf.for {{.*}} to %c32 step %c8 iter_args
// ONE-NOT: arith.addf
// ONE: return
func.func @row_blocked(%x: tensor<1x9x9x256xf32>) -> tensor<1x7x7x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x256x64xf32>
  %e = tensor.empty() : tensor<1x7x7x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x256xf32>, tensor<3x3x256x64xf32>) outs(%f : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  return %c : tensor<1x7x7x64xf32>
}
