// RUN: resnet-opt --resnet-prefetch-input -canonicalize -cse %s -split-input-file | FileCheck %s

// A layer whose tile configuration says prefetch_input: each input load of
// the innermost reduction loop (8 channels of one pixel a step, 4 steps: 32
// channels, two 64-byte lines) gets, before that loop, one prefetch per
// line of the same pixel in the next spatial tile: the forall's innermost
// loop the address depends on (the columns, 2 a tile) a step on or, past
// the row's end, back at 0 with the row a step on (clamped to the last
// row). The channel tile loop (%F) does not move the input. Weights (a
// constant global) get none; the loads stay as they are.
// CHECK-LABEL: func.func @next_tile
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<1x4x8x64xf32>
// CHECK: scf.forall (%[[H:[a-z0-9]+]], %[[W:[a-z0-9]+]], %[[F:[a-z0-9]+]]) = (0, 0, 0) to (4, 8, 64) step (1, 2, 32)
// CHECK: scf.for %[[KB:[a-z0-9]+]] =
// CHECK-DAG: %[[W2:.*]] = arith.addi %[[W]], %c2
// CHECK-DAG: %[[WRAP:.*]] = arith.cmpi uge, %[[W2]], %c8
// CHECK-DAG: %[[NW:.*]] = arith.select %[[WRAP]], %c0, %[[W2]]
// CHECK-DAG: %[[DH:.*]] = arith.select %[[WRAP]], %c1, %c0
// CHECK-DAG: %[[H1:.*]] = arith.addi %[[H]], %[[DH]]
// CHECK-DAG: %[[NH:.*]] = arith.minui %[[H1]], %c3
// CHECK: memref.prefetch %[[X]][%c0, %[[NH]], %[[NW]], %[[KB]]], read, locality<3>, data
// CHECK: %[[K16:.*]] = affine.apply #{{.*}}()[%[[KB]]]
// CHECK: memref.prefetch %[[X]][%c0, %[[NH]], %[[NW]], %[[K16]]], read, locality<3>, data
// CHECK: %[[NW1:.*]] = affine.apply #{{.*}}(%[[NW]])
// CHECK: memref.prefetch %[[X]][%c0, %[[NH]], %[[NW1]], %[[KB]]], read, locality<3>, data
// CHECK: memref.prefetch %[[X]][%c0, %[[NH]], %[[NW1]], %[[K16]]], read, locality<3>, data
// CHECK-NOT: memref.prefetch
// CHECK: scf.for
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @weights : memref<64x64xf32> = dense<1.0>
func.func @next_tile(%x: memref<1x4x8x64xf32>, %out: memref<1x4x8x64xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant dense<0.0> : vector<32xf32>
  %w = memref.get_global @weights : memref<64x64xf32>
  scf.forall (%h, %wi, %f) = (0, 0, 0) to (4, 8, 64) step (1, 2, 32) {
    %wi1 = affine.apply affine_map<(d0) -> (d0 + 1)>(%wi)
    %sum:2 = scf.for %kb = %c0 to %c64 step %c32 iter_args(%a0 = %zero, %b0 = %zero) -> (vector<32xf32>, vector<32xf32>) {
      %s:2 = scf.for %k = %c0 to %c32 step %c8 iter_args(%a = %a0, %b = %b0) -> (vector<32xf32>, vector<32xf32>) {
        %c = affine.apply affine_map<()[s0, s1] -> (s0 + s1)>()[%kb, %k]
        %v0 = vector.load %x[%c0, %h, %wi, %c] : memref<1x4x8x64xf32>, vector<8xf32>
        %v1 = vector.load %x[%c0, %h, %wi1, %c] : memref<1x4x8x64xf32>, vector<8xf32>
        %wt = vector.load %w[%c, %f] : memref<64x64xf32>, vector<32xf32>
        %e0 = vector.extract %v0[0] : f32 from vector<8xf32>
        %e1 = vector.extract %v1[0] : f32 from vector<8xf32>
        %x0 = vector.broadcast %e0 : f32 to vector<32xf32>
        %x1 = vector.broadcast %e1 : f32 to vector<32xf32>
        %na = vector.fma %x0, %wt, %a : vector<32xf32>
        %nb = vector.fma %x1, %wt, %b : vector<32xf32>
        scf.yield %na, %nb : vector<32xf32>, vector<32xf32>
      }
      scf.yield %s#0, %s#1 : vector<32xf32>, vector<32xf32>
    }
    vector.store %sum#0, %out[%c0, %h, %wi, %f] : memref<1x4x8x64xf32>, vector<32xf32>
    vector.store %sum#1, %out[%c0, %h, %wi1, %f] : memref<1x4x8x64xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 2, 32], reduction = [0, 0, 0, 0, 1, 1, 8], parallel = true, prefetch_input = true>}
  return
}

// -----

// Without prefetch_input nothing is prefetched; nor, with it, where the
// reduction loop moves an index other than the innermost (its lines would
// not be one contiguous run).
// CHECK-LABEL: func.func @not_prefetched
// CHECK-NOT: memref.prefetch
// CHECK: return
func.func @not_prefetched(%x: memref<1x4x8x64xf32>, %out: memref<1x4x8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant dense<0.0> : vector<8xf32>
  scf.forall (%h, %wi) = (0, 0) to (4, 8) step (1, 2) {
    %s = scf.for %k = %c0 to %c8 step %c1 iter_args(%a = %zero) -> (vector<8xf32>) {
      %v = vector.load %x[%c0, %h, %wi, %k] : memref<1x4x8x64xf32>, vector<8xf32>
      %n = arith.addf %a, %v : vector<8xf32>
      scf.yield %n : vector<8xf32>
    }
    vector.store %s, %out[%c0, %h, %wi, %c0] : memref<1x4x8x8xf32>, vector<8xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 2, 8], reduction = [0, 0, 0, 0, 1, 1, 8], parallel = true>}
  scf.forall (%h, %wi) = (0, 0) to (4, 8) step (1, 2) {
    %s = scf.for %k = %c0 to %c4 step %c1 iter_args(%a = %zero) -> (vector<8xf32>) {
      %v = vector.load %x[%c0, %k, %wi, %c0] : memref<1x4x8x64xf32>, vector<8xf32>
      %n = arith.addf %a, %v : vector<8xf32>
      scf.yield %n : vector<8xf32>
    }
    vector.store %s, %out[%c0, %h, %wi, %c0] : memref<1x4x8x8xf32>, vector<8xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 2, 8], reduction = [0, 0, 0, 0, 1, 1, 8], parallel = true, prefetch_input = true>}
  return
}
