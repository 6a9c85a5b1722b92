// RUN: resnet-opt %s --pass-pipeline='builtin.module(func.func(resnet-set-batch{batch=4}))' --split-input-file | FileCheck %s
// RUN: resnet-opt %s --resnet-set-batch=batch=1 --split-input-file | FileCheck %s --check-prefix=SAME

// The arguments' first dimension becomes 4; every result type is inferred
// again in order, the constants (weights) keep theirs, and the function type
// follows.
// CHECK-LABEL: func.func @model
// CHECK-SAME:    (%{{.*}}: tensor<4x3x8x8xf32>) -> tensor<4x10xf32>
// CHECK:         arith.constant {{.*}} : tensor<4x3x3x3xf32>
// CHECK:         resnet.conv2d {{.*}} -> tensor<4x4x4x4xf32>
// CHECK:         resnet.batch_norm {{.*}} : tensor<4x4x4x4xf32>, tensor<4xf32>
// CHECK:         resnet.relu {{.*}} : tensor<4x4x4x4xf32>
// CHECK:         resnet.max_pool2d {{.*}} : tensor<4x4x4x4xf32> -> tensor<4x4x2x2xf32>
// CHECK:         resnet.residual_block
// CHECK:           : tensor<4x4x2x2xf32> -> tensor<4x4x2x2xf32>
// CHECK:         resnet.global_avg_pool {{.*}} : tensor<4x4x2x2xf32> -> tensor<4x4x1x1xf32>
// CHECK:         resnet.flatten {{.*}} : tensor<4x4x1x1xf32> -> tensor<4x4xf32>
// CHECK:         resnet.linear {{.*}} -> tensor<4x10xf32>
// CHECK:         resnet.softmax {{.*}} : tensor<4x10xf32>
// CHECK:         return {{.*}} : tensor<4x10xf32>
// SAME-LABEL: func.func @model
// SAME-SAME:    (%{{.*}}: tensor<1x3x8x8xf32>) -> tensor<1x10xf32>
func.func @model(%x: tensor<1x3x8x8xf32>) -> tensor<1x10xf32> {
  %w = arith.constant dense<0.1> : tensor<4x3x3x3xf32>
  %v = arith.constant dense<1.0> : tensor<4xf32>
  %w1 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %fw = arith.constant dense<0.1> : tensor<10x4xf32>
  %fb = arith.constant dense<0.0> : tensor<10xf32>
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x4x4xf32>
  %1 = resnet.batch_norm %0, %v, %v, %v, %v : tensor<1x4x4x4xf32>, tensor<4xf32>
  %2 = resnet.relu %1 : tensor<1x4x4x4xf32>
  %3 = resnet.max_pool2d %2 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x4xf32> -> tensor<1x4x2x2xf32>
  %4 = resnet.residual_block %3
      conv1(%w1 : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      conv2(%w1 : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %5 = resnet.global_avg_pool %4 : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  %6 = resnet.flatten %5 : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  %7 = resnet.linear %6, %fw, %fb : tensor<1x4xf32>, tensor<10x4xf32>, tensor<10xf32> -> tensor<1x10xf32>
  %8 = resnet.softmax %7 : tensor<1x10xf32>
  return %8 : tensor<1x10xf32>
}

// -----

// Every function of the module is re-specialized; a declaration is left
// alone.
// CHECK-LABEL: func.func private @external(tensor<1x2xf32>) -> tensor<1x2xf32>
// CHECK-LABEL: func.func @other
// CHECK-SAME:    (%{{.*}}: tensor<4x2xf32>) -> tensor<4x2xf32>
func.func private @external(tensor<1x2xf32>) -> tensor<1x2xf32>
func.func @other(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %0 = resnet.relu %x : tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
