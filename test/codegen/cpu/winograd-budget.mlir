// RUN: resnet-opt --resnet-select-winograd="emit-remarks memory-budget=10.0 runtime-bytes=0" %s -verify-diagnostics | FileCheck %s
// RUN: resnet-opt --resnet-select-winograd="memory-budget=2.0 runtime-bytes=0" %s | FileCheck %s --check-prefix=TIGHT
// RUN: resnet-opt --resnet-select-winograd="memory-budget=0" %s | FileCheck %s --check-prefix=UNLIMITED
// RUN: resnet-opt --resnet-select-winograd="output-tile=4 memory-budget=10.0 runtime-bytes=0" %s | FileCheck %s --check-prefix=F4

// The budget bounds what the executable keeps resident: the weights (three
// 36 KiB filters, 108 KiB), the transformed filters that replace some
// (F(2x2), the choice per layer, adds 7/9 of a filter's bytes, F(4x4) 3x)
// and the activation arena (here at least the large conv's input and
// output, 273 KiB; a Winograd conv's transformed input V and product M live
// there too). With 10x the weights (1080 KiB, the runtime's own bytes not
// counted here) the conv on the large map saves the most multiply-adds per
// added byte, but its F(2x2) V and M (1 MiB) would grow the arena past the
// budget: it stays direct, with a remark; the two small convs get F(2x2)
// (+28 KiB each, V and M of 64 KiB). F(4x4) forced (F4): the large conv's
// V and M are 576 KiB, it fits (+108 KiB of filter, arena 849 KiB), and the
// other two no longer do. At 2x the weights the arena alone takes more than
// the budget leaves: every conv stays direct. Without a limit all three
// get F(2x2).
// CHECK-LABEL: func.func @budget
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: resnet.tile
// CHECK-SAME: -> tensor<1x32x32x32xf32>
// CHECK-COUNT-2: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], {{.*}}winograd = 2
// F4-LABEL: func.func @budget
// F4: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 4, 4, 16], {{.*}}winograd = 4
// F4: linalg.conv_2d_nhwc_hwcf
// F4-NOT: resnet.tile
// F4-SAME: -> tensor<1x8x8x32xf32>
// F4: linalg.conv_2d_nhwc_hwcf
// F4-NOT: resnet.tile
// F4-SAME: -> tensor<1x8x8x32xf32>
// TIGHT-NOT: winograd
// UNLIMITED-COUNT-6: winograd = 2
func.func @budget(%big: tensor<1x34x34x32xf32>, %small: tensor<1x10x10x32xf32>) -> (tensor<1x32x32x32xf32>, tensor<1x8x8x32xf32>, tensor<1x8x8x32xf32>) {
  %w1 = arith.constant dense<1.0> : tensor<3x3x32x32xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x32x32xf32>
  %w3 = arith.constant dense<3.0> : tensor<3x3x32x32xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x32x32x32xf32>
  %a1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget}}
  %y1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%big, %w1 : tensor<1x34x34x32xf32>, tensor<3x3x32x32xf32>) outs(%a1 : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %e2 = tensor.empty() : tensor<1x8x8x32xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %y2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%small, %w2 : tensor<1x10x10x32xf32>, tensor<3x3x32x32xf32>) outs(%a2 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %y3 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%small, %w3 : tensor<1x10x10x32xf32>, tensor<3x3x32x32xf32>) outs(%a2 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %y1, %y2, %y3 : tensor<1x32x32x32xf32>, tensor<1x8x8x32xf32>, tensor<1x8x8x32xf32>
}

// The same three convs at batch 4: activations count per image (a batch
// multiplies them, V and M included, whatever the schedule), so the choice
// is the one-image model's although the batch's arena alone (1092 KiB)
// exceeds the budget.
// CHECK-LABEL: func.func @budget_batch
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: resnet.tile
// CHECK-SAME: -> tensor<4x32x32x32xf32>
// CHECK-COUNT-2: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], {{.*}}winograd = 2
func.func @budget_batch(%big: tensor<4x34x34x32xf32>, %small: tensor<4x10x10x32xf32>) -> (tensor<4x32x32x32xf32>, tensor<4x8x8x32xf32>, tensor<4x8x8x32xf32>) {
  %w1 = arith.constant dense<1.0> : tensor<3x3x32x32xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x32x32xf32>
  %w3 = arith.constant dense<3.0> : tensor<3x3x32x32xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4x32x32x32xf32>
  %a1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x32x32x32xf32>) -> tensor<4x32x32x32xf32>
  // expected-remark@+1 {{resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget}}
  %y1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%big, %w1 : tensor<4x34x34x32xf32>, tensor<3x3x32x32xf32>) outs(%a1 : tensor<4x32x32x32xf32>) -> tensor<4x32x32x32xf32>
  %e2 = tensor.empty() : tensor<4x8x8x32xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  %y2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%small, %w2 : tensor<4x10x10x32xf32>, tensor<3x3x32x32xf32>) outs(%a2 : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  %y3 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%small, %w3 : tensor<4x10x10x32xf32>, tensor<3x3x32x32xf32>) outs(%a2 : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  return %y1, %y2, %y3 : tensor<4x32x32x32xf32>, tensor<4x8x8x32xf32>, tensor<4x8x8x32xf32>
}
