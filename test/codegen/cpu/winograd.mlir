// RUN: resnet-opt --resnet-select-winograd="output-tile=4 memory-budget=0" --resnet-winograd %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-winograd="output-tile=2 memory-budget=0" --resnet-winograd %s -split-input-file | FileCheck %s --check-prefix=F2
// RUN: resnet-opt --resnet-select-winograd="output-tile=4 memory-budget=0" --resnet-winograd --canonicalize %s -split-input-file | FileCheck %s --check-prefix=PAD
// RUN: resnet-opt --resnet-select-winograd="output-tile=4 memory-budget=0" --resnet-winograd --resnet-select-tiles --resnet-tile --resnet-vectorize %s -split-input-file | FileCheck %s --check-prefix=TILED
// RUN: resnet-opt --resnet-select-winograd="output-tile=4 memory-budget=0" --resnet-winograd %s -split-input-file | FileCheck %s --check-prefix=POINTS
// RUN: resnet-opt --resnet-select-winograd=memory-budget=0 %s -split-input-file | FileCheck %s --check-prefix=AUTO

// The choice per layer (no output-tile) is F(2x2) wherever it pays, for
// accuracy: F(4x4)'s rounding error is about 4x F(2x2)'s (see
// TileSelection.cpp). Here: the 8x8 and 6x6 outputs; the 7x7 output stays
// direct (F(2x2) pads it to 8x8: 256 products against the direct 441).
// AUTO-LABEL: func.func @epilogue
// AUTO: linalg.conv_2d_nhwc_hwcf {{.*}}winograd = 2
// AUTO-LABEL: func.func @even
// AUTO: linalg.conv_2d_nhwc_hwcf {{.*}}winograd = 2
// AUTO-LABEL: func.func @padded
// AUTO: linalg.conv_2d_nhwc_hwcf
// AUTO-NOT: winograd
// AUTO-SAME: -> tensor<1x7x7x16xf32>

// F(4x4, 3x3) forced on a stride-1 3x3 conv whose output is a multiple of
// 4: input transform (36 points per 6x6 tile) -> batch_matmul with the filter
// transformed at compile time -> output transform that also applies the
// epilogue (bias, residual, ReLU) to each 4x4 output tile in registers.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @epilogue
// CHECK-NOT: linalg.conv
// The filter, then the loops over (image x tile row, tile column, channel
// vector).
// CHECK: %[[U:.*]] = arith.constant dense_resource<winograd_filter{{.*}}> : tensor<36x16x32xf32>
// CHECK: %[[V:.*]] = scf.forall ({{.*}}) in (4, 2, 1) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<36x8x16xf32>)
// CHECK-COUNT-36: vector.transfer_read %arg0{{.*}} : tensor<2x10x10x16xf32>, vector<16xf32>
// CHECK: vector.fma
// CHECK-COUNT-36: vector.transfer_write {{.*}} : vector<16xf32>, tensor<36x1x16xf32>
// CHECK: tensor.parallel_insert_slice {{.*}} [36, 1, 16] [1, 1, 1] : tensor<36x1x16xf32> into tensor<36x8x16xf32>
// CHECK: {resnet.tile = #resnet.tile<tiles = [36, 1, 16]>, resnet.winograd_transform = "input"}
// CHECK: %[[M:.*]] = linalg.batch_matmul ins(%[[V]], %[[U]] : tensor<36x8x16xf32>, tensor<36x16x32xf32>) outs(%{{.*}} : tensor<36x8x32xf32>)
// CHECK: scf.forall ({{.*}}) in (4, 2, 2) shared_outs({{.*}}) -> (tensor<2x8x8x32xf32>)
// CHECK-COUNT-36: vector.transfer_read %[[M]]{{.*}} : tensor<36x8x32xf32>, vector<16xf32>
// CHECK: vector.transfer_read %arg1{{.*}} : tensor<32xf32>, vector<16xf32>
// CHECK: arith.addf {{.*}} : vector<16xf32>
// CHECK: vector.transfer_read %arg2{{.*}} : tensor<2x8x8x32xf32>, vector<16xf32>
// CHECK: arith.addf {{.*}} : vector<16xf32>
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16xf32>, tensor<1x4x4x16xf32>
// CHECK: tensor.parallel_insert_slice {{.*}} [1, 4, 4, 16] [1, 1, 1, 1] : tensor<1x4x4x16xf32> into tensor<2x8x8x32xf32>
// CHECK: {resnet.tile = #resnet.tile<tiles = [1, 4, 4, 16], fused_epilogue = true, winograd = 4>, resnet.winograd_transform = "output"}
// CHECK-NOT: linalg.generic
// F(4x4)'s interpolation points are 0, 1, -1, 1/2, -2 (chosen for float32
// accuracy, codegen/cpu/WinogradMatrices.h), not 0, +-1, +-2: the input
// transform's coefficients include 5/2 and 3/2 (not 4 and 5), the output
// transform's the powers of 1/2 and -2 (1/8 and -8).
// POINTS-LABEL: func.func @epilogue
// POINTS: scf.forall
// POINTS-DAG: arith.constant dense<2.500000e+00> : vector<16xf32>
// POINTS-DAG: arith.constant dense<1.500000e+00> : vector<16xf32>
// POINTS: winograd_transform = "input"
// POINTS-DAG: arith.constant dense<1.250000e-01> : vector<16xf32>
// POINTS-DAG: arith.constant dense<-8.000000e+00> : vector<16xf32>
// POINTS: winograd_transform = "output"
// POINTS-NOT: dense<5.000000e+00>
// POINTS-NOT: dense<-5.000000e+00>
// F2-LABEL: func.func @epilogue
// F2: arith.constant dense_resource<winograd_filter{{.*}}> : tensor<16x16x32xf32>
// F2: scf.forall ({{.*}}) in (8, 4, 1) {{.*}} -> (tensor<16x32x16xf32>)
// F2: linalg.batch_matmul {{.*}} outs(%{{.*}} : tensor<16x32x32xf32>)
// F2: #resnet.tile<tiles = [1, 2, 2, 16], fused_epilogue = true, winograd = 2>
// The product is tiled like a matmul: 8 tiles x 32 channels in registers,
// every accumulator, so 4 channels a step.
// TILED-LABEL: func.func @epilogue
// TILED: vector.contract {{.*}} : vector<8x4xf32>, vector<4x32xf32> into vector<8x32xf32>
// TILED: resnet.tile = #resnet.tile<tiles = [1, 8, 32], reduction = [0, 0, 0, 4], interchange = [0, 2, 1]>
// TILED-NOT: linalg.
func.func @epilogue(%x: tensor<2x10x10x16xf32>, %b: tensor<32xf32>, %r: tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x16x32xf32>
  %e = tensor.empty() : tensor<2x8x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<2x10x10x16xf32>, tensor<3x3x16x32xf32>) outs(%f : tensor<2x8x8x32xf32>) -> tensor<2x8x8x32xf32>
  %y = linalg.generic {indexing_maps = [#id, #ch, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %b, %r : tensor<2x8x8x32xf32>, tensor<32xf32>, tensor<2x8x8x32xf32>) outs(%e : tensor<2x8x8x32xf32>) {
  ^bb0(%in: f32, %bias: f32, %res: f32, %out: f32):
    %0 = arith.addf %in, %bias : f32
    %1 = arith.addf %0, %res : f32
    %2 = arith.maximumf %1, %zero : f32
    linalg.yield %2 : f32
  } -> tensor<2x8x8x32xf32>
  return %y : tensor<2x8x8x32xf32>
}

// -----

// 6x6 output: F(2x2, 3x3) (16 points per 4x4 tile); no epilogue, the
// output transform writes the conv's result.
// F2-LABEL: func.func @even
// F2: arith.constant dense_resource<winograd_filter{{.*}}> : tensor<16x16x16xf32>
// F2: scf.forall ({{.*}}) in (3, 3, 1) {{.*}} -> (tensor<16x9x16xf32>)
// F2-COUNT-16: vector.transfer_read {{.*}} : tensor<1x8x8x16xf32>, vector<16xf32>
// F2: linalg.batch_matmul
// F2: {resnet.tile = #resnet.tile<tiles = [1, 2, 2, 16], winograd = 2>, resnet.winograd_transform = "output"}
// F2-NOT: linalg.conv
func.func @even(%x: tensor<1x8x8x16xf32>) -> tensor<1x6x6x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  %e = tensor.empty() : tensor<1x6x6x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32>
  return %c : tensor<1x6x6x16xf32>
}

// -----

// More filters than a register tile: the transformed filter is repacked
// per channel tile, [F/32, 36, C, 32], one contiguous block per tile.
// TILED-LABEL: func.func @wide
// TILED: arith.constant dense_resource<conv_packed{{.*}}> : tensor<2x36x16x32xf32>
// TILED: vector.contract {{.*}} : vector<8xf32>, vector<8x32xf32> into vector<32xf32>
// TILED: resnet.tile = #resnet.tile<tiles = [1, 1, 32],
// TILED-NOT: linalg.
func.func @wide(%x: tensor<1x6x6x16xf32>) -> tensor<1x4x4x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<3x3x16x64xf32>
  %e = tensor.empty() : tensor<1x4x4x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x64xf32>) -> tensor<1x4x4x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x16xf32>, tensor<3x3x16x64xf32>) outs(%f : tensor<1x4x4x64xf32>) -> tensor<1x4x4x64xf32>
  return %c : tensor<1x4x4x64xf32>
}

// -----

// A 7x7 output (ResNet's last stage at 224x224, and every odd map) takes
// F(4x4) on a padded 2x2 grid of tiles: 36 x 4 products instead of 9 x 49.
// The tensor.pad that feeds the conv is widened by the one row and column
// the last input tiles reach past it (so producers still write straight
// into it), and the output transform stores only the pixels inside the
// 7x7 output: the last tile of a row or column has min(4, 7 - start)
// pixels, the others are skipped by scf.if. The epilogue's residual is read
// only for stored pixels.
// CHECK-LABEL: func.func @padded
// CHECK-NOT: linalg.conv
// PAD-LABEL: func.func @padded
// PAD: %[[X:.*]] = tensor.pad %arg0 low[0, 1, 1, 0] high[0, 2, 2, 0]
// PAD: } : tensor<1x7x7x16xf32> to tensor<1x10x10x16xf32>
// PAD: scf.forall ({{.*}}) in (2, 2) {{.*}} -> (tensor<36x4x16xf32>)
// PAD-COUNT-36: vector.transfer_read %[[X]]{{.*}} : tensor<1x10x10x16xf32>, vector<16xf32>
// PAD: linalg.batch_matmul
// PAD: scf.forall (%[[TH:.*]], %[[TW:.*]]) in (2, 2)
// PAD: %[[R0:.*]] = arith.muli %[[TH]], %c4
// PAD: %[[C0:.*]] = arith.muli %[[TW]], %c4
// PAD: %[[RL:.*]] = arith.subi %c7, %[[R0]]
// PAD: %[[ROWS:.*]] = arith.minsi %[[RL]], %c4
// PAD: %[[CL:.*]] = arith.subi %c7, %[[C0]]
// PAD: %[[COLS:.*]] = arith.minsi %[[CL]], %c4
// PAD: tensor.extract_slice %{{.*}}[0, %[[R0]], %[[C0]], 0] [1, %[[ROWS]], %[[COLS]], 16]
// Pixel (0, 0) is always inside: stored unguarded.
// PAD: vector.transfer_read %arg1[%c0, %[[R0]], %[[C0]], %c0]
// PAD: arith.maximumf
// PAD: vector.transfer_write {{.*}}[%c0, %c0, %c0, %c0]
// Pixel (0, 1) only when the tile has 2 columns, its residual read inside.
// PAD: %[[IN:.*]] = arith.cmpi sgt, %[[COLS]], %c1
// PAD: scf.if %[[IN]] -> (tensor<1x?x?x16xf32>)
// PAD: vector.transfer_read %arg1
// PAD: vector.transfer_write {{.*}}[%c0, %c0, %c1, %c0]
// PAD: } else {
// Pixel (1, 0) checks the rows; (1, 1) both.
// PAD: arith.cmpi sgt, %[[ROWS]], %c1
// PAD: scf.if
// PAD: arith.cmpi sgt, %[[ROWS]], %c1
// PAD-NEXT: arith.cmpi sgt, %[[COLS]], %c1
// PAD-NEXT: arith.andi
// PAD: tensor.parallel_insert_slice {{.*}} into %{{.*}}[0, %[[R0]], %[[C0]], 0] [1, %[[ROWS]], %[[COLS]], 16]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @padded(%x: tensor<1x7x7x16xf32>, %r: tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x7x7x16xf32> to tensor<1x9x9x16xf32>
  %w = arith.constant dense<0.5> : tensor<3x3x16x16xf32>
  %e = tensor.empty() : tensor<1x7x7x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x9x9x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %r : tensor<1x7x7x16xf32>, tensor<1x7x7x16xf32>) outs(%e : tensor<1x7x7x16xf32>) {
  ^bb0(%in: f32, %res: f32, %out: f32):
    %0 = arith.addf %in, %res : f32
    %1 = arith.maximumf %0, %zero : f32
    linalg.yield %1 : f32
  } -> tensor<1x7x7x16xf32>
  return %y : tensor<1x7x7x16xf32>
}
