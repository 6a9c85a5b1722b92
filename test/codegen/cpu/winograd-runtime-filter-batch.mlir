// RUN: resnet-opt --split-input-file --resnet-select-winograd="emit-remarks runtime-bytes=0 memory-budget=2.0" %s 2>&1 | FileCheck %s

// One transformed filter serves a whole batch: like the activations, its
// U counts per image against the memory budget. The same layer (a 3x3 256
// -> 256 at 14x14 after a 1x1 strided conv of a 42x42 map, the arena's
// peak) at 2.0x the weights: for one image U (4 MiB) is beyond the peak and
// the conv stays direct; for four images a quarter of it, V and M in blocks
// of 5 tile rows stay under the four images' peak, and U is transformed at
// each run (its cost, 0.1 of the products' saving at batch 4, well under a
// quarter).
// CHECK: remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget, also when transformed at run time
// CHECK-LABEL: func.func @one_image(
// CHECK-NOT: resnet.tile
// CHECK-LABEL: func.func @four_images(
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 5, winograd = 2, parallel = true, runtime_filter = true>

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

func.func @one_image(%x: tensor<1x42x42x256xf32>) -> tensor<1x14x14x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<1.0> : tensor<1x1x256x256xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x256x256xf32>
  %e0 = tensor.empty() : tensor<1x42x42x256xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x42x42x256xf32>) outs(%e0 : tensor<1x42x42x256xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x42x42x256xf32>
  %e = tensor.empty() : tensor<1x14x14x256xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
      ins(%r, %w1 : tensor<1x42x42x256xf32>, tensor<1x1x256x256xf32>) outs(%a : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x14x14x256xf32> to tensor<1x16x16x256xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w2 : tensor<1x16x16x256xf32>, tensor<3x3x256x256xf32>) outs(%a2 : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  return %y : tensor<1x14x14x256xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

func.func @four_images(%x: tensor<4x42x42x256xf32>) -> tensor<4x14x14x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<1.0> : tensor<1x1x256x256xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x256x256xf32>
  %e0 = tensor.empty() : tensor<4x42x42x256xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<4x42x42x256xf32>) outs(%e0 : tensor<4x42x42x256xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x42x42x256xf32>
  %e = tensor.empty() : tensor<4x14x14x256xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<4x14x14x256xf32>) -> tensor<4x14x14x256xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
      ins(%r, %w1 : tensor<4x42x42x256xf32>, tensor<1x1x256x256xf32>) outs(%a : tensor<4x14x14x256xf32>) -> tensor<4x14x14x256xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<4x14x14x256xf32> to tensor<4x16x16x256xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e : tensor<4x14x14x256xf32>) -> tensor<4x14x14x256xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w2 : tensor<4x16x16x256xf32>, tensor<3x3x256x256xf32>) outs(%a2 : tensor<4x14x14x256xf32>) -> tensor<4x14x14x256xf32>
  return %y : tensor<4x14x14x256xf32>
}
