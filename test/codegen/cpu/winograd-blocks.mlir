// RUN: resnet-opt --resnet-winograd %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-winograd --canonicalize %s -split-input-file | FileCheck %s --check-prefix=TURN
// RUN: resnet-opt --resnet-winograd --resnet-select-tiles %s -split-input-file | FileCheck %s --check-prefix=TILES

// `row_block = 2, parallel_blocks = true`: the 2 images x 5 F(2x2) tile
// rows run in blocks of 2 tile rows of one image, the threads' units of
// work: one scf.forall over (image, band), 2 x 3 blocks, each with its own
// V and M of 10 tiles (2 rows of 5) and its own part of the output. The
// third band's second tile row lies below the 10x10 output: the input is
// zero-extended by one more tile row (14 rows instead of 12), and that
// band stores min(4, 10 - first row) output rows; a tile row's pixels
// inside are max(0, min(2, 10 - its first row)), so even the first pixel
// of a tile is guarded. `runtime_filter = true`: U is computed once,
// before the blocks, by a loop over (input channel, filter vector)
// reading the weights, and is not stored in the executable.
// CHECK-LABEL: func.func @worker_loop
// CHECK-NOT: winograd_filter
// CHECK: %[[X:.*]] = tensor.pad %arg0 low[0, 0, 0, 0] high[0, 2, 0, 0]
// CHECK: } : tensor<2x12x12x16xf32> to tensor<2x14x12x16xf32>
// CHECK: %[[U:.*]] = scf.forall (%[[C:.*]], %[[FV:.*]]) in (16, 2) shared_outs({{.*}}) -> (tensor<16x16x32xf32>)
// CHECK-COUNT-9: vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}, %[[C]], %{{.*}}]{{.*}} : tensor<3x3x16x32xf32>, vector<16xf32>
// CHECK-COUNT-16: vector.transfer_write {{.*}} : vector<16xf32>, tensor<16x1x16xf32>
// CHECK: resnet.winograd_transform = "filter"
// CHECK: scf.forall (%[[IMAGE:.*]], %[[BAND:.*]]) in (2, 3) shared_outs(%[[Y:.*]] = %{{.*}}) -> (tensor<2x10x10x32xf32>)
// CHECK: %[[FIRST:.*]] = arith.muli %[[BAND]], %c2
// CHECK: %[[V:.*]] = scf.forall (%[[R:.*]], %{{.*}}, %{{.*}}) in (2, 5, 1) {{.*}} -> (tensor<16x10x16xf32>)
// CHECK: %[[R0:.*]] = arith.muli %[[R]], %c2
// CHECK: %[[B0:.*]] = arith.muli %[[FIRST]], %c2
// CHECK: %[[ROW:.*]] = arith.addi %[[R0]], %[[B0]]
// CHECK: vector.transfer_read %[[X]][%[[IMAGE]], %[[ROW]],
// CHECK: resnet.winograd_transform = "input"
// CHECK: %[[M:.*]] = linalg.batch_matmul ins(%[[V]], %[[U]] : tensor<16x10x16xf32>, tensor<16x16x32xf32>) outs(%{{.*}} : tensor<16x10x32xf32>)
// CHECK: %[[ROW0:.*]] = arith.muli %[[FIRST]], %c2
// CHECK: %[[LEFT:.*]] = arith.subi %c10, %[[ROW0]]
// CHECK: %[[ROWS:.*]] = arith.minsi %[[LEFT]], %c4
// CHECK: %[[PART:.*]] = tensor.extract_slice %[[Y]][%[[IMAGE]], %[[ROW0]], 0, 0] [1, %[[ROWS]], 10, 32]
// CHECK: scf.forall ({{.*}}) in (2, 5, 2) shared_outs(%{{.*}} = %[[PART]]) -> (tensor<1x?x10x32xf32>)
// CHECK: vector.transfer_read %[[M]]
// CHECK: arith.maxsi %{{.*}}, %c0
// CHECK: arith.cmpi slt, %c0{{.*}}, %{{.*}}
// CHECK: #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true, runtime_filter = true, parallel_blocks = true>, resnet.winograd_transform = "output"
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[Y]][%[[IMAGE]], %[[ROW0]], 0, 0] [1, %[[ROWS]], 10, 32]
// CHECK: } {resnet.winograd_blocks = 6 : i64}
// The batched product in a block is sequential (no `parallel` after its
// interchange): the blocks are the threads' work.
// TILES-LABEL: func.func @worker_loop
// TILES: linalg.batch_matmul {resnet.tile = #resnet.tile<tiles = [1, 5, 32], {{[^>]*}}interchange = [0, 2, 1]>}
// TILES: resnet.winograd_transform = "output"
func.func @worker_loop(%x: tensor<2x12x12x16xf32>) -> tensor<2x10x10x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x16x32xf32>
  %e = tensor.empty() : tensor<2x10x10x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x10x10x32xf32>) -> tensor<2x10x10x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 2, winograd = 2, parallel = true, runtime_filter = true, parallel_blocks = true>} ins(%x, %w : tensor<2x12x12x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<2x10x10x32xf32>) -> tensor<2x10x10x32xf32>
  return %c : tensor<2x10x10x32xf32>
}

// -----

// From a whole image on, blocks are groups of images that divide the
// batch: `row_block = 8` over 4 images of 4 tile rows is 2 images per
// block, 2 blocks.
// CHECK-LABEL: func.func @image_groups
// CHECK: scf.forall (%[[G:.*]], %{{.*}}) in (2, 1) shared_outs(%[[Y:.*]] = %{{.*}}) -> (tensor<4x8x8x32xf32>)
// CHECK: %[[FIRST:.*]] = arith.muli %[[G]], %c2
// CHECK: scf.forall (%[[R:.*]], %{{.*}}, %{{.*}}) in (8, 4, 1) {{.*}} -> (tensor<16x32x16xf32>)
// CHECK: %[[IN:.*]] = arith.divui %[[R]], %c4
// CHECK: arith.addi %[[IN]], %[[FIRST]]
// CHECK: linalg.batch_matmul {{.*}} outs(%{{.*}} : tensor<16x32x32xf32>)
// CHECK: %[[PART:.*]] = tensor.extract_slice %[[Y]][%[[FIRST]], 0, 0, 0] [2, 8, 8, 32]
// CHECK: scf.forall ({{.*}}) in (8, 4, 2) shared_outs(%{{.*}} = %[[PART]]) -> (tensor<2x8x8x32xf32>)
// CHECK: } {resnet.winograd_blocks = 2 : i64}
func.func @image_groups(%x: tensor<4x10x10x16xf32>) -> tensor<4x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x16x32xf32>
  %e = tensor.empty() : tensor<4x8x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 8, winograd = 2, parallel = true, parallel_blocks = true>} ins(%x, %w : tensor<4x10x10x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  return %c : tensor<4x8x8x32xf32>
}

// -----

// Without `parallel_blocks` the blocks run one after the other (each
// phase on the threads): `row_block = 3` over 4 tile rows is a band of 3
// rows and one of the 1 left, in each of 2 images; each block's output
// transform writes its part of the output, inserted in turn. A stored
// filter is a constant and the weights it was made from are gone.
// TURN-LABEL: func.func @in_turn
// TURN-NOT: dense<2.500000e-01> : tensor<3x3x16x32xf32>
// TURN: arith.constant dense_resource<winograd_filter{{.*}}> : tensor<16x16x32xf32>
// TURN-NOT: resnet.winograd_blocks
// TURN: scf.forall ({{.*}}) in (3, 4) {{.*}} -> (tensor<16x12x16xf32>)
// TURN: linalg.batch_matmul {{.*}} outs(%{{.*}} : tensor<16x12x32xf32>)
// TURN: %[[P1:.*]] = tensor.extract_slice %[[Y0:.*]][0, 0, 0, 0] [1, 6, 8, 32]
// TURN: %[[B1:.*]] = scf.forall ({{.*}}) in (3, 4, 2) shared_outs(%{{.*}} = %[[P1]]) -> (tensor<1x6x8x32xf32>)
// TURN: resnet.winograd_transform = "output"
// TURN: %[[Y1:.*]] = tensor.insert_slice %[[B1]] into %[[Y0]][0, 0, 0, 0] [1, 6, 8, 32]
// TURN: scf.forall ({{.*}}) in (4) {{.*}} -> (tensor<16x4x16xf32>)
// TURN: linalg.batch_matmul {{.*}} outs(%{{.*}} : tensor<16x4x32xf32>)
// TURN: tensor.extract_slice %[[Y1]][0, 6, 0, 0] [1, 2, 8, 32]
// TURN: %[[Y2:.*]] = tensor.insert_slice %{{.*}} into %[[Y1]][0, 6, 0, 0] [1, 2, 8, 32]
// TURN: %[[Y3:.*]] = tensor.insert_slice %{{.*}} into %[[Y2]][1, 0, 0, 0] [1, 6, 8, 32]
// TURN: %[[Y4:.*]] = tensor.insert_slice %{{.*}} into %[[Y3]][1, 6, 0, 0] [1, 2, 8, 32]
// TURN: return %[[Y4]]
func.func @in_turn(%x: tensor<2x10x10x16xf32>) -> tensor<2x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x16x32xf32>
  %e = tensor.empty() : tensor<2x8x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 3, winograd = 2, parallel = true>} ins(%x, %w : tensor<2x10x10x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  return %c : tensor<2x8x8x32xf32>
}

// -----

// A block as large as the grid is one block.
// TURN-LABEL: func.func @one_block
// TURN-COUNT-1: linalg.batch_matmul {{.*}} outs(%{{.*}} : tensor<16x32x32xf32>)
// TURN-NOT: linalg.batch_matmul
// TURN-NOT: tensor.insert_slice
// TURN: return
func.func @one_block(%x: tensor<2x10x10x16xf32>) -> tensor<2x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x16x32xf32>
  %e = tensor.empty() : tensor<2x8x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 8, winograd = 2, parallel = true>} ins(%x, %w : tensor<2x10x10x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  return %c : tensor<2x8x8x32xf32>
}
