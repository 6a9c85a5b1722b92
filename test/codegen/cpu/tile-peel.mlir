// RUN: resnet-opt --resnet-select-tiles %s -split-input-file | FileCheck %s --check-prefix=SELECT
// RUN: resnet-opt --resnet-select-tiles --resnet-tile --resnet-vectorize %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-tiles --resnet-tile --resnet-vectorize --one-shot-bufferize --canonicalize --cse --canonicalize %s -split-input-file | FileCheck %s --check-prefix=BUFFER

// A prime output width (19): no divisor up to 8 keeps the FMA units busy
// (a 1-column tile of 2 vectors has 2 accumulators for a pipeline of 8), so
// the selection takes 7-column tiles, which cut the columns 7 + 6 + 6 (not
// 7 + 7 + 5: tiles that differ by one column at most), the two 6-column
// tiles apart (peeled): two foralls over the two parts, both fully
// vectorized.
// SELECT: resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], reduction = [0, 0, 0, 0, 1, 1, 8], fused_epilogue = true, parallel = true>

// CHECK-LABEL: func.func @prime(
// CHECK-NOT: linalg.fill
// CHECK: scf.forall ({{.*}}) = (0, 0) to (19, 64) step (1, 32)
// CHECK: vector.contract {{.*}} : vector<7x8xf32>, vector<8x32xf32> into vector<7x32xf32>
// CHECK: } {resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32],
// CHECK: tensor.insert_slice {{.*}}[0, 0, 0, 0] [1, 19, 7, 64]
// CHECK: scf.forall ({{.*}}) = (0, 0, 0) to (19, 12, 64) step (1, 6, 32)
// CHECK: vector.contract {{.*}} : vector<6x8xf32>, vector<8x32xf32> into vector<6x32xf32>
// CHECK: } {resnet.tile = #resnet.tile<tiles = [1, 1, 6, 32],
// CHECK: tensor.insert_slice {{.*}}[0, 0, 7, 0] [1, 19, 12, 64]
// CHECK-NOT: linalg.conv
// CHECK: return
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @prime(%x: tensor<1x21x21x64xf32>, %w: tensor<3x3x64x64xf32>, %b: tensor<64xf32>) -> tensor<1x19x19x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x19x19x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x19x19x64xf32>) -> tensor<1x19x19x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x21x21x64xf32>, tensor<3x3x64x64xf32>) outs(%acc : tensor<1x19x19x64xf32>) -> tensor<1x19x19x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %b : tensor<1x19x19x64xf32>, tensor<64xf32>) outs(%e : tensor<1x19x19x64xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x19x19x64xf32>
  return %r : tensor<1x19x19x64xf32>
}

// -----

// A conv without an epilogue (the layer's root is the conv): each part's
// accumulator is a fill of that part alone, fused into its tiles, and the
// parts' inserts write the output buffer: no fill of the whole output (in
// memory, read back by every tile).
// CHECK-LABEL: func.func @prime_no_epilogue
// CHECK-NOT: linalg.fill
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<1x19x19x64xf32>
// CHECK-NOT: linalg.fill
// CHECK: scf.forall ({{.*}}) = (0, 0) to (19, 64) step (1, 32)
// CHECK: tensor.insert_slice %{{.*}} into %[[OUT]][0, 0, 0, 0] [1, 19, 7, 64]
// CHECK: scf.forall ({{.*}}) = (0, 0, 0) to (19, 12, 64) step (1, 6, 32)
// CHECK: tensor.insert_slice {{.*}}[0, 0, 7, 0] [1, 19, 12, 64]
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @prime_no_epilogue(%x: tensor<1x19x19x64xf32>, %w: tensor<1x1x64x64xf32>) -> tensor<1x19x19x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x19x19x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x19x19x64xf32>) -> tensor<1x19x19x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x19x19x64xf32>, tensor<1x1x64x64xf32>) outs(%acc : tensor<1x19x19x64xf32>) -> tensor<1x19x19x64xf32>
  return %c : tensor<1x19x19x64xf32>
}

// -----

// Two peeled layers of one shape share a tensor.empty (as CSE leaves them):
// each gets a destination of its own, so that bufferization writes both
// parts of each layer in place, with no copy of a part into another buffer
// (a sequential copy of the whole output per layer).
// BUFFER-LABEL: func.func @shared_destination
// BUFFER-COUNT-2: memref.alloc() {{.*}} : memref<1x19x19x64xf32>
// BUFFER-NOT: memref.copy
// BUFFER: return
func.func @shared_destination(%x: tensor<1x19x19x64xf32>, %w: tensor<1x1x64x64xf32>) -> tensor<1x19x19x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x19x19x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x19x19x64xf32>) -> tensor<1x19x19x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x19x19x64xf32>, tensor<1x1x64x64xf32>) outs(%acc : tensor<1x19x19x64xf32>) -> tensor<1x19x19x64xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%c, %w : tensor<1x19x19x64xf32>, tensor<1x1x64x64xf32>) outs(%acc : tensor<1x19x19x64xf32>) -> tensor<1x19x19x64xf32>
  return %d : tensor<1x19x19x64xf32>
}
