// Every resnet op round-trips through the custom syntax, the generic form and
// bytecode, and prints back with the same attributes and types.
// RUN: resnet-opt %s | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -mlir-print-op-generic | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -emit-bytecode | resnet-opt | FileCheck %s
// The generic form spells out every (default-valued) property.
// RUN: resnet-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @conv2d_defaults
// CHECK:   resnet.conv2d %arg0, %arg1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
// GENERIC-LABEL: sym_name = "conv2d_defaults"
// GENERIC: "resnet.conv2d"({{.*}}) <{dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
func.func @conv2d_defaults(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func.func @conv2d_bias_strided_padded
// CHECK:   resnet.conv2d %arg0, %arg1, %arg2 {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32> -> tensor<1x64x112x112xf32>
func.func @conv2d_bias_strided_padded(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>) -> tensor<1x64x112x112xf32> {
  %0 = resnet.conv2d %x, %w, %b {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32> -> tensor<1x64x112x112xf32>
  return %0 : tensor<1x64x112x112xf32>
}

// Grouped, dilated, asymmetric pads: H = (10+1+2-5)/2+1 = 5, W = (12+0+1-5)/1+1 = 9.
// CHECK-LABEL: func.func @conv2d_groups_dilations_pads
// CHECK:   resnet.conv2d %arg0, %arg1 {dilations = array<i64: 2, 2>, groups = 4 : i64, pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 1>} : tensor<2x8x10x12xf32>, tensor<12x2x3x3xf32> -> tensor<2x12x5x9xf32>
func.func @conv2d_groups_dilations_pads(%x: tensor<2x8x10x12xf32>, %w: tensor<12x2x3x3xf32>) -> tensor<2x12x5x9xf32> {
  %0 = resnet.conv2d %x, %w {dilations = array<i64: 2, 2>, groups = 4 : i64, pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 1>} : tensor<2x8x10x12xf32>, tensor<12x2x3x3xf32> -> tensor<2x12x5x9xf32>
  return %0 : tensor<2x12x5x9xf32>
}

// The default epsilon is elided; another one is printed.
// CHECK-LABEL: func.func @batch_norm
// CHECK:   %[[A:.*]] = resnet.batch_norm %arg0, %arg1, %arg2, %arg3, %arg4 : tensor<1x4x5x5xf32>, tensor<4xf32>
// CHECK:   %[[B:.*]] = resnet.batch_norm %[[A]], %arg1, %arg2, %arg3, %arg4 {epsilon = 1.000000e-03 : f64} : tensor<1x4x5x5xf32>, tensor<4xf32>
// CHECK:   return %[[B]] : tensor<1x4x5x5xf32>
// GENERIC-LABEL: sym_name = "batch_norm"
// GENERIC: "resnet.batch_norm"({{.*}}) <{epsilon = 1.000000e-05 : f64}> : (tensor<1x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
// GENERIC: <{epsilon = 1.000000e-03 : f64}>
func.func @batch_norm(%x: tensor<1x4x5x5xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x5x5xf32> {
  %0 = resnet.batch_norm %x, %s, %b, %m, %v : tensor<1x4x5x5xf32>, tensor<4xf32>
  %1 = resnet.batch_norm %0, %s, %b, %m, %v {epsilon = 1.0e-3 : f64} : tensor<1x4x5x5xf32>, tensor<4xf32>
  return %1 : tensor<1x4x5x5xf32>
}

// CHECK-LABEL: func.func @elementwise
// CHECK:   %[[R:.*]] = resnet.relu %arg0 : tensor<1x4x5x5xf32>
// CHECK:   %[[S:.*]] = resnet.add %[[R]], %arg1 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
// CHECK:   return %[[S]]
func.func @elementwise(%x: tensor<1x4x5x5xf32>, %y: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %0 = resnet.relu %x : tensor<1x4x5x5xf32>
  %1 = resnet.add %0, %y : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
  return %1 : tensor<1x4x5x5xf32>
}

// CHECK-LABEL: func.func @pooling
// CHECK:   resnet.max_pool2d %arg0 {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x112x112xf32> -> tensor<1x4x56x56xf32>
// CHECK:   resnet.avg_pool2d %arg0 {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x112x112xf32> -> tensor<1x4x112x112xf32>
// CHECK:   resnet.avg_pool2d %arg0 {kernel = array<i64: 2, 4>, strides = array<i64: 2, 4>} : tensor<1x4x112x112xf32> -> tensor<1x4x56x28xf32>
// CHECK:   resnet.global_avg_pool %arg0 : tensor<1x4x112x112xf32> -> tensor<1x4x1x1xf32>
// GENERIC-LABEL: sym_name = "pooling"
// GENERIC: "resnet.max_pool2d"({{.*}}) <{dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}>
// GENERIC: "resnet.avg_pool2d"({{.*}}) <{count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}>
// GENERIC: "resnet.avg_pool2d"({{.*}}) <{count_include_pad = false, kernel = array<i64: 2, 4>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 4>}>
func.func @pooling(%x: tensor<1x4x112x112xf32>) -> (tensor<1x4x56x56xf32>, tensor<1x4x112x112xf32>, tensor<1x4x56x28xf32>, tensor<1x4x1x1xf32>) {
  %0 = resnet.max_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x112x112xf32> -> tensor<1x4x56x56xf32>
  %1 = resnet.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x112x112xf32> -> tensor<1x4x112x112xf32>
  %2 = resnet.avg_pool2d %x {kernel = array<i64: 2, 4>, strides = array<i64: 2, 4>} : tensor<1x4x112x112xf32> -> tensor<1x4x56x28xf32>
  %3 = resnet.global_avg_pool %x : tensor<1x4x112x112xf32> -> tensor<1x4x1x1xf32>
  return %0, %1, %2, %3 : tensor<1x4x56x56xf32>, tensor<1x4x112x112xf32>, tensor<1x4x56x28xf32>, tensor<1x4x1x1xf32>
}

// CHECK-LABEL: func.func @head
// CHECK:   %[[F:.*]] = resnet.flatten %arg0 : tensor<2x512x1x1xf32> -> tensor<2x512xf32>
// CHECK:   %[[L:.*]] = resnet.linear %[[F]], %arg1, %arg2 : tensor<2x512xf32>, tensor<10x512xf32>, tensor<10xf32> -> tensor<2x10xf32>
// CHECK:   %[[N:.*]] = resnet.linear %[[F]], %arg1 : tensor<2x512xf32>, tensor<10x512xf32> -> tensor<2x10xf32>
// CHECK:   %[[S:.*]] = resnet.softmax %[[L]] : tensor<2x10xf32>
// CHECK:   %[[T:.*]] = resnet.softmax %[[N]] {axis = 0 : i64} : tensor<2x10xf32>
// GENERIC-LABEL: sym_name = "head"
// GENERIC: "resnet.softmax"({{.*}}) <{axis = -1 : i64}> : (tensor<2x10xf32>) -> tensor<2x10xf32>
// GENERIC: "resnet.softmax"({{.*}}) <{axis = 0 : i64}> : (tensor<2x10xf32>) -> tensor<2x10xf32>
func.func @head(%x: tensor<2x512x1x1xf32>, %w: tensor<10x512xf32>, %b: tensor<10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>) {
  %0 = resnet.flatten %x : tensor<2x512x1x1xf32> -> tensor<2x512xf32>
  %1 = resnet.linear %0, %w, %b : tensor<2x512xf32>, tensor<10x512xf32>, tensor<10xf32> -> tensor<2x10xf32>
  %2 = resnet.linear %0, %w : tensor<2x512xf32>, tensor<10x512xf32> -> tensor<2x10xf32>
  %3 = resnet.softmax %1 : tensor<2x10xf32>
  %4 = resnet.softmax %2 {axis = 0 : i64} : tensor<2x10xf32>
  return %3, %4 : tensor<2x10xf32>, tensor<2x10xf32>
}

// CHECK-LABEL: func.func @shortcuts
// CHECK:      resnet.shortcut %arg0
// CHECK-NEXT:   : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
// CHECK:      resnet.shortcut %arg0 stride 2
// CHECK-NEXT:   projection(%arg1 : tensor<8x4x1x1xf32>, bn %arg2, %arg3, %arg4, %arg5 : tensor<8xf32>) {epsilon = 1.000000e-03 : f64}
// CHECK-NEXT:   : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
// GENERIC-LABEL: sym_name = "shortcuts"
// GENERIC: "resnet.shortcut"({{.*}}) <{epsilon = 1.000000e-05 : f64, stride = 1 : i64}> : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
// GENERIC: "resnet.shortcut"({{.*}}) <{epsilon = 1.000000e-03 : f64, stride = 2 : i64}> : (tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
func.func @shortcuts(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x1x1xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x8x4x4xf32>) {
  %0 = resnet.shortcut %x : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  %1 = resnet.shortcut %x stride 2 projection(%w : tensor<8x4x1x1xf32>, bn %s, %b, %m, %v : tensor<8xf32>) {epsilon = 1.0e-3 : f64} : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @residual_identity
// CHECK:      resnet.residual_block %arg0
// CHECK-NEXT:   conv1(%arg1 : tensor<4x4x3x3xf32>, bn %arg2, %arg3, %arg4, %arg5 : tensor<4xf32>)
// CHECK-NEXT:   conv2(%arg6 : tensor<4x4x3x3xf32>, bn %arg2, %arg3, %arg4, %arg5 : tensor<4xf32>)
// CHECK-NEXT:   : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
// GENERIC-LABEL: sym_name = "residual_identity"
// GENERIC: "resnet.residual_block"({{.*}}) <{epsilon = 1.000000e-05 : f64, operandSegmentSizes = array<i32: 1, 0, 5, 5, 0>, stride = 1 : i64}>
func.func @residual_identity(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = resnet.residual_block %x
      conv1(%w1 : tensor<4x4x3x3xf32>, bn %s, %b, %m, %v : tensor<4xf32>)
      conv2(%w2 : tensor<4x4x3x3xf32>, bn %s, %b, %m, %v : tensor<4xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// Odd input size with stride 2: (7 - 1) / 2 + 1 = 4.
// CHECK-LABEL: func.func @residual_projection
// CHECK:      resnet.residual_block %arg0 stride 2
// CHECK-NEXT:   conv1(%arg1 : tensor<8x4x3x3xf32>, bn %arg2, %arg3, %arg4, %arg5 : tensor<8xf32>)
// CHECK-NEXT:   conv2(%arg6 : tensor<8x8x3x3xf32>, bn %arg2, %arg3, %arg4, %arg5 : tensor<8xf32>)
// CHECK-NEXT:   projection(%arg7 : tensor<8x4x1x1xf32>, bn %arg5, %arg4, %arg3, %arg2 : tensor<8xf32>) {epsilon = 1.000000e-03 : f64}
// CHECK-NEXT:   : tensor<1x4x7x7xf32> -> tensor<1x8x4x4xf32>
// GENERIC-LABEL: sym_name = "residual_projection"
// GENERIC: "resnet.residual_block"({{.*}}) <{epsilon = 1.000000e-03 : f64, operandSegmentSizes = array<i32: 1, 0, 5, 5, 5>, stride = 2 : i64}>
func.func @residual_projection(%x: tensor<1x4x7x7xf32>, %w1: tensor<8x4x3x3xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>, %w2: tensor<8x8x3x3xf32>, %wp: tensor<8x4x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %0 = resnet.residual_block %x stride 2
      conv1(%w1 : tensor<8x4x3x3xf32>, bn %s, %b, %m, %v : tensor<8xf32>)
      conv2(%w2 : tensor<8x8x3x3xf32>, bn %s, %b, %m, %v : tensor<8xf32>)
      projection(%wp : tensor<8x4x1x1xf32>, bn %v, %m, %b, %s : tensor<8xf32>)
      {epsilon = 1.0e-3 : f64}
      : tensor<1x4x7x7xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @bottleneck_identity
// CHECK:      resnet.bottleneck_block %arg0 width 4 expansion 4
// CHECK-NEXT:   reduce(%arg1 : tensor<4x16x1x1xf32>, bn %arg2, %arg2, %arg2, %arg2 : tensor<4xf32>)
// CHECK-NEXT:   spatial(%arg3 : tensor<4x4x3x3xf32>, bn %arg2, %arg2, %arg2, %arg2 : tensor<4xf32>)
// CHECK-NEXT:   expand(%arg4 : tensor<16x4x1x1xf32>, bn %arg5, %arg5, %arg5, %arg5 : tensor<16xf32>)
// CHECK-NEXT:   : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
// GENERIC-LABEL: sym_name = "bottleneck_identity"
// GENERIC: "resnet.bottleneck_block"({{.*}}) <{epsilon = 1.000000e-05 : f64, expansion = 4 : i64, groups = 1 : i64, operandSegmentSizes = array<i32: 1, 0, 5, 5, 5, 0>, stride = 1 : i64, width = 4 : i64}>
func.func @bottleneck_identity(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v4: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %w3: tensor<16x4x1x1xf32>, %v16: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %0 = resnet.bottleneck_block %x width 4 expansion 4
      reduce(%w1 : tensor<4x16x1x1xf32>, bn %v4, %v4, %v4, %v4 : tensor<4xf32>)
      spatial(%w2 : tensor<4x4x3x3xf32>, bn %v4, %v4, %v4, %v4 : tensor<4xf32>)
      expand(%w3 : tensor<16x4x1x1xf32>, bn %v16, %v16, %v16, %v16 : tensor<16xf32>)
      : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// ResNeXt-style: 8 groups over width 16, expansion 2, stride 2, projection.
// CHECK-LABEL: func.func @bottleneck_grouped_projection
// CHECK:      resnet.bottleneck_block %arg0 width 16 expansion 2 stride 2 groups 8
// CHECK-NEXT:   reduce(%arg1 : tensor<16x8x1x1xf32>, bn %arg2, %arg2, %arg2, %arg2 : tensor<16xf32>)
// CHECK-NEXT:   spatial(%arg3 : tensor<16x2x3x3xf32>, bn %arg2, %arg2, %arg2, %arg2 : tensor<16xf32>)
// CHECK-NEXT:   expand(%arg4 : tensor<32x16x1x1xf32>, bn %arg5, %arg5, %arg5, %arg5 : tensor<32xf32>)
// CHECK-NEXT:   projection(%arg6 : tensor<32x8x1x1xf32>, bn %arg5, %arg5, %arg5, %arg5 : tensor<32xf32>)
// CHECK-NEXT:   : tensor<2x8x9x9xf32> -> tensor<2x32x5x5xf32>
// GENERIC-LABEL: sym_name = "bottleneck_grouped_projection"
// GENERIC: <{epsilon = 1.000000e-05 : f64, expansion = 2 : i64, groups = 8 : i64, operandSegmentSizes = array<i32: 1, 0, 5, 5, 5, 5>, stride = 2 : i64, width = 16 : i64}>
func.func @bottleneck_grouped_projection(%x: tensor<2x8x9x9xf32>, %w1: tensor<16x8x1x1xf32>, %v16: tensor<16xf32>, %w2: tensor<16x2x3x3xf32>, %w3: tensor<32x16x1x1xf32>, %v32: tensor<32xf32>, %wp: tensor<32x8x1x1xf32>) -> tensor<2x32x5x5xf32> {
  %0 = resnet.bottleneck_block %x width 16 expansion 2 stride 2 groups 8
      reduce(%w1 : tensor<16x8x1x1xf32>, bn %v16, %v16, %v16, %v16 : tensor<16xf32>)
      spatial(%w2 : tensor<16x2x3x3xf32>, bn %v16, %v16, %v16, %v16 : tensor<16xf32>)
      expand(%w3 : tensor<32x16x1x1xf32>, bn %v32, %v32, %v32, %v32 : tensor<32xf32>)
      projection(%wp : tensor<32x8x1x1xf32>, bn %v32, %v32, %v32, %v32 : tensor<32xf32>)
      : tensor<2x8x9x9xf32> -> tensor<2x32x5x5xf32>
  return %0 : tensor<2x32x5x5xf32>
}

// CHECK-LABEL: func.func @fused_conv
// CHECK:   %[[A:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x6x6xf32>
// CHECK:   %[[B:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 {pads = array<i64: 1, 1, 1, 1>, relu} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
// CHECK:   %[[C:.*]] = resnet.fused_conv %arg0, %arg1, %arg2 residual %[[B]] {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
// CHECK:   %[[D:.*]] = resnet.fused_conv %arg0, %arg3, %arg2 residual %[[C]] {dilations = array<i64: 2, 2>, groups = 2 : i64, pads = array<i64: 2, 2, 2, 2>, relu} : tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
// GENERIC-LABEL: sym_name = "fused_conv"
// GENERIC: "resnet.fused_conv"({{.*}}) <{dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}>
// GENERIC: "resnet.fused_conv"({{.*}}) <{dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, relu, strides = array<i64: 1, 1>}>
func.func @fused_conv(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>, %wg: tensor<4x2x3x3xf32>) -> (tensor<1x4x6x6xf32>, tensor<1x4x8x8xf32>) {
  %0 = resnet.fused_conv %x, %w, %b : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x6x6xf32>
  %1 = resnet.fused_conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, relu} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.fused_conv %x, %w, %b residual %1 {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  %3 = resnet.fused_conv %x, %wg, %b residual %2 {dilations = array<i64: 2, 2>, groups = 2 : i64, pads = array<i64: 2, 2, 2, 2>, relu} : tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return %0, %3 : tensor<1x4x6x6xf32>, tensor<1x4x8x8xf32>
}
