// RUN: resnet-opt --resnet-select-winograd="emit-remarks memory-budget=0" --resnet-winograd %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: resnet-opt --resnet-select-winograd="output-tile=4 memory-budget=0" --resnet-winograd %s -split-input-file | FileCheck %s --check-prefix=FORCED

// 3x3 convolutions that stay direct, each with the reason: stride 2, an
// output too small for Winograd to pay (5x5: F(4x4) and F(2x2) both pad to
// more than half the direct products; forcing F(4x4) applies it anyway;
// 9x9, where F(2x2) pads to 0.55 of them, against 13x13, where it pays), channels that are not a multiple of the vector width, weights
// that are not constant, an accumulator that is not zero, a transformed
// filter whose read from memory outlasts the direct convolution. Other kernels
// are not Winograd's business and get no remark.

// CHECK-LABEL: func.func @stride2
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @stride2(%x: tensor<1x9x9x16xf32>) -> tensor<1x4x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  %e = tensor.empty() : tensor<1x4x4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: stride or dilation is not 1}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  return %c : tensor<1x4x4x16xf32>
}

// -----

// CHECK-LABEL: func.func @small
// CHECK: linalg.conv_2d_nhwc_hwcf
// FORCED-LABEL: func.func @small
// FORCED-NOT: linalg.conv_2d_nhwc_hwcf
func.func @small(%x: tensor<1x7x7x16xf32>) -> tensor<1x5x5x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  %e = tensor.empty() : tensor<1x5x5x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x5x16xf32>) -> tensor<1x5x5x16xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: Winograd saves too little on a 5x5 output}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x5x5x16xf32>) -> tensor<1x5x5x16xf32>
  return %c : tensor<1x5x5x16xf32>
}

// -----

// Odd sizes pad a row and a column of F(2x2) tiles: a 9x9 output needs
// 25 x 16 products, 0.55 of the direct 81 x 9, and stays direct ...
// CHECK-LABEL: func.func @nine
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @nine(%x: tensor<1x11x11x16xf32>) -> tensor<1x9x9x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  %e = tensor.empty() : tensor<1x9x9x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x9x9x16xf32>) -> tensor<1x9x9x16xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: Winograd saves too little on a 9x9 output}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x11x11x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x9x9x16xf32>) -> tensor<1x9x9x16xf32>
  return %c : tensor<1x9x9x16xf32>
}

// -----

// ... while a 13x13 output (ResNet's third stage at a 193x193 input) needs
// 49 x 16, 0.52 of 169 x 9: Winograd.
// CHECK-LABEL: func.func @thirteen
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2
func.func @thirteen(%x: tensor<1x15x15x16xf32>) -> tensor<1x13x13x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  %e = tensor.empty() : tensor<1x13x13x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x16xf32>) -> tensor<1x13x13x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x15x15x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x13x13x16xf32>) -> tensor<1x13x13x16xf32>
  return %c : tensor<1x13x13x16xf32>
}

// -----

// A layer of 256 channels and more may need up to 0.6 of the direct
// products (its transforms cost less per product): a 7x7 output, 0.58,
// takes F(2x2) ...
// CHECK-LABEL: func.func @seven_wide
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2
func.func @seven_wide(%x: tensor<1x9x9x256xf32>) -> tensor<1x7x7x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x256x256xf32>
  %e = tensor.empty() : tensor<1x7x7x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x256xf32>) -> tensor<1x7x7x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x256xf32>, tensor<3x3x256x256xf32>) outs(%f : tensor<1x7x7x256xf32>) -> tensor<1x7x7x256xf32>
  return %c : tensor<1x7x7x256xf32>
}

// -----

// ... 128 channels keep the 0.53 of narrower layers ...
// CHECK-LABEL: func.func @seven_narrow
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @seven_narrow(%x: tensor<1x9x9x128xf32>) -> tensor<1x7x7x128xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x128x128xf32>
  %e = tensor.empty() : tensor<1x7x7x128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x128xf32>) -> tensor<1x7x7x128xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: Winograd saves too little on a 7x7 output}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x128xf32>, tensor<3x3x128x128xf32>) outs(%f : tensor<1x7x7x128xf32>) -> tensor<1x7x7x128xf32>
  return %c : tensor<1x7x7x128xf32>
}

// -----

// ... and a 5x5 output (0.64) stays direct at any width.
// CHECK-LABEL: func.func @five_wide
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @five_wide(%x: tensor<1x7x7x256xf32>) -> tensor<1x5x5x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x256x256xf32>
  %e = tensor.empty() : tensor<1x5x5x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x5x256xf32>) -> tensor<1x5x5x256xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: Winograd saves too little on a 5x5 output}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x7x256xf32>, tensor<3x3x256x256xf32>) outs(%f : tensor<1x5x5x256xf32>) -> tensor<1x5x5x256xf32>
  return %c : tensor<1x5x5x256xf32>
}

// -----

// Forcing F(4x4) on a 6x6 output pads its grid to 8x8.
// FORCED-LABEL: func.func @six
// FORCED-NOT: linalg.conv_2d_nhwc_hwcf
// FORCED: #resnet.tile<tiles = [1, 4, 4, 16], winograd = 4>
// CHECK-LABEL: func.func @six
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
func.func @six(%x: tensor<1x8x8x16xf32>) -> tensor<1x6x6x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  %e = tensor.empty() : tensor<1x6x6x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32>
  return %c : tensor<1x6x6x16xf32>
}

// -----

// CHECK-LABEL: func.func @channels
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @channels(%x: tensor<1x10x10x3xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x3x16xf32>
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: channels are not a multiple of the vector width}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x3xf32>, tensor<3x3x3x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// CHECK-LABEL: func.func @weights
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @weights(%x: tensor<1x10x10x16xf32>, %w: tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: the weights are not constant}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// CHECK-LABEL: func.func @accumulate
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @accumulate(%x: tensor<1x10x10x16xf32>, %acc: tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: the accumulator is not zero-filled}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%acc : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// A 1x1 conv: no remark.
// CHECK-LABEL: func.func @pointwise
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @pointwise(%x: tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x16x16xf32>
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x16xf32>, tensor<1x1x16x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// A 4x4 map at batch 1, 256 channels: F(2x2) needs 4 tiles, 0.44 of the
// direct products, but each layer's filter is read from memory on every
// run and U is 16/9 times it (4 MiB against 2.25 MiB): at the target's
// memory bandwidth that read takes longer than the direct convolution,
// which stays. Four images share one read of U: Winograd there.
// CHECK-LABEL: func.func @stream_bound
// CHECK: linalg.conv_2d_nhwc_hwcf
// FORCED-LABEL: func.func @stream_bound
// FORCED-NOT: linalg.conv_2d_nhwc_hwcf
func.func @stream_bound(%x: tensor<1x6x6x256xf32>) -> tensor<1x4x4x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x256x256xf32>
  %e = tensor.empty() : tensor<1x4x4x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x256xf32>) -> tensor<1x4x4x256xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: the transformed filter (4194304 B) takes longer to read from memory than the direct convolution runs, for 4 tiles}}
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x256xf32>, tensor<3x3x256x256xf32>) outs(%f : tensor<1x4x4x256xf32>) -> tensor<1x4x4x256xf32>
  return %c : tensor<1x4x4x256xf32>
}

// -----

// CHECK-LABEL: func.func @stream_shared_by_images
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: return
func.func @stream_shared_by_images(%x: tensor<4x6x6x256xf32>) -> tensor<4x4x4x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x256x256xf32>
  %e = tensor.empty() : tensor<4x4x4x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x4x4x256xf32>) -> tensor<4x4x4x256xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<4x6x6x256xf32>, tensor<3x3x256x256xf32>) outs(%f : tensor<4x4x4x256xf32>) -> tensor<4x4x4x256xf32>
  return %c : tensor<4x4x4x256xf32>
}
