// RUN: resnet-opt %resnet_src/examples/resnet-small.mlir --resnet-optimize -mlir-elide-resource-strings-if-larger=16 | FileCheck %s
// RUN: resnet-opt %resnet_src/examples/resnet-small.mlir --resnet-optimize -mlir-print-debuginfo -mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=LOC
// RUN: resnet-opt %s --resnet-optimize | FileCheck %s --check-prefix=ARGS

// resnet-small after the pipeline: every conv is one fused_conv with its BN
// folded in; the blocks' ReLUs and residual adds are epilogues. Stem, then
// per block conv1 (relu) and conv2 (+ residual, relu); a projection block's
// 1x1 conv takes the branch as its residual.
// CHECK-LABEL: func.func @resnet_small
// CHECK-NOT:     resnet.batch_norm
// CHECK:         %[[S:.*]] = resnet.fused_conv %arg0, {{.*}} {pads = array<i64: 1, 1, 1, 1>, relu}
// CHECK-NEXT:    %[[A1:.*]] = resnet.fused_conv %[[S]], {{.*}} {pads = array<i64: 1, 1, 1, 1>, relu}
// CHECK-NEXT:    %[[B1:.*]] = resnet.fused_conv %[[A1]], {{.*}} residual %[[S]] {pads = array<i64: 1, 1, 1, 1>, relu}
// CHECK-NEXT:    %[[A2:.*]] = resnet.fused_conv %[[B1]]
// CHECK-NEXT:    %[[B2:.*]] = resnet.fused_conv %[[A2]], {{.*}} residual %[[B1]]
// CHECK-NEXT:    %[[A3:.*]] = resnet.fused_conv %[[B2]], {{.*}} {pads = array<i64: 1, 1, 1, 1>, relu, strides = array<i64: 2, 2>}
// CHECK-NEXT:    %[[C3:.*]] = resnet.fused_conv %[[A3]], {{.*}} {pads = array<i64: 1, 1, 1, 1>} :
// CHECK-NEXT:    %[[P3:.*]] = resnet.fused_conv %[[B2]], {{.*}} residual %[[C3]] {relu, strides = array<i64: 2, 2>}
// CHECK-COUNT-7: resnet.fused_conv
// CHECK-NEXT:    resnet.global_avg_pool
// CHECK-NEXT:    resnet.flatten
// CHECK-NEXT:    resnet.linear
// CHECK-NEXT:    return
// CHECK-NOT:     resnet.relu
// CHECK-NOT:     resnet.add

// A fused op's location keeps the block (and the role inside it).
// The first block's conv2 carries conv2 (BN folded in), the add and the ReLU.
// LOC: resnet.fused_conv {{.*}} residual {{.*}} loc(#[[L:loc[0-9]+]])
// LOC-DAG: #[[L]] = loc(fused[#[[CONV:loc[0-9]+]], #[[ADD:loc[0-9]+]], #[[RELU:loc[0-9]+]]])
// LOC-DAG: #[[CONV]] = loc("conv2"(#[[BLOCK:loc[0-9]+]]))
// LOC-DAG: #[[ADD]] = loc("residual"(#[[BLOCK]]))
// LOC-DAG: #[[RELU]] = loc("output_relu"(#[[BLOCK]]))


// Weights that are function arguments: the BN cannot be folded at compile
// time and stays (in front of the ReLU, which then cannot fuse).
// ARGS-LABEL: func.func @argument_weights
// ARGS-NEXT:    %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// ARGS-NEXT:    %[[C:.*]] = resnet.fused_conv %arg0, %arg1, %[[Z]] {pads = array<i64: 1, 1, 1, 1>}
// ARGS-NEXT:    %[[N:.*]] = resnet.batch_norm %[[C]], %arg2, %arg2, %arg2, %arg2
// ARGS-NEXT:    %[[R:.*]] = resnet.relu %[[N]]
// ARGS-NEXT:    return %[[R]]
func.func @argument_weights(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) -> tensor<1x4x6x6xf32> {
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x6x6xf32>
  %1 = resnet.batch_norm %0, %v, %v, %v, %v : tensor<1x4x6x6xf32>, tensor<4xf32>
  %2 = resnet.relu %1 : tensor<1x4x6x6xf32>
  return %2 : tensor<1x4x6x6xf32>
}
