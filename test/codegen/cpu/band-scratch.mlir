// RUN: resnet-opt --resnet-band-scratch="workers=2" -allow-unregistered-dialect -split-input-file %s | FileCheck %s
// RUN: resnet-opt --resnet-band-scratch="workers=4" -allow-unregistered-dialect -split-input-file %s | FileCheck %s --check-prefix=FOUR

// A band loop of 2 images x 3 bands after bufferization, two intermediates
// per band (48 and 40 bytes, 64-byte slots): dealt out to 2 workers, each
// running a contiguous run of 3 iterations (image and band delinearized
// from the iteration number: worker 0 the first image, worker 1 the
// second) with its own slot of one buffer allocated before the loop: its
// 128 bytes, then a gap of a page (4096 bytes) that keeps the start of the
// next worker's slot out of reach of this one's prefetchers.
// CHECK-LABEL: func.func @bands
// CHECK: %[[BUF:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8448xi8>
// CHECK: scf.forall (%[[W:.*]]) in (2) {
// CHECK: %[[SLOT:.*]] = arith.constant 4224 : index
// CHECK: %[[BASE:.*]] = arith.muli %[[W]], %[[SLOT]] : index
// CHECK: %[[LEN:.*]] = arith.constant 3 : index
// CHECK: %[[FIRST:.*]] = arith.muli %[[W]], %[[LEN]] : index
// CHECK: %[[END:.*]] = arith.addi %[[FIRST]], %{{.*}} : index
// CHECK-NOT: arith.minui
// CHECK: scf.for %[[K:.*]] = %[[FIRST]] to %[[END]] step %{{.*}} {
// CHECK: %[[B:.*]] = arith.remui %[[K]], %{{.*}} : index
// CHECK: %[[N:.*]] = arith.divui %[[K]], %{{.*}} : index
// CHECK: %[[AT:.*]] = arith.addi %[[BASE]], %{{.*}} : index
// CHECK: memref.view %[[BUF]][%[[AT]]][] : memref<8448xi8> to memref<3x4xf32>
// CHECK: memref.view %[[BUF]][%{{.*}}][] : memref<8448xi8> to memref<10xf32>
// CHECK: "test.use"(%{{.*}}, %{{.*}}, %[[N]], %[[B]])
// CHECK-NOT: memref.dealloc
// CHECK: } {resnet.band = #resnet.band<rows = 2, scratch = 88>}
func.func @bands(%out: memref<2x6x4xf32>) {
  scf.forall (%n, %b) in (2, 3) {
    %t = memref.alloc() : memref<3x4xf32>
    %u = memref.alloc() : memref<10xf32>
    "test.use"(%t, %u, %n, %b) : (memref<3x4xf32>, memref<10xf32>, index, index) -> ()
    memref.dealloc %t : memref<3x4xf32>
    memref.dealloc %u : memref<10xf32>
  } {resnet.band = #resnet.band<rows = 2, scratch = 88>}
  return
}

// -----

// 5 bands on 2 workers: runs of 3, the last cut at the fifth band; on 4
// workers runs of 2, so 3 slots (none without a band), each 64 bytes and
// a page.
// CHECK-LABEL: func.func @uneven
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<8320xi8>
// CHECK: scf.forall (%[[W:.*]]) in (2) {
// CHECK: %[[LEN:.*]] = arith.constant 3 : index
// CHECK: %[[FIRST:.*]] = arith.muli %[[W]], %[[LEN]] : index
// CHECK: %[[NEXT:.*]] = arith.addi %[[FIRST]], %{{.*}} : index
// CHECK: %[[BANDS:.*]] = arith.constant 5 : index
// CHECK: %[[END:.*]] = arith.minui %[[NEXT]], %[[BANDS]] : index
// CHECK: scf.for %[[K:.*]] = %[[FIRST]] to %[[END]] step %{{.*}} {
// CHECK: "test.use"(%{{.*}}, %[[K]])
// FOUR-LABEL: func.func @uneven
// FOUR: memref.alloc() {alignment = 64 : i64} : memref<12480xi8>
// FOUR: scf.forall (%[[W:.*]]) in (3) {
// FOUR: %[[LEN:.*]] = arith.constant 2 : index
// FOUR: arith.muli %[[W]], %[[LEN]] : index
// FOUR: arith.minui
func.func @uneven(%out: memref<5x4xf32>) {
  scf.forall (%b) in (5) {
    %t = memref.alloc() : memref<4xf32>
    "test.use"(%t, %b) : (memref<4xf32>, index) -> ()
  } {resnet.band = #resnet.band<rows = 1, scratch = 16>}
  return
}

// -----

// More workers than bands: one slot per band; one slot needs no page
// after it.
// CHECK-LABEL: func.func @few
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: scf.forall (%{{.*}}) in (1)
func.func @few(%out: memref<1x4xf32>) {
  scf.forall (%n, %b) in (1, 1) {
    %t = memref.alloc() : memref<4xf32>
    "test.use"(%t) : (memref<4xf32>) -> ()
  } {resnet.band = #resnet.band<rows = 4, scratch = 16>}
  return
}
