// RUN: resnet-opt --resnet-to-linalg -canonicalize -cse %s | FileCheck %s

// Each lowered layer computes in NHWC between transposes; where two layers
// meet, the NHWC -> NCHW -> NHWC pair cancels. Only the entry transpose (of
// the argument, shared by the conv and the residual add) and the exit
// transpose remain.
// CHECK-LABEL: func.func @layers_meet
// CHECK:     linalg.transpose ins(%arg0 : tensor<1x2x6x6xf32>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK-NOT: linalg.transpose
// CHECK:     linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: linalg.transpose
// CHECK:     linalg.pooling_nhwc_sum
// CHECK-NOT: linalg.transpose
// CHECK:     linalg.transpose ins(%{{.*}} : tensor<1x3x3x2xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK:     return
func.func @layers_meet(%x: tensor<1x2x6x6xf32>, %s: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32> -> tensor<1x2x6x6xf32>
  %b = resnet.batch_norm %c, %s, %s, %s, %s {epsilon = 1.0e-5 : f64} : tensor<1x2x6x6xf32>, tensor<2xf32>
  %r = resnet.relu %b : tensor<1x2x6x6xf32>
  %a = resnet.add %r, %x : tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>
  %f = resnet.fused_conv %a, %w, %s residual %a {pads = array<i64: 1, 1, 1, 1>, relu} : tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>, tensor<1x2x6x6xf32> -> tensor<1x2x6x6xf32>
  %p = resnet.avg_pool2d %f {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %p : tensor<1x2x3x3xf32>
}
