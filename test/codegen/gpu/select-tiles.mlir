// RUN: resnet-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(resnet-gpu-pad-to-gather,resnet-gpu-select-tiles{chip=sm_90}))" | FileCheck %s
// RUN: resnet-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(resnet-gpu-pad-to-gather,resnet-gpu-select-tiles{chip=sm_80}))" | FileCheck %s --check-prefix=SM80

#bias = affine_map<(n, h, w, c) -> (c)>
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
// A ResNet-50 stage-1 3x3 conv with its bias + ReLU epilogue (NHWC), a
// stage-4 1x1 conv on a 7x7 map, the classifier: each kernel's root gets a
// #resnet_gpu.tile, with at least 16 outputs per thread.
// CHECK-LABEL: func.func @layers
func.func @layers(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>,
                  %b: tensor<64xf32>, %y: tensor<1x7x7x2048xf32>,
                  %w1: tensor<1x1x2048x512xf32>, %a: tensor<1x2048xf32>,
                  %fc: tensor<2048x1000xf32>)
    -> (tensor<1x56x56x64xf32>, tensor<1x7x7x512xf32>, tensor<1x1000xf32>) {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x56x56x64xf32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>)
      outs(%i0 : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %r0 = linalg.generic {indexing_maps = [#id, #bias, #id],
                        iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c0, %b : tensor<1x56x56x64xf32>, tensor<64xf32>)
      outs(%e0 : tensor<1x56x56x64xf32>) {
  ^bb0(%c: f32, %bias: f32, %o: f32):
    %s = arith.addf %c, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x56x56x64xf32>
  %e1 = tensor.empty() : tensor<1x7x7x512xf32>
  %i1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%y, %w1 : tensor<1x7x7x2048xf32>, tensor<1x1x2048x512xf32>)
      outs(%i1 : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  %e2 = tensor.empty() : tensor<1x1000xf32>
  %i2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  %m = linalg.matmul ins(%a, %fc : tensor<1x2048xf32>, tensor<2048x1000xf32>)
      outs(%i2 : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %r0, %c1, %m : tensor<1x56x56x64xf32>, tensor<1x7x7x512xf32>, tensor<1x1000xf32>
}
// The fill and the conv fuse into the epilogue: its root has the tile.
// CHECK: linalg.generic
// CHECK-SAME: resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_conv_0", block = [1, 4, 8, 64], thread = [1, 1, 4, 4], threads = 128, outputs = 16>
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-SAME: resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_conv_1"
// CHECK: linalg.matmul
// CHECK-SAME: resnet_gpu.tile = #resnet_gpu.tile<kernel = "layers_matmul_2"
