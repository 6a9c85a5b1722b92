// RUN: resnet-opt --resnet-select-image-groups="l2-bytes=131072 l3-bytes=524288" %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-select-image-groups %s -split-input-file | FileCheck %s --check-prefix=FITS
// RUN: not resnet-opt --resnet-select-image-groups="groups=4" %s -split-input-file 2>/dev/null | FileCheck %s --check-prefix=FORCED
// RUN: not resnet-opt --resnet-select-image-groups="groups=4" %s -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=FORCED-ERR

// How --resnet-select-image-groups splits a batch (x86-64-v4: 32
// multiply-adds a cycle, 8 bytes a cycle from memory, 2 cores; here a
// 128 KiB L2 and a 512 KiB L3: 256 KiB a core, half of it for one
// layer's working set). Each layer below works on
// 64 KiB per image (a 32 KiB input and output) and does 18432 cycles of
// multiply-adds per image; the weights (2.3 KiB) stay in L2 from group to
// group. The batch of 4 overflows the core's share of L3 in every layer
// (256 KiB: 32768 cycles each from memory), groups of 2 fit (2 groups x
// 37120 cycles + fork/joins, against 4 groups of 1 with twice the
// fork/joins): 2 groups of 2 images, the whole model re-specialized to 2
// (a cut after the conv would leave the relu streaming). With the
// target's own caches the batch stays whole.
// CHECK-LABEL: func.func @overflows(
// CHECK-SAME: %{{.*}}: tensor<2x8x32x32xf32>) -> tensor<2x8x32x32xf32>
// CHECK-SAME: attributes {resnet.image_groups = 2 : i64}
// CHECK: resnet.conv2d {{.*}} -> tensor<2x8x32x32xf32>
// FITS-LABEL: func.func @overflows(
// FITS-SAME: tensor<4x8x32x32xf32>) -> tensor<4x8x32x32xf32> {
// FORCED-LABEL: func.func @overflows(
// FORCED-SAME: tensor<1x8x32x32xf32>) -> tensor<1x8x32x32xf32>
// FORCED-SAME: attributes {resnet.image_groups = 4 : i64}
func.func @overflows(%x: tensor<4x8x32x32xf32>) -> tensor<4x8x32x32xf32> {
  %w = arith.constant dense<0.01> : tensor<8x8x3x3xf32>
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<4x8x32x32xf32>, tensor<8x8x3x3xf32> -> tensor<4x8x32x32xf32>
  %r = resnet.relu %c : tensor<4x8x32x32xf32>
  return %r : tensor<4x8x32x32xf32>
}

// -----

// Large activations first, large weights last: the 3x3 64 -> 64 conv on
// the 4x4 map reads 144 KiB of weights, beyond L2, which groups would
// read once each (18432 cycles a group). Its layers before it, cut after
// the strided conv (the only value live there), run in 2 groups of 2
// images and the last conv on the whole batch: 167424 cycles and 7
// fork/joins, against 186944 and 8 for the whole model in groups, 251936
// and 4 for the whole batch. The function keeps its batch of 4; the cut's
// layer carries the groups for --resnet-group-prefix.
// CHECK-LABEL: func.func @prefix(
// CHECK-SAME: tensor<4x8x32x32xf32>) -> tensor<4x64x4x4xf32> {
// CHECK: resnet.relu
// CHECK-NOT: prefix_groups
// CHECK: resnet.conv2d {{.*}}resnet.prefix_groups = 2 : i64{{.*}} -> tensor<4x64x4x4xf32>
// CHECK: resnet.conv2d
// CHECK-NOT: prefix_groups
// CHECK: return
// FITS-LABEL: func.func @prefix(
// FITS-NOT: prefix_groups
// FITS: return
func.func @prefix(%x: tensor<4x8x32x32xf32>) -> tensor<4x64x4x4xf32> {
  %w1 = arith.constant dense<0.01> : tensor<8x8x3x3xf32>
  %w2 = arith.constant dense<0.02> : tensor<64x8x1x1xf32>
  %w3 = arith.constant dense<0.03> : tensor<64x64x3x3xf32>
  %c1 = resnet.conv2d %x, %w1 {pads = array<i64: 1, 1, 1, 1>} : tensor<4x8x32x32xf32>, tensor<8x8x3x3xf32> -> tensor<4x8x32x32xf32>
  %r1 = resnet.relu %c1 : tensor<4x8x32x32xf32>
  %c2 = resnet.conv2d %r1, %w2 {strides = array<i64: 8, 8>} : tensor<4x8x32x32xf32>, tensor<64x8x1x1xf32> -> tensor<4x64x4x4xf32>
  %c3 = resnet.conv2d %c2, %w3 {pads = array<i64: 1, 1, 1, 1>} : tensor<4x64x4x4xf32>, tensor<64x64x3x3xf32> -> tensor<4x64x4x4xf32>
  return %c3 : tensor<4x64x4x4xf32>
}

// -----

// A softmax across the batch mixes its images: the batch stays whole, and
// forcing groups is an error that says why (select-image-groups-invalid.mlir).
// CHECK-LABEL: func.func @across_batch(
// CHECK-SAME: tensor<4x8x32x32xf32>) -> tensor<4x8x32x32xf32> {
// FITS-LABEL: func.func @across_batch(
// FORCED-ERR: error: resnet-select-image-groups: cannot run the batch of 4 as 4 groups: a softmax across the batch
func.func @across_batch(%x: tensor<4x8x32x32xf32>) -> tensor<4x8x32x32xf32> {
  %w = arith.constant dense<0.01> : tensor<8x8x3x3xf32>
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<4x8x32x32xf32>, tensor<8x8x3x3xf32> -> tensor<4x8x32x32xf32>
  %s = resnet.softmax %c {axis = 0 : i64} : tensor<4x8x32x32xf32>
  return %s : tensor<4x8x32x32xf32>
}

// -----

// One image: nothing to split.
// CHECK-LABEL: func.func @one_image(
// CHECK-SAME: tensor<1x8x64x64xf32>) -> tensor<1x8x64x64xf32> {
// FITS-LABEL: func.func @one_image(
// FORCED-ERR: error: resnet-select-image-groups: cannot run the batch of 1 as 4 groups: one image, or no batch dimension shared by input and output
func.func @one_image(%x: tensor<1x8x64x64xf32>) -> tensor<1x8x64x64xf32> {
  %r = resnet.relu %x : tensor<1x8x64x64xf32>
  return %r : tensor<1x8x64x64xf32>
}
