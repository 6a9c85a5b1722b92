// RUN: resnet-opt %s --split-input-file --resnet-raise-blocks | FileCheck %s
// RUN: resnet-opt %s --split-input-file --resnet-raise-blocks --resnet-expand-blocks | FileCheck %s --check-prefix=EXPAND

// --resnet-raise-blocks on BN-folded graphs (conv with bias, PyTorch's default
// export), on graphs that mix the forms, and on pre-activation (v2) blocks.
// Expanding the raised blocks gives back the original ops.

// A BN-folded basic block with a folded projection.
// CHECK-LABEL: func @basic_bias_projection
// CHECK:      %[[Y:.*]] = resnet.residual_block %arg0 stride 2{{$}}
// CHECK-NEXT:   conv1(%{{.*}} : tensor<8x4x3x3xf32>, bias %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   conv2(%{{.*}} : tensor<8x8x3x3xf32>, bias %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   projection(%{{.*}} : tensor<8x4x1x1xf32>, bias %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: return %[[Y]]
// EXPAND-LABEL: func @basic_bias_projection
// EXPAND:      %[[C1:.*]] = resnet.conv2d %arg0, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// EXPAND-NEXT: %[[R1:.*]] = resnet.relu %[[C1]]
// EXPAND-NEXT: %[[C2:.*]] = resnet.conv2d %[[R1]], %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>}
// EXPAND-NEXT: %[[P:.*]] = resnet.conv2d %arg0, %{{.*}}, %{{.*}} {strides = array<i64: 2, 2>}
// EXPAND-NEXT: %[[S:.*]] = resnet.add %[[C2]], %[[P]]
// EXPAND-NEXT: resnet.relu %[[S]]
// EXPAND-NOT:  resnet.batch_norm
func.func @basic_bias_projection(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x4x4xf32> {
  %w1 = arith.constant dense<0.1> : tensor<8x4x3x3xf32>
  %w2 = arith.constant dense<0.1> : tensor<8x8x3x3xf32>
  %wp = arith.constant dense<0.1> : tensor<8x4x1x1xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %1 = resnet.conv2d %x, %w1, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %2 = resnet.relu %1 : tensor<1x8x4x4xf32>
  %3 = resnet.conv2d %2, %w2, %b {pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %4 = resnet.conv2d %x, %wp, %b {strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %5 = resnet.add %3, %4 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
  %6 = resnet.relu %5 : tensor<1x8x4x4xf32>
  return %6 : tensor<1x8x4x4xf32>
}

// -----

// A grouped (ResNeXt) bottleneck whose units mix the forms: conv + BN,
// conv with bias, a bare conv; the BN's epsilon becomes the block's.
// CHECK-LABEL: func @bottleneck_mixed
// CHECK:      resnet.bottleneck_block %arg0 width 8 expansion 2 groups 4{{$}}
// CHECK-NEXT:   reduce(%{{.*}} : tensor<8x16x1x1xf32>, bn %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   spatial(%{{.*}} : tensor<8x2x3x3xf32>, bias %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   expand(%{{.*}} : tensor<16x8x1x1xf32>) {epsilon = 1.000000e-03 : f64}
// EXPAND-LABEL: func @bottleneck_mixed
// EXPAND:      resnet.conv2d %arg0, %{{[^,]*}} :
// EXPAND-NEXT: resnet.batch_norm {{.*}} {epsilon = 1.000000e-03 : f64}
// EXPAND-NEXT: resnet.relu
// EXPAND-NEXT: resnet.conv2d %{{.*}}, %{{.*}}, %{{.*}} {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>}
// EXPAND-NEXT: resnet.relu
// EXPAND-NEXT: resnet.conv2d %{{[^,]*}}, %{{[^,]*}} :
// EXPAND-NEXT: resnet.add
// EXPAND-NEXT: resnet.relu
func.func @bottleneck_mixed(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %w1 = arith.constant dense<0.1> : tensor<8x16x1x1xf32>
  %w2 = arith.constant dense<0.1> : tensor<8x2x3x3xf32>
  %w3 = arith.constant dense<0.1> : tensor<16x8x1x1xf32>
  %v = arith.constant dense<0.9> : tensor<8xf32>
  %1 = resnet.conv2d %x, %w1 : tensor<1x16x8x8xf32>, tensor<8x16x1x1xf32> -> tensor<1x8x8x8xf32>
  %2 = resnet.batch_norm %1, %v, %v, %v, %v {epsilon = 1.0e-3 : f64} : tensor<1x8x8x8xf32>, tensor<8xf32>
  %3 = resnet.relu %2 : tensor<1x8x8x8xf32>
  %4 = resnet.conv2d %3, %w2, %v {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %5 = resnet.relu %4 : tensor<1x8x8x8xf32>
  %6 = resnet.conv2d %5, %w3 : tensor<1x8x8x8xf32>, tensor<16x8x1x1xf32> -> tensor<1x16x8x8xf32>
  %7 = resnet.add %x, %6 : tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>
  %8 = resnet.relu %7 : tensor<1x16x8x8xf32>
  return %8 : tensor<1x16x8x8xf32>
}

// -----

// A conv with bias followed by a BN has no unit spelling: left as it is.
// CHECK-LABEL: func @bias_and_bn
// CHECK-NOT: resnet.residual_block
// CHECK: resnet.add
func.func @bias_and_bn(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %1 = resnet.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.batch_norm %1, %b, %b, %b, %b : tensor<1x4x8x8xf32>, tensor<4xf32>
  %3 = resnet.relu %2 : tensor<1x4x8x8xf32>
  %4 = resnet.conv2d %3, %w, %b {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %5 = resnet.add %4, %x : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %6 = resnet.relu %5 : tensor<1x4x8x8xf32>
  return %6 : tensor<1x4x8x8xf32>
}

// -----

// A conv inside the block whose result is read elsewhere: left as it is.
// CHECK-LABEL: func @bias_inner_used
// CHECK-NOT: resnet.residual_block
func.func @bias_inner_used(%x: tensor<1x4x8x8xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  %w = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %1 = resnet.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.relu %1 : tensor<1x4x8x8xf32>
  %3 = resnet.conv2d %2, %w, %b {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %4 = resnet.add %3, %x : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
  %5 = resnet.relu %4 : tensor<1x4x8x8xf32>
  return %5, %1 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// Pre-activation (v2) basic block with a projection of the pre-activated
// input, followed by an identity v2 block: relu(bn(x)) first, no ReLU after
// the add. conv1 has the folded BN of the next pre-activation, conv2 none.
// CHECK-LABEL: func @preact_basic
// CHECK:      %[[B1:.*]] = resnet.residual_block %arg0 stride 2 preact(bn %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<4xf32>)
// CHECK-NEXT:   conv1(%{{.*}} : tensor<8x4x3x3xf32>, bias %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   conv2(%{{.*}} : tensor<8x8x3x3xf32>)
// CHECK-NEXT:   projection(%{{.*}} : tensor<8x4x1x1xf32>)
// CHECK-NEXT:   : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[B2:.*]] = resnet.residual_block %[[B1]] preact(bn %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   conv1(%{{.*}} : tensor<8x8x3x3xf32>, bias %{{.*}} : tensor<8xf32>)
// CHECK-NEXT:   conv2(%{{.*}} : tensor<8x8x3x3xf32>)
// CHECK-NEXT:   : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[F:.*]] = resnet.batch_norm %[[B2]]
// CHECK-NEXT: resnet.relu %[[F]]
// EXPAND-LABEL: func @preact_basic
// EXPAND:      %[[N:.*]] = resnet.batch_norm %arg0
// EXPAND-NEXT: %[[T:.*]] = resnet.relu %[[N]]
// EXPAND-NEXT: %[[C1:.*]] = resnet.conv2d %[[T]]
// EXPAND-NEXT: %[[R1:.*]] = resnet.relu %[[C1]]
// EXPAND-NEXT: %[[C2:.*]] = resnet.conv2d %[[R1]]
// EXPAND-NEXT: %[[P:.*]] = resnet.conv2d %[[T]]
// EXPAND-NEXT: %[[S:.*]] = resnet.add %[[C2]], %[[P]]
// EXPAND-NEXT: %[[N2:.*]] = resnet.batch_norm %[[S]]
// EXPAND-NEXT: %[[T2:.*]] = resnet.relu %[[N2]]
// EXPAND-NEXT: %[[C3:.*]] = resnet.conv2d %[[T2]]
// EXPAND-NEXT: %[[R3:.*]] = resnet.relu %[[C3]]
// EXPAND-NEXT: %[[C4:.*]] = resnet.conv2d %[[R3]]
// EXPAND-NEXT: resnet.add %[[C4]], %[[S]]
func.func @preact_basic(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x4x4xf32> {
  %v4 = arith.constant dense<0.9> : tensor<4xf32>
  %v8 = arith.constant dense<0.9> : tensor<8xf32>
  %w1 = arith.constant dense<0.1> : tensor<8x4x3x3xf32>
  %w2 = arith.constant dense<0.1> : tensor<8x8x3x3xf32>
  %wp = arith.constant dense<0.1> : tensor<8x4x1x1xf32>
  %0 = resnet.batch_norm %x, %v4, %v4, %v4, %v4 : tensor<1x4x8x8xf32>, tensor<4xf32>
  %t = resnet.relu %0 : tensor<1x4x8x8xf32>
  %1 = resnet.conv2d %t, %w1, %v8 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %2 = resnet.relu %1 : tensor<1x8x4x4xf32>
  %3 = resnet.conv2d %2, %w2 {pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32> -> tensor<1x8x4x4xf32>
  %4 = resnet.conv2d %t, %wp {strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32> -> tensor<1x8x4x4xf32>
  %5 = resnet.add %3, %4 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
  %6 = resnet.batch_norm %5, %v8, %v8, %v8, %v8 : tensor<1x8x4x4xf32>, tensor<8xf32>
  %t2 = resnet.relu %6 : tensor<1x8x4x4xf32>
  %7 = resnet.conv2d %t2, %w2, %v8 {pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %8 = resnet.relu %7 : tensor<1x8x4x4xf32>
  %9 = resnet.conv2d %8, %w2 {pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32> -> tensor<1x8x4x4xf32>
  %10 = resnet.add %9, %5 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
  %11 = resnet.batch_norm %10, %v8, %v8, %v8, %v8 : tensor<1x8x4x4xf32>, tensor<8xf32>
  %12 = resnet.relu %11 : tensor<1x8x4x4xf32>
  return %12 : tensor<1x8x4x4xf32>
}

// -----

// A v2 bottleneck whose pre-activation is also read outside the block: left
// as it is.
// CHECK-LABEL: func @preact_shared
// CHECK-NOT: resnet.bottleneck_block
func.func @preact_shared(%x: tensor<1x16x8x8xf32>) -> (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) {
  %v16 = arith.constant dense<0.9> : tensor<16xf32>
  %v4 = arith.constant dense<0.9> : tensor<4xf32>
  %w1 = arith.constant dense<0.1> : tensor<4x16x1x1xf32>
  %w2 = arith.constant dense<0.1> : tensor<4x4x3x3xf32>
  %w3 = arith.constant dense<0.1> : tensor<16x4x1x1xf32>
  %0 = resnet.batch_norm %x, %v16, %v16, %v16, %v16 : tensor<1x16x8x8xf32>, tensor<16xf32>
  %t = resnet.relu %0 : tensor<1x16x8x8xf32>
  %1 = resnet.conv2d %t, %w1, %v4 : tensor<1x16x8x8xf32>, tensor<4x16x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %2 = resnet.relu %1 : tensor<1x4x8x8xf32>
  %3 = resnet.conv2d %2, %w2, %v4 {pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %4 = resnet.relu %3 : tensor<1x4x8x8xf32>
  %5 = resnet.conv2d %4, %w3 : tensor<1x4x8x8xf32>, tensor<16x4x1x1xf32> -> tensor<1x16x8x8xf32>
  %6 = resnet.add %5, %x : tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>
  return %6, %t : tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>
}
