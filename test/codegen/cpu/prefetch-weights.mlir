// RUN: resnet-opt --resnet-prefetch-weights -canonicalize -cse %s -split-input-file | FileCheck %s

// A layer whose #resnet.tile asks for it: each load of a packed weight
// vector (an expanded view of a flat constant global) in the reduction loop
// gets one prefetch per 64-byte line (a 32-float vector: two) of the same
// element in the next channel tile: the flat index, linearized, plus one
// tile (1 x 1 x 64 x 32 = 2048 elements), clamped to the global's last
// element, into L2 (locality<2>). The input's loads (not a global) get none.
// CHECK-LABEL: func.func @next_channel_tile
// CHECK-DAG: %[[LINE2:.*]] = arith.constant 2064 : index
// CHECK-DAG: %[[LAST:.*]] = arith.constant 8191 : index
// CHECK-DAG: %[[TILE:.*]] = arith.constant 2048 : index
// CHECK-DAG: %[[ROW:.*]] = arith.constant 32 : index
// CHECK: %[[FLAT:.*]] = memref.get_global @weights
// CHECK: scf.forall (%[[J:[a-z0-9_]+]]) in (4)
// CHECK: scf.for %[[K:[a-z0-9_]+]] =
// CHECK: %[[KOFF:.*]] = arith.muli %[[K]], %[[ROW]]
// CHECK: %[[JOFF:.*]] = arith.muli %[[J]], %[[TILE]]
// CHECK: %[[HERE:.*]] = arith.addi %[[KOFF]], %[[JOFF]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[HERE]], %[[TILE]]
// CHECK: %[[IN:.*]] = arith.minui %[[NEXT]], %[[LAST]]
// CHECK: memref.prefetch %[[FLAT]][%[[IN]]], read, locality<2>, data : memref<8192xf32>
// CHECK: %[[NEXT2:.*]] = arith.addi %[[HERE]], %[[LINE2]]
// CHECK: %[[IN2:.*]] = arith.minui %[[NEXT2]], %[[LAST]]
// CHECK: memref.prefetch %[[FLAT]][%[[IN2]]], read, locality<2>, data : memref<8192xf32>
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @weights : memref<8192xf32> = dense<1.0>
func.func @next_channel_tile(%x: memref<64xf32>, %out: memref<4x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant dense<0.0> : vector<32xf32>
  %flat = memref.get_global @weights : memref<8192xf32>
  %w = memref.expand_shape %flat [[0, 1, 2, 3, 4]] output_shape [4, 1, 1, 64, 32] : memref<8192xf32> into memref<4x1x1x64x32xf32>
  scf.forall (%j) in (4) {
    %sum = scf.for %k = %c0 to %c64 step %c1 iter_args(%acc = %zero) -> (vector<32xf32>) {
      %v = vector.load %w[%j, %c0, %c0, %k, %c0] : memref<4x1x1x64x32xf32>, vector<32xf32>
      %xs = vector.load %x[%k] : memref<64xf32>, vector<1xf32>
      %s = vector.extract %xs[0] : f32 from vector<1xf32>
      %b = vector.broadcast %s : f32 to vector<32xf32>
      %n = vector.fma %b, %v, %acc : vector<32xf32>
      scf.yield %n : vector<32xf32>
    }
    vector.store %sum, %out[%j, %c0] : memref<4x32xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 32], reduction = [0, 0, 1], parallel = true, prefetch_weights = true>}
  return
}

// -----

// Row-blocked (row_block = 16 of 64 input channels, 16-float rows), the
// weights packed per row block, [F/f = 2, C/rb = 4, 1, 1, 16, 16]: the same
// element one block on, 16 x 16 = 256 elements ahead (the last block of
// a channel tile prefetches the next tile's first); one line.
// CHECK-LABEL: func.func @next_row_block
// CHECK-DAG: %[[LAST:.*]] = arith.constant 2047 : index
// CHECK-DAG: %[[BLOCK:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[TILE:.*]] = arith.constant 1024 : index
// CHECK: %[[FLAT:.*]] = memref.get_global @blocked
// CHECK: scf.forall (%[[J:[a-z0-9_]+]]) in (2)
// CHECK: scf.for
// CHECK: %[[Q:.*]] = arith.divui
// CHECK: scf.for %[[K:[a-z0-9_]+]] =
// CHECK: %[[KOFF:.*]] = arith.muli %[[K]], %c16
// CHECK: %[[QOFF:.*]] = arith.muli %[[Q]], %[[BLOCK]]
// CHECK: %[[KQ:.*]] = arith.addi %[[KOFF]], %[[QOFF]]
// CHECK: %[[JOFF:.*]] = arith.muli %[[J]], %[[TILE]]
// CHECK: %[[HERE:.*]] = arith.addi %[[KQ]], %[[JOFF]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[HERE]], %[[BLOCK]]
// CHECK: %[[IN:.*]] = arith.minui %[[NEXT]], %[[LAST]]
// CHECK: memref.prefetch %[[FLAT]][%[[IN]]], read, locality<2>, data : memref<2048xf32>
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
memref.global "private" constant @blocked : memref<2048xf32> = dense<1.0>
func.func @next_row_block(%x: memref<64xf32>, %out: memref<2x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant dense<0.0> : vector<16xf32>
  %flat = memref.get_global @blocked : memref<2048xf32>
  %w = memref.expand_shape %flat [[0, 1, 2, 3, 4, 5]] output_shape [2, 4, 1, 1, 16, 16] : memref<2048xf32> into memref<2x4x1x1x16x16xf32>
  scf.forall (%j) in (2) {
    %sum = scf.for %c = %c0 to %c64 step %c16 iter_args(%outer = %zero) -> (vector<16xf32>) {
      %q = arith.divui %c, %c16 : index
      %inner = scf.for %k = %c0 to %c16 step %c1 iter_args(%acc = %outer) -> (vector<16xf32>) {
        %v = vector.load %w[%j, %q, %c0, %c0, %k, %c0] : memref<2x4x1x1x16x16xf32>, vector<16xf32>
        %ch = arith.addi %c, %k : index
        %s = memref.load %x[%ch] : memref<64xf32>
        %b = vector.broadcast %s : f32 to vector<16xf32>
        %n = vector.fma %b, %v, %acc : vector<16xf32>
        scf.yield %n : vector<16xf32>
      }
      scf.yield %inner : vector<16xf32>
    }
    vector.store %sum, %out[%j, %c0] : memref<2x16xf32>, vector<16xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 16], reduction = [0, 0, 1], row_block = 16, parallel = true, prefetch_weights = true>}
  return
}

// -----

// Row-blocked, but the weights packed per channel tile only, [2, 1, 1, 64,
// 16] (a block is 16-float runs 64 floats apart, not a run to prefetch
// ahead of): no prefetch.
// CHECK-LABEL: func.func @rows_not_packed
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @unpacked : memref<2048xf32> = dense<1.0>
func.func @rows_not_packed(%x: memref<64xf32>, %out: memref<2x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant dense<0.0> : vector<16xf32>
  %flat = memref.get_global @unpacked : memref<2048xf32>
  %w = memref.expand_shape %flat [[0, 1, 2, 3, 4]] output_shape [2, 1, 1, 64, 16] : memref<2048xf32> into memref<2x1x1x64x16xf32>
  scf.forall (%j) in (2) {
    %sum = scf.for %c = %c0 to %c64 step %c16 iter_args(%outer = %zero) -> (vector<16xf32>) {
      %inner = scf.for %k = %c0 to %c16 step %c1 iter_args(%acc = %outer) -> (vector<16xf32>) {
        %ch = arith.addi %c, %k : index
        %v = vector.load %w[%j, %c0, %c0, %ch, %c0] : memref<2x1x1x64x16xf32>, vector<16xf32>
        %s = memref.load %x[%ch] : memref<64xf32>
        %b = vector.broadcast %s : f32 to vector<16xf32>
        %n = vector.fma %b, %v, %acc : vector<16xf32>
        scf.yield %n : vector<16xf32>
      }
      scf.yield %inner : vector<16xf32>
    }
    vector.store %sum, %out[%j, %c0] : memref<2x16xf32>, vector<16xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 16], reduction = [0, 0, 1], row_block = 16, parallel = true, prefetch_weights = true>}
  return
}

// -----

// Without prefetch_weights in the layer's configuration: unchanged.
// CHECK-LABEL: func.func @not_asked
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @kept : memref<8192xf32> = dense<1.0>
func.func @not_asked(%x: memref<64xf32>, %out: memref<4x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant dense<0.0> : vector<32xf32>
  %flat = memref.get_global @kept : memref<8192xf32>
  %w = memref.expand_shape %flat [[0, 1, 2, 3, 4]] output_shape [4, 1, 1, 64, 32] : memref<8192xf32> into memref<4x1x1x64x32xf32>
  scf.forall (%j) in (4) {
    %sum = scf.for %k = %c0 to %c64 step %c1 iter_args(%acc = %zero) -> (vector<32xf32>) {
      %v = vector.load %w[%j, %c0, %c0, %k, %c0] : memref<4x1x1x64x32xf32>, vector<32xf32>
      %n = arith.addf %v, %acc : vector<32xf32>
      scf.yield %n : vector<32xf32>
    }
    vector.store %sum, %out[%j, %c0] : memref<4x32xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 32], reduction = [0, 0, 1], parallel = true>}
  return
}

// -----

// Spread (prefetch_spread): the channel tile (forall loop 0, the channels
// by the interchange) is swept by 2 register tiles of 2 rows (loop 1: the
// sweep index is %r / 2); each sweep runs 64 iterations of one 32-float
// load. The load gets no prefetch of its own; each iteration prefetches one
// line of the next tile (2048 elements on), line sweep * 64 + i, i the
// iteration (the element's offset in its tile / 32), clamped to the tile's
// last line (127: 2048 / 16) and to the global.
// CHECK-LABEL: func.func @spread
// CHECK-DAG: %[[LAST:.*]] = arith.constant 8191 : index
// CHECK-DAG: %[[TILE:.*]] = arith.constant 2048 : index
// CHECK-DAG: %[[LINES:.*]] = arith.constant 127 : index
// CHECK-DAG: %[[ITERS:.*]] = arith.constant 64 : index
// CHECK-DAG: %[[STEP:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[LINE:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : index
// CHECK: %[[FLAT:.*]] = memref.get_global @weights
// CHECK: scf.forall (%[[J:[a-z0-9_]+]], %[[R:[a-z0-9_]+]]) = (0, 0) to (128, 4) step (32, 2)
// CHECK: %[[SWEEP:.*]] = arith.divui %[[R]], %[[TWO]]
// CHECK: scf.for %[[K:[a-z0-9_]+]] =
// CHECK: %[[HERE:.*]] = arith.addi
// CHECK: %[[IN:.*]] = arith.remui %[[HERE]], %[[TILE]]
// CHECK: %[[I:.*]] = arith.divui %[[IN]], %[[STEP]]
// CHECK: %[[S64:.*]] = arith.muli %[[SWEEP]], %[[ITERS]]
// CHECK: %[[L:.*]] = arith.addi %[[S64]], %[[I]]
// CHECK: %[[LC:.*]] = arith.minui %[[L]], %[[LINES]]
// CHECK: %[[BASE:.*]] = arith.subi %[[HERE]], %[[IN]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[BASE]], %[[TILE]]
// CHECK: %[[OFF:.*]] = arith.muli %[[LC]], %[[LINE]]
// CHECK: %[[AT:.*]] = arith.addi %[[NEXT]], %[[OFF]]
// CHECK: %[[ATC:.*]] = arith.minui %[[AT]], %[[LAST]]
// CHECK: memref.prefetch %[[FLAT]][%[[ATC]]], read, locality<2>, data : memref<8192xf32>
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @weights : memref<8192xf32> = dense<1.0>
func.func @spread(%x: memref<4x64xf32>, %out: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant dense<0.0> : vector<32xf32>
  %flat = memref.get_global @weights : memref<8192xf32>
  %w = memref.expand_shape %flat [[0, 1, 2]] output_shape [4, 64, 32] : memref<8192xf32> into memref<4x64x32xf32>
  scf.forall (%j, %r) = (0, 0) to (128, 4) step (32, 2) {
    %t = arith.divui %j, %c32 : index
    %sum = scf.for %k = %c0 to %c64 step %c1 iter_args(%acc = %zero) -> (vector<32xf32>) {
      %v = vector.load %w[%t, %k, %c0] : memref<4x64x32xf32>, vector<32xf32>
      %xs = vector.load %x[%r, %k] : memref<4x64xf32>, vector<1xf32>
      %s = vector.extract %xs[0] : f32 from vector<1xf32>
      %b = vector.broadcast %s : f32 to vector<32xf32>
      %n = vector.fma %b, %v, %acc : vector<32xf32>
      scf.yield %n : vector<32xf32>
    }
    vector.store %sum, %out[%r, %j] : memref<4x128xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [2, 32], reduction = [0, 0, 1], interchange = [1, 0], parallel = true, prefetch_weights = true, prefetch_spread = true>}
  return
}

// -----

// Spread on a Winograd product: U packed [F/f, points, C, f] = [2, 4, 64,
// 32], the forall over (point, channel tile, row tile) (interchange [0, 2,
// 1]). A point's block (64 x 32 floats, 128 lines) is swept by that
// point's 2 row tiles (the sweep index is %m / 7 alone: the point loop is
// outside the channel loop), each of 32 iterations loading two vectors;
// 64 iterations for 128 lines: 2 prefetches an iteration, lines
// 2 * (sweep * 32 + i) and one more, of the same point's block in the next
// channel tile (8192 elements on), clamped to the block's last line and to
// the global.
// CHECK-LABEL: func.func @product_spread
// CHECK-DAG: %[[LAST:.*]] = arith.constant 16383 : index
// CHECK-DAG: %[[LINE:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[LINES:.*]] = arith.constant 127 : index
// CHECK-DAG: %[[TILE:.*]] = arith.constant 8192 : index
// CHECK-DAG: %[[BLOCK:.*]] = arith.constant 2048 : index
// CHECK-DAG: %[[SEVEN:.*]] = arith.constant 7 : index
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[ITERS:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[STEP:.*]] = arith.constant 64 : index
// CHECK: %[[FLAT:.*]] = memref.get_global @filter
// CHECK: scf.forall (%[[P:[a-z0-9_]+]], %[[N:[a-z0-9_]+]], %[[M:[a-z0-9_]+]]) = (0, 0, 0) to (4, 64, 14) step (1, 32, 7)
// CHECK: %[[SWEEP:.*]] = arith.divui %[[M]], %[[SEVEN]]
// CHECK: scf.for
// CHECK: %[[IN:.*]] = arith.remui %[[HERE:.*]], %[[BLOCK]]
// CHECK: %[[I:.*]] = arith.divui %[[IN]], %[[STEP]]
// CHECK: %[[S32:.*]] = arith.muli %[[SWEEP]], %[[ITERS]]
// CHECK: %[[SLOT:.*]] = arith.addi %[[S32]], %[[I]]
// CHECK: %[[L0:.*]] = arith.muli %[[SLOT]], %[[TWO]]
// CHECK: %[[L0C:.*]] = arith.minui %[[L0]], %[[LINES]]
// CHECK: %[[BASE:.*]] = arith.subi %[[HERE]], %[[IN]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[BASE]], %[[TILE]]
// CHECK: %[[OFF0:.*]] = arith.muli %[[L0C]], %[[LINE]]
// CHECK: %[[AT0:.*]] = arith.addi %[[NEXT]], %[[OFF0]]
// CHECK: %[[AT0C:.*]] = arith.minui %[[AT0]], %[[LAST]]
// CHECK: memref.prefetch %[[FLAT]][%[[AT0C]]], read, locality<2>, data
// CHECK: %[[L1:.*]] = arith.addi %[[L0]], %[[ONE]]
// CHECK: %[[L1C:.*]] = arith.minui %[[L1]], %[[LINES]]
// CHECK: %[[OFF1:.*]] = arith.muli %[[L1C]], %[[LINE]]
// CHECK: %[[AT1:.*]] = arith.addi %[[NEXT]], %[[OFF1]]
// CHECK: %[[AT1C:.*]] = arith.minui %[[AT1]], %[[LAST]]
// CHECK: memref.prefetch %[[FLAT]][%[[AT1C]]], read, locality<2>, data
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @filter : memref<16384xf32> = dense<1.0>
func.func @product_spread(%v: memref<4x14x64xf32>, %out: memref<4x14x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant dense<0.0> : vector<32xf32>
  %flat = memref.get_global @filter : memref<16384xf32>
  %u = memref.expand_shape %flat [[0, 1, 2, 3]] output_shape [2, 4, 64, 32] : memref<16384xf32> into memref<2x4x64x32xf32>
  scf.forall (%p, %n, %m) = (0, 0, 0) to (4, 64, 14) step (1, 32, 7) {
    %t = arith.divui %n, %c32 : index
    %sum = scf.for %k = %c0 to %c64 step %c2 iter_args(%acc = %zero) -> (vector<32xf32>) {
      %k1 = arith.addi %k, %c1 : index
      %w0 = vector.load %u[%t, %p, %k, %c0] : memref<2x4x64x32xf32>, vector<32xf32>
      %w1 = vector.load %u[%t, %p, %k1, %c0] : memref<2x4x64x32xf32>, vector<32xf32>
      %xs = vector.load %v[%p, %m, %k] : memref<4x14x64xf32>, vector<1xf32>
      %s = vector.extract %xs[0] : f32 from vector<1xf32>
      %b = vector.broadcast %s : f32 to vector<32xf32>
      %a = vector.fma %b, %w0, %acc : vector<32xf32>
      %r = vector.fma %b, %w1, %a : vector<32xf32>
      scf.yield %r : vector<32xf32>
    }
    vector.store %sum, %out[%p, %m, %n] : memref<4x14x64xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 7, 32], reduction = [0, 0, 0, 2], interchange = [0, 2, 1], parallel = true, prefetch_weights = true, prefetch_spread = true>}
  return
}
