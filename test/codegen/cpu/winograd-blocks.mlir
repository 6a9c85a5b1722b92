// RUN: resnet-opt --resnet-winograd %s | FileCheck %s
// RUN: resnet-opt --resnet-winograd --canonicalize %s | FileCheck %s --check-prefix=STORED

// `row_block = 3`: the three phases run per block of 3 tile rows (the
// grid's 2 images x 4 tile rows of F(2x2) tiles: blocks of 3, 3 and 2
// rows), so V and M hold one block's 12 (then 8) tiles instead of 32; the
// output transforms of the blocks write into one output in turn, each
// block's tile rows offset by its first (the input transform reads image
// and row from the block row + 3, + 6). `runtime_filter = true`: U is
// computed once, before the blocks, by a loop over (input channel, filter
// vector) reading the weights, and is not stored in the executable.
// CHECK-LABEL: func.func @blocks
// CHECK-NOT: winograd_filter
// CHECK: %[[U:.*]] = scf.forall (%[[C:.*]], %[[FV:.*]]) in (16, 2) shared_outs({{.*}}) -> (tensor<16x16x32xf32>)
// CHECK-COUNT-9: vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}, %[[C]], %{{.*}}]{{.*}} : tensor<3x3x16x32xf32>, vector<16xf32>
// CHECK-COUNT-16: vector.transfer_write {{.*}} : vector<16xf32>, tensor<16x1x16xf32>
// CHECK: resnet.winograd_transform = "filter"
// CHECK: %[[V1:.*]] = scf.forall ({{.*}}) in (3, 4, 1) {{.*}} -> (tensor<16x12x16xf32>)
// CHECK: resnet.winograd_transform = "input"
// CHECK: %[[M1:.*]] = linalg.batch_matmul ins(%[[V1]], %[[U]] : tensor<16x12x16xf32>, tensor<16x16x32xf32>) outs(%{{.*}} : tensor<16x12x32xf32>)
// CHECK: %[[Y1:.*]] = scf.forall ({{.*}}) in (3, 4, 2) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<2x8x8x32xf32>)
// CHECK: vector.transfer_read %[[M1]]
// CHECK: #resnet.tile<tiles = [1, 2, 2, 16], row_block = 3, winograd = 2, parallel = true, runtime_filter = true>, resnet.winograd_transform = "output"
// CHECK: %[[V2:.*]] = scf.forall (%[[R2:.*]], %{{.*}}, %{{.*}}) in (3, 4, 1) {{.*}} -> (tensor<16x12x16xf32>)
// CHECK: arith.addi %[[R2]], %c3
// CHECK: %[[M2:.*]] = linalg.batch_matmul ins(%[[V2]], %[[U]] : {{.*}}) outs(%{{.*}} : tensor<16x12x32xf32>)
// CHECK: %[[Y2:.*]] = scf.forall ({{.*}}) in (3, 4, 2) shared_outs(%{{.*}} = %[[Y1]]) -> (tensor<2x8x8x32xf32>)
// CHECK: %[[V3:.*]] = scf.forall (%[[R3:.*]], %{{.*}}, %{{.*}}) in (2, 4, 1) {{.*}} -> (tensor<16x8x16xf32>)
// CHECK: arith.addi %[[R3]], %c6
// CHECK: %[[M3:.*]] = linalg.batch_matmul ins(%[[V3]], %[[U]] : {{.*}}) outs(%{{.*}} : tensor<16x8x32xf32>)
// CHECK: %[[Y3:.*]] = scf.forall ({{.*}}) in (2, 4, 2) shared_outs(%{{.*}} = %[[Y2]]) -> (tensor<2x8x8x32xf32>)
// CHECK: return %[[Y3]]
func.func @blocks(%x: tensor<2x10x10x16xf32>) -> tensor<2x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x16x32xf32>
  %e = tensor.empty() : tensor<2x8x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 3, winograd = 2, parallel = true, runtime_filter = true>} ins(%x, %w : tensor<2x10x10x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  return %c : tensor<2x8x8x32xf32>
}

// A block as large as the grid is one block; a stored filter is a
// constant and the weights it was made from are gone.
// STORED-LABEL: func.func @one_block
// STORED-NOT: dense<2.500000e-01> : tensor<3x3x16x32xf32>
// STORED: arith.constant dense_resource<winograd_filter{{.*}}> : tensor<16x16x32xf32>
// STORED-COUNT-1: linalg.batch_matmul {{.*}} outs(%{{.*}} : tensor<16x32x32xf32>)
// STORED-NOT: linalg.batch_matmul
// STORED: return
func.func @one_block(%x: tensor<2x10x10x16xf32>) -> tensor<2x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x16x32xf32>
  %e = tensor.empty() : tensor<2x8x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], row_block = 8, winograd = 2, parallel = true>} ins(%x, %w : tensor<2x10x10x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  return %c : tensor<2x8x8x32xf32>
}
