// RUN: resnet-opt --resnet-select-winograd="emit-remarks memory-budget=2.0" %s -verify-diagnostics | FileCheck %s
// RUN: resnet-opt --resnet-select-winograd="memory-budget=0" %s | FileCheck %s --check-prefix=UNLIMITED

// Winograd's transformed filter is alpha^2 / 9 times the filter: F(4x4)
// adds 3x its bytes, F(2x2) 7/9. With a budget of 2x the function's weights
// (three 36 KiB filters: 108 KiB may grow by 108 KiB), the conv on the
// large map saves the most multiply-adds per added byte and gets F(4x4)
// (+108 KiB: the whole budget); the other two fit neither F(4x4) nor
// F(2x2) and stay direct, with a remark. Without a limit all three get
// F(4x4).
// CHECK-LABEL: func.func @budget
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 4, 4, 16], {{.*}}winograd = 4
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: resnet.tile
// CHECK-SAME: -> tensor<1x8x8x32xf32>
// UNLIMITED-COUNT-3: winograd = 4
func.func @budget(%big: tensor<1x34x34x32xf32>, %small: tensor<1x10x10x32xf32>) -> (tensor<1x32x32x32xf32>, tensor<1x8x8x32xf32>, tensor<1x8x8x32xf32>) {
  %w1 = arith.constant dense<1.0> : tensor<3x3x32x32xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x32x32xf32>
  %w3 = arith.constant dense<3.0> : tensor<3x3x32x32xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x32x32x32xf32>
  %a1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %y1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%big, %w1 : tensor<1x34x34x32xf32>, tensor<3x3x32x32xf32>) outs(%a1 : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %e2 = tensor.empty() : tensor<1x8x8x32xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: the transformed filter exceeds the memory budget}}
  %y2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%small, %w2 : tensor<1x10x10x32xf32>, tensor<3x3x32x32xf32>) outs(%a2 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: the transformed filter exceeds the memory budget}}
  %y3 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%small, %w3 : tensor<1x10x10x32xf32>, tensor<3x3x32x32xf32>) outs(%a2 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %y1, %y2, %y3 : tensor<1x32x32x32xf32>, tensor<1x8x8x32xf32>, tensor<1x8x8x32xf32>
}
