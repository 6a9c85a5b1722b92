// Every verifier rule of the resnet dialect, one failing input each, with the
// exact message. Inference-based rules also report the generic
// "failed to infer returned types" that MLIR adds after them when the
// verifier (not the parser, for ops whose syntax omits the result type)
// finds them.
// RUN: resnet-opt %s -split-input-file -verify-diagnostics

// conv2d: input rank
func.func @f(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op input must have rank 4 (NCHW), got 3x8x8}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: weight rank
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op weight must have rank 4 (OIHW), got 4x3x3}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: strides entries
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.conv2d %x, %w {strides = array<i64: 1>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: dilations entries
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'dilations' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.conv2d %x, %w {dilations = array<i64: 1, 1, 1>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: pads entries
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'pads' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: zero stride
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.conv2d %x, %w {strides = array<i64: 1, 0>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: negative dilation
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'dilations' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.conv2d %x, %w {dilations = array<i64: -1, 1>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: negative pad
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'pads' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = resnet.conv2d %x, %w {pads = array<i64: 0, -1, 0, 0>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: zero groups
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = resnet.conv2d %x, %w {groups = 0 : i64} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: groups do not divide the input channels
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op groups (2) must divide the input channels (3)}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: groups do not divide the filters
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op groups (2) must divide the output channels (3)}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32> -> tensor<1x3x6x6xf32>
  return
}

// -----

// conv2d: weight input channels differ from the input's
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op weight must have shape ?x3x?x?, got 4x2x3x3}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: grouped weight must hold C/G input channels
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op weight must have shape ?x2x?x?, got 4x3x3x3}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: no filters
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<0x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op output channel count must be positive, got 0}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<0x3x3x3xf32> -> tensor<1x0x6x6xf32>
  return
}

// -----

// conv2d: empty kernel height
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op kernel height must be positive, got 0}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x0x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: empty kernel width
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x0xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op kernel width must be positive, got 0}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x0xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: window taller than the padded input
func.func @f(%x: tensor<1x3x2x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op window of 3 exceeds the padded input height of 2}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x2x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: dilated window wider than the padded input
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op window of 9 exceeds the padded input width of 8}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {dilations = array<i64: 1, 4>, pads = array<i64: 0, 0, 0, 0>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: padding that overflows int64
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op padded input height overflows}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {pads = array<i64: 9223372036854775807, 0, 1, 0>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: dilation that overflows int64
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op dilated window width overflows}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {dilations = array<i64: 1, 9223372036854775807>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: bias length
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op bias must have shape 4, got 3}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w, %b : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: result type disagrees with the inferred one
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op inferred type(s) 'tensor<1x4x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// conv2d: f16 is not admitted
func.func @f(%x: tensor<1x3x8x8xf16>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x3x8x8xf16>'}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf16>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: dynamic shapes are not admitted
func.func @f(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<?x3x8x8xf32>'}}
  %0 = resnet.conv2d %x, %w : tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d: dynamic result
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op result #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x4x?x6xf32>'}}
  %0 = resnet.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x?x6xf32>
  return
}

// -----

// conv2d (generic form): hostile strides
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = "resnet.conv2d"(%x, %w) <{strides = array<i64: 0>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d (generic form): a property of the wrong kind
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{invalid properties {groups = array<i64: 2>} for op resnet.conv2d: Invalid attribute `groups` in property conversion: array<i64: 2>}}
  %0 = "resnet.conv2d"(%x, %w) <{groups = array<i64: 2>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d (generic form): two optional biases
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op operand group starting at #2 requires 0 or 1 element, but found 2}}
  %0 = "resnet.conv2d"(%x, %w, %b, %b) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// conv2d (generic form): weight missing
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.conv2d' op expected 2 or more operands, but found 1}}
  %0 = "resnet.conv2d"(%x) : (tensor<1x3x8x8xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// fused_conv: bias length
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'resnet.fused_conv' op bias must have shape 4, got 2}}
  // expected-error @+1 {{'resnet.fused_conv' op failed to infer returned types}}
  %0 = resnet.fused_conv %x, %w, %b : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<2xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// fused_conv: residual shape
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.fused_conv' op residual must have shape 1x4x6x6, got 1x4x8x8}}
  // expected-error @+1 {{'resnet.fused_conv' op failed to infer returned types}}
  %0 = resnet.fused_conv %x, %w, %b residual %x {relu} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// fused_conv: groups do not divide the input channels
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.fused_conv' op groups (3) must divide the input channels (4)}}
  // expected-error @+1 {{'resnet.fused_conv' op failed to infer returned types}}
  %0 = resnet.fused_conv %x, %w, %b {groups = 3 : i64} : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// batch_norm: no channel axis
func.func @f(%x: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'resnet.batch_norm' op input must have a channel axis (rank >= 2), got 4}}
  %0 = resnet.batch_norm %x, %v, %v, %v, %v : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

// batch_norm: vector length differs from the channels
func.func @f(%x: tensor<1x3x8x8xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'resnet.batch_norm' op scale must have shape 3, got 4}}
  %0 = resnet.batch_norm %x, %v, %v, %v, %v : tensor<1x3x8x8xf32>, tensor<4xf32>
  return
}

// -----

// batch_norm: vectors of different types (generic form)
func.func @f(%x: tensor<1x3x8x8xf32>, %v: tensor<3xf32>, %u: tensor<4xf32>) {
  // expected-error @+1 {{'resnet.batch_norm' op failed to verify that all of {scale, bias, mean, variance} have same type}}
  %0 = "resnet.batch_norm"(%x, %v, %u, %v, %v) : (tensor<1x3x8x8xf32>, tensor<3xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

// batch_norm: negative epsilon
func.func @f(%x: tensor<1x3x8x8xf32>, %v: tensor<3xf32>) {
  // expected-error @+2 {{'resnet.batch_norm' op epsilon must be a finite non-negative number, got -1.000000e+00}}
  // expected-error @+1 {{'resnet.batch_norm' op failed to infer returned types}}
  %0 = resnet.batch_norm %x, %v, %v, %v, %v {epsilon = -1.0 : f64} : tensor<1x3x8x8xf32>, tensor<3xf32>
  return
}

// -----

// batch_norm: NaN epsilon
func.func @f(%x: tensor<1x3x8x8xf32>, %v: tensor<3xf32>) {
  // expected-error @+2 {{'resnet.batch_norm' op epsilon must be a finite non-negative number, got nan}}
  // expected-error @+1 {{'resnet.batch_norm' op failed to infer returned types}}
  %0 = resnet.batch_norm %x, %v, %v, %v, %v {epsilon = 0x7FF8000000000000 : f64} : tensor<1x3x8x8xf32>, tensor<3xf32>
  return
}

// -----

// batch_norm: infinite epsilon
func.func @f(%x: tensor<1x3x8x8xf32>, %v: tensor<3xf32>) {
  // expected-error @+2 {{'resnet.batch_norm' op epsilon must be a finite non-negative number, got INF}}
  // expected-error @+1 {{'resnet.batch_norm' op failed to infer returned types}}
  %0 = resnet.batch_norm %x, %v, %v, %v, %v {epsilon = 0x7FF0000000000000 : f64} : tensor<1x3x8x8xf32>, tensor<3xf32>
  return
}

// -----

// batch_norm: f32 epsilon (generic form)
func.func @f(%x: tensor<1x3x8x8xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{'resnet.batch_norm' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute}}
  %0 = "resnet.batch_norm"(%x, %v, %v, %v, %v) <{epsilon = 1.0 : f32}> : (tensor<1x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

// batch_norm: f16 is not admitted (generic form)
func.func @f(%x: tensor<1x3x8x8xf16>, %v: tensor<3xf32>) {
  // expected-error @+1 {{'resnet.batch_norm' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x3x8x8xf16>'}}
  %0 = "resnet.batch_norm"(%x, %v, %v, %v, %v) : (tensor<1x3x8x8xf16>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x8x8xf16>
  return
}

// -----

// relu: dynamic shapes are not admitted
func.func @f(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'resnet.relu' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<?x4xf32>'}}
  %0 = resnet.relu %x : tensor<?x4xf32>
  return
}

// -----

// relu: unranked tensors are rejected by the parser
func.func @f(%x: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = resnet.relu %x : tensor<*xf32>
  return
}

// -----

// add: shapes differ (no broadcasting)
func.func @f(%x: tensor<1x4xf32>, %y: tensor<1x1xf32>) {
  // expected-error @+1 {{'resnet.add' op operands must have one type (no broadcasting), got 'tensor<1x4xf32>' and 'tensor<1x1xf32>'}}
  %0 = resnet.add %x, %y : tensor<1x4xf32>, tensor<1x1xf32>
  return
}

// -----

// add (generic form): one operand
func.func @f(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'resnet.add' op expected 2 operands, but found 1}}
  %0 = "resnet.add"(%x) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

// max_pool2d: input rank
func.func @f(%x: tensor<3x8x8xf32>) {
  // expected-error @+2 {{'resnet.max_pool2d' op input must have rank 4 (NCHW), got 3x8x8}}
  // expected-error @+1 {{'resnet.max_pool2d' op failed to infer returned types}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// max_pool2d: kernel entries
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.max_pool2d' op attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 2, 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// max_pool2d: missing kernel
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.max_pool2d' op requires attribute 'kernel'}}
  %0 = resnet.max_pool2d %x : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// max_pool2d: empty kernel height
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.max_pool2d' op attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// max_pool2d: empty kernel width
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.max_pool2d' op attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 2, -2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// max_pool2d: pad as large as the kernel
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{'resnet.max_pool2d' op pads must be smaller than the kernel, got pad 3 for kernel 3}}
  // expected-error @+1 {{'resnet.max_pool2d' op failed to infer returned types}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 3, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// max_pool2d: strides entries
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.max_pool2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// avg_pool2d: zero stride
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.avg_pool2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = resnet.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// avg_pool2d: negative pad
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.avg_pool2d' op attribute 'pads' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = resnet.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, -1, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// avg_pool2d: pads entries
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'resnet.avg_pool2d' op attribute 'pads' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = resnet.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// avg_pool2d: window wider than the padded input
func.func @f(%x: tensor<1x3x8x2xf32>) {
  // expected-error @+2 {{'resnet.avg_pool2d' op window of 4 exceeds the padded input width of 3}}
  // expected-error @+1 {{'resnet.avg_pool2d' op failed to infer returned types}}
  %0 = resnet.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 2, 4>, pads = array<i64: 0, 1, 0, 0>} : tensor<1x3x8x2xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// avg_pool2d: padding that overflows int64
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{'resnet.avg_pool2d' op padded input height overflows}}
  // expected-error @+1 {{'resnet.avg_pool2d' op failed to infer returned types}}
  %0 = resnet.avg_pool2d %x {kernel = array<i64: 9223372036854775807, 2>, pads = array<i64: 9223372036854775806, 0, 9223372036854775806, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// global_avg_pool: input rank
func.func @f(%x: tensor<1x3x8xf32>) {
  // expected-error @+2 {{'resnet.global_avg_pool' op input must have rank 4 (NCHW), got 1x3x8}}
  // expected-error @+1 {{'resnet.global_avg_pool' op failed to infer returned types}}
  %0 = resnet.global_avg_pool %x : tensor<1x3x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

// global_avg_pool: empty spatial extent
func.func @f(%x: tensor<1x3x0x8xf32>) {
  // expected-error @+2 {{'resnet.global_avg_pool' op input must not have a zero-sized dimension, got 1x3x0x8}}
  // expected-error @+1 {{'resnet.global_avg_pool' op failed to infer returned types}}
  %0 = resnet.global_avg_pool %x : tensor<1x3x0x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

// flatten: a scalar
func.func @f(%x: tensor<f32>) {
  // expected-error @+2 {{'resnet.flatten' op input must have rank >= 1, got a scalar}}
  // expected-error @+1 {{'resnet.flatten' op failed to infer returned types}}
  %0 = resnet.flatten %x : tensor<f32> -> tensor<1x1xf32>
  return
}

// -----

// flatten: size that overflows int64
func.func @f(%x: tensor<1x4611686018427387904x4xf32>) {
  // expected-error @+2 {{'resnet.flatten' op flattened size of 1x4611686018427387904x4 overflows}}
  // expected-error @+1 {{'resnet.flatten' op failed to infer returned types}}
  %0 = resnet.flatten %x : tensor<1x4611686018427387904x4xf32> -> tensor<1x4xf32>
  return
}

// -----

// linear: input rank
func.func @f(%x: tensor<2x3x4xf32>, %w: tensor<5x4xf32>) {
  // expected-error @+2 {{'resnet.linear' op input must have rank 2 (N x in_features), got 2x3x4}}
  // expected-error @+1 {{'resnet.linear' op failed to infer returned types}}
  %0 = resnet.linear %x, %w : tensor<2x3x4xf32>, tensor<5x4xf32> -> tensor<2x5xf32>
  return
}

// -----

// linear: weight rank
func.func @f(%x: tensor<2x4xf32>, %w: tensor<5x4x1xf32>) {
  // expected-error @+2 {{'resnet.linear' op weight must have rank 2 (out_features x in_features), got 5x4x1}}
  // expected-error @+1 {{'resnet.linear' op failed to infer returned types}}
  %0 = resnet.linear %x, %w : tensor<2x4xf32>, tensor<5x4x1xf32> -> tensor<2x5xf32>
  return
}

// -----

// linear: in_features differ
func.func @f(%x: tensor<2x4xf32>, %w: tensor<5x3xf32>) {
  // expected-error @+2 {{'resnet.linear' op weight must have shape ?x4, got 5x3}}
  // expected-error @+1 {{'resnet.linear' op failed to infer returned types}}
  %0 = resnet.linear %x, %w : tensor<2x4xf32>, tensor<5x3xf32> -> tensor<2x5xf32>
  return
}

// -----

// linear: bias length
func.func @f(%x: tensor<2x4xf32>, %w: tensor<5x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.linear' op bias must have shape 5, got 4}}
  // expected-error @+1 {{'resnet.linear' op failed to infer returned types}}
  %0 = resnet.linear %x, %w, %b : tensor<2x4xf32>, tensor<5x4xf32>, tensor<4xf32> -> tensor<2x5xf32>
  return
}

// -----

// softmax: axis past the rank
func.func @f(%x: tensor<2x10xf32>) {
  // expected-error @+2 {{'resnet.softmax' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'resnet.softmax' op failed to infer returned types}}
  %0 = resnet.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return
}

// -----

// softmax: negative axis past the rank
func.func @f(%x: tensor<2x10xf32>) {
  // expected-error @+2 {{'resnet.softmax' op axis -3 is out of range for rank 2}}
  // expected-error @+1 {{'resnet.softmax' op failed to infer returned types}}
  %0 = resnet.softmax %x {axis = -3 : i64} : tensor<2x10xf32>
  return
}

// -----

// softmax: rank 0
func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'resnet.softmax' op axis -1 is out of range for rank 0}}
  %0 = resnet.softmax %x : tensor<f32>
  return
}

// -----

// shortcut: input rank
func.func @f(%x: tensor<4x8x8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op input must have rank 4 (NCHW), got 4x8x8}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x : tensor<4x8x8xf32> -> tensor<4x8x8xf32>
  return
}

// -----

// shortcut: zero stride
func.func @f(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{'resnet.shortcut' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = resnet.shortcut %x stride 0 : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// shortcut: negative epsilon
func.func @f(%x: tensor<1x4x8x8xf32>, %pw: tensor<8x4x1x1xf32>, %pv: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op epsilon must be a finite non-negative number, got -1.000000e-05}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x projection(%pw : tensor<8x4x1x1xf32>, bn %pv, %pv, %pv, %pv : tensor<8xf32>) {epsilon = -1.0e-5 : f64} : tensor<1x4x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// shortcut: identity with a stride
func.func @f(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op identity shortcut needs the input shape kept, but the block maps 4 channels to 4 at stride 2; add a projection}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x stride 2 : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// shortcut: projection weight rank
func.func @f(%x: tensor<1x4x8x8xf32>, %pw: tensor<8x4xf32>, %pv: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op projection weight must have rank 4 (OIHW), got 8x4}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x projection(%pw : tensor<8x4xf32>, bn %pv, %pv, %pv, %pv : tensor<8xf32>) : tensor<1x4x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// shortcut: projection is not 1x1
func.func @f(%x: tensor<1x4x8x8xf32>, %pw: tensor<8x4x3x3xf32>, %pv: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op projection weight must have shape 8x4x1x1, got 8x4x3x3}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x projection(%pw : tensor<8x4x3x3xf32>, bn %pv, %pv, %pv, %pv : tensor<8xf32>) : tensor<1x4x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// shortcut: projection input channels
func.func @f(%x: tensor<1x4x8x8xf32>, %pw: tensor<8x2x1x1xf32>, %pv: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op projection weight must have shape 8x4x1x1, got 8x2x1x1}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x projection(%pw : tensor<8x2x1x1xf32>, bn %pv, %pv, %pv, %pv : tensor<8xf32>) : tensor<1x4x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// shortcut: projection without filters
func.func @f(%x: tensor<1x4x8x8xf32>, %pw: tensor<0x4x1x1xf32>, %pv: tensor<0xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op projection weight output channel count must be positive, got 0}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x projection(%pw : tensor<0x4x1x1xf32>, bn %pv, %pv, %pv, %pv : tensor<0xf32>) : tensor<1x4x8x8xf32> -> tensor<1x0x8x8xf32>
  return
}

// -----

// shortcut: projection BN length
func.func @f(%x: tensor<1x4x8x8xf32>, %pw: tensor<8x4x1x1xf32>, %pv: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op projection bn scale must have shape 8, got 4}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x projection(%pw : tensor<8x4x1x1xf32>, bn %pv, %pv, %pv, %pv : tensor<4xf32>) : tensor<1x4x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// shortcut (generic form): stride of the wrong integer type
func.func @f(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{'resnet.shortcut' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = "resnet.shortcut"(%x) <{stride = 2 : i32}> : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// shortcut: a keyword without its value
func.func @f(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{custom op 'resnet.shortcut' expected integer value}}
  %0 = resnet.shortcut %x stride : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// shortcut: result that is not a tensor
func.func @f(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{'resnet.shortcut' op result #0 must be statically shaped tensor of 32-bit float values, but got 'f32'}}
  %0 = resnet.shortcut %x : tensor<1x4x8x8xf32> -> f32
  return
}

// -----

// shortcut (generic form): projection with 3 operands
func.func @f(%x: tensor<1x4x8x8xf32>, %pw: tensor<8x4x1x1xf32>, %pv: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op projection takes 1 operand (weight), 2 (weight, bias) or 5 (weight, bn scale, bias, mean, variance), got 3}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = "resnet.shortcut"(%x, %pw, %pv, %pv) : (tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

// residual_block: input rank
func.func @f(%x: tensor<4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op input must have rank 4 (NCHW), got 4x8x8}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<4x8x8xf32> -> tensor<4x8x8xf32>
  return
}

// -----

// residual_block: zero stride
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+1 {{'resnet.residual_block' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = resnet.residual_block %x stride 0
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: NaN epsilon
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op epsilon must be a finite non-negative number, got nan}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>) {epsilon = 0x7FF8000000000000 : f64}
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: conv1 weight rank
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv1 weight must have rank 4 (OIHW), got 4x4x3}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x4x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: conv1 input channels
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x2x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv1 weight must have shape ?x4x3x3, got 4x2x3x3}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x2x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: conv1 is not 3x3
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv1 weight must have shape ?x4x3x3, got 4x4x1x1}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x4x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: conv1 without filters
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<0x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv1 weight output channel count must be positive, got 0}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<0x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: conv1 BN length
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<8xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv1 bn scale must have shape 4, got 8}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<8xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: conv2 weight shape
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x8x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv2 weight must have shape 4x4x3x3, got 4x8x3x3}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x8x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: conv2 BN length
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<3xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op conv2 bn scale must have shape 4, got 3}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<3xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: identity shortcut with a channel change
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<8x4x3x3xf32>, %v1: tensor<8xf32>, %w2: tensor<8x8x3x3xf32>, %v2: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op identity shortcut needs the input shape kept, but the block maps 4 channels to 8 at stride 1; add a projection}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<8x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<8xf32>)
        conv2(%w2 : tensor<8x8x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<8xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// residual_block: identity shortcut with a stride
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op identity shortcut needs the input shape kept, but the block maps 4 channels to 4 at stride 2; add a projection}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x stride 2
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// residual_block: projection BN length
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<8x4x3x3xf32>, %v1: tensor<8xf32>, %w2: tensor<8x8x3x3xf32>, %v2: tensor<8xf32>, %pw: tensor<8x4x1x1xf32>, %pv: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op projection bn scale must have shape 8, got 4}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
        conv1(%w1 : tensor<8x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<8xf32>)
        conv2(%w2 : tensor<8x8x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<8xf32>)
        projection(%pw : tensor<8x4x1x1xf32>, bn %pv, %pv, %pv, %pv : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// residual_block: result type disagrees with the inferred one
func.func @f(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %pw: tensor<4x4x1x1xf32>, %pv: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op inferred type(s) 'tensor<1x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x stride 2
        conv1(%w1 : tensor<4x4x3x3xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        conv2(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        projection(%pw : tensor<4x4x1x1xf32>, bn %pv, %pv, %pv, %pv : tensor<4xf32>)
        : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block (generic form): the group sizes do not add up
func.func @f(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{'resnet.residual_block' op operand count (2) does not match with the total size (6) specified in attribute 'operandSegmentSizes'}}
  %0 = "resnet.residual_block"(%x, %x) <{operandSegmentSizes = array<i32: 1, 0, 5, 0, 0>}> : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block (generic form): projection with 4 operands
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op projection takes 1 operand (weight), 2 (weight, bias) or 5 (weight, bn scale, bias, mean, variance), got 4}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = "resnet.residual_block"(%x, %w, %v, %v, %v, %v, %w, %v, %v, %v, %v, %w, %v, %v, %v) <{operandSegmentSizes = array<i32: 1, 0, 5, 5, 4>}> : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// residual_block: the parser wants `bn` before the BN vectors
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{expected 'bn'}}
  %0 = resnet.residual_block %x conv1(%w : tensor<4x4x3x3xf32>, %v, %v, %v, %v : tensor<4xf32>)
  return
}

// -----

// residual_block: the parser wants conv1 first
func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{expected 'conv1'}}
  %0 = resnet.residual_block %x conv2(%w : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
  return
}

// -----

// bottleneck_block: input rank
func.func @f(%x: tensor<16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op input must have rank 4 (NCHW), got 16x8x8}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<16x8x8xf32> -> tensor<16x8x8xf32>
  return
}

// -----

// bottleneck_block: zero stride
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+1 {{'resnet.bottleneck_block' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4 stride 0
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: zero groups
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+1 {{'resnet.bottleneck_block' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4 groups 0
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: zero width
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+1 {{'resnet.bottleneck_block' op attribute 'width' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = resnet.bottleneck_block %x width 0 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: negative expansion
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+1 {{'resnet.bottleneck_block' op attribute 'expansion' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = resnet.bottleneck_block %x width 4 expansion -1
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: negative epsilon
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op epsilon must be a finite non-negative number, got -1.000000e+00}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>) {epsilon = -1.0 : f64}
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: groups do not divide the width
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op groups (3) must divide the width (4)}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4 groups 3
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: width times expansion overflows int64
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op width (4611686018427387904) times expansion (4) overflows}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4611686018427387904 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: missing width
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+1 {{'resnet.bottleneck_block' op requires attribute 'width'}}
  %0 = resnet.bottleneck_block %x expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: reduce weight shape
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x8x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op reduce weight must have shape 4x16x1x1, got 4x8x1x1}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
        reduce(%w1 : tensor<4x8x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: reduce BN length
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<16xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op reduce bn scale must have shape 4, got 16}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<16xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: spatial weight ignores the groups
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op spatial weight must have shape 4x2x3x3, got 4x4x3x3}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4 groups 2
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: spatial BN length
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<2xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op spatial bn scale must have shape 4, got 2}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<2xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: expand weight shape
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<8x4x1x1xf32>, %v3: tensor<16xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op expand weight must have shape 16x4x1x1, got 8x4x1x1}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<8x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: expand BN length
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op expand bn scale must have shape 16, got 4}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<4xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return
}

// -----

// bottleneck_block: identity shortcut with a channel change
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<8x4x1x1xf32>, %v3: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op identity shortcut needs the input shape kept, but the block maps 16 channels to 8 at stride 1; add a projection}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 2
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<8x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<8xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// bottleneck_block: projection weight shape
func.func @f(%x: tensor<1x16x8x8xf32>, %w1: tensor<4x16x1x1xf32>, %v1: tensor<4xf32>, %w2: tensor<4x4x3x3xf32>, %v2: tensor<4xf32>, %w3: tensor<16x4x1x1xf32>, %v3: tensor<16xf32>, %pw: tensor<16x8x1x1xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op projection weight must have shape 16x16x1x1, got 16x8x1x1}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 4 stride 2
        reduce(%w1 : tensor<4x16x1x1xf32>, bn %v1, %v1, %v1, %v1 : tensor<4xf32>)
        spatial(%w2 : tensor<4x4x3x3xf32>, bn %v2, %v2, %v2, %v2 : tensor<4xf32>)
        expand(%w3 : tensor<16x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        projection(%pw : tensor<16x8x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<16xf32>)
        : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  return
}

// -----

// bottleneck_block (generic form): no group sizes
func.func @f(%x: tensor<1x16x8x8xf32>) {
  // expected-error @+1 {{'resnet.bottleneck_block' op operand count (1) does not match with the total size (0) specified in attribute 'operandSegmentSizes'}}
  %0 = "resnet.bottleneck_block"(%x) <{width = 4 : i64, expansion = 4 : i64}> : (tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return
}

// -----

// conv2d: zero batch (the dialect has no empty tensors)
func.func @f(%x: tensor<0x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op input must not have a zero-sized dimension, got 0x3x8x8}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<0x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<0x4x6x6xf32>
  return
}

// -----

// conv2d: zero input channels
func.func @f(%x: tensor<1x0x8x8xf32>, %w: tensor<4x0x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op input must not have a zero-sized dimension, got 1x0x8x8}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w : tensor<1x0x8x8xf32>, tensor<4x0x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// batch_norm: zero channels
func.func @f(%x: tensor<1x0x8x8xf32>, %v: tensor<0xf32>) {
  // expected-error @+1 {{'resnet.batch_norm' op input must not have a zero-sized dimension, got 1x0x8x8}}
  %0 = resnet.batch_norm %x, %v, %v, %v, %v : tensor<1x0x8x8xf32>, tensor<0xf32>
  return
}

// -----

// relu: zero batch
func.func @f(%x: tensor<0x4xf32>) {
  // expected-error @+1 {{'resnet.relu' op input must not have a zero-sized dimension, got 0x4}}
  %0 = resnet.relu %x : tensor<0x4xf32>
  return
}

// -----

// add: zero batch
func.func @f(%x: tensor<0x4xf32>) {
  // expected-error @+1 {{'resnet.add' op lhs must not have a zero-sized dimension, got 0x4}}
  %0 = resnet.add %x, %x : tensor<0x4xf32>, tensor<0x4xf32>
  return
}

// -----

// max_pool2d: zero batch
func.func @f(%x: tensor<0x4x8x8xf32>) {
  // expected-error @+2 {{'resnet.max_pool2d' op input must not have a zero-sized dimension, got 0x4x8x8}}
  // expected-error @+1 {{'resnet.max_pool2d' op failed to infer returned types}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<0x4x8x8xf32> -> tensor<0x4x7x7xf32>
  return
}

// -----

// flatten: zero channels
func.func @f(%x: tensor<1x0x1x1xf32>) {
  // expected-error @+2 {{'resnet.flatten' op input must not have a zero-sized dimension, got 1x0x1x1}}
  // expected-error @+1 {{'resnet.flatten' op failed to infer returned types}}
  %0 = resnet.flatten %x : tensor<1x0x1x1xf32> -> tensor<1x0xf32>
  return
}

// -----

// linear: zero output features
func.func @f(%x: tensor<1x4xf32>, %w: tensor<0x4xf32>) {
  // expected-error @+2 {{'resnet.linear' op weight must not have a zero-sized dimension, got 0x4}}
  // expected-error @+1 {{'resnet.linear' op failed to infer returned types}}
  %0 = resnet.linear %x, %w : tensor<1x4xf32>, tensor<0x4xf32> -> tensor<1x0xf32>
  return
}

// -----

// softmax: zero batch
func.func @f(%x: tensor<0x10xf32>) {
  // expected-error @+1 {{'resnet.softmax' op input must not have a zero-sized dimension, got 0x10}}
  %0 = resnet.softmax %x : tensor<0x10xf32>
  return
}

// -----

// residual_block: zero batch
func.func @f(%x: tensor<0x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %v: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.residual_block' op input must not have a zero-sized dimension, got 0x4x8x8}}
  // expected-error @+1 {{'resnet.residual_block' op failed to infer returned types}}
  %0 = resnet.residual_block %x
      conv1(%w : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      conv2(%w : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      : tensor<0x4x8x8xf32> -> tensor<0x4x8x8xf32>
  return
}

// -----

// bottleneck_block: zero input channels
func.func @f(%x: tensor<1x0x8x8xf32>, %w1: tensor<4x0x1x1xf32>, %w2: tensor<4x4x3x3xf32>, %w3: tensor<8x4x1x1xf32>, %v: tensor<4xf32>, %v3: tensor<8xf32>) {
  // expected-error @+2 {{'resnet.bottleneck_block' op input must not have a zero-sized dimension, got 1x0x8x8}}
  // expected-error @+1 {{'resnet.bottleneck_block' op failed to infer returned types}}
  %0 = resnet.bottleneck_block %x width 4 expansion 2
      reduce(%w1 : tensor<4x0x1x1xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      spatial(%w2 : tensor<4x4x3x3xf32>, bn %v, %v, %v, %v : tensor<4xf32>)
      expand(%w3 : tensor<8x4x1x1xf32>, bn %v3, %v3, %v3, %v3 : tensor<8xf32>)
      : tensor<1x0x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// shortcut: zero batch
func.func @f(%x: tensor<0x4x8x8xf32>) {
  // expected-error @+2 {{'resnet.shortcut' op input must not have a zero-sized dimension, got 0x4x8x8}}
  // expected-error @+1 {{'resnet.shortcut' op failed to infer returned types}}
  %0 = resnet.shortcut %x : tensor<0x4x8x8xf32> -> tensor<0x4x8x8xf32>
  return
}

// -----

// conv2d: pad_value length
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op pad_value must have one value per input channel (3), got 2}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_value = array<f32: 1.0, 2.0>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// conv2d: pad_value finite
func.func @f(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{'resnet.conv2d' op pad_value must be finite, got INF}}
  // expected-error @+1 {{'resnet.conv2d' op failed to infer returned types}}
  %0 = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_value = array<f32: 1.0, 0x7F800000>} : tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// fused_conv: pad_value length
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'resnet.fused_conv' op pad_value must have one value per input channel (3), got 1}}
  // expected-error @+1 {{'resnet.fused_conv' op failed to infer returned types}}
  %0 = resnet.fused_conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, pad_value = array<f32: 1.0>} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// max_pool2d: a dilated window larger than the padded input
func.func @f(%x: tensor<1x3x4x4xf32>) {
  // expected-error @+2 {{'resnet.max_pool2d' op window of 5 exceeds the padded input height of 4}}
  // expected-error @+1 {{'resnet.max_pool2d' op failed to infer returned types}}
  %0 = resnet.max_pool2d %x {kernel = array<i64: 3, 3>, dilations = array<i64: 2, 2>} : tensor<1x3x4x4xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

// flatten: axis past the rank
func.func @f(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'resnet.flatten' op axis 4 is out of range for rank 3}}
  // expected-error @+1 {{'resnet.flatten' op failed to infer returned types}}
  %0 = resnet.flatten %x {axis = 4 : i64} : tensor<2x3x4xf32> -> tensor<24x1xf32>
  return
}

// -----

// affine: a scale that does not broadcast
func.func @f(%x: tensor<1x3x4x4xf32>, %s: tensor<3xf32>, %t: tensor<f32>) {
  // expected-error @+1 {{'resnet.affine' op scale of shape 3 does not broadcast to the input's 1x3x4x4}}
  %0 = resnet.affine %x, %s, %t : tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<f32>
  return
}

// -----

// affine: a shift that would enlarge the input
func.func @f(%x: tensor<3x1xf32>, %s: tensor<f32>, %t: tensor<3x4xf32>) {
  // expected-error @+1 {{'resnet.affine' op shift of shape 3x4 does not broadcast to the input's 3x1}}
  %0 = resnet.affine %x, %s, %t : tensor<3x1xf32>, tensor<f32>, tensor<3x4xf32>
  return
}
