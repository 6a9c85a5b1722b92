// The reference interpreter's pooling on hand-checked inputs.
// RUN: resnet-run %s --entry max_pad --print | FileCheck %s --check-prefix=MAXPAD
// RUN: resnet-run %s --entry max_stem --print | FileCheck %s --check-prefix=MAXSTEM
// RUN: resnet-run %s --entry avg_exclude --print | FileCheck %s --check-prefix=AVGEX
// RUN: resnet-run %s --entry avg_include --print | FileCheck %s --check-prefix=AVGIN
// RUN: resnet-run %s --entry avg_stride_exclude --print | FileCheck %s --check-prefix=AVGSEX
// RUN: resnet-run %s --entry avg_stride_include --print | FileCheck %s --check-prefix=AVGSIN
// RUN: resnet-run %s --entry global --print | FileCheck %s --check-prefix=GLOBAL

// x[r][c] = -(3r + c + 1): all negative, so zero padding would win; -inf
// padding does not. 2x2 windows, pad 1: the maximum is the element with the
// smallest row and column inside the window.
// MAXPAD: result 0: 1x1x4x4
// MAXPAD-NEXT: [0, 0, 0]: -1 -1 -2 -3
// MAXPAD-NEXT: [0, 0, 1]: -1 -1 -2 -3
// MAXPAD-NEXT: [0, 0, 2]: -4 -4 -5 -6
// MAXPAD-NEXT: [0, 0, 3]: -7 -7 -8 -9
func.func @max_pad() -> tensor<1x1x4x4xf32> {
  %x = arith.constant dense<[[[[-1.0, -2.0, -3.0], [-4.0, -5.0, -6.0], [-7.0, -8.0, -9.0]]]]> : tensor<1x1x3x3xf32>
  %y = resnet.max_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x3x3xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// The ResNet stem pool (3x3, stride 2, pad 1) on x[r][c] = 4r + c: windows
// end at (1,1), (1,3), (3,1), (3,3).
// MAXSTEM: result 0: 1x1x2x2
// MAXSTEM-NEXT: [0, 0, 0]: 5 7
// MAXSTEM-NEXT: [0, 0, 1]: 13 15
func.func @max_stem() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0], [12.0, 13.0, 14.0, 15.0]]]]> : tensor<1x1x4x4xf32>
  %y = resnet.max_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// x = [[1,2,3],[4,5,6],[7,8,9]], 2x2 windows, pad 1. Window sums:
//   1  3  5  3 /  5 12 16  9 / 11 24 28 15 / 7 15 17  9
// divided by the elements inside (1, 2 or 4), or by 4 with count_include_pad.
// AVGEX: [0, 0, 0]: 1 1.5 2.5 3
// AVGEX-NEXT: [0, 0, 1]: 2.5 3 4 4.5
// AVGEX-NEXT: [0, 0, 2]: 5.5 6 7 7.5
// AVGEX-NEXT: [0, 0, 3]: 7 7.5 8.5 9
// AVGIN: [0, 0, 0]: 0.25 0.75 1.25 0.75
// AVGIN-NEXT: [0, 0, 1]: 1.25 3 4 2.25
// AVGIN-NEXT: [0, 0, 2]: 2.75 6 7 3.75
// AVGIN-NEXT: [0, 0, 3]: 1.75 3.75 4.25 2.25
func.func @avg_exclude() -> tensor<1x1x4x4xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %y = resnet.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x3x3xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}
func.func @avg_include() -> tensor<1x1x4x4xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %y = resnet.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x3x3xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// 3x3, stride 2, pad 1 on the same x: each window covers a 2x2 corner with
// sums 12, 16, 24, 28: divided by 4 (exclude) or by 9 (include).
// AVGSEX: [0, 0, 0]: 3 4
// AVGSEX-NEXT: [0, 0, 1]: 6 7
// AVGSIN: [0, 0, 0]: 1.33333 1.77778
// AVGSIN-NEXT: [0, 0, 1]: 2.66667 3.11111
func.func @avg_stride_exclude() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %y = resnet.avg_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
func.func @avg_stride_include() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %y = resnet.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// Means over H x W per (batch, channel): 10/4, 100/4, 1/4, -6/4.
// GLOBAL: result 0: 2x2x1x1
// GLOBAL-NEXT: [0, 0, 0]: 2.5
// GLOBAL-NEXT: [0, 1, 0]: 25
// GLOBAL-NEXT: [1, 0, 0]: 0.25
// GLOBAL-NEXT: [1, 1, 0]: -1.5
func.func @global() -> tensor<2x2x1x1xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[10.0, 20.0], [30.0, 40.0]]], [[[1.0, 0.0], [0.0, 0.0]], [[-1.0, -2.0], [-3.0, 0.0]]]]> : tensor<2x2x2x2xf32>
  %y = resnet.global_avg_pool %x : tensor<2x2x2x2xf32> -> tensor<2x2x1x1xf32>
  return %y : tensor<2x2x1x1xf32>
}
