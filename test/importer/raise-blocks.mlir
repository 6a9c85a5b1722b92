// RUN: resnet-opt %s --split-input-file --resnet-raise-blocks | FileCheck %s

// What --resnet-raise-blocks forms from primitive graphs, and what it leaves
// alone because it is not exactly a torchvision block.

// CHECK-LABEL: func @basic_identity
// CHECK-COUNT-5: arith.constant
// CHECK-NEXT: %[[Y:.*]] = resnet.residual_block %arg0{{$}}
// CHECK-NEXT:   conv1(%{{.*}} : tensor<4x4x3x3xf32>, bn %{{.*}} : tensor<4xf32>)
// CHECK-NEXT:   conv2(%{{.*}} : tensor<4x4x3x3xf32>, bn %{{.*}} : tensor<4xf32>)
// CHECK-NEXT:   : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @basic_identity(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %1 = resnet.conv2d %x, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %6 = resnet.add %5, %x : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %7 = resnet.relu %6 : tensor<1x4x8x8xf32>
  return %7 : tensor<1x4x8x8xf32>
}

// -----

// The add's operands may come in either order.
// CHECK-LABEL: func @basic_swapped
// CHECK: resnet.residual_block %arg0
// CHECK-NOT: resnet.add
func.func @basic_swapped(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %1 = resnet.conv2d %x, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %6 = resnet.add %x, %5 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %7 = resnet.relu %6 : tensor<1x4x8x8xf32>
  return %7 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func @basic_projection
// CHECK:      resnet.residual_block %arg0 stride 2
// CHECK-NEXT:   conv1(%{{.*}} : tensor<4x2x3x3xf32>
// CHECK-NEXT:   conv2(%{{.*}} : tensor<4x4x3x3xf32>
// CHECK-NEXT:   projection(%{{.*}} : tensor<4x2x1x1xf32>, bn
// CHECK-NEXT:   : tensor<1x2x8x8xf32> -> tensor<1x4x4x4xf32>
// CHECK-NOT:  resnet.conv2d
func.func @basic_projection(%x: tensor<1x2x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %wa = arith.constant dense<0.1> : tensor<4x2x3x3xf32>
  %wp = arith.constant dense<0.3> : tensor<4x2x1x1xf32>
  %1 = resnet.conv2d %x, %wa {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x4x4xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x4x4xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x4x4xf32>
  %4 = resnet.conv2d %3, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x4x4xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x4x4xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v : tensor<1x4x4x4xf32>, tensor<4xf32>
  %p = resnet.conv2d %x, %wp {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
  %q = resnet.batch_norm %p, %s, %b, %m, %v : tensor<1x4x4x4xf32>, tensor<4xf32>
  %6 = resnet.add %5, %q : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  %7 = resnet.relu %6 : tensor<1x4x4x4xf32>
  return %7 : tensor<1x4x4x4xf32>
}

// -----

// ResNeXt-style: 3x3 with stride 2 and 2 groups, projection shortcut.
// CHECK-LABEL: func @bottleneck_grouped
// CHECK:      resnet.bottleneck_block %arg0 width 4 expansion 4 stride 2 groups 2{{$}}
// CHECK-NEXT:   reduce(%{{.*}} : tensor<4x8x1x1xf32>
// CHECK-NEXT:   spatial(%{{.*}} : tensor<4x2x3x3xf32>
// CHECK-NEXT:   expand(%{{.*}} : tensor<16x4x1x1xf32>
// CHECK-NEXT:   projection(%{{.*}} : tensor<16x8x1x1xf32>
// CHECK-NEXT:   : tensor<1x8x8x8xf32> -> tensor<1x16x4x4xf32>
// CHECK-NOT:  resnet.conv2d
func.func @bottleneck_grouped(%x: tensor<1x8x8x8xf32>) -> tensor<1x16x4x4xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %s16 = arith.constant dense<1.1> : tensor<16xf32>
  %b16 = arith.constant dense<0.1> : tensor<16xf32>
  %m16 = arith.constant dense<0.05> : tensor<16xf32>
  %v16 = arith.constant dense<0.9> : tensor<16xf32>
  %wr = arith.constant dense<0.1> : tensor<4x8x1x1xf32>
  %ws = arith.constant dense<0.1> : tensor<4x2x3x3xf32>
  %we = arith.constant dense<0.1> : tensor<16x4x1x1xf32>
  %wp = arith.constant dense<0.1> : tensor<16x8x1x1xf32>
  %1 = resnet.conv2d %x, %wr : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %ws {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x4x4xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v : tensor<1x4x4x4xf32>, tensor<4xf32>
  %6 = resnet.relu %5 : tensor<1x4x4x4xf32>
  %7 = resnet.conv2d %6, %we : tensor<1x4x4x4xf32>, tensor<16x4x1x1xf32> -> tensor<1x16x4x4xf32>
  %8 = resnet.batch_norm %7, %s16, %b16, %m16, %v16 : tensor<1x16x4x4xf32>, tensor<16xf32>
  %p = resnet.conv2d %x, %wp {strides = array<i64: 2, 2>} : tensor<1x8x8x8xf32>, tensor<16x8x1x1xf32> -> tensor<1x16x4x4xf32>
  %q = resnet.batch_norm %p, %s16, %b16, %m16, %v16 : tensor<1x16x4x4xf32>, tensor<16xf32>
  %9 = resnet.add %8, %q : tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>
  %10 = resnet.relu %9 : tensor<1x16x4x4xf32>
  return %10 : tensor<1x16x4x4xf32>
}

// -----

// An intermediate value with a user outside the block: left alone.
// CHECK-LABEL: func @escaping_value
// CHECK-NOT: residual_block
// CHECK-COUNT-2: resnet.conv2d
// CHECK: resnet.add
func.func @escaping_value(%x: tensor<1x4x8x8xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %1 = resnet.conv2d %x, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %6 = resnet.add %5, %x : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %7 = resnet.relu %6 : tensor<1x4x8x8xf32>
  return %7, %3 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// Epsilons differ inside the block: left alone.
// CHECK-LABEL: func @mismatched_epsilon
// CHECK-NOT: residual_block
// CHECK: resnet.add
func.func @mismatched_epsilon(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %1 = resnet.conv2d %x, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v {epsilon = 1.0e-03 : f64} : tensor<1x4x8x8xf32>, tensor<4xf32>
  %6 = resnet.add %5, %x : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %7 = resnet.relu %6 : tensor<1x4x8x8xf32>
  return %7 : tensor<1x4x8x8xf32>
}

// -----

// A convolution with a bias: left alone.
// CHECK-LABEL: func @conv_with_bias
// CHECK-NOT: residual_block
// CHECK: resnet.add
func.func @conv_with_bias(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %1 = resnet.conv2d %x, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %w3, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %6 = resnet.add %5, %x : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %7 = resnet.relu %6 : tensor<1x4x8x8xf32>
  return %7 : tensor<1x4x8x8xf32>
}

// -----

// A 5x5 convolution is not a basic block: left alone.
// CHECK-LABEL: func @conv_5x5
// CHECK-NOT: residual_block
// CHECK: resnet.add
func.func @conv_5x5(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %w5 = arith.constant dense<0.1> : tensor<4x4x5x5xf32>
  %1 = resnet.conv2d %x, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %w5 {pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x5x5xf32> -> tensor<1x4x8x8xf32>
  %5 = resnet.batch_norm %4, %s, %b, %m, %v : tensor<1x4x8x8xf32>, tensor<4xf32>
  %6 = resnet.add %5, %x : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %7 = resnet.relu %6 : tensor<1x4x8x8xf32>
  return %7 : tensor<1x4x8x8xf32>
}

// -----

// No block here, but the projection shortcut (1x1 conv with stride, BN)
// feeding the add becomes resnet.shortcut.
// CHECK-LABEL: func @projection_only
// CHECK-NOT: residual_block
// CHECK: %[[S:.*]] = resnet.shortcut %arg0 stride 2
// CHECK-NEXT: projection(%{{.*}} : tensor<4x2x1x1xf32>, bn
// CHECK-NEXT: : tensor<1x2x8x8xf32> -> tensor<1x4x4x4xf32>
// CHECK: resnet.add %arg1, %[[S]]
func.func @projection_only(%x: tensor<1x2x8x8xf32>, %y: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w3 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %s = arith.constant dense<1.1> : tensor<4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %m = arith.constant dense<0.05> : tensor<4xf32>
  %v = arith.constant dense<0.9> : tensor<4xf32>
  %wp = arith.constant dense<0.3> : tensor<4x2x1x1xf32>
  %p = resnet.conv2d %x, %wp {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
  %q = resnet.batch_norm %p, %s, %b, %m, %v : tensor<1x4x4x4xf32>, tensor<4xf32>
  %6 = resnet.add %y, %q : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  return %6 : tensor<1x4x4x4xf32>
}
