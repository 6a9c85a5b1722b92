// RUN: resnet-opt %s --resnet-plan-arena --split-input-file -allow-unregistered-dialect | FileCheck %s

// A chain: each buffer dies once the next is written, so the third reuses
// the first one's bytes. Every allocation becomes a view at its planned
// offset in the new trailing workspace argument.
// CHECK-LABEL: func.func @chain(
// CHECK-SAME: %[[IN:[^:]*]]: memref<16xf32>, %[[OUT:[^:]*]]: memref<16xf32>, %[[WS:[^:]*]]: memref<128xi8>)
// CHECK-SAME: resnet.arena_bytes = 128 : i64, resnet.arena_unplanned = 0 : i64, resnet.arena_unshared_bytes = 192 : i64
// CHECK-NOT: memref.alloc
// CHECK: %[[OFF_A:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[OFF_A]]][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.copy %[[IN]], %[[A]]
// CHECK: %[[OFF_B:.*]] = arith.constant 64 : index
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[OFF_B]]][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.copy %[[A]], %[[B]]
// CHECK: %[[OFF_C:.*]] = arith.constant 0 : index
// CHECK: %[[C:.*]] = memref.view %[[WS]][%[[OFF_C]]][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.copy %[[B]], %[[C]]
// CHECK: memref.copy %[[C]], %[[OUT]]
// CHECK-NOT: memref.dealloc
func.func @chain(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %a, %b : memref<16xf32> to memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  memref.copy %b, %c : memref<16xf32> to memref<16xf32>
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  return
}

// -----

// A residual: %x is read again by the final add, so nothing may take its
// bytes before that; %sum is written by the op that last reads %x and %t2,
// so it takes neither's bytes but reuses %t1's (dead by then).
// CHECK-LABEL: func.func @residual(
// CHECK-SAME: %[[WS:[^:]*]]: memref<192xi8>)
// CHECK-SAME: resnet.arena_bytes = 192 : i64, resnet.arena_unplanned = 0 : i64, resnet.arena_unshared_bytes = 256 : i64
// CHECK: %[[OFF_X:.*]] = arith.constant 0 : index
// CHECK: %[[X:.*]] = memref.view %[[WS]][%[[OFF_X]]][]
// CHECK: %[[OFF_T1:.*]] = arith.constant 64 : index
// CHECK: %[[T1:.*]] = memref.view %[[WS]][%[[OFF_T1]]][]
// CHECK: %[[OFF_T2:.*]] = arith.constant 128 : index
// CHECK: %[[T2:.*]] = memref.view %[[WS]][%[[OFF_T2]]][]
// CHECK: %[[OFF_S:.*]] = arith.constant 64 : index
// CHECK: %[[S:.*]] = memref.view %[[WS]][%[[OFF_S]]][]
// CHECK: linalg.add ins(%[[X]], %[[T2]] : memref<16xf32>, memref<16xf32>) outs(%[[S]] : memref<16xf32>)
func.func @residual(%in: memref<16xf32>, %out: memref<16xf32>) {
  %x = memref.alloc() : memref<16xf32>
  memref.copy %in, %x : memref<16xf32> to memref<16xf32>
  %t1 = memref.alloc() : memref<16xf32>
  memref.copy %x, %t1 : memref<16xf32> to memref<16xf32>
  %t2 = memref.alloc() : memref<16xf32>
  memref.copy %t1, %t2 : memref<16xf32> to memref<16xf32>
  %sum = memref.alloc() : memref<16xf32>
  linalg.add ins(%x, %t2 : memref<16xf32>, memref<16xf32>) outs(%sum : memref<16xf32>)
  memref.copy %sum, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Aliases extend a lifetime: %a is last read through its reshape %r, after
// %b is written, so %b may not take %a's bytes. Largest first: %b (128 B)
// at 0, %a above it.
// CHECK-LABEL: func.func @alias(
// CHECK-SAME: %{{[^:]*}}: memref<192xi8>)
// CHECK-SAME: resnet.arena_bytes = 192 : i64
// CHECK: %[[OFF_A:.*]] = arith.constant 128 : index
// CHECK: memref.view %{{.*}}[%[[OFF_A]]][] : memref<192xi8> to memref<4x4xf32>
// CHECK: %[[OFF_B:.*]] = arith.constant 0 : index
// CHECK: memref.view %{{.*}}[%[[OFF_B]]][] : memref<192xi8> to memref<32xf32>
func.func @alias(%in: memref<4x4xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<4x4xf32>
  memref.copy %in, %a : memref<4x4xf32> to memref<4x4xf32>
  %r = memref.collapse_shape %a [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  %b = memref.alloc() : memref<32xf32>
  %lo = memref.subview %b[0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1]>>
  memref.copy %r, %lo : memref<16xf32> to memref<16xf32, strided<[1]>>
  memref.copy %r, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Best fit: when %small is placed, the buffers alive with it (%p, %v, %x)
// leave two gaps: 192 B (where %q and %r were) and 64 B (where %w was); it
// takes the smaller one. First fit would have taken offset 256.
// CHECK-LABEL: func.func @best_fit(
// CHECK-SAME: resnet.arena_bytes = 640 : i64, resnet.arena_unplanned = 0 : i64, resnet.arena_unshared_bytes = 704 : i64
// CHECK: arith.constant 0 : index
// CHECK-NEXT: memref.view {{.*}} to memref<64xf32>
// CHECK: arith.constant 256 : index
// CHECK-NEXT: memref.view {{.*}} to memref<32xf32>
// CHECK: arith.constant 384 : index
// CHECK-NEXT: memref.view {{.*}} to memref<16xf32>
// CHECK: arith.constant 448 : index
// CHECK-NEXT: memref.view {{.*}} to memref<16xf32>
// CHECK: arith.constant 512 : index
// CHECK-NEXT: memref.view {{.*}} to memref<16xf32>
// CHECK: arith.constant 576 : index
// CHECK-NEXT: memref.view {{.*}} to memref<16xf32>
// CHECK: arith.constant 512 : index
// CHECK-NEXT: memref.view {{.*}} to memref<8xf32>
func.func @best_fit() {
  %p = memref.alloc() : memref<64xf32>
  %q = memref.alloc() : memref<32xf32>
  %r = memref.alloc() : memref<16xf32>
  %v = memref.alloc() : memref<16xf32>
  %w = memref.alloc() : memref<16xf32>
  %x = memref.alloc() : memref<16xf32>
  "test.use"(%p, %q, %r, %v, %w, %x) : (memref<64xf32>, memref<32xf32>, memref<16xf32>, memref<16xf32>, memref<16xf32>, memref<16xf32>) -> ()
  %small = memref.alloc() : memref<8xf32>
  "test.use"(%p, %v, %x, %small) : (memref<64xf32>, memref<16xf32>, memref<16xf32>, memref<8xf32>) -> ()
  return
}

// -----

// No temporaries: the workspace is empty (callers may pass NULL).
// CHECK-LABEL: func.func @empty(
// CHECK-SAME: %{{[^:]*}}: memref<0xi8>)
// CHECK-SAME: resnet.arena_bytes = 0 : i64, resnet.arena_unplanned = 0 : i64, resnet.arena_unshared_bytes = 0 : i64
func.func @empty(%in: memref<4xf32>, %out: memref<4xf32>) {
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// Left alone (and counted): an allocation inside a loop, a dynamic one, one
// that is returned. Private functions get no workspace.
// CHECK-LABEL: func.func @unplanned(
// CHECK-SAME: %{{[^:]*}}: index, %{{[^:]*}}: memref<0xi8>) -> memref<4xf32>
// CHECK-SAME: resnet.arena_bytes = 0 : i64, resnet.arena_unplanned = 3 : i64
// CHECK: scf.for
// CHECK-NEXT: memref.alloca() : memref<4xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.alloc() : memref<4xf32>
// CHECK-LABEL: func.func private @helper(%{{[^:]*}}: memref<4xf32>) {
// CHECK-NEXT: memref.alloc
func.func @unplanned(%n: index) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %t = memref.alloca() : memref<4xf32>
    "test.use"(%t) : (memref<4xf32>) -> ()
  }
  %d = memref.alloc(%n) : memref<?xf32>
  "test.use"(%d) : (memref<?xf32>) -> ()
  %r = memref.alloc() : memref<4xf32>
  return %r : memref<4xf32>
}
func.func private @helper(%x: memref<4xf32>) {
  %t = memref.alloc() : memref<4xf32>
  memref.copy %x, %t : memref<4xf32> to memref<4xf32>
  return
}
