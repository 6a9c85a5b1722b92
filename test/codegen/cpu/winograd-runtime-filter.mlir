// RUN: resnet-opt --split-input-file --resnet-select-winograd="runtime-bytes=0 memory-budget=3.4" %s | FileCheck %s
// RUN: resnet-opt --split-input-file --resnet-select-winograd="emit-remarks runtime-bytes=0 memory-budget=3.4" %s 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: resnet-opt --split-input-file --resnet-select-winograd="emit-remarks runtime-bytes=0 memory-budget=3.4 filter=stored" %s 2>&1 >/dev/null | FileCheck %s --check-prefix=STORED

// When a 3x3 conv's stored filter does not fit the memory budget, its
// filter U may be transformed at each run into the arena, where that costs
// at most half of the cycles Winograd's products save. Both layers here
// follow a ReLU of a large map (the arena's peak, 4.8 MiB at 70x70 and
// 4.1 MiB at 65x65, 256 channels) read by a 1x1 stride-5 conv; at 3.4x
// the weights (2.5 MiB) the stored filter's 1.75 MiB does not fit, U's
// 4 MiB fits under the arena's peak. 256 channels at 14x14 (ResNet's
// third stage): the transform (reading the weights, writing U, from and to
// memory) is estimated at 0.41 of the saving: U is transformed at each run.
// At 13x13 the padded tiles save less (0.49 of the products against 0.56)
// and the transform is 0.54 of it: the conv stays direct.
// CHECK-LABEL: func.func @fourteen
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}strides = dense<5>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true>
// CHECK-LABEL: func.func @thirteen
// CHECK-NOT: resnet.tile
// CHECK: return
// REMARK-NOT: remark
// REMARK: winograd-runtime-filter.mlir:78:8: remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget; transforming it at each run costs more than half of what Winograd saves{{$}}
// REMARK-NOT: remark
// With stored filters only, both stay direct.
// STORED: winograd-runtime-filter.mlir:50:8: remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget{{$}}
// STORED: winograd-runtime-filter.mlir:78:8: remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget{{$}}

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

func.func @fourteen(%x: tensor<1x70x70x256xf32>) -> tensor<1x14x14x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<1.0> : tensor<1x1x256x256xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x256x256xf32>
  %e0 = tensor.empty() : tensor<1x70x70x256xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x70x70x256xf32>) outs(%e0 : tensor<1x70x70x256xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x70x70x256xf32>
  %e = tensor.empty() : tensor<1x14x14x256xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<5> : tensor<2xi64>}
      ins(%r, %w1 : tensor<1x70x70x256xf32>, tensor<1x1x256x256xf32>) outs(%a : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
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

func.func @thirteen(%x: tensor<1x65x65x256xf32>) -> tensor<1x13x13x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<1.0> : tensor<1x1x256x256xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x256x256xf32>
  %e0 = tensor.empty() : tensor<1x65x65x256xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x65x65x256xf32>) outs(%e0 : tensor<1x65x65x256xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x65x65x256xf32>
  %e = tensor.empty() : tensor<1x13x13x256xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<5> : tensor<2xi64>}
      ins(%r, %w1 : tensor<1x65x65x256xf32>, tensor<1x1x256x256xf32>) outs(%a : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x13x13x256xf32> to tensor<1x15x15x256xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w2 : tensor<1x15x15x256xf32>, tensor<3x3x256x256xf32>) outs(%a2 : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  return %y : tensor<1x13x13x256xf32>
}
