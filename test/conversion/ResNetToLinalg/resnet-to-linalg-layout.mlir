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

// The groups of images of a model's prefix (--resnet-group-prefix) joined
// along the batch: the concat moves before the groups' NHWC -> NCHW
// transposes, which then meet the next layer's NCHW -> NHWC one and
// cancel; the groups' NHWC results are joined as they are.
// CHECK-LABEL: func.func @groups_meet
// CHECK:     linalg.transpose ins(%arg0
// CHECK:     linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x6x6x2xf32>
// CHECK:     linalg.transpose ins(%arg1
// CHECK:     linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x6x6x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK:     tensor.concat dim(0) {{.*}} -> tensor<2x6x6x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK:     linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<2x6x6x2xf32>
// CHECK:     linalg.transpose ins(%{{.*}} : tensor<2x6x6x2xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK:     return
func.func @groups_meet(%x0: tensor<1x2x6x6xf32>, %x1: tensor<1x2x6x6xf32>) -> tensor<2x2x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %c0 = resnet.conv2d %x0, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32> -> tensor<1x2x6x6xf32>
  %c1 = resnet.conv2d %x1, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32> -> tensor<1x2x6x6xf32>
  %j = tensor.concat dim(0) %c0, %c1 : (tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>) -> tensor<2x2x6x6xf32>
  %c = resnet.conv2d %j, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<2x2x6x6xf32>, tensor<2x2x3x3xf32> -> tensor<2x2x6x6xf32>
  return %c : tensor<2x2x6x6xf32>
}
