// RUN: resnet-opt --resnet-optimize --resnet-to-linalg --resnet-fuse-elementwise --resnet-chain-convs -canonicalize -cse --resnet-select-bands="rows=3" --resnet-band-fuse %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-optimize --resnet-to-linalg --resnet-fuse-elementwise --resnet-chain-convs -canonicalize -cse --resnet-select-bands="rows=3" --resnet-band-fuse --resnet-select-tiles %s -split-input-file | FileCheck %s --check-prefix=TILES
// RUN: resnet-opt --resnet-optimize --resnet-to-linalg --resnet-fuse-elementwise --resnet-chain-convs -canonicalize -cse --resnet-select-bands="rows=4" %s -split-input-file | FileCheck %s --check-prefix=NODIV

// An identity bottleneck block on a 9x9 map in bands of 3 rows: the input
// padded by the 3x3's padding rows, one forall over (image, band), the
// reduce for the 5 rows a band's 3x3 reads, the columns padded, the
// padding row zeroed in the first band (top) and the last (bottom), the
// 3x3 and the expand conv for 3 rows, the residual's 3 rows, one
// parallel_insert_slice per band.
// CHECK-LABEL: func.func @identity
// CHECK: %[[XP:.*]] = tensor.pad %{{.*}} low[0, 1, 0, 0] high[0, 1, 0, 0]
// CHECK: tensor<1x11x9x64xf32>
// CHECK: %[[BANDS:.*]] = scf.forall (%[[N:.*]], %[[B:.*]]) in (1, 3) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x9x9x64xf32>)
// CHECK: %[[XS:.*]] = tensor.extract_slice %[[XP]][%[[N]], %{{.*}}, 0, 0] [1, 5, 9, 64] [1, 1, 1, 1]
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[XS]], %{{.*}} : tensor<1x5x9x64xf32>, tensor<1x1x64x16xf32>) {{.*}} -> tensor<1x5x9x16xf32>
// CHECK: %[[T1:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x5x9x16xf32>)
// CHECK: %[[T1P:.*]] = tensor.pad %[[T1]] low[0, 0, 1, 0] high[0, 0, 1, 0]
// CHECK: tensor<1x5x11x16xf32>
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[B]], %c0
// CHECK: %[[TOP:.*]] = scf.if %[[FIRST]] -> (tensor<1x5x11x16xf32>) {
// CHECK: tensor.extract_slice %[[T1P]][0, 0, 0, 0] [1, 1, 11, 16]
// CHECK: linalg.fill
// CHECK: tensor.insert_slice
// CHECK: } else {
// CHECK-NEXT: scf.yield %[[T1P]]
// CHECK: %[[LAST:.*]] = arith.cmpi eq, %[[B]], %c2
// CHECK: %[[BOTTOM:.*]] = scf.if %[[LAST]] -> (tensor<1x5x11x16xf32>) {
// CHECK: tensor.extract_slice %[[TOP]][0, 4, 0, 0] [1, 1, 11, 16]
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[BOTTOM]], %{{.*}} : tensor<1x5x11x16xf32>, tensor<3x3x16x16xf32>) {{.*}} -> tensor<1x3x9x16xf32>
// CHECK: %[[T2:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x9x16xf32>)
// CHECK: %[[Y:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[T2]], %{{.*}} : tensor<1x3x9x16xf32>, tensor<1x1x16x64xf32>) {{.*}} -> tensor<1x3x9x64xf32>
// CHECK: %[[RES:.*]] = tensor.extract_slice %{{.*}}[%[[N]], %{{.*}}, 0, 0] [1, 3, 9, 64] [1, 1, 1, 1]
// CHECK: %[[E:.*]] = linalg.generic {{.*}} ins(%[[Y]], %[[RES]] : tensor<1x3x9x64xf32>, tensor<1x3x9x64xf32>)
// CHECK: scf.forall.in_parallel {
// CHECK-NEXT: tensor.parallel_insert_slice %[[E]] into %[[OUT]][%[[N]], %{{.*}}, 0, 0] [1, 3, 9, 64] [1, 1, 1, 1]
// CHECK: } {resnet.band = #resnet.band<rows = 3, scratch = {{[0-9]+}}, {{.*}}why = "forced (the cost model says no)">}
// The ops in a band are configured like any layer, but sequentially.
// TILES-LABEL: func.func @identity
// TILES: scf.forall
// TILES-NOT: parallel = true
// TILES: resnet.band = #resnet.band<rows = 3
// NODIV-LABEL: func.func @identity
// NODIV: resnet.band = #resnet.band<unfused = {{[0-9]+}}, why = "4 rows do not divide the output height 9 or overflow L2">
func.func @identity(%x: tensor<1x64x9x9xf32>) -> tensor<1x64x9x9xf32> {
  %w1 = arith.constant dense<0.01> : tensor<16x64x1x1xf32>
  %w2 = arith.constant dense<0.02> : tensor<16x16x3x3xf32>
  %w3 = arith.constant dense<0.03> : tensor<64x16x1x1xf32>
  %g16 = arith.constant dense<1.1> : tensor<16xf32>
  %b16 = arith.constant dense<0.1> : tensor<16xf32>
  %m16 = arith.constant dense<0.05> : tensor<16xf32>
  %v16 = arith.constant dense<0.9> : tensor<16xf32>
  %g64 = arith.constant dense<1.2> : tensor<64xf32>
  %b64 = arith.constant dense<-0.1> : tensor<64xf32>
  %m64 = arith.constant dense<0.02> : tensor<64xf32>
  %v64 = arith.constant dense<0.8> : tensor<64xf32>
  %y = resnet.bottleneck_block %x width 16 expansion 4 stride 1
      reduce(%w1 : tensor<16x64x1x1xf32>, bn %g16, %b16, %m16, %v16 : tensor<16xf32>)
      spatial(%w2 : tensor<16x16x3x3xf32>, bn %g16, %b16, %m16, %v16 : tensor<16xf32>)
      expand(%w3 : tensor<64x16x1x1xf32>, bn %g64, %b64, %m64, %v64 : tensor<64xf32>)
      : tensor<1x64x9x9xf32> -> tensor<1x64x9x9xf32>
  return %y : tensor<1x64x9x9xf32>
}

// -----

// Stride 2 with a projection, batch 2, 9x9 -> 5x5 (forced 3 rows do not
// divide 5: bands of 5 rows are asked below): unfused, and why.
// CHECK-LABEL: func.func @strided
// CHECK-NOT: scf.forall
// CHECK: resnet.band = #resnet.band<unfused = {{[0-9]+}}, why = "3 rows do not divide the output height 5 or overflow L2">
// NODIV-LABEL: func.func @strided
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
