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
