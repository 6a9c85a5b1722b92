// RUN: not resnet-opt --resnet-select-winograd=output-tile=3 %s 2>&1 | FileCheck %s
// RUN: resnet-opt --resnet-winograd %s -split-input-file -verify-diagnostics

// CHECK: winograd-invalid.mlir:[[# @LINE + 2]]:1: error: resnet-select-winograd: output-tile must be 0 (auto), 2 or 4, got 3
// A configuration written by hand that Winograd cannot honour is an error.
func.func @stride2(%x: tensor<1x18x18x16xf32>) -> tensor<1x8x8x16xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x16x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  // expected-error@+1 {{resnet-winograd: #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2> does not apply: stride or dilation is not 1}}
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2>}
      ins(%x, %w : tensor<1x18x18x16xf32>, tensor<3x3x16x16xf32>) outs(%acc : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// -----

// Several tiles a step are a grouped layer's (GroupedWinograd.cpp), not a
// dense one's.
func.func @dense_tiles(%x: tensor<1x10x10x16xf32>) -> tensor<1x8x8x16xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x16x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  // expected-error@+1 {{resnet-winograd: #resnet.tile<tiles = [1, 2, 4, 16], winograd = 2> does not apply: a dense layer's tiles are [1, m, m, lanes]}}
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 2, 4, 16], winograd = 2>}
      ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%acc : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}
