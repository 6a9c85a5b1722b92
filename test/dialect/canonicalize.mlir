// RUN: resnet-opt %s -canonicalize --split-input-file | FileCheck %s

// The resnet ops' canonicalization patterns (ResNetCanonicalizations.cpp)
// and folders under upstream canonicalize.

// relu(fused_conv{relu}) is the fused_conv itself.
// CHECK-LABEL: func.func @relu_of_fused_relu
// CHECK-NEXT:    %[[F:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 {relu}
// CHECK-NEXT:    return %[[F]], %[[F]]
func.func @relu_of_fused_relu(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<4xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %0 = resnet.fused_conv %x, %w, %b {relu} : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.relu %0 : tensor<1x4x5x5xf32>
  return %0, %1 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}

// -----

// Without the fused ReLU the relu stays.
// CHECK-LABEL: func.func @relu_of_plain_fused
// CHECK-NEXT:    %[[F:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 :
// CHECK-NEXT:    %[[R:.*]] = resnet.relu %[[F]]
// CHECK-NEXT:    return %[[R]]
func.func @relu_of_plain_fused(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<4xf32>) -> tensor<1x4x5x5xf32> {
  %0 = resnet.fused_conv %x, %w, %b : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  %1 = resnet.relu %0 : tensor<1x4x5x5xf32>
  return %1 : tensor<1x4x5x5xf32>
}

// -----

// An all-zero constant conv bias is dropped; other biases stay.
// CHECK-LABEL: func.func @conv_bias
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[Z:.*]] = resnet.conv2d %arg0, %arg1 : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x3x3xf32>
// CHECK-DAG:     %[[N:.*]] = resnet.conv2d %arg0, %arg1, %[[B]] :
// CHECK-DAG:     %[[A:.*]] = resnet.conv2d %arg0, %arg1, %arg2 :
// CHECK:         return %[[Z]], %[[N]], %[[A]]
func.func @conv_bias(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %b: tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %nonzero = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %0 = resnet.conv2d %x, %w, %zero : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  %1 = resnet.conv2d %x, %w, %nonzero : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  %2 = resnet.conv2d %x, %w, %b : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  return %0, %1, %2 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// An all-zero constant residual is dropped; a real one stays.
// CHECK-LABEL: func.func @fused_residual
// CHECK:         %[[A:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 {relu} : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %[[B:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 residual %arg3 :
// CHECK-NEXT:    return %[[A]], %[[B]]
func.func @fused_residual(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %b: tensor<2xf32>, %r: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %zero = arith.constant dense<0.0> : tensor<1x2x3x3xf32>
  %0 = resnet.fused_conv %x, %w, %b residual %zero {relu} : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %1 = resnet.fused_conv %x, %w, %b residual %r : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// The dialect's folders and upstream canonicalization run too.
// CHECK-LABEL: func.func @folders
// CHECK-NEXT:    %[[R:.*]] = resnet.relu %arg0
// CHECK-NEXT:    return %[[R]]
func.func @folders(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = resnet.relu %x : tensor<1x2x3x3xf32>
  %1 = resnet.relu %0 : tensor<1x2x3x3xf32>
  %2 = resnet.shortcut %1 : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}
