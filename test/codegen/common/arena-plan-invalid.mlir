// What --resnet-plan-arena leaves out of the arena (a remark each with
// emit-remarks; the code keeps these allocations) and what it refuses.
// RUN: resnet-opt %s --resnet-plan-arena="emit-remarks" --split-input-file -allow-unregistered-dialect -verify-diagnostics
// RUN: not resnet-opt %s --resnet-plan-arena="alignment=48" --split-input-file -allow-unregistered-dialect 2>&1 | FileCheck %s --check-prefix=ALIGN
// ALIGN: error: resnet-plan-arena: alignment must be a power of two, got 48

func.func @left_alone(%n: index) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-remark @below {{left out of the arena: allocated inside a region, not in the function's body}}
    %t = memref.alloca() : memref<4xf32>
    "test.use"(%t) : (memref<4xf32>) -> ()
  }
  // expected-remark @below {{left out of the arena: dynamic shape}}
  %d = memref.alloc(%n) : memref<?xf32>
  "test.use"(%d) : (memref<?xf32>) -> ()
  // expected-remark @below {{left out of the arena: not an identity-layout memref in the default memory space}}
  %s = memref.alloc() : memref<4xf32, strided<[2]>>
  "test.use"(%s) : (memref<4xf32, strided<[2]>>) -> ()
  // expected-remark @below {{left out of the arena: element type without a byte size}}
  %b = memref.alloc() : memref<4xi1>
  "test.use"(%b) : (memref<4xi1>) -> ()
  // expected-remark @below {{left out of the arena: asks for more alignment than the arena's}}
  %a = memref.alloc() {alignment = 128 : i64} : memref<4xf32>
  "test.use"(%a) : (memref<4xf32>) -> ()
  // expected-remark @below {{left out of the arena: escapes the function (returned or passed to a call)}}
  %c = memref.alloc() : memref<4xf32>
  func.call @sink(%c) : (memref<4xf32>) -> ()
  // expected-remark @below {{left out of the arena: escapes the function (returned or passed to a call)}}
  %r = memref.alloc() : memref<4xf32>
  %v = memref.subview %r[0] [4] [1] : memref<4xf32> to memref<4xf32, strided<[1]>>
  %w = memref.cast %v : memref<4xf32, strided<[1]>> to memref<4xf32>
  return %w : memref<4xf32>
}
func.func private @sink(memref<4xf32>)

// -----

// The plan is per top block; a body with branches is refused.
// expected-error @below {{cannot plan the activation arena of a function with 2 blocks}}
func.func @branches(%flag: i1) {
  %t = memref.alloc() : memref<4xf32>
  cf.cond_br %flag, ^bb1, ^bb1
^bb1:
  "test.use"(%t) : (memref<4xf32>) -> ()
  return
}
