// RUN: resnet-opt %s --resnet-expand-blocks --split-input-file | FileCheck %s
// RUN: resnet-opt %s --resnet-expand-blocks --split-input-file -mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// A basic block with a projection: the stride goes on conv1 (3x3, pads 1),
// conv2 is 3x3 stride 1 pads 1, the projection is a 1x1 conv with the stride
// and no padding; every BN keeps the block's epsilon.
// CHECK-LABEL: func.func @basic_projection
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x9x9xf32>, %[[W1:.*]]: tensor<8x4x3x3xf32>, %[[G1:.*]]: tensor<8xf32>, %[[B1:.*]]: tensor<8xf32>, %[[M1:.*]]: tensor<8xf32>, %[[V1:.*]]: tensor<8xf32>, %[[W2:.*]]: tensor<8x8x3x3xf32>, %[[G2:.*]]: tensor<8xf32>, %[[WP:.*]]: tensor<8x4x1x1xf32>, %[[GP:.*]]: tensor<8xf32>)
// CHECK-NEXT:    %[[C1:.*]] = resnet.conv2d %[[X]], %[[W1]] {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x9x9xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x5x5xf32>
// CHECK-NEXT:    %[[N1:.*]] = resnet.batch_norm %[[C1]], %[[G1]], %[[B1]], %[[M1]], %[[V1]] {epsilon = 1.000000e-03 : f64}
// CHECK-NEXT:    %[[R1:.*]] = resnet.relu %[[N1]]
// CHECK-NEXT:    %[[C2:.*]] = resnet.conv2d %[[R1]], %[[W2]] {pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x5x5xf32>, tensor<8x8x3x3xf32> -> tensor<1x8x5x5xf32>
// CHECK-NEXT:    %[[N2:.*]] = resnet.batch_norm %[[C2]], %[[G2]], %[[G2]], %[[G2]], %[[G2]] {epsilon = 1.000000e-03 : f64}
// CHECK-NEXT:    %[[CP:.*]] = resnet.conv2d %[[X]], %[[WP]] {strides = array<i64: 2, 2>} : tensor<1x4x9x9xf32>, tensor<8x4x1x1xf32> -> tensor<1x8x5x5xf32>
// CHECK-NEXT:    %[[NP:.*]] = resnet.batch_norm %[[CP]], %[[GP]], %[[GP]], %[[GP]], %[[GP]] {epsilon = 1.000000e-03 : f64}
// CHECK-NEXT:    %[[SUM:.*]] = resnet.add %[[N2]], %[[NP]]
// CHECK-NEXT:    %[[OUT:.*]] = resnet.relu %[[SUM]]
// CHECK-NEXT:    return %[[OUT]]
// LOC-LABEL: func.func @basic_projection
// LOC: resnet.conv2d {{.*}} loc(#[[CONV1:loc[0-9]*]])
// LOC: resnet.conv2d {{.*}} loc(#[[CONV2:loc[0-9]*]])
// LOC: resnet.conv2d {{.*}} loc(#[[PROJ:loc[0-9]*]])
// LOC: resnet.add {{.*}} loc(#[[ADD:loc[0-9]*]])
// LOC-DAG: #[[BLOCK:loc[0-9]*]] = loc("{{.*}}expand-blocks.mlir":[[@LINE+6]]:
// LOC-DAG: #[[CONV1]] = loc("conv1"(#[[BLOCK]]))
// LOC-DAG: #[[CONV2]] = loc("conv2"(#[[BLOCK]]))
// LOC-DAG: #[[PROJ]] = loc("projection"(#[[BLOCK]]))
// LOC-DAG: #[[ADD]] = loc("residual"(#[[BLOCK]]))
func.func @basic_projection(%x: tensor<1x4x9x9xf32>, %w1: tensor<8x4x3x3xf32>, %g1: tensor<8xf32>, %b1: tensor<8xf32>, %m1: tensor<8xf32>, %v1: tensor<8xf32>, %w2: tensor<8x8x3x3xf32>, %g2: tensor<8xf32>, %wp: tensor<8x4x1x1xf32>, %gp: tensor<8xf32>) -> tensor<1x8x5x5xf32> {
  %0 = resnet.residual_block %x stride 2
      conv1(%w1 : tensor<8x4x3x3xf32>, bn %g1, %b1, %m1, %v1 : tensor<8xf32>)
      conv2(%w2 : tensor<8x8x3x3xf32>, bn %g2, %g2, %g2, %g2 : tensor<8xf32>)
      projection(%wp : tensor<8x4x1x1xf32>, bn %gp, %gp, %gp, %gp : tensor<8xf32>)
      {epsilon = 1.0e-3 : f64}
      : tensor<1x4x9x9xf32> -> tensor<1x8x5x5xf32>
  return %0 : tensor<1x8x5x5xf32>
}

// -----

// Identity shortcut: the block input itself is the addend.
// CHECK-LABEL: func.func @basic_identity
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x7x7xf32>,
// CHECK:         resnet.conv2d %[[X]], %{{.*}} {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x7x7xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x7x7xf32>
// CHECK:         resnet.conv2d
// CHECK-NEXT:    %[[N2:.*]] = resnet.batch_norm
// CHECK-NEXT:    %[[SUM:.*]] = resnet.add %[[N2]], %[[X]]
// CHECK-NEXT:    resnet.relu %[[SUM]]
// CHECK-NOT:     resnet.residual_block
func.func @basic_identity(%x: tensor<1x4x7x7xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) -> tensor<1x4x7x7xf32> {
  %0 = resnet.residual_block %x
      conv1(%w : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      conv2(%w : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      : tensor<1x4x7x7xf32> -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// -----

// Bottleneck: 1x1 reduce (no stride), 3x3 spatial with the stride, pads 1
// and groups, 1x1 expand, projection with the stride.
// CHECK-LABEL: func.func @bottleneck_grouped
// CHECK-SAME:    (%[[X:.*]]: tensor<1x8x9x9xf32>, %[[W1:.*]]: tensor<16x8x1x1xf32>, %[[V16:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<16x2x3x3xf32>, %[[W3:.*]]: tensor<32x16x1x1xf32>, %[[V32:.*]]: tensor<32xf32>, %[[WP:.*]]: tensor<32x8x1x1xf32>)
// CHECK-NEXT:    %[[C1:.*]] = resnet.conv2d %[[X]], %[[W1]] : tensor<1x8x9x9xf32>, tensor<16x8x1x1xf32> -> tensor<1x16x9x9xf32>
// CHECK-NEXT:    %[[N1:.*]] = resnet.batch_norm %[[C1]], %[[V16]], %[[V16]], %[[V16]], %[[V16]] :
// CHECK-NEXT:    %[[R1:.*]] = resnet.relu %[[N1]]
// CHECK-NEXT:    %[[C2:.*]] = resnet.conv2d %[[R1]], %[[W2]] {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x16x9x9xf32>, tensor<16x2x3x3xf32> -> tensor<1x16x5x5xf32>
// CHECK-NEXT:    %[[N2:.*]] = resnet.batch_norm %[[C2]]
// CHECK-NEXT:    %[[R2:.*]] = resnet.relu %[[N2]]
// CHECK-NEXT:    %[[C3:.*]] = resnet.conv2d %[[R2]], %[[W3]] : tensor<1x16x5x5xf32>, tensor<32x16x1x1xf32> -> tensor<1x32x5x5xf32>
// CHECK-NEXT:    %[[N3:.*]] = resnet.batch_norm %[[C3]], %[[V32]]
// CHECK-NEXT:    %[[CP:.*]] = resnet.conv2d %[[X]], %[[WP]] {strides = array<i64: 2, 2>} : tensor<1x8x9x9xf32>, tensor<32x8x1x1xf32> -> tensor<1x32x5x5xf32>
// CHECK-NEXT:    %[[NP:.*]] = resnet.batch_norm %[[CP]], %[[V32]]
// CHECK-NEXT:    %[[SUM:.*]] = resnet.add %[[N3]], %[[NP]]
// CHECK-NEXT:    %[[OUT:.*]] = resnet.relu %[[SUM]]
// CHECK-NEXT:    return %[[OUT]]
// LOC-LABEL: func.func @bottleneck_grouped
// LOC: resnet.conv2d {{.*}} loc(#[[REDUCE:loc[0-9]*]])
// LOC: resnet.conv2d {{.*}} loc(#[[SPATIAL:loc[0-9]*]])
// LOC: resnet.conv2d {{.*}} loc(#[[EXPAND:loc[0-9]*]])
// LOC-DAG: #[[REDUCE]] = loc("reduce"(#{{loc[0-9]*}}))
// LOC-DAG: #[[SPATIAL]] = loc("spatial"(#{{loc[0-9]*}}))
// LOC-DAG: #[[EXPAND]] = loc("expand"(#{{loc[0-9]*}}))
func.func @bottleneck_grouped(%x: tensor<1x8x9x9xf32>, %w1: tensor<16x8x1x1xf32>, %v16: tensor<16xf32>, %w2: tensor<16x2x3x3xf32>, %w3: tensor<32x16x1x1xf32>, %v32: tensor<32xf32>, %wp: tensor<32x8x1x1xf32>) -> tensor<1x32x5x5xf32> {
  %0 = resnet.bottleneck_block %x width 16 expansion 2 stride 2 groups 8
      reduce(%w1 : tensor<16x8x1x1xf32>, bn %v16, %v16, %v16, %v16 : tensor<16xf32>)
      spatial(%w2 : tensor<16x2x3x3xf32>, bn %v16, %v16, %v16, %v16 : tensor<16xf32>)
      expand(%w3 : tensor<32x16x1x1xf32>, bn %v32, %v32, %v32, %v32 : tensor<32xf32>)
      projection(%wp : tensor<32x8x1x1xf32>, bn %v32, %v32, %v32, %v32 : tensor<32xf32>)
      : tensor<1x8x9x9xf32> -> tensor<1x32x5x5xf32>
  return %0 : tensor<1x32x5x5xf32>
}

// -----

// Standalone shortcuts: identity is the value itself, a projection its
// 1x1 conv + BN.
// CHECK-LABEL: func.func @shortcuts
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<8x4x1x1xf32>, %[[V:.*]]: tensor<8xf32>)
// CHECK-NEXT:    %[[C:.*]] = resnet.conv2d %[[X]], %[[W]] {strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT:    %[[N:.*]] = resnet.batch_norm %[[C]], %[[V]], %[[V]], %[[V]], %[[V]] :
// CHECK-NEXT:    return %[[X]], %[[N]]
func.func @shortcuts(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x1x1xf32>, %v: tensor<8xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x8x4x4xf32>) {
  %0 = resnet.shortcut %x : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  %1 = resnet.shortcut %x stride 2
      projection(%w : tensor<8x4x1x1xf32>, bn %v, %v, %v, %v : tensor<8xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x8x4x4xf32>
}

// -----

// Primitive layers are left alone.
// CHECK-LABEL: func.func @primitives
// CHECK-NEXT:    resnet.conv2d
// CHECK-NEXT:    resnet.relu
// CHECK-NEXT:    return
func.func @primitives(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %0 = resnet.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x8x8xf32>
  %1 = resnet.relu %0 : tensor<1x4x8x8xf32>
  return %1 : tensor<1x4x8x8xf32>
}
