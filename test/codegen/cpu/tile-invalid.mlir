// RUN: not resnet-opt --resnet-select-tiles=vector-width=12 %s 2>&1 | FileCheck %s
// RUN: not resnet-opt --resnet-select-tiles=target=x86-64-v9 %s 2>&1 | FileCheck %s --check-prefix=TARGET

// CHECK: tile-invalid.mlir:[[# @LINE + 2]]:1: error: resnet-select-tiles: vector-width must be 4, 8 or 16 (f32 lanes), got 12
// TARGET: error: resnet-select-tiles: unknown target 'x86-64-v9'
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
