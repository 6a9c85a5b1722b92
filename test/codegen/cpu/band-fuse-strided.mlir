// RUN: resnet-opt --resnet-optimize --resnet-to-linalg --resnet-fuse-elementwise --resnet-chain-convs -canonicalize -cse --resnet-select-bands="rows=5" --resnet-band-fuse %s | FileCheck %s

// Stride 2 with a projection, batch 2, 9x9 -> 5x5 in one band of 5 rows:
// the reduce covers 2*(5-1)+3 = 11 padded rows (the input padded by one row
// above and one below: 9 is odd, the last window reads past it), both
// padding rows zeroed in the one band; the projection reads the 9 input
// rows a stride-2 1x1 conv needs and accumulates onto the expand conv
// (ChainConvs chained it so: it comes later).
// CHECK-LABEL: func.func @strided
// CHECK: %[[XP:.*]] = tensor.pad %[[X:.*]] low[0, 1, 0, 0] high[0, 1, 0, 0]
// CHECK: scf.forall (%[[N:.*]], %[[B:.*]]) in (2, 1)
// CHECK: tensor.extract_slice %[[XP]][%[[N]], %{{.*}}, 0, 0] [1, 11, 9, 64]
// CHECK: -> tensor<1x11x9x32xf32>
// CHECK: tensor.pad {{.*}} low[0, 0, 1, 0] high[0, 0, 1, 0]
// CHECK: scf.if
// CHECK: [0, 0, 0, 0] [1, 1, 11, 32]
// CHECK: [0, 10, 0, 0] [1, 1, 11, 32]
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} {{.*}} -> tensor<1x5x5x32xf32>
// CHECK: %[[E:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x5x5x128xf32>
// CHECK: %[[XR:.*]] = tensor.extract_slice %[[X]][%[[N]], %{{.*}}, 0, 0] [1, 9, 9, 64]
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[XR]], %{{.*}} : tensor<1x9x9x64xf32>, tensor<1x1x64x128xf32>) outs(%[[E]] : tensor<1x5x5x128xf32>) -> tensor<1x5x5x128xf32>
// CHECK: tensor.parallel_insert_slice {{.*}} [1, 5, 5, 128]
// CHECK: resnet.band = #resnet.band<rows = 5,
func.func @strided(%x: tensor<2x64x9x9xf32>) -> tensor<2x128x5x5xf32> {
  %w1 = arith.constant dense<0.01> : tensor<32x64x1x1xf32>
  %w2 = arith.constant dense<0.02> : tensor<32x32x3x3xf32>
  %w3 = arith.constant dense<0.03> : tensor<128x32x1x1xf32>
  %wp = arith.constant dense<0.04> : tensor<128x64x1x1xf32>
  %g32 = arith.constant dense<1.1> : tensor<32xf32>
  %b32 = arith.constant dense<0.1> : tensor<32xf32>
  %m32 = arith.constant dense<0.05> : tensor<32xf32>
  %v32 = arith.constant dense<0.9> : tensor<32xf32>
  %g128 = arith.constant dense<1.2> : tensor<128xf32>
  %b128 = arith.constant dense<-0.1> : tensor<128xf32>
  %m128 = arith.constant dense<0.02> : tensor<128xf32>
  %v128 = arith.constant dense<0.8> : tensor<128xf32>
  %y = resnet.bottleneck_block %x width 32 expansion 4 stride 2
      reduce(%w1 : tensor<32x64x1x1xf32>, bn %g32, %b32, %m32, %v32 : tensor<32xf32>)
      spatial(%w2 : tensor<32x32x3x3xf32>, bn %g32, %b32, %m32, %v32 : tensor<32xf32>)
      expand(%w3 : tensor<128x32x1x1xf32>, bn %g128, %b128, %m128, %v128 : tensor<128xf32>)
      projection(%wp : tensor<128x64x1x1xf32>, bn %g128, %b128, %m128, %v128 : tensor<128xf32>)
      : tensor<2x64x9x9xf32> -> tensor<2x128x5x5xf32>
  return %y : tensor<2x128x5x5xf32>
}
