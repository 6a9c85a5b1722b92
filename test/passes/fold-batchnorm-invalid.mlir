// RUN: resnet-opt %s --resnet-fold-batchnorm --split-input-file -verify-diagnostics
// RUN: not resnet-opt %s --resnet-fold-batchnorm --split-input-file 2>&1 | FileCheck %s

// A dense_resource weight without its blob (a model written without its
// dialect_resources section) cannot be folded: a located error, not a crash
// and not a silent skip.
// CHECK: fold-batchnorm-invalid.mlir:[[@LINE+4]]:8: error: dense_resource blob 'missing_w' has no data; cannot fold the batch norm that uses it
// CHECK: fold-batchnorm-invalid.mlir:[[@LINE+7]]:8: note: batch norm here
func.func @missing_blob(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{dense_resource blob 'missing_w' has no data; cannot fold the batch norm that uses it}}
  %w = arith.constant dense_resource<missing_w> : tensor<2x2x3x3xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32> -> tensor<1x2x4x4xf32>
  // expected-note @+1 {{batch norm here}}
  %1 = resnet.batch_norm %0, %v, %v, %v, %v : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// The same for a batch norm statistic.
func.func @missing_statistic(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{dense_resource blob 'missing_var' has no data}}
  %var = arith.constant dense_resource<missing_var> : tensor<2xf32>
  // expected-note @+1 {{batch norm here}}
  %0 = resnet.batch_norm %x, %v, %v, %v, %var : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %0 : tensor<1x2x4x4xf32>
}
