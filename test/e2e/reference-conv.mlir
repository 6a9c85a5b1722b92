// The reference interpreter's convolutions on inputs small enough to work out
// by hand; every expected value is derived in the comment above its check.
// RUN: resnet-run %s --entry basic --print | FileCheck %s --check-prefix=BASIC
// RUN: resnet-run %s --entry orientation --print | FileCheck %s --check-prefix=ORIENT
// RUN: resnet-run %s --entry pad1 --print | FileCheck %s --check-prefix=PAD1
// RUN: resnet-run %s --entry stride2 --print | FileCheck %s --check-prefix=STRIDE2
// RUN: resnet-run %s --entry asymmetric_pads --print | FileCheck %s --check-prefix=ASYM
// RUN: resnet-run %s --entry dilation --print | FileCheck %s --check-prefix=DIL
// RUN: resnet-run %s --entry depthwise --print | FileCheck %s --check-prefix=DEPTHWISE
// RUN: resnet-run %s --entry groups --print | FileCheck %s --check-prefix=GROUPS
// RUN: resnet-run %s --entry channels_batch --print | FileCheck %s --check-prefix=CHANNELS
// RUN: resnet-run %s --entry fused --print | FileCheck %s --check-prefix=FUSED
// RUN: resnet-run %s --entry fused_relu --print | FileCheck %s --check-prefix=FUSEDRELU
// RUN: resnet-run %s --entry resource --print | FileCheck %s --check-prefix=RESOURCE

// x = [[1,2,3],[4,5,6],[7,8,9]], 2x2 ones, bias 0.5: sums of 2x2 windows.
// BASIC: result 0: 1x1x2x2
// BASIC-NEXT: [0, 0, 0]: 12.5 16.5
// BASIC-NEXT: [0, 0, 1]: 24.5 28.5
func.func @basic() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %y = resnet.conv2d %x, %w, %b : tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// Weight w[i][j] = [[1,10],[100,1000]] multiplies x[y+i][x+j] (no flip):
// out = 1111*x[y][x] + 10*1 + 100*3 + 1000*4 = 1111*x[y][x] + 4310.
// ORIENT: [0, 0, 0]: 5421 6532
// ORIENT-NEXT: [0, 0, 1]: 8754 9865
func.func @orientation() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<[[[[1.0, 10.0], [100.0, 1000.0]]]]> : tensor<1x1x2x2xf32>
  %y = resnet.conv2d %x, %w : tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// 3x3 ones, padding 1 (zeros): the sum of each 3x3 neighbourhood.
// PAD1: [0, 0, 0]: 12 21 16
// PAD1-NEXT: [0, 0, 1]: 27 45 33
// PAD1-NEXT: [0, 0, 2]: 24 39 28
func.func @pad1() -> tensor<1x1x3x3xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %y = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// Same with stride 2: the corners of PAD1.
// STRIDE2: result 0: 1x1x2x2
// STRIDE2-NEXT: [0, 0, 0]: 12 16
// STRIDE2-NEXT: [0, 0, 1]: 24 28
func.func @stride2() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %y = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// pads [top 1, left 0, bottom 0, right 1], 2x2 ones: output (y, x) sums rows
// y-1..y and columns x..x+1 of the input, where they exist.
// ASYM: result 0: 1x1x3x3
// ASYM-NEXT: [0, 0, 0]: 3 5 3
// ASYM-NEXT: [0, 0, 1]: 12 16 9
// ASYM-NEXT: [0, 0, 2]: 24 28 15
func.func @asymmetric_pads() -> tensor<1x1x3x3xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %y = resnet.conv2d %x, %w {pads = array<i64: 1, 0, 0, 1>} : tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// x[r][c] = 5r + c (5x5), weight [[1,10],[100,1000]], dilation 2: taps at
// (0,0), (0,2), (2,0), (2,2): out = 1111*(5y + x) + 10*2 + 100*10 + 1000*12
//                                 = 5555y + 1111x + 13020.
// DIL: result 0: 1x1x3x3
// DIL-NEXT: [0, 0, 0]: 13020 14131 15242
// DIL-NEXT: [0, 0, 1]: 18575 19686 20797
// DIL-NEXT: [0, 0, 2]: 24130 25241 26352
func.func @dilation() -> tensor<1x1x3x3xf32> {
  %x = arith.constant dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0], [10.0, 11.0, 12.0, 13.0, 14.0], [15.0, 16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0, 24.0]]]]> : tensor<1x1x5x5xf32>
  %w = arith.constant dense<[[[[1.0, 10.0], [100.0, 1000.0]]]]> : tensor<1x1x2x2xf32>
  %y = resnet.conv2d %x, %w {dilations = array<i64: 2, 2>} : tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// groups == channels: channel 0 scaled by 2, channel 1 by 3, no mixing.
// DEPTHWISE: result 0: 1x2x2x2
// DEPTHWISE-NEXT: [0, 0, 0]: 2 4
// DEPTHWISE-NEXT: [0, 0, 1]: 6 8
// DEPTHWISE-NEXT: [0, 1, 0]: 30 60
// DEPTHWISE-NEXT: [0, 1, 1]: 90 120
func.func @depthwise() -> tensor<1x2x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[10.0, 20.0], [30.0, 40.0]]]]> : tensor<1x2x2x2xf32>
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %y = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// 2 groups of 2 filters: filters 0, 1 read channel 0 (= 1), filters 2, 3
// read channel 1 (= 10): [1*1, 2*1, 3*10, 4*10].
// GROUPS: result 0: 1x4x1x1
// GROUPS-NEXT: [0, 0, 0]: 1
// GROUPS-NEXT: [0, 1, 0]: 2
// GROUPS-NEXT: [0, 2, 0]: 30
// GROUPS-NEXT: [0, 3, 0]: 40
func.func @groups() -> tensor<1x4x1x1xf32> {
  %x = arith.constant dense<[[[[1.0]], [[10.0]]]]> : tensor<1x2x1x1xf32>
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %y = resnet.conv2d %x, %w {groups = 2 : i64} : tensor<1x2x1x1xf32>, tensor<4x1x1x1xf32> -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// Channels are summed, batches kept apart: [3, 5] . [1, 10] + 0.5 = 53.5 and
// [3, 5] . [2, 20] + 0.5 = 106.5.
// CHANNELS: result 0: 2x1x1x1
// CHANNELS-NEXT: [0, 0, 0]: 53.5
// CHANNELS-NEXT: [1, 0, 0]: 106.5
func.func @channels_batch() -> tensor<2x1x1x1xf32> {
  %x = arith.constant dense<[[[[1.0]], [[10.0]]], [[[2.0]], [[20.0]]]]> : tensor<2x2x1x1xf32>
  %w = arith.constant dense<[[[[3.0]], [[5.0]]]]> : tensor<1x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %y = resnet.conv2d %x, %w, %b : tensor<2x2x1x1xf32>, tensor<1x2x1x1xf32>, tensor<1xf32> -> tensor<2x1x1x1xf32>
  return %y : tensor<2x1x1x1xf32>
}

// fused_conv: -x + 0.5 + residual [0, 0, 10, 0] = [-0.5, -1.5, 7.5, -3.5];
// with relu the negatives become 0.
// FUSED: [0, 0, 0]: -0.5 -1.5
// FUSED-NEXT: [0, 0, 1]: 7.5 -3.5
// FUSEDRELU: [0, 0, 0]: 0 0
// FUSEDRELU-NEXT: [0, 0, 1]: 7.5 0
func.func @fused() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %w = arith.constant dense<-1.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %r = arith.constant dense<[[[[0.0, 0.0], [10.0, 0.0]]]]> : tensor<1x1x2x2xf32>
  %y = resnet.fused_conv %x, %w, %b residual %r : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
func.func @fused_relu() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %w = arith.constant dense<-1.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %r = arith.constant dense<[[[[0.0, 0.0], [10.0, 0.0]]]]> : tensor<1x1x2x2xf32>
  %y = resnet.fused_conv %x, %w, %b residual %r {relu} : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// Weights in a dense_resource blob (alignment 4, then f32 1.0, 2.0 as
// little-endian bytes): 1x1 conv of [1, 10] with filters [1], [2].
// RESOURCE: result 0: 1x2x1x2
// RESOURCE-NEXT: [0, 0, 0]: 1 10
// RESOURCE-NEXT: [0, 1, 0]: 2 20
func.func @resource() -> tensor<1x2x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 10.0]]]]> : tensor<1x1x1x2xf32>
  %w = arith.constant dense_resource<two_filters> : tensor<2x1x1x1xf32>
  %y = resnet.conv2d %x, %w : tensor<1x1x1x2xf32>, tensor<2x1x1x1xf32> -> tensor<1x2x1x2xf32>
  return %y : tensor<1x2x1x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      two_filters: "0x040000000000803F00000040"
    }
  }
#-}
