// RUN: resnet-opt %s --resnet-profile-instrument | FileCheck %s

// Runs of top-level ops of one layer are bracketed by begin/end calls with
// the layer's index in the table (order of first appearance). Allocations,
// views and constants do not end a run; a compute op no layer claims is
// grouped under its op name; a layer seen again reuses its index.

#conv = loc(fused<{flops = 100 : i64, name = "conv A", resnet.profile_layer = 0 : i64}>["a"])
#relu = loc(fused<{flops = 7 : i64, name = "relu B", resnet.profile_layer = 1 : i64}>["b"])

// CHECK-LABEL: func.func @model
// CHECK:       %[[C0:.*]] = arith.constant 0 : i64
// CHECK-NEXT:  call @resnet_prof_begin(%[[C0]]) : (i64) -> ()
// CHECK-NEXT:  linalg.copy
// CHECK-NEXT:  call @resnet_prof_end(%[[C0]]) : (i64) -> ()
// CHECK-NEXT:  %[[C1:.*]] = arith.constant 1 : i64
// CHECK-NEXT:  call @resnet_prof_begin(%[[C1]])
// CHECK-NEXT:  linalg.fill
// CHECK-NEXT:  memref.alloc
// CHECK:       scf.for
// CHECK:         memref.store
// CHECK-NEXT:  }
// CHECK-NEXT:  call @resnet_prof_end(%[[C1]])
// CHECK-NEXT:  %[[C2:.*]] = arith.constant 2 : i64
// CHECK-NEXT:  call @resnet_prof_begin(%[[C2]])
// CHECK-NEXT:  linalg.map
// CHECK:       call @resnet_prof_end(%[[C2]])
// CHECK-NEXT:  %[[C1B:.*]] = arith.constant 1 : i64
// CHECK-NEXT:  call @resnet_prof_begin(%[[C1B]])
// CHECK-NEXT:  linalg.fill
// CHECK-NEXT:  call @resnet_prof_end(%[[C1B]])
// CHECK-NEXT:  memref.dealloc
// CHECK-NEXT:  return
func.func @model(%in: memref<4xf32>, %out: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<4xf32>
  linalg.copy ins(%in : memref<4xf32>) outs(%t : memref<4xf32>)
  linalg.fill ins(%zero : f32) outs(%out : memref<4xf32>) loc(#conv)
  %a = memref.alloc() : memref<4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %zero, %a[%i] : memref<4xf32> loc(#conv)
  }
  linalg.map { math.absf } ins(%t : memref<4xf32>) outs(%a : memref<4xf32>) loc(#relu)
  linalg.fill ins(%zero : f32) outs(%t : memref<4xf32>) loc(#conv)
  memref.dealloc %t : memref<4xf32>
  return
}

// Private functions are not instrumented.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT:   call
// CHECK:       return
func.func private @helper(%out: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<4xf32>) loc(#conv)
  return
}

// Layers whose multiply-adds share a loop nest form one entry, which counts
// their FLOPs (so the single entries above count none); another layer's
// location on a load (a fused epilogue reading a residual) claims nothing.
// CHECK-LABEL: func.func @fused
// CHECK:       %[[F:.*]] = arith.constant 3 : i64
// CHECK-NEXT:  call @resnet_prof_begin(%[[F]])
// CHECK-NEXT:  scf.for
// CHECK:       call @resnet_prof_end(%[[F]])
// CHECK-NEXT:  %[[R:.*]] = arith.constant 2 : i64
// CHECK-NEXT:  call @resnet_prof_begin(%[[R]])
// CHECK-NEXT:  scf.for
// CHECK:       call @resnet_prof_end(%[[R]])
// CHECK-NEXT:  return
func.func @fused(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %x = memref.load %a[%i] : memref<4xf32>
    %y = arith.mulf %x, %x : f32 loc(#conv)
    %z = arith.mulf %y, %x : f32 loc(#relu)
    memref.store %z, %b[%i] : memref<4xf32>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %x = memref.load %a[%i] : memref<4xf32> loc(#conv)
    %y = arith.mulf %x, %x : f32 loc(#relu)
    memref.store %y, %b[%i] : memref<4xf32>
  }
  return
}

// CHECK: func.func private @resnet_prof_begin(i64)
// CHECK: func.func private @resnet_prof_end(i64)
// CHECK: llvm.mlir.global external constant @resnet_profile_count(4 : i64) {addr_space = 0 : i32} : i64
// CHECK: llvm.mlir.global external constant @resnet_profile_flops(dense<[0, 0, 0, 107]> : tensor<4xi64>) {addr_space = 0 : i32} : !llvm.array<4 x i64>
// CHECK: llvm.mlir.global external constant @resnet_profile_names("(linalg.copy)\00conv A\00relu B\00conv A + relu B\00\00") {addr_space = 0 : i32}{{$}}
