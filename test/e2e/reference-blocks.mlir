// The reference interpreter's blocks on one-channel models whose convolutions
// are single taps, so every value can be followed by hand. x is
//   [[1, -2, 3], [-4, 5, -6], [7, -8, 9]].
// RUN: resnet-run %s --entry residual --print | FileCheck %s --check-prefix=RESIDUAL
// RUN: resnet-run %s --entry residual_projection --print | FileCheck %s --check-prefix=RESPROJ
// RUN: resnet-run %s --entry bottleneck --print | FileCheck %s --check-prefix=BOTTLENECK
// RUN: resnet-run %s --entry shortcut --print | FileCheck %s --check-prefix=SHORTCUT

// conv1 = top-left tap (reads x[y-1][x-1], zero padding) -> relu:
//   [[0,0,0],[0,1,0],[0,0,5]]; conv2 = 2 * centre, bn2 adds 1:
//   [[1,1,1],[1,3,1],[1,1,11]]; + x = [[2,-1,4],[-3,8,-5],[8,-7,20]]; relu.
// RESIDUAL: result 0: 1x1x3x3
// RESIDUAL-NEXT: [0, 0, 0]: 2 0 4
// RESIDUAL-NEXT: [0, 0, 1]: 0 8 0
// RESIDUAL-NEXT: [0, 0, 2]: 8 0 20
func.func @residual() -> tensor<1x1x3x3xf32> {
  %x = arith.constant dense<[[[[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [7.0, -8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<[[[[1.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf32>
  %w2 = arith.constant dense<[[[[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %y = resnet.residual_block %x
      conv1(%w1 : tensor<1x1x3x3xf32>, bn %one, %zero, %zero, %one : tensor<1xf32>)
      conv2(%w2 : tensor<1x1x3x3xf32>, bn %one, %one, %zero, %one : tensor<1xf32>)
      {epsilon = 0.0 : f64} : tensor<1x1x3x3xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// Stride 2: conv1 = centre tap at stride 2, pad 1, reads x[2y][2x] =
// [[1,3],[7,9]]; conv2 = centre tap keeps it. Projection: 10 * x[2y][2x],
// bn (v - 10) * 2 / sqrt(4) - 1 = [[-1,19],[59,79]]. Sum, relu.
// RESPROJ: result 0: 1x1x2x2
// RESPROJ-NEXT: [0, 0, 0]: 0 22
// RESPROJ-NEXT: [0, 0, 1]: 66 88
func.func @residual_projection() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [7.0, -8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<[[[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf32>
  %wp = arith.constant dense<10.0> : tensor<1x1x1x1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %two = arith.constant dense<2.0> : tensor<1xf32>
  %minus_one = arith.constant dense<-1.0> : tensor<1xf32>
  %ten = arith.constant dense<10.0> : tensor<1xf32>
  %four = arith.constant dense<4.0> : tensor<1xf32>
  %y = resnet.residual_block %x stride 2
      conv1(%w : tensor<1x1x3x3xf32>, bn %one, %zero, %zero, %one : tensor<1xf32>)
      conv2(%w : tensor<1x1x3x3xf32>, bn %one, %zero, %zero, %one : tensor<1xf32>)
      projection(%wp : tensor<1x1x1x1xf32>, bn %two, %minus_one, %ten, %four : tensor<1xf32>)
      {epsilon = 0.0 : f64} : tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// reduce = 2x -> relu: [[2,0,6],[0,10,0],[14,0,18]]; spatial = bottom-right
// tap (reads r[y+1][x+1], pad 1): [[10,0,0],[0,18,0],[0,0,0]]; expand = 1x,
// bn bias -1; + x = [[10,-3,2],[-5,22,-7],[6,-9,8]]; relu.
// BOTTLENECK: result 0: 1x1x3x3
// BOTTLENECK-NEXT: [0, 0, 0]: 10 0 2
// BOTTLENECK-NEXT: [0, 0, 1]: 0 22 0
// BOTTLENECK-NEXT: [0, 0, 2]: 6 0 8
func.func @bottleneck() -> tensor<1x1x3x3xf32> {
  %x = arith.constant dense<[[[[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [7.0, -8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %wr = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %ws = arith.constant dense<[[[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]]]> : tensor<1x1x3x3xf32>
  %we = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %minus_one = arith.constant dense<-1.0> : tensor<1xf32>
  %y = resnet.bottleneck_block %x width 1 expansion 1
      reduce(%wr : tensor<1x1x1x1xf32>, bn %one, %zero, %zero, %one : tensor<1xf32>)
      spatial(%ws : tensor<1x1x3x3xf32>, bn %one, %zero, %zero, %one : tensor<1xf32>)
      expand(%we : tensor<1x1x1x1xf32>, bn %one, %minus_one, %zero, %one : tensor<1xf32>)
      {epsilon = 0.0 : f64} : tensor<1x1x3x3xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// The identity shortcut returns its input.
// SHORTCUT: [0, 0, 0]: 1 -2 3
// SHORTCUT-NEXT: [0, 0, 1]: -4 5 -6
// SHORTCUT-NEXT: [0, 0, 2]: 7 -8 9
func.func @shortcut() -> tensor<1x1x3x3xf32> {
  %x = arith.constant dense<[[[[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [7.0, -8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %y = resnet.shortcut %x : tensor<1x1x3x3xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}
