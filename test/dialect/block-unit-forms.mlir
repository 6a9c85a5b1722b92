// The three forms of a block's conv unit (conv + BN, conv with bias, conv
// alone), per unit, and the pre-activation (v2) group round-trip through the
// custom syntax, the generic form and bytecode.
// RUN: resnet-opt %s | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -mlir-print-op-generic | resnet-opt | FileCheck %s
// RUN: resnet-opt %s -emit-bytecode | resnet-opt | FileCheck %s
// The generic form states each group's size: input, preact, units, projection.
// RUN: resnet-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// A BN-folded basic block (a default PyTorch export): every unit has a bias.
// CHECK-LABEL: func.func @basic_bias
// CHECK:      resnet.residual_block %arg0 stride 2{{$}}
// CHECK-NEXT:   conv1(%arg1 : tensor<8x4x3x3xf32>, bias %arg2 : tensor<8xf32>)
// CHECK-NEXT:   conv2(%arg3 : tensor<8x8x3x3xf32>, bias %arg2 : tensor<8xf32>)
// CHECK-NEXT:   projection(%arg4 : tensor<8x4x1x1xf32>, bias %arg2 : tensor<8xf32>)
// CHECK-NEXT:   : tensor<1x4x9x9xf32> -> tensor<1x8x5x5xf32>
// GENERIC-LABEL: sym_name = "basic_bias"
// GENERIC: "resnet.residual_block"({{.*}}) <{epsilon = 1.000000e-05 : f64, operandSegmentSizes = array<i32: 1, 0, 2, 2, 2>, stride = 2 : i64}>
func.func @basic_bias(%x: tensor<1x4x9x9xf32>, %w1: tensor<8x4x3x3xf32>, %b: tensor<8xf32>, %w2: tensor<8x8x3x3xf32>, %wp: tensor<8x4x1x1xf32>) -> tensor<1x8x5x5xf32> {
  %0 = resnet.residual_block %x stride 2
      conv1(%w1 : tensor<8x4x3x3xf32>, bias %b : tensor<8xf32>)
      conv2(%w2 : tensor<8x8x3x3xf32>, bias %b : tensor<8xf32>)
      projection(%wp : tensor<8x4x1x1xf32>, bias %b : tensor<8xf32>)
      : tensor<1x4x9x9xf32> -> tensor<1x8x5x5xf32>
  return %0 : tensor<1x8x5x5xf32>
}

// Mixed forms in one block, and an epsilon for its one BN unit.
// CHECK-LABEL: func.func @bottleneck_mixed
// CHECK:      resnet.bottleneck_block %arg0 width 4 expansion 4 groups 2{{$}}
// CHECK-NEXT:   reduce(%arg1 : tensor<4x16x1x1xf32>, bn %arg2, %arg2, %arg2, %arg2 : tensor<4xf32>)
// CHECK-NEXT:   spatial(%arg3 : tensor<4x2x3x3xf32>, bias %arg2 : tensor<4xf32>)
// CHECK-NEXT:   expand(%arg4 : tensor<16x4x1x1xf32>) {epsilon = 1.000000e-03 : f64}
// CHECK-NEXT:   : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
// GENERIC-LABEL: sym_name = "bottleneck_mixed"
// GENERIC: operandSegmentSizes = array<i32: 1, 0, 5, 2, 1, 0>
func.func @bottleneck_mixed(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v: tensor<4xf32>, %w2: tensor<4x2x3x3xf32>, %w3: tensor<16x4x1x1xf32>) -> tensor<1x16x8x8xf32> {
  %0 = resnet.bottleneck_block %x width 4 expansion 4 groups 2
      reduce(%w1 : tensor<4x16x1x1xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      spatial(%w2 : tensor<4x2x3x3xf32>, bias %v : tensor<4xf32>)
      expand(%w3 : tensor<16x4x1x1xf32>)
      {epsilon = 1.0e-3 : f64}
      : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// Pre-activation (ResNet v2) blocks: the preact BN is over the input
// channels.
// CHECK-LABEL: func.func @preact
// CHECK:      resnet.residual_block %arg0 stride 2 preact(bn %arg1, %arg1, %arg1, %arg1 : tensor<4xf32>)
// CHECK-NEXT:   conv1(%arg2 : tensor<8x4x3x3xf32>, bias %arg3 : tensor<8xf32>)
// CHECK-NEXT:   conv2(%arg4 : tensor<8x8x3x3xf32>)
// CHECK-NEXT:   projection(%arg5 : tensor<8x4x1x1xf32>)
// CHECK-NEXT:   : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK:      resnet.bottleneck_block %arg6 width 4 expansion 4 preact(bn %arg7, %arg7, %arg7, %arg7 : tensor<16xf32>)
// CHECK-NEXT:   reduce(%arg8 : tensor<4x16x1x1xf32>, bias %arg9 : tensor<4xf32>)
// GENERIC-LABEL: sym_name = "preact"
// GENERIC: operandSegmentSizes = array<i32: 1, 4, 2, 1, 1>
// GENERIC: operandSegmentSizes = array<i32: 1, 4, 2, 2, 1, 0>
func.func @preact(%x: tensor<1x4x8x8xf32>, %g: tensor<4xf32>, %w1: tensor<8x4x3x3xf32>, %b: tensor<8xf32>, %w2: tensor<8x8x3x3xf32>, %wp: tensor<8x4x1x1xf32>,
                  %y: tensor<1x16x8x8xf32>, %g16: tensor<16xf32>, %r: tensor<4x16x1x1xf32>, %b4: tensor<4xf32>, %s: tensor<4x4x3x3xf32>, %e: tensor<16x4x1x1xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x16x8x8xf32>) {
  %0 = resnet.residual_block %x stride 2 preact(bn %g, %g, %g, %g : tensor<4xf32>)
      conv1(%w1 : tensor<8x4x3x3xf32>, bias %b : tensor<8xf32>)
      conv2(%w2 : tensor<8x8x3x3xf32>)
      projection(%wp : tensor<8x4x1x1xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
  %1 = resnet.bottleneck_block %y width 4 expansion 4 preact(bn %g16, %g16, %g16, %g16 : tensor<16xf32>)
      reduce(%r : tensor<4x16x1x1xf32>, bias %b4 : tensor<4xf32>)
      spatial(%s : tensor<4x4x3x3xf32>, bias %b4 : tensor<4xf32>)
      expand(%e : tensor<16x4x1x1xf32>)
      : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<1x16x8x8xf32>
}

// A standalone projection shortcut with a folded BN.
// CHECK-LABEL: func.func @shortcut_bias
// CHECK:      resnet.shortcut %arg0 stride 2{{$}}
// CHECK-NEXT:   projection(%arg1 : tensor<8x4x1x1xf32>, bias %arg2 : tensor<8xf32>)
func.func @shortcut_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x1x1xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = resnet.shortcut %x stride 2 projection(%w : tensor<8x4x1x1xf32>, bias %b : tensor<8xf32>)
      : tensor<1x4x8x8xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}
