// RUN: resnet-opt --resnet-prefetch-residual -canonicalize -cse %s -split-input-file | FileCheck %s

// A layer with a fused epilogue: the residual its epilogue loads after the
// reduction loop (a 32-float vector per pixel: two 64-byte lines) is
// prefetched into L1 (locality<3>) before the loop, at the loads' own
// indices (the second pixel's index computation cloned above the loop);
// the bias (a constant global) is not. The loads stay where they are.
// CHECK-LABEL: func.func @residual_after_reduction
// CHECK-SAME: %[[RES:[a-z0-9]+]]: memref<1x4x4x64xf32>
// CHECK: scf.forall (%[[H:[a-z0-9]+]], %[[W:[a-z0-9]+]], %[[F:[a-z0-9]+]]) = (0, 0, 0) to (4, 4, 64) step (1, 2, 32)
// CHECK: memref.prefetch %[[RES]][%{{.*}}, %[[H]], %[[W]], %[[F]]], read, locality<3>, data
// CHECK: %[[F16:.*]] = arith.addi %[[F]], %{{.*}}
// CHECK: memref.prefetch %[[RES]][%{{.*}}, %[[H]], %[[W]], %[[F16]]], read, locality<3>, data
// CHECK: %[[W1:.*]] = affine.apply #{{.*}}(%[[W]])
// CHECK: memref.prefetch %[[RES]][%{{.*}}, %[[H]], %[[W1]], %[[F]]], read, locality<3>, data
// CHECK: memref.prefetch %[[RES]][%{{.*}}, %[[H]], %[[W1]], %[[F16]]], read, locality<3>, data
// CHECK-NOT: memref.prefetch
// CHECK: scf.for
// CHECK-NOT: memref.prefetch
// CHECK: vector.load %[[RES]][%{{.*}}, %[[H]], %[[W]], %[[F]]]
// CHECK: vector.load %[[RES]][%{{.*}}, %[[H]], %[[W1]], %[[F]]]
// CHECK-NOT: memref.prefetch
// CHECK: return
memref.global "private" constant @bias : memref<64xf32> = dense<1.0>
func.func @residual_after_reduction(%x: memref<1x4x4x16xf32>, %res: memref<1x4x4x64xf32>, %out: memref<1x4x4x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant dense<0.0> : vector<32xf32>
  %bias = memref.get_global @bias : memref<64xf32>
  scf.forall (%h, %w, %f) = (0, 0, 0) to (4, 4, 64) step (1, 2, 32) {
    %sum = scf.for %k = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> (vector<32xf32>) {
      %v = vector.load %x[%c0, %h, %w, %k] : memref<1x4x4x16xf32>, vector<32xf32>
      %a = arith.addf %acc, %v : vector<32xf32>
      scf.yield %a : vector<32xf32>
    }
    %b = vector.load %bias[%f] : memref<64xf32>, vector<32xf32>
    %r0 = vector.load %res[%c0, %h, %w, %f] : memref<1x4x4x64xf32>, vector<32xf32>
    %w1 = affine.apply affine_map<(d0) -> (d0 + 1)>(%w)
    %r1 = vector.load %res[%c0, %h, %w1, %f] : memref<1x4x4x64xf32>, vector<32xf32>
    %s0 = arith.addf %sum, %r0 : vector<32xf32>
    %s1 = arith.addf %sum, %r1 : vector<32xf32>
    %t0 = arith.addf %s0, %b : vector<32xf32>
    %t1 = arith.addf %s1, %b : vector<32xf32>
    vector.store %t0, %out[%c0, %h, %w, %f] : memref<1x4x4x64xf32>, vector<32xf32>
    vector.store %t1, %out[%c0, %h, %w1, %f] : memref<1x4x4x64xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 2, 32], reduction = [0, 0, 0, 0, 1, 1, 1], fused_epilogue = true, parallel = true>}
  return
}

// -----

// Without a fused epilogue (the add is a layer of its own) nothing is
// prefetched; nor where the load's index depends on the reduction loop.
// CHECK-LABEL: func.func @not_prefetched
// CHECK-NOT: memref.prefetch
// CHECK: return
func.func @not_prefetched(%res: memref<64xf32>, %out: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.forall (%f) = (0) to (64) step (32) {
    %i = scf.for %k = %c0 to %c4 step %c1 iter_args(%acc = %f) -> (index) {
      scf.yield %acc : index
    }
    %r = vector.load %res[%f] : memref<64xf32>, vector<32xf32>
    vector.store %r, %out[%f] : memref<64xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [32], reduction = [0, 1], parallel = true>}
  scf.forall (%f) = (0) to (64) step (32) {
    %i = scf.for %k = %c0 to %c4 step %c1 iter_args(%acc = %f) -> (index) {
      %next = arith.addi %acc, %k : index
      scf.yield %next : index
    }
    %r = vector.load %res[%i] : memref<64xf32>, vector<32xf32>
    vector.store %r, %out[%f] : memref<64xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [32], reduction = [0, 1], fused_epilogue = true, parallel = true>}
  return
}

// -----

// A residual the products accumulate onto (a projection conv fused with the
// add: the accumulators start from it) is loaded before the reduction loop,
// where a prefetch would come too late: the loads' addresses are
// recomputed for the tile the thread runs next (the innermost loop, the
// channels, one step on; past the last channel tile, the first one of the
// next pixels, clamped to the last), and those lines are prefetched.
// CHECK-LABEL: func.func @residual_before_reduction
// CHECK-SAME: %[[RES:[a-z0-9]+]]: memref<1x2x4x64xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: scf.forall (%[[H:[a-z0-9]+]], %[[W:[a-z0-9]+]], %[[F:[a-z0-9]+]]) = (0, 0, 0) to (2, 4, 64) step (1, 2, 32)
// CHECK: %[[TILE:.*]] = memref.subview %[[RES]][0, %[[H]], %[[W]], %[[F]]]
// CHECK: vector.load %[[TILE]]
// CHECK: vector.load %[[TILE]]
// CHECK: %[[FNEXT:.*]] = arith.addi %[[F]], %[[C32]]
// CHECK: %[[WRAP:.*]] = arith.cmpi uge, %[[FNEXT]], %[[C64]]
// CHECK: %[[NF:.*]] = arith.select %[[WRAP]], %[[C0]], %[[FNEXT]]
// CHECK: %[[WSTEP:.*]] = arith.select %[[WRAP]], %[[C2]], %[[C0]]
// CHECK: %[[WNEXT:.*]] = arith.addi %[[W]], %[[WSTEP]]
// CHECK: %[[NW:.*]] = arith.minui %[[WNEXT]], %[[C2]]
// CHECK: %[[NEXT:.*]] = memref.subview %[[RES]][0, %[[H]], %[[NW]], %[[NF]]]
// CHECK: memref.prefetch %[[NEXT]][%[[C0]], %[[C0]], %[[C0]], %[[C0]]], read, locality<3>, data
// CHECK: memref.prefetch %[[NEXT]][%[[C0]], %[[C0]], %[[C0]], %[[C16]]], read, locality<3>, data
// CHECK: memref.prefetch %[[NEXT]][%[[C0]], %[[C0]], %{{.*}}, %[[C0]]], read, locality<3>, data
// CHECK: memref.prefetch %[[NEXT]][%[[C0]], %[[C0]], %{{.*}}, %[[C16]]], read, locality<3>, data
// CHECK-NOT: memref.prefetch
// CHECK: scf.for
// CHECK-NOT: memref.prefetch
// CHECK: return
func.func @residual_before_reduction(%x: memref<1x2x4x16xf32>, %res: memref<1x2x4x64xf32>, %out: memref<1x2x4x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.forall (%h, %w, %f) = (0, 0, 0) to (2, 4, 64) step (1, 2, 32) {
    %tile = memref.subview %res[0, %h, %w, %f] [1, 1, 2, 32] [1, 1, 1, 1] : memref<1x2x4x64xf32> to memref<1x1x2x32xf32, strided<[512, 256, 64, 1], offset: ?>>
    %r0 = vector.load %tile[%c0, %c0, %c0, %c0] : memref<1x1x2x32xf32, strided<[512, 256, 64, 1], offset: ?>>, vector<32xf32>
    %r1 = vector.load %tile[%c0, %c0, %c1, %c0] : memref<1x1x2x32xf32, strided<[512, 256, 64, 1], offset: ?>>, vector<32xf32>
    %sums:2 = scf.for %k = %c0 to %c16 step %c1 iter_args(%a0 = %r0, %a1 = %r1) -> (vector<32xf32>, vector<32xf32>) {
      %v = vector.load %x[%c0, %h, %w, %k] : memref<1x2x4x16xf32>, vector<32xf32>
      %s0 = arith.addf %a0, %v : vector<32xf32>
      %s1 = arith.addf %a1, %v : vector<32xf32>
      scf.yield %s0, %s1 : vector<32xf32>, vector<32xf32>
    }
    vector.store %sums#0, %out[%c0, %h, %w, %f] : memref<1x2x4x64xf32>, vector<32xf32>
    %w1 = affine.apply affine_map<(d0) -> (d0 + 1)>(%w)
    vector.store %sums#1, %out[%c0, %h, %w1, %f] : memref<1x2x4x64xf32>, vector<32xf32>
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 2, 32], reduction = [0, 0, 0, 0, 1, 1, 1], fused_epilogue = true, parallel = true>}
  return
}
