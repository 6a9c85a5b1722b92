// RUN: resnet-opt --resnet-select-tiles %s | FileCheck %s --check-prefix=SELECT
// RUN: resnet-opt --resnet-select-tiles --resnet-tile --resnet-vectorize %s | FileCheck %s

// A #resnet.tile written by hand is kept by the selection and applied as it
// is: here 4 output columns x 16 channels, channel blocks outermost, the
// epilogue left out of the tiles, one thread. The second conv has no
// configuration and gets the chosen one (8 columns x 32 channels, fused).

// SELECT-LABEL: func.func @override
// SELECT: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2]>
// SELECT: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8], fused_epilogue = true, parallel = true>

// CHECK-LABEL: func.func @override
// The hand-written layer: its conv alone, in 4x16 tiles over (F, OH, OW).
// CHECK: scf.forall ({{.*}}) = (0, 0, 0) to (64, 56, 56) step (16, 1, 4)
// CHECK: scf.for {{.*}} to %c64 step %c4
// CHECK: vector.contract {{.*}} : vector<4x4xf32>, vector<4x16xf32> into vector<4x16xf32>
// CHECK: } {resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2]>}
// Its epilogue is not in the tiles.
// CHECK: linalg.generic
// The chosen layer: epilogue fused, 8x32 tiles.
// CHECK: scf.forall ({{.*}}) = (0, 0, 0) to (56, 56, 64) step (1, 8, 32)
// CHECK: } {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0, 1, 1, 8], fused_epilogue = true, parallel = true>}
// CHECK: return
#relu = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @override(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<1x56x56x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], reduction = [0, 0, 0, 0, 1, 1, 4], interchange = [3, 0, 1, 2]>}
      ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %r = linalg.generic {indexing_maps = [#relu, #relu], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x56x56x64xf32>) outs(%e : tensor<1x56x56x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x56x56x64xf32>
  %p = tensor.pad %r low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x56x56x64xf32> to tensor<1x58x58x64xf32>
  %e2 = tensor.empty() : tensor<1x56x56x64xf32>
  %acc2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%acc2 : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %r2 = linalg.generic {indexing_maps = [#relu, #relu], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c2 : tensor<1x56x56x64xf32>) outs(%e2 : tensor<1x56x56x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x56x56x64xf32>
  return %r2 : tensor<1x56x56x64xf32>
}
