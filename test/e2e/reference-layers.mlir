// The reference interpreter's elementwise, normalization and classifier ops
// on hand-checked inputs.
// RUN: resnet-run %s --entry bn --print | FileCheck %s --check-prefix=BN
// RUN: resnet-run %s --entry bn_default_eps --print | FileCheck %s --check-prefix=BNEPS
// RUN: resnet-run %s --entry relu_add --print | FileCheck %s --check-prefix=RELUADD
// RUN: resnet-run %s --entry flatten --print | FileCheck %s --check-prefix=FLATTEN
// RUN: resnet-run %s --entry linear --print | FileCheck %s --check-prefix=LINEAR
// RUN: resnet-run %s --entry linear_nobias --print | FileCheck %s --check-prefix=LINEARNB
// RUN: resnet-run %s --entry softmax --print | FileCheck %s --check-prefix=SOFTMAX
// RUN: resnet-run %s --entry softmax_axis0 --print | FileCheck %s --check-prefix=SOFTMAX0
// RUN: resnet-run %s --entry softmax --top 2 | FileCheck %s --check-prefix=TOP
// RUN: resnet-run %s --entry call --print | FileCheck %s --check-prefix=CALL

// Channel 0: (x - 1) * 3 / sqrt(4) + 1 on [1, 3] -> [1, 4];
// channel 1: (x - 5) * 1 / sqrt(0.25) + 0 on [5, -5] -> [0, -20].
// BN: result 0: 1x2x1x2
// BN-NEXT: [0, 0, 0]: 1 4
// BN-NEXT: [0, 1, 0]: 0 -20
func.func @bn() -> tensor<1x2x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 3.0]], [[5.0, -5.0]]]]> : tensor<1x2x1x2xf32>
  %scale = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %bias = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 5.0]> : tensor<2xf32>
  %var = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %y = resnet.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 0.0 : f64} : tensor<1x2x1x2xf32>, tensor<2xf32>
  return %y : tensor<1x2x1x2xf32>
}

// Variance 0, default epsilon 1e-5: x / sqrt(1e-5) = x * 316.2278.
// BNEPS: [0, 0, 0]: 316.228 -632.456
func.func @bn_default_eps() -> tensor<1x1x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, -2.0]]]]> : tensor<1x1x1x2xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %y = resnet.batch_norm %x, %one, %zero, %zero, %zero : tensor<1x1x1x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x1x2xf32>
}

// relu([-1, 0, 2, -0.5]) + [10, 20, 30, 40].
// RELUADD: result 0: 1x4
// RELUADD-NEXT: [0]: 10 20 32 40
func.func @relu_add() -> tensor<1x4xf32> {
  %x = arith.constant dense<[[-1.0, 0.0, 2.0, -0.5]]> : tensor<1x4xf32>
  %c = arith.constant dense<[[10.0, 20.0, 30.0, 40.0]]> : tensor<1x4xf32>
  %r = resnet.relu %x : tensor<1x4xf32>
  %y = resnet.add %r, %c : tensor<1x4xf32>, tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// Row-major order is kept: [[c0: 1, 2], [c1: 3, 4]] -> [1, 2, 3, 4].
// FLATTEN: result 0: 2x4
// FLATTEN-NEXT: [0]: 1 2 3 4
// FLATTEN-NEXT: [1]: 5 6 7 8
func.func @flatten() -> tensor<2x4xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]], [[[5.0, 6.0]], [[7.0, 8.0]]]]> : tensor<2x2x1x2xf32>
  %y = resnet.flatten %x : tensor<2x2x1x2xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// x = [[1,2,3],[4,5,6]], W = [[1,0,0],[0,1,1]] ([out, in]), b = [0.5, -1]:
// x W^T = [[1, 5], [4, 11]].
// LINEAR: result 0: 2x2
// LINEAR-NEXT: [0]: 1.5 4
// LINEAR-NEXT: [1]: 4.5 10
// LINEARNB: [0]: 1 5
// LINEARNB-NEXT: [1]: 4 11
func.func @linear() -> tensor<2x2xf32> {
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %w = arith.constant dense<[[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = resnet.linear %x, %w, %b : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
func.func @linear_nobias() -> tensor<2x2xf32> {
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %w = arith.constant dense<[[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]> : tensor<2x3xf32>
  %y = resnet.linear %x, %w : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// Row 0: e^1 / (e^0 + e^1) = 0.731059. Rows 1 and 2 overflow exp() unless
// the maximum is subtracted first.
// SOFTMAX: result 0: 3x2
// SOFTMAX-NEXT: [0]: 0.268941 0.731059
// SOFTMAX-NEXT: [1]: 0.5 0.5
// SOFTMAX-NEXT: [2]: 1 0
// TOP: image 0 top-2: 1=0.731059 0=0.268941
// TOP-NEXT: image 1 top-2: 0=0.5 1=0.5
// TOP-NEXT: image 2 top-2: 0=1 1=0
func.func @softmax() -> tensor<3x2xf32> {
  %x = arith.constant dense<[[0.0, 1.0], [1000.0, 1000.0], [1000.0, -1000.0]]> : tensor<3x2xf32>
  %y = resnet.softmax %x : tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// Along axis 0 the columns are normalized: column 0 is [0, 1], column 1
// is [5, 5].
// SOFTMAX0: [0]: 0.268941 0.5
// SOFTMAX0-NEXT: [1]: 0.731059 0.5
func.func @softmax_axis0() -> tensor<2x2xf32> {
  %x = arith.constant dense<[[0.0, 5.0], [1.0, 5.0]]> : tensor<2x2xf32>
  %y = resnet.softmax %x {axis = 0 : i64} : tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// func.call evaluates the callee on the caller's values.
// CALL: result 0: 1x4
// CALL-NEXT: [0]: 20 40 64 80
func.func private @double_it(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = resnet.add %x, %x : tensor<1x4xf32>, tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
func.func @call() -> tensor<1x4xf32> {
  %x = func.call @relu_add() : () -> tensor<1x4xf32>
  %y = func.call @double_it(%x) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
