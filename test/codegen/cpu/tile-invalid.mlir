// RUN: not resnet-opt --resnet-tile=vector-width=12 %s 2>&1 | FileCheck %s
// RUN: not resnet-opt --resnet-tile=vector-width=0 %s 2>&1 | FileCheck %s --check-prefix=ZERO

// CHECK: tile-invalid.mlir:[[# @LINE + 2]]:1: error: resnet-tile: vector-width must be 4, 8 or 16 (f32 lanes), got 12
// ZERO: error: resnet-tile: vector-width must be 4, 8 or 16 (f32 lanes), got 0
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
