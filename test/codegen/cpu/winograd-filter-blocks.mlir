// RUN: resnet-opt --resnet-winograd --cse %s | FileCheck %s

// A filter transformed at run time 16 filters at a time (`filter_block`):
// the weights become a constant blocked [blocks, C, 3, 3, block], each
// block one run of memory with a channel's nine taps in adjacent lines;
// after the input transform, a worker loop over the two blocks (its
// iterations the threads' work, its scratch a slot per worker) transforms
// its block's U, a point's 64 channels of 16 filters (4 KiB) padded to 65
// so that the 16 lines each step stores fall into different L1 sets, and
// multiplies V by it into its filters' part of M.
// CHECK-LABEL: func.func @blocks
// CHECK: %[[W:.*]] = arith.constant dense_resource<winograd_weights> : tensor<2x64x3x3x16xf32>
// CHECK: %[[V:.*]] = scf.forall {{.*}} -> (tensor<16x16x64xf32>)
// CHECK: resnet.winograd_transform = "input"
// CHECK: %[[M:.*]] = scf.forall (%[[B:.*]]) in (2) shared_outs(%[[MO:.*]] = %{{.*}}) -> (tensor<16x16x32xf32>)
// CHECK: %[[F:.*]] = arith.muli %[[B]], %c16
// CHECK: %[[WB:.*]] = tensor.extract_slice %[[W]][%[[B]], 0, 0, 0, 0] [1, 64, 3, 3, 16] [1, 1, 1, 1, 1] : tensor<2x64x3x3x16xf32> to tensor<64x3x3x16xf32>
// CHECK: %[[UP:.*]] = scf.forall (%[[C:.*]], %{{.*}}) in (64, 1) shared_outs({{.*}}) -> (tensor<16x65x16xf32>)
// CHECK-COUNT-9: vector.transfer_read %[[WB]][%[[C]],
// CHECK: resnet.winograd_transform = "filter"
// CHECK: %[[U:.*]] = tensor.extract_slice %[[UP]][0, 0, 0] [16, 64, 16] [1, 1, 1] : tensor<16x65x16xf32> to tensor<16x64x16xf32>
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%[[V]], %[[U]] : tensor<16x16x64xf32>, tensor<16x64x16xf32>)
// CHECK: tensor.parallel_insert_slice %[[P]] into %[[MO]][0, 0, %[[F]]] [16, 16, 16] [1, 1, 1]
// CHECK: resnet.winograd_blocks = 2 : i64
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: vector.transfer_read %[[M]]
// CHECK: resnet.winograd_transform = "output"
func.func @blocks(%x: tensor<1x10x10x64xf32>) -> tensor<1x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x64x32xf32>
  %e = tensor.empty() : tensor<1x8x8x32xf32>
  %a = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2, parallel = true, runtime_filter = true, filter_block = 16>}
      ins(%x, %w : tensor<1x10x10x64xf32>, tensor<3x3x64x32xf32>) outs(%a : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %y : tensor<1x8x8x32xf32>
}
