// RUN: resnet-opt --split-input-file --resnet-select-winograd="runtime-bytes=0 memory-budget=4.0" %s | FileCheck %s
// RUN: resnet-opt --split-input-file --resnet-select-winograd="emit-remarks runtime-bytes=0 memory-budget=4.0" %s 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK --allow-empty
// RUN: resnet-opt --split-input-file --resnet-select-winograd="emit-remarks runtime-bytes=0 memory-budget=4.0 filter=stored" %s 2>&1 >/dev/null | FileCheck %s --check-prefix=STORED
// RUN: resnet-opt --split-input-file --resnet-select-winograd="runtime-bytes=0 memory-budget=3.4" %s | FileCheck %s --check-prefix=BLOCKS
// RUN: resnet-opt --split-input-file --resnet-select-winograd="runtime-bytes=0 memory-budget=4.0 filter=run-time" %s | FileCheck %s --check-prefix=WHOLE
// RUN: resnet-opt --split-input-file --resnet-select-winograd="runtime-bytes=0 memory-budget=4.0 filter=run-time-blocks" %s | FileCheck %s --check-prefix=FORCED

// When a 3x3 conv's stored filter does not fit the memory budget, its
// filter U may be transformed at each run into the arena: whole, where that
// costs at most a quarter of the cycles Winograd's products save, or half
// where the layer runs in one block (its V and M in the cores' L2, the
// products reading U just written); or, in one block of tiles, a block of
// filters at a time right before their products (`filter_block`, here 32:
// two 16-lane vectors), where that costs at most half of the saving and
// less than the whole U's round trip through memory. Each 3x3 conv (256
// channels, weights with the 1x1's 2.5 MiB) follows a ReLU of a large map
// (the arena's peak) read by a 1x1 strided conv. The whole transform
// (reading the weights, writing U and reading it again, from and to
// memory) is estimated at 0.41 of the saving at 14x14 and 0.54 at 13x13
// (the padded tiles save less); in blocks, the weights read once and V
// read again by each of the 8 blocks, far less.
// At 4.0x the weights, the stored filter's 1.75 MiB does not fit; U (4
// MiB), V and M fit under the 84x84 map's 6.9 MiB, and so do V, M and a
// block of U per core: @fourteen and @thirteen transform U at each run, a
// block of filters at a time; @fourteen_in_blocks (a 70x70 map, 4.8 MiB)
// has room for a stored U.
// CHECK-LABEL: func.func @fourteen(
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}strides = dense<6>
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true, filter_block = 32>
// CHECK-LABEL: func.func @thirteen
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true, filter_block = 32>
// CHECK-LABEL: func.func @fourteen_in_blocks
// CHECK: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true>
// REMARK-NOT: remark
// With stored filters only, @fourteen and @thirteen stay direct.
// STORED: winograd-runtime-filter.mlir:[[# @LINE + 34]]:8: remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget{{$}}
// STORED: winograd-runtime-filter.mlir:[[# @LINE + 61]]:8: remark: resnet-select-winograd: direct convolution kept: the transformed filter (or its transformed activations) exceeds the memory budget{{$}}
// STORED-NOT: remark
// At 3.4x the whole U fits at 70x70 only with the three phases in blocks
// of tiles, where 0.41 is more than a quarter; a block of filters at a
// time fits in one block of tiles.
// BLOCKS-LABEL: func.func @fourteen_in_blocks
// BLOCKS: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true, filter_block = 32>
// The whole U at run time, forced (filter=run-time: wherever it fits, no
// blocks of filters), and blocks of filters forced.
// WHOLE-COUNT-3: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true>
// FORCED-COUNT-3: resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true, filter_block = 32>

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

func.func @fourteen(%x: tensor<1x84x84x256xf32>) -> tensor<1x14x14x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<1.0> : tensor<1x1x256x256xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x256x256xf32>
  %e0 = tensor.empty() : tensor<1x84x84x256xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x84x84x256xf32>) outs(%e0 : tensor<1x84x84x256xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x84x84x256xf32>
  %e = tensor.empty() : tensor<1x14x14x256xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<6> : tensor<2xi64>}
      ins(%r, %w1 : tensor<1x84x84x256xf32>, tensor<1x1x256x256xf32>) outs(%a : tensor<1x14x14x256xf32>) -> tensor<1x14x14x256xf32>
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

func.func @thirteen(%x: tensor<1x78x78x256xf32>) -> tensor<1x13x13x256xf32> {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<1.0> : tensor<1x1x256x256xf32>
  %w2 = arith.constant dense<2.0> : tensor<3x3x256x256xf32>
  %e0 = tensor.empty() : tensor<1x78x78x256xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x78x78x256xf32>) outs(%e0 : tensor<1x78x78x256xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x78x78x256xf32>
  %e = tensor.empty() : tensor<1x13x13x256xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<6> : tensor<2xi64>}
      ins(%r, %w1 : tensor<1x78x78x256xf32>, tensor<1x1x256x256xf32>) outs(%a : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  %p = tensor.pad %d low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x13x13x256xf32> to tensor<1x15x15x256xf32>
  %a2 = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w2 : tensor<1x15x15x256xf32>, tensor<3x3x256x256xf32>) outs(%a2 : tensor<1x13x13x256xf32>) -> tensor<1x13x13x256xf32>
  return %y : tensor<1x13x13x256xf32>
}

// -----#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

func.func @fourteen_in_blocks(%x: tensor<1x70x70x256xf32>) -> tensor<1x14x14x256xf32> {
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

