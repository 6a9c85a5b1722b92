// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-trace-layers))" | FileCheck %s
// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-trace-layers{opt-level=0}))" | FileCheck %s --check-prefix=O0

// Every layer of a public function is traced under its location's name
// (dialect/TraceNames.h): "L<line>" of the op, then its NameLocs, innermost
// first; a fused location under its last part (the ReLU of conv + ReLU).
// A conv and a batch norm that share a name (the two ops of a block's unit
// at -O0) are traced once, after the batch norm. A conv2d or a ReLU-less
// fused_conv that only feeds a fused_conv's residual (the projection
// shortcut) is not traced: the CPU code sums it into that conv.

// The block ops these layers came from were at line 10 of some model.
#loc_line = loc("model.mlir":10:1)

// CHECK-LABEL: func.func @layers
// CHECK:      %[[STEM:.*]] = resnet.conv2d
// CHECK-NEXT: resnet.trace %[[STEM]] "L[[#STEMLINE:]]"
// CHECK:      %[[CONV:.*]] = resnet.conv2d
// CHECK-NOT:  resnet.trace
// CHECK:      %[[BN:.*]] = resnet.batch_norm %[[CONV]]
// CHECK-NEXT: resnet.trace %[[BN]] "L10/block1/conv1"
// CHECK:      %[[PROJ:.*]] = resnet.conv2d
// CHECK-NOT:  resnet.trace
// CHECK:      %[[FUSED:.*]] = resnet.fused_conv
// CHECK-NEXT: resnet.trace %[[FUSED]] "L10/block1/output_relu"
// CHECK:      %[[POOL:.*]] = resnet.max_pool2d
// CHECK-NEXT: resnet.trace %[[POOL]] "max_pool2d#0"
// CHECK:      %[[GAP:.*]] = resnet.global_avg_pool
// CHECK-NEXT: resnet.trace %[[GAP]] "L[[#STEMLINE+11]]"
// CHECK:      %[[FC:.*]] = resnet.linear
// CHECK-NEXT: resnet.trace %[[FC]] "L[[#STEMLINE+13]]"
// CHECK-NEXT: return
func.func @layers(%x: tensor<1x8x4x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x8x3x3xf32>
  %w1 = arith.constant dense<0.25> : tensor<8x8x1x1xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %fw = arith.constant dense<0.1> : tensor<2x8xf32>
  %s = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32> -> tensor<1x8x4x4xf32>
  %c = resnet.conv2d %s, %w {pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32> -> tensor<1x8x4x4xf32> loc("conv1"("block1"(#loc_line)))
  %n = resnet.batch_norm %c, %b, %b, %b, %b : tensor<1x8x4x4xf32>, tensor<8xf32>
      loc("conv1"("block1"(#loc_line)))
  %p = resnet.conv2d %n, %w1, %b : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %f = resnet.fused_conv %n, %w, %b residual %p {relu, pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>, tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
      loc(fused["conv2"("block1"(#loc_line)), "output_relu"("block1"(#loc_line))])
  %m = resnet.max_pool2d %f {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32> loc(unknown)
  %g = resnet.global_avg_pool %m : tensor<1x8x2x2xf32> -> tensor<1x8x1x1xf32>
  %v = resnet.flatten %g : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %y = resnet.linear %v, %fw : tensor<1x8xf32>, tensor<2x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// The same with the projection as a fused_conv with a bias, no ReLU (what
// --resnet-optimize makes of conv + folded batch norm); one with a ReLU is
// a layer of its own.
// CHECK-LABEL: func.func @fused_projection
// CHECK:      resnet.fused_conv
// CHECK-NEXT: resnet.trace
// CHECK-NEXT: %[[PROJ:.*]] = resnet.fused_conv
// CHECK-NEXT: %[[OUT:.*]] = resnet.fused_conv {{.*}} residual %[[PROJ]]
// CHECK-NEXT: resnet.trace %[[OUT]]
// CHECK-NEXT: %[[RELU:.*]] = resnet.fused_conv {{.*}} {relu}
// CHECK-NEXT: resnet.trace %[[RELU]]
// CHECK-NEXT: %[[LAST:.*]] = resnet.fused_conv {{.*}} residual %[[RELU]]
// CHECK-NEXT: resnet.trace %[[LAST]]
func.func @fused_projection(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x8x3x3xf32>
  %w1 = arith.constant dense<0.25> : tensor<8x8x1x1xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %c = resnet.fused_conv %x, %w, %b {relu, pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %p = resnet.fused_conv %x, %w1, %b : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %f = resnet.fused_conv %c, %w, %b residual %p {relu, pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>, tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %r = resnet.fused_conv %f, %w1, %b {relu} : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %g = resnet.fused_conv %f, %w, %b residual %r {relu, pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>, tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return %g : tensor<1x8x4x4xf32>
}

// From -O1 on, the epilogue of a layer that only feeds a global average pool
// is computed in the pool's reduction: it is part of the pool's layer. Not
// at -O0, nor when the layer ends in a named op (max pool) or has another
// use.
// CHECK-LABEL: func.func @into_pool
// CHECK:      %[[A:.*]] = resnet.fused_conv
// CHECK-NEXT: %[[GA:.*]] = resnet.global_avg_pool %[[A]]
// CHECK-NEXT: resnet.trace %[[GA]]
// CHECK-NEXT: %[[B:.*]] = resnet.max_pool2d
// CHECK-NEXT: resnet.trace %[[B]]
// CHECK-NEXT: %[[GB:.*]] = resnet.global_avg_pool %[[B]]
// CHECK-NEXT: resnet.trace %[[GB]]
// CHECK-NEXT: %[[C:.*]] = resnet.relu
// CHECK-NEXT: resnet.trace %[[C]]
// CHECK-NEXT: %[[GC:.*]] = resnet.global_avg_pool %[[C]]
// CHECK-NEXT: resnet.trace %[[GC]]
// O0-LABEL: func.func @into_pool
// O0:      %[[A:.*]] = resnet.fused_conv
// O0-NEXT: resnet.trace %[[A]]
func.func @into_pool(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x8x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %a = resnet.fused_conv %x, %w, %b {relu, pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32> loc("a")
  %ga = resnet.global_avg_pool %a : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32> loc("ga")
  %m = resnet.max_pool2d %x {kernel = array<i64: 1, 1>} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> loc("m")
  %gm = resnet.global_avg_pool %m : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32> loc("gm")
  %r = resnet.relu %x : tensor<1x8x4x4xf32> loc("r")
  %gr = resnet.global_avg_pool %r : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32> loc("gr")
  return %ga, %gm, %gr, %r : tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>
}

// Private functions (helpers the entry calls) are not traced.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT:   resnet.trace
func.func private @helper(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %r = resnet.relu %x : tensor<1x8x4x4xf32>
  return %r : tensor<1x8x4x4xf32>
}

