// RUN: resnet-opt --resnet-roll-glue-loops %s | FileCheck %s
// RUN: resnet-opt --resnet-roll-glue-loops --convert-linalg-to-loops --lower-affine --convert-scf-to-cf --expand-strided-metadata --lower-affine --convert-to-llvm --reconcile-unrealized-casts %s | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVM

// A fill of a padded buffer's left border column at the function's top
// level (between layers) becomes a loop nest that LLVM may not unroll; so
// does a copy into a strided view. A fill inside a layer's loop is the
// layer's: it is left to the normal lowering (and to LLVM's unroller).
// CHECK: #[[UNROLL:.*]] = #llvm.loop_unroll<disable = true>
// CHECK: #[[ROLLED:.*]] = #llvm.loop_annotation<unroll = #[[UNROLL]]>
// CHECK-LABEL: func.func @glue
// CHECK-NOT: linalg.fill
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: memref.store
// CHECK: } {loop_annotation = #[[ROLLED]]}
// CHECK: } {loop_annotation = #[[ROLLED]]}
// CHECK: } {loop_annotation = #[[ROLLED]]}
// CHECK: } {loop_annotation = #[[ROLLED]]}
// CHECK-NOT: linalg.copy
// CHECK: memref.load
// CHECK: memref.store
// CHECK: } {loop_annotation = #[[ROLLED]]}
// CHECK: scf.for
// CHECK-NOT: loop_annotation
// CHECK: linalg.fill
// CHECK: }
// CHECK-NEXT: return
// Eight loops keep their back edges' !llvm.loop metadata: unroll disabled.
// LLVM-LABEL: define void @glue
// LLVM-COUNT-8: br label %{{.*}}, !llvm.loop ![[LOOP:[0-9]+]]
// LLVM-NOT: !llvm.loop
// LLVM: ![[LOOP]] = distinct !{![[LOOP]], ![[DISABLE:[0-9]+]]}
// LLVM: ![[DISABLE]] = !{!"llvm.loop.unroll.disable"}
func.func @glue(%padded: memref<8x10x10x16xf32>, %view: memref<8x10x10x16xf32>, %scratch: memref<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %left = memref.subview %padded[0, 0, 0, 0] [8, 10, 1, 16] [1, 1, 1, 1]
      : memref<8x10x10x16xf32> to memref<8x10x1x16xf32, strided<[1600, 160, 16, 1]>>
  linalg.fill ins(%zero : f32) outs(%left : memref<8x10x1x16xf32, strided<[1600, 160, 16, 1]>>)
  %src = memref.subview %view[0, 1, 1, 0] [8, 8, 8, 16] [1, 1, 1, 1]
      : memref<8x10x10x16xf32> to memref<8x8x8x16xf32, strided<[1600, 160, 16, 1], offset: 176>>
  %dst = memref.subview %padded[0, 1, 1, 0] [8, 8, 8, 16] [1, 1, 1, 1]
      : memref<8x10x10x16xf32> to memref<8x8x8x16xf32, strided<[1600, 160, 16, 1], offset: 176>>
  linalg.copy ins(%src : memref<8x8x8x16xf32, strided<[1600, 160, 16, 1], offset: 176>>)
      outs(%dst : memref<8x8x8x16xf32, strided<[1600, 160, 16, 1], offset: 176>>)
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    linalg.fill ins(%zero : f32) outs(%scratch : memref<4x16xf32>)
  }
  return
}
