// RUN: not resnet-opt --resnet-winograd=output-tile=3 %s 2>&1 | FileCheck %s
// RUN: not resnet-opt --resnet-winograd=vector-width=0 %s 2>&1 | FileCheck %s --check-prefix=WIDTH

// CHECK: winograd-invalid.mlir:[[# @LINE + 2]]:1: error: resnet-winograd: output-tile must be 0 (auto), 2 or 4, got 3
// WIDTH: winograd-invalid.mlir:[[# @LINE + 1]]:1: error: resnet-winograd: vector-width must be positive
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
