// RUN: resnet-opt --resnet-select-winograd="memory-budget=0 target=x86-64-v4" %s -split-input-file | FileCheck %s --check-prefix=SELECT
// RUN: resnet-opt --resnet-select-winograd="runtime-bytes=0 memory-budget=1.25 target=x86-64-v4" %s -split-input-file | FileCheck %s --check-prefix=BUDGET
// RUN: resnet-opt --resnet-select-winograd="runtime-bytes=0 memory-budget=2.0 target=x86-64-v4" %s -split-input-file | FileCheck %s --check-prefix=ROOM
// RUN: resnet-opt --resnet-select-winograd="memory-budget=0 output-tile=4 target=x86-64-v4" %s -split-input-file | FileCheck %s --check-prefix=F4
// RUN: resnet-opt --resnet-select-winograd="memory-budget=0 target=x86-64-v4" --resnet-grouped-conv -canonicalize %s -split-input-file | FileCheck %s

// Grouped stride-1 3x3 convs (ResNeXt's) take Winograd F(2x2) where the
// cost model estimates at most 0.85 of the direct time
// (groupedWinogradShare): 16 products per 2x2 tile for 36, over the
// product's loads, the group's U streamed from L2 once a step and the
// transforms. A step is T tiles of one tile row of one group, T x Fg / 16
// accumulators (at most 16).
//
// @groups_of_32: 4 groups of 32 -> 32 on 14x14 (ResNeXt-101's third
// stage): 7 tiles a step, two output vectors a group; estimated 0.64.
// U (16/9 of the 147 KiB of weights, +115 KiB) does not fit 1.25x the
// weights (37 KiB of room: the function has no intermediate buffer) but
// fits 2x. F(4x4) only (output-tile=4) leaves grouped convs direct.
// SELECT-LABEL: func.func @groups_of_32
// SELECT: resnet.tile = #resnet.tile<tiles = [1, 2, 14, 1, 16], winograd = 2, parallel = true>
// BUDGET-LABEL: func.func @groups_of_32
// BUDGET-NOT: winograd
// BUDGET-LABEL: func.func @odd_map
// ROOM-LABEL: func.func @groups_of_32
// ROOM: winograd = 2
// F4-LABEL: func.func @groups_of_32
// F4-NOT: resnet.tile
// F4-LABEL: func.func @odd_map
// F4-NOT: resnet.tile
// The layer: U [G, 16, Cg, Fg] a constant, one worker loop over (group,
// tile row, column block: one, folded away) whose iterations transform 7
// tiles' input, run the products (a V element broadcast against two U
// vectors), and transform the output into a [1, 2, 14, 32] slice.
// CHECK-LABEL: func.func @groups_of_32
// CHECK: arith.constant dense_resource<grouped_winograd_filter{{.*}}> : tensor<4x16x32x32xf32>
// CHECK: scf.forall (%{{.*}}, %{{.*}}) in (4, 7)
// CHECK: tensor.empty() : tensor<16x7x32xf32>
// CHECK: scf.for
// CHECK: tensor.empty() : tensor<16x7x32xf32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.broadcast
// CHECK: vector.fma
// CHECK: tensor.extract_slice {{.*}} to tensor<1x2x14x32xf32>
// CHECK: tensor.parallel_insert_slice
// CHECK: resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 2, 14, 16], winograd = 2, parallel = true>, resnet.winograd_blocks = 28 : i64
func.func @groups_of_32(%x: tensor<1x16x16x128xf32>) -> tensor<1x14x14x128xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x32x3x3x32xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 16, 16, 4, 32] : tensor<1x16x16x128xf32> into tensor<1x16x16x4x32xf32>
  %e = tensor.empty() : tensor<1x14x14x4x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x4x32xf32>) -> tensor<1x14x14x4x32xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x16x16x4x32xf32>, tensor<4x32x3x3x32xf32>) outs(%f : tensor<1x14x14x4x32xf32>) -> tensor<1x14x14x4x32xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x14x14x4x32xf32> into tensor<1x14x14x128xf32>
  return %cc : tensor<1x14x14x128xf32>
}

// -----

// @odd_map: groups of 16 on 19x19 (ResNeXt-50 at 299x299): 10 tiles a
// row, the last past the map (400 pixels computed for 361), one output
// vector a group; estimated 0.79. The step's output slice is cut at the
// map's last row, and the pixels of a tile past the edge are not stored.
// SELECT-LABEL: func.func @odd_map
// SELECT: resnet.tile = #resnet.tile<tiles = [1, 2, 20, 1, 16], winograd = 2
// CHECK-LABEL: func.func @odd_map
// CHECK: scf.forall (%{{.*}}, %{{.*}}) in (2, 10)
// CHECK: arith.minsi
// CHECK: tensor.extract_slice {{.*}} to tensor<1x?x19x16xf32>
// CHECK: scf.if
func.func @odd_map(%x: tensor<1x21x21x32xf32>) -> tensor<1x19x19x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 21, 21, 2, 16] : tensor<1x21x21x32xf32> into tensor<1x21x21x2x16xf32>
  %e = tensor.empty() : tensor<1x19x19x2x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x19x19x2x16xf32>) -> tensor<1x19x19x2x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x21x21x2x16xf32>, tensor<2x16x3x3x16xf32>) outs(%f : tensor<1x19x19x2x16xf32>) -> tensor<1x19x19x2x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x19x19x2x16xf32> into tensor<1x19x19x32xf32>
  return %cc : tensor<1x19x19x32xf32>
}

// -----

// Direct: a 7x7 map (4x4 tiles cover 64 pixels for 49, and four tiles a
// step stream the group's U as long as their products: estimated 0.96),
// a stride-2 conv, and groups of 8 channels (not a vector of 16).
// SELECT-LABEL: func.func @seven
// SELECT-NOT: winograd
// SELECT-LABEL: func.func @strided
// SELECT-NOT: winograd
// SELECT-LABEL: func.func @groups_of_8
// SELECT-NOT: winograd
func.func @seven(%x: tensor<1x9x9x64xf32>) -> tensor<1x7x7x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x32x3x3x32xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 9, 9, 2, 32] : tensor<1x9x9x64xf32> into tensor<1x9x9x2x32xf32>
  %e = tensor.empty() : tensor<1x7x7x2x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x2x32xf32>) -> tensor<1x7x7x2x32xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x9x9x2x32xf32>, tensor<2x32x3x3x32xf32>) outs(%f : tensor<1x7x7x2x32xf32>) -> tensor<1x7x7x2x32xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x7x7x2x32xf32> into tensor<1x7x7x64xf32>
  return %cc : tensor<1x7x7x64xf32>
}

func.func @strided(%x: tensor<1x29x29x64xf32>) -> tensor<1x14x14x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x32x3x3x32xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 29, 29, 2, 32] : tensor<1x29x29x64xf32> into tensor<1x29x29x2x32xf32>
  %e = tensor.empty() : tensor<1x14x14x2x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x2x32xf32>) -> tensor<1x14x14x2x32xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%xe, %w : tensor<1x29x29x2x32xf32>, tensor<2x32x3x3x32xf32>) outs(%f : tensor<1x14x14x2x32xf32>) -> tensor<1x14x14x2x32xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x14x14x2x32xf32> into tensor<1x14x14x64xf32>
  return %cc : tensor<1x14x14x64xf32>
}

func.func @groups_of_8(%x: tensor<1x30x30x64xf32>) -> tensor<1x28x28x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<8x8x3x3x8xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 30, 30, 8, 8] : tensor<1x30x30x64xf32> into tensor<1x30x30x8x8xf32>
  %e = tensor.empty() : tensor<1x28x28x8x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x8x8xf32>) -> tensor<1x28x28x8x8xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x30x30x8x8xf32>, tensor<8x8x3x3x8xf32>) outs(%f : tensor<1x28x28x8x8xf32>) -> tensor<1x28x28x8x8xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x28x28x8x8xf32> into tensor<1x28x28x64xf32>
  return %cc : tensor<1x28x28x64xf32>
}
