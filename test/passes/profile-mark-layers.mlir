// RUN: resnet-opt %s --resnet-profile-mark-layers --mlir-print-debuginfo | FileCheck %s

// Every resnet layer gets fused<{resnet.profile_layer = id, name, flops}>
// around its location; constants and other dialects are left alone.
// FLOPs: 2 * 1*8*4*4 * 3*3*3 = 6912 and 2 * 1*8*4*4 * 8*3*3 = 18432 for the
// convs, 2 * 1*2 * 8 = 32 for the linear layer, one per output element
// otherwise. A fused location is named after its first part (conv2).

// CHECK-LABEL: func.func @layers
// CHECK:      arith.constant {{.*}} loc(#[[CST:loc[0-9]*]])
// CHECK:      resnet.conv2d {{.*}} loc(#[[CONV:loc[0-9]*]])
// CHECK:      resnet.fused_conv {{.*}} loc(#[[FUSED:loc[0-9]*]])
// CHECK:      resnet.max_pool2d {{.*}} loc(#[[POOL:loc[0-9]*]])
// CHECK:      resnet.global_avg_pool {{.*}} loc(#[[GAP:loc[0-9]*]])
// CHECK:      resnet.flatten {{.*}} loc(#[[FLAT:loc[0-9]*]])
// CHECK:      resnet.linear {{.*}} loc(#[[FC:loc[0-9]*]])
// CHECK:      return
// CHECK-DAG:  #[[CST]] = loc("weights")
// CHECK-DAG:  #[[CONV]] = loc(fused<{flops = 6912 : i64, name = "conv 3x3/2 3->8 4x4 (stem)", resnet.profile_layer = 0 : i64}>
// CHECK-DAG:  #[[FUSED]] = loc(fused<{flops = 18432 : i64, name = "conv 3x3/1 8->8 4x4 +add +relu (block/conv2)", resnet.profile_layer = 1 : i64}>
// CHECK-DAG:  #[[POOL]] = loc(fused<{flops = 32 : i64, name = "max_pool 3x3/2 8x2x2 (profile-mark-layers.mlir:{{[0-9]+}})", resnet.profile_layer = 2 : i64}>
// CHECK-DAG:  #[[GAP]] = loc(fused<{flops = 8 : i64, name = "global_avg_pool 8x1x1 (profile-mark-layers.mlir:{{[0-9]+}})", resnet.profile_layer = 3 : i64}>
// CHECK-DAG:  #[[FLAT]] = loc(fused<{flops = 8 : i64, name = "flatten 1x8 (profile-mark-layers.mlir:{{[0-9]+}})", resnet.profile_layer = 4 : i64}>
// CHECK-DAG:  #[[FC]] = loc(fused<{flops = 32 : i64, name = "linear 8->2 (profile-mark-layers.mlir:{{[0-9]+}})", resnet.profile_layer = 5 : i64}>
func.func @layers(%x: tensor<1x3x8x8xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32> loc("weights")
  %w2 = arith.constant dense<0.25> : tensor<8x8x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %fw = arith.constant dense<0.1> : tensor<2x8xf32>
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x4x4xf32> loc("stem")
  %f = resnet.fused_conv %c, %w2, %b residual %c {relu, pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>, tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
      loc(fused["conv2"("block"), "relu2"("block")])
  %p = resnet.max_pool2d %f {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  %g = resnet.global_avg_pool %p : tensor<1x8x2x2xf32> -> tensor<1x8x1x1xf32>
  %v = resnet.flatten %g : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %y = resnet.linear %v, %fw : tensor<1x8xf32>, tensor<2x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
