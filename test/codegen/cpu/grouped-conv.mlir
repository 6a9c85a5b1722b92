// RUN: resnet-opt --resnet-select-tiles --resnet-grouped-conv --canonicalize %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles=vector-width=8 --resnet-grouped-conv --canonicalize %s -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=AVX2
// RUN: resnet-opt --resnet-select-tiles --resnet-grouped-conv --resnet-tile --resnet-vectorize %s -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=VEC
// RUN: resnet-opt --resnet-select-tiles=l2-bytes=65536 --resnet-grouped-conv --canonicalize %s -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=L2
// RUN: resnet-opt --resnet-select-tiles="target=x86-64-v4 l1-bytes=32768" --resnet-grouped-conv --canonicalize %s -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=W8

// --resnet-select-tiles configures each grouped convolution with constant
// weights (tiles [1, 1, ow, gt, ft] over its NHWGC result: one vector of
// gt groups x ft channels, ow columns) and --resnet-grouped-conv emits it
// as one scf.forall of vector code over (image x row, column block,
// channel vector) writing the NHWC view: each input vector (a load of the
// vector's groups' input channels, shuffled per input channel; a
// broadcast when the vector lies in one group) feeds the (column, kw)
// pairs that read it, the epilogue runs on the accumulators. Weights are
// repacked as [F / lanes, KH, KW, Cg, lanes]. Groups that fit no vector
// are left to naive loops with a remark.

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>

// ResNeXt-like: 16 groups of 4 -> 4 channels, bias + ReLU.
// CHECK-LABEL: func.func @groups_of_4
// CHECK-NOT: linalg.
// CHECK: %[[W:.*]] = arith.constant dense_resource<grouped_conv_packed{{.*}}> : tensor<4x3x3x4x16xf32>
// CHECK: scf.forall ({{.*}}) in (8, 4) shared_outs({{.*}}) -> (tensor<1x8x8x64xf32>)
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-3: vector.transfer_read %[[W]]{{.*}} : tensor<4x3x3x4x16xf32>, vector<16xf32>
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x10x10x64xf32>, vector<16xf32>
// CHECK-NEXT: vector.shuffle {{.*}} [0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12]
// CHECK-NEXT: vector.fma
// The second input column feeds two output columns (kw = 1 and 0).
// CHECK: vector.shuffle {{.*}} [0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12]
// CHECK-NEXT: vector.fma
// CHECK-NEXT: vector.fma
// CHECK: vector.shuffle {{.*}} [3, 3, 3, 3, 7, 7, 7, 7, 11, 11, 11, 11, 15, 15, 15, 15]
// CHECK: vector.transfer_read %arg1{{.*}} : tensor<64xf32>, vector<16xf32>
// CHECK: arith.addf {{.*}} : vector<16xf32>
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
// CHECK-COUNT-8: vector.transfer_write {{.*}} : vector<16xf32>, tensor<1x1x8x16xf32>
// CHECK: tensor.parallel_insert_slice {{.*}} [1, 1, 8, 16] [1, 1, 1, 1] : tensor<1x1x8x16xf32> into tensor<1x8x8x64xf32>
// CHECK: {resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 1, 8, 16], fused_epilogue = true>}
// CHECK-NOT: linalg.
// CHECK: return
// With 8 lanes a vector holds two groups.
// AVX2-LABEL: func.func @groups_of_4
// AVX2: arith.constant dense_resource<grouped_conv_packed{{.*}}> : tensor<8x3x3x4x8xf32>
// AVX2: scf.forall ({{.*}}) in (8, 8)
// AVX2: vector.shuffle {{.*}} [0, 0, 0, 0, 4, 4, 4, 4] : vector<8xf32>, vector<8xf32>
// AVX2: #resnet.tile<tiles = [1, 1, 8, 8], fused_epilogue = true>
// VEC-LABEL: func.func @groups_of_4
// VEC-NOT: linalg.
// VEC: vector.shuffle
// VEC: vector.fma
// VEC: arith.maximumf
// VEC-NOT: linalg.
// VEC: return
func.func @groups_of_4(%x: tensor<1x10x10x64xf32>, %b: tensor<64xf32>) -> tensor<1x8x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<16x4x3x3x4xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 10, 10, 16, 4] : tensor<1x10x10x64xf32> into tensor<1x10x10x16x4xf32>
  %e = tensor.empty() : tensor<1x8x8x16x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16x4xf32>) -> tensor<1x8x8x16x4xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x10x10x16x4xf32>, tensor<16x4x3x3x4xf32>) outs(%f : tensor<1x8x8x16x4xf32>) -> tensor<1x8x8x16x4xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x8x8x16x4xf32> into tensor<1x8x8x64xf32>
  %e2 = tensor.empty() : tensor<1x8x8x64xf32>
  %y = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%cc, %b : tensor<1x8x8x64xf32>, tensor<64xf32>) outs(%e2 : tensor<1x8x8x64xf32>) {
  ^bb0(%a: f32, %bb: f32, %o: f32):
    %s = arith.addf %a, %bb : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8x64xf32>
  return %y : tensor<1x8x8x64xf32>
}

// -----

// Depthwise, stride 2, batch 2.
// Depthwise: the shuffle is the identity, one load per input column.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: linalg.
// CHECK: arith.constant dense_resource<grouped_conv_packed{{.*}}> : tensor<2x3x3x1x16xf32>
// CHECK: scf.forall ({{.*}}) in (8, 2) shared_outs({{.*}}) -> (tensor<2x4x4x32xf32>)
// CHECK: arith.divui
// CHECK: arith.remui
// CHECK-NOT: vector.shuffle
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<2x9x9x32xf32>, vector<16xf32>
// CHECK-NOT: vector.shuffle
// CHECK: tensor.parallel_insert_slice {{.*}} [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> into tensor<2x4x4x32xf32>
// CHECK: {resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16]>}
// CHECK-NOT: linalg.
func.func @depthwise(%x: tensor<2x9x9x32xf32>) -> tensor<2x4x4x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<32x1x3x3x1xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [2, 9, 9, 32, 1] : tensor<2x9x9x32xf32> into tensor<2x9x9x32x1xf32>
  %e = tensor.empty() : tensor<2x4x4x32x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4x4x32x1xf32>) -> tensor<2x4x4x32x1xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%xe, %w : tensor<2x9x9x32x1xf32>, tensor<32x1x3x3x1xf32>) outs(%f : tensor<2x4x4x32x1xf32>) -> tensor<2x4x4x32x1xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<2x4x4x32x1xf32> into tensor<2x4x4x32xf32>
  return %cc : tensor<2x4x4x32xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// 8 groups of 2 -> 2 channels with a residual add.
// CHECK-LABEL: func.func @groups_of_2
// CHECK-NOT: linalg.
// CHECK: scf.forall ({{.*}}) in (4) shared_outs({{.*}}) -> (tensor<1x4x4x16xf32>)
// CHECK: vector.shuffle {{.*}} [0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 14, 14]
// CHECK: vector.shuffle {{.*}} [1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 15, 15]
// CHECK: vector.transfer_read %arg1{{.*}} : tensor<1x4x4x16xf32>, vector<16xf32>
// CHECK: arith.addf {{.*}} : vector<16xf32>
// CHECK: {resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 1, 4, 16], fused_epilogue = true>}
// CHECK-NOT: linalg.
func.func @groups_of_2(%x: tensor<1x6x6x16xf32>, %r: tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<8x2x3x3x2xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 6, 6, 8, 2] : tensor<1x6x6x16xf32> into tensor<1x6x6x8x2xf32>
  %e = tensor.empty() : tensor<1x4x4x8x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8x2xf32>) -> tensor<1x4x4x8x2xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x6x6x8x2xf32>, tensor<8x2x3x3x2xf32>) outs(%f : tensor<1x4x4x8x2xf32>) -> tensor<1x4x4x8x2xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x4x4x8x2xf32> into tensor<1x4x4x16xf32>
  %e2 = tensor.empty() : tensor<1x4x4x16xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%cc, %r : tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>) outs(%e2 : tensor<1x4x4x16xf32>) {
  ^bb0(%a: f32, %bb: f32, %o: f32):
    %s = arith.addf %a, %bb : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// -----

// 2 groups of 32 -> 32 channels: each vector lies in one group, and holds
// two registers' lanes (32 channels: each broadcast input feeds two FMAs),
// 7 columns of them (14 accumulators). The input channel loop runs in
// steps of 4, each channel broadcast. Rows outermost: the weights (72 KiB)
// stay in L2 across rows.
// CHECK-LABEL: func.func @groups_of_32
// CHECK-NOT: linalg.
// CHECK: arith.constant dense_resource<grouped_conv_packed{{.*}}> : tensor<2x3x3x32x32xf32>
// CHECK: scf.forall ({{.*}}) in (14, 2, 2)
// CHECK: scf.for {{.*}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c4
// CHECK-NOT: vector.shuffle
// CHECK: tensor.extract %arg0{{.*}} : tensor<1x16x16x64xf32>
// CHECK-NEXT: vector.broadcast {{.*}} : f32 to vector<32xf32>
// CHECK-NOT: vector.shuffle
// CHECK: {resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], parallel = true>}
// CHECK-NOT: linalg.
// With 8 lanes, two vectors of 8 hold 16 of a group's 32 channels.
// AVX2-LABEL: func.func @groups_of_32
// AVX2: arith.constant dense_resource<grouped_conv_packed{{.*}}> : tensor<4x3x3x32x16xf32>
// AVX2: vector.broadcast {{.*}} : f32 to vector<16xf32>
// AVX2: #resnet.tile<tiles = [1, 1, {{[0-9]+}}, 16], parallel = true>
// When an output row's working set would not stay in L2 (72 KiB of
// weights, a 64 KiB L2) and reading the weights once per row would move
// more than the input (64 KiB), the channel vectors are the outermost loop,
// and the next one's weights are prefetched (grouped-conv-prefetch.mlir).
// L2-LABEL: func.func @groups_of_32
// L2: scf.forall (%[[F:.*]], %[[ROW:.*]], %[[COL:.*]]) in (2, 14, 2)
// L2: tensor.parallel_insert_slice {{.*}}[0, %[[ROW]], {{.*}}] [1, 1, 7, 32]
// L2: {resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], interchange = [3, 0, 1, 2], parallel = true, prefetch_weights = true>}
func.func @groups_of_32(%x: tensor<1x16x16x64xf32>) -> tensor<1x14x14x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<2x32x3x3x32xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 16, 16, 2, 32] : tensor<1x16x16x64xf32> into tensor<1x16x16x2x32xf32>
  %e = tensor.empty() : tensor<1x14x14x2x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x2x32xf32>) -> tensor<1x14x14x2x32xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x16x16x2x32xf32>, tensor<2x32x3x3x32xf32>) outs(%f : tensor<1x14x14x2x32xf32>) -> tensor<1x14x14x2x32xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x14x14x2x32xf32> into tensor<1x14x14x64xf32>
  return %cc : tensor<1x14x14x64xf32>
}

// -----

// 4 groups of 16 -> 16 channels: 36 KiB of weights, more than half of a
// 64 KiB L2, but an output row with the 3 input rows it reads is 43.5
// KiB, which stays: rows outermost.
// L2-LABEL: func.func @row_within_l2
// L2-NOT: interchange
// L2: resnet.grouped_conv
// L2-NOT: interchange
// L2: return
func.func @row_within_l2(%x: tensor<1x8x8x64xf32>) -> tensor<1x6x6x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 8, 8, 4, 16] : tensor<1x8x8x64xf32> into tensor<1x8x8x4x16xf32>
  %e = tensor.empty() : tensor<1x6x6x4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x6x6x4x16xf32>) -> tensor<1x6x6x4x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x8x8x4x16xf32>, tensor<4x16x3x3x16xf32>) outs(%f : tensor<1x6x6x4x16xf32>) -> tensor<1x6x6x4x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x6x6x4x16xf32> into tensor<1x6x6x64xf32>
  return %cc : tensor<1x6x6x64xf32>
}

// -----

// The same groups at stride 2 over 81 columns: an output row's working set
// (106.75 KiB) exceeds the 64 KiB L2, but reading the weights once per
// row (4 x 36 KiB) moves less than the input (182.25 KiB), which channels
// outermost would walk in slices of 64 bytes a pixel: rows outermost.
// L2-LABEL: func.func @strided_input_outweighs
// L2-NOT: interchange
// L2: resnet.grouped_conv
// L2-NOT: interchange
// L2: return
func.func @strided_input_outweighs(%x: tensor<1x9x81x64xf32>) -> tensor<1x4x40x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 9, 81, 4, 16] : tensor<1x9x81x64xf32> into tensor<1x9x81x4x16xf32>
  %e = tensor.empty() : tensor<1x4x40x4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x40x4x16xf32>) -> tensor<1x4x40x4x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%xe, %w : tensor<1x9x81x4x16xf32>, tensor<4x16x3x3x16xf32>) outs(%f : tensor<1x4x40x4x16xf32>) -> tensor<1x4x40x4x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x4x40x4x16xf32> into tensor<1x4x40x64xf32>
  return %cc : tensor<1x4x40x64xf32>
}

// -----

// Depthwise with multiplier 2 (Cg = 1, Fg = 2): a vector of 16 outputs
// reads 8 input channels.
// CHECK-LABEL: func.func @multiplier
// CHECK-NOT: linalg.
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x6x6x16xf32>, vector<8xf32>
// CHECK-NEXT: vector.shuffle {{.*}} [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7] : vector<8xf32>, vector<8xf32>
// CHECK: #resnet.tile<tiles = [1, 1, 4, 16]>
// CHECK-NOT: linalg.
func.func @multiplier(%x: tensor<1x6x6x16xf32>) -> tensor<1x4x4x32xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<16x2x3x3x1xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 6, 6, 16, 1] : tensor<1x6x6x16xf32> into tensor<1x6x6x16x1xf32>
  %e = tensor.empty() : tensor<1x4x4x16x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x16x2xf32>) -> tensor<1x4x4x16x2xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x6x6x16x1xf32>, tensor<16x2x3x3x1xf32>) outs(%f : tensor<1x4x4x16x2xf32>) -> tensor<1x4x4x16x2xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x4x4x16x2xf32> into tensor<1x4x4x32xf32>
  return %cc : tensor<1x4x4x32xf32>
}

// -----

// 4 groups of 3 -> 3 channels: no vector holds whole groups.
// CHECK-LABEL: func.func @groups_of_3
// CHECK: linalg.conv_2d_nhwgc_gfhwc
// CHECK-NOT: scf.forall
func.func @groups_of_3(%x: tensor<1x6x6x12xf32>) -> tensor<1x4x4x12xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x3x3x3x3xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 6, 6, 4, 3] : tensor<1x6x6x12xf32> into tensor<1x6x6x4x3xf32>
  %e = tensor.empty() : tensor<1x4x4x4x3xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4x3xf32>) -> tensor<1x4x4x4x3xf32>
  // expected-remark @+1 {{grouped convolution left untiled (naive loops): no vector of at least 4 lanes holds whole groups}}
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x6x6x4x3xf32>, tensor<4x3x3x3x3xf32>) outs(%f : tensor<1x4x4x4x3xf32>) -> tensor<1x4x4x4x3xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x4x4x4x3xf32> into tensor<1x4x4x12xf32>
  return %cc : tensor<1x4x4x12xf32>
}

// -----

// A prime output width (29): two tiles of up to 16 columns (the
// accumulators the target has), evenly, 15-column tiles and the 14
// remaining columns as a second loop of 14-column tiles that continues the
// first loop's result, each loop with its own tiles (not 1-column tiles,
// the only divisor, which would leave the FMA pipeline mostly idle).
// CHECK-LABEL: func.func @prime_width
// CHECK: %[[FULL:.*]] = scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x1x29x64xf32>)
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: tensor.parallel_insert_slice {{.*}} [1, 1, 15, 16] [1, 1, 1, 1] : tensor<1x1x15x16xf32> into tensor<1x1x29x64xf32>
// CHECK: {resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 1, 15, 16]>}
// CHECK: scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %[[FULL]])
// CHECK: tensor.parallel_insert_slice {{.*}} into %{{.*}}[0, 0, 15, %{{.*}}] [1, 1, 14, 16] [1, 1, 1, 1] : tensor<1x1x14x16xf32> into tensor<1x1x29x64xf32>
// CHECK: {resnet.grouped_conv, resnet.tile = #resnet.tile<tiles = [1, 1, 14, 16]>}
// CHECK-NOT: linalg.
// With AVX2's 8 lanes a tile is two vectors of the group's 16 channels,
// 4 columns of them (8 accumulators: 16 registers also hold a step's 3 x 2
// weight vectors and its broadcast input), 29 columns cut 5 x 4 + 3 x 3.
// AVX2-LABEL: func.func @prime_width
// AVX2: #resnet.tile<tiles = [1, 1, 4, 16]>
// AVX2: #resnet.tile<tiles = [1, 1, 3, 16]>
func.func @prime_width(%x: tensor<1x3x31x64xf32>) -> tensor<1x1x29x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 3, 31, 4, 16] : tensor<1x3x31x64xf32> into tensor<1x3x31x4x16xf32>
  %e = tensor.empty() : tensor<1x1x29x4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x29x4x16xf32>) -> tensor<1x1x29x4x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x3x31x4x16xf32>, tensor<4x16x3x3x16xf32>) outs(%f : tensor<1x1x29x4x16xf32>) -> tensor<1x1x29x4x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x1x29x4x16xf32> into tensor<1x1x29x64xf32>
  return %cc : tensor<1x1x29x64xf32>
}

// -----

// 17 columns by AVX2's tile of 4 columns x 2 vectors: 4 + 4 + 3 + 3 + 3,
// not 4 + 4 + 4 + 4 + 1 (whose last tile, 2 accumulators, would wait on
// the FMA latency): one loop of two 4-column tiles, then a loop of three
// 3-column tiles from column 8 on.
// AVX2-LABEL: func.func @width_17
// AVX2: %[[WIDE:.*]] = scf.forall (%{{.*}}, %{{.*}}) in (2, 4) shared_outs
// AVX2: tensor.parallel_insert_slice {{.*}} [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> into tensor<1x1x17x64xf32>
// AVX2: #resnet.tile<tiles = [1, 1, 4, 16]>
// AVX2: scf.forall (%[[COL:.*]], %{{.*}}) in (3, 4) shared_outs(%{{.*}} = %[[WIDE]])
// AVX2: %[[SKIP:.*]] = arith.muli %[[COL]], %c3
// AVX2: %[[FIRST:.*]] = arith.addi %[[SKIP]], %c8
// AVX2: tensor.parallel_insert_slice {{.*}}[0, 0, %[[FIRST]], %{{.*}}] [1, 1, 3, 16] [1, 1, 1, 1] : tensor<1x1x3x16xf32> into tensor<1x1x17x64xf32>
// AVX2: #resnet.tile<tiles = [1, 1, 3, 16]>
func.func @width_17(%x: tensor<1x3x19x64xf32>) -> tensor<1x1x17x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 3, 19, 4, 16] : tensor<1x3x19x64xf32> into tensor<1x3x19x4x16xf32>
  %e = tensor.empty() : tensor<1x1x17x4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x17x4x16xf32>) -> tensor<1x1x17x4x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x3x19x4x16xf32>, tensor<4x16x3x3x16xf32>) outs(%f : tensor<1x1x17x4x16xf32>) -> tensor<1x1x17x4x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x1x17x4x16xf32> into tensor<1x1x17x64xf32>
  return %cc : tensor<1x1x17x64xf32>
}

// -----

// 32 groups of 16 channels at stride 2: the 512-channel input pixels a tile
// reads are 2 KiB apart, every other one (one tap's, 4 KiB apart) in the
// same L1 set; the 12-way L1 of x86-64-v4 holds 10 of them beside the
// weights' and outputs' lines: 10 + 9 + 9 columns instead of 14 + 14.
// CHECK-LABEL: func.func @strided_set_conflicts
// CHECK: #resnet.tile<tiles = [1, 1, 10, 16], parallel = true>
// CHECK: #resnet.tile<tiles = [1, 1, 9, 16], parallel = true>
func.func @strided_set_conflicts(%x: tensor<1x3x57x512xf32>) -> tensor<1x1x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 3, 57, 32, 16] : tensor<1x3x57x512xf32> into tensor<1x3x57x32x16xf32>
  %e = tensor.empty() : tensor<1x1x28x32x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x28x32x16xf32>) -> tensor<1x1x28x32x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%xe, %w : tensor<1x3x57x32x16xf32>, tensor<32x16x3x3x16xf32>) outs(%f : tensor<1x1x28x32x16xf32>) -> tensor<1x1x28x32x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x1x28x32x16xf32> into tensor<1x1x28x512xf32>
  return %cc : tensor<1x1x28x512xf32>
}

// -----

// The same layer at stride 1: a tile's pixels are 2 KiB apart and spread
// over two sets; the columns are not capped (14 + 14).
// CHECK-LABEL: func.func @unstrided_no_cap
// CHECK: #resnet.tile<tiles = [1, 1, 14, 16], parallel = true>
func.func @unstrided_no_cap(%x: tensor<1x3x30x512xf32>) -> tensor<1x1x28x512xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x16x3x3x16xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 3, 30, 32, 16] : tensor<1x3x30x512xf32> into tensor<1x3x30x32x16xf32>
  %e = tensor.empty() : tensor<1x1x28x32x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x28x32x16xf32>) -> tensor<1x1x28x32x16xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x3x30x32x16xf32>, tensor<32x16x3x3x16xf32>) outs(%f : tensor<1x1x28x32x16xf32>) -> tensor<1x1x28x32x16xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x1x28x32x16xf32> into tensor<1x1x28x512xf32>
  return %cc : tensor<1x1x28x512xf32>
}

// -----

// 32 groups of 64 channels at stride 2, 7 columns: the 2048-channel pixels
// of a tap are 16 KiB apart, all in one L1 set. An 8-way L1 caps the
// columns at 6, below the 8 that two vectors' 16 accumulators hold: the
// tile takes four vectors of the group instead (4 + 3 columns of 64
// channels). A 12-way L1 (cap 10) keeps all 7 columns in two vectors.
// W8-LABEL: func.func @strided_four_vectors
// W8: #resnet.tile<tiles = [1, 1, 4, 64]
// W8: #resnet.tile<tiles = [1, 1, 3, 64]
// CHECK-LABEL: func.func @strided_four_vectors
// CHECK: #resnet.tile<tiles = [1, 1, 7, 32]
func.func @strided_four_vectors(%x: tensor<1x3x15x2048xf32>) -> tensor<1x1x7x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<32x64x3x3x64xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 3, 15, 32, 64] : tensor<1x3x15x2048xf32> into tensor<1x3x15x32x64xf32>
  %e = tensor.empty() : tensor<1x1x7x32x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x7x32x64xf32>) -> tensor<1x1x7x32x64xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%xe, %w : tensor<1x3x15x32x64xf32>, tensor<32x64x3x3x64xf32>) outs(%f : tensor<1x1x7x32x64xf32>) -> tensor<1x1x7x32x64xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x1x7x32x64xf32> into tensor<1x1x7x2048xf32>
  return %cc : tensor<1x1x7x2048xf32>
}

// -----

// Over a zero-padded two-row map the filter-row loop runs over the rows
// that reach the image: [max(1 - oh, 0), min(3 - oh, 3)) for output row oh.
// CHECK-LABEL: func.func @padded_two_rows
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: scf.forall (%[[OH:.*]], %{{.*}}) in (2, 4)
// CHECK: %[[T:.*]] = arith.subi %[[C1]], %[[OH]] : index
// CHECK: %[[FIRST:.*]] = arith.maxsi %[[T]], %[[C0]] : index
// CHECK: %[[E:.*]] = arith.subi %[[C3]], %[[OH]] : index
// CHECK: %[[END:.*]] = arith.minsi %[[E]], %[[C3]] : index
// CHECK: scf.for %{{.*}} = %[[FIRST]] to %[[END]] step %[[C1]]
func.func @padded_two_rows(%x: tensor<1x2x8x64xf32>) -> tensor<1x2x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<16x4x3x3x4xf32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x8x64xf32> to tensor<1x4x10x64xf32>
  %xe = tensor.expand_shape %p [[0], [1], [2], [3, 4]] output_shape [1, 4, 10, 16, 4] : tensor<1x4x10x64xf32> into tensor<1x4x10x16x4xf32>
  %e = tensor.empty() : tensor<1x2x8x16x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x8x16x4xf32>) -> tensor<1x2x8x16x4xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x4x10x16x4xf32>, tensor<16x4x3x3x4xf32>) outs(%f : tensor<1x2x8x16x4xf32>) -> tensor<1x2x8x16x4xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x2x8x16x4xf32> into tensor<1x2x8x64xf32>
  return %cc : tensor<1x2x8x64xf32>
}

// -----

// 16 groups of 8 channels at stride 2: a vector of 16 lanes would hold two
// groups, each input shuffled into its group's lanes for every tap (a
// strided tile's columns share no input vector); the vector holds one
// group instead, its input broadcast (8 lanes: as with AVX2). At stride 1
// the two-group vectors stay.
// CHECK-LABEL: func.func @strided_groups_of_8
// CHECK-NOT: vector.shuffle
// CHECK: #resnet.tile<tiles = [1, 1, 8, 8]>
// AVX2-LABEL: func.func @strided_groups_of_8
// AVX2: #resnet.tile<tiles = [1, 1, 8, 8]
// VEC-LABEL: func.func @strided_groups_of_8
// VEC-NOT: vector.shuffle
// VEC: vector.fma {{.*}} : vector<8xf32>
// VEC-NOT: vector.shuffle
// VEC: return
// CHECK-LABEL: func.func @unstrided_groups_of_8
// CHECK: vector.shuffle
// CHECK: #resnet.tile<tiles = [1, 1, 8, 16]>
func.func @strided_groups_of_8(%x: tensor<1x17x17x128xf32>) -> tensor<1x8x8x128xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<16x8x3x3x8xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 17, 17, 16, 8] : tensor<1x17x17x128xf32> into tensor<1x17x17x16x8xf32>
  %e = tensor.empty() : tensor<1x8x8x16x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16x8xf32>) -> tensor<1x8x8x16x8xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%xe, %w : tensor<1x17x17x16x8xf32>, tensor<16x8x3x3x8xf32>) outs(%f : tensor<1x8x8x16x8xf32>) -> tensor<1x8x8x16x8xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x8x8x16x8xf32> into tensor<1x8x8x128xf32>
  return %cc : tensor<1x8x8x128xf32>
}

func.func @unstrided_groups_of_8(%x: tensor<1x10x10x128xf32>) -> tensor<1x8x8x128xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<16x8x3x3x8xf32>
  %xe = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 10, 10, 16, 8] : tensor<1x10x10x128xf32> into tensor<1x10x10x16x8xf32>
  %e = tensor.empty() : tensor<1x8x8x16x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16x8xf32>) -> tensor<1x8x8x16x8xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x10x10x16x8xf32>, tensor<16x8x3x3x8xf32>) outs(%f : tensor<1x8x8x16x8xf32>) -> tensor<1x8x8x16x8xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x8x8x16x8xf32> into tensor<1x8x8x128xf32>
  return %cc : tensor<1x8x8x128xf32>
}
