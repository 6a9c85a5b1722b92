// RUN: resnet-opt --resnet-outline-layers %s | FileCheck %s
// RUN: resnet-opt --resnet-outline-layers --convert-func-to-llvm=use-bare-ptr-memref-call-conv %s | FileCheck %s --check-prefix=LLVM

// Two layers with the same loop over other weights and other buffers call
// one function; the weights and buffers are its arguments, the constants
// (bounds, the zero) are cloned into it.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[IN:.*]]: memref<4x64xf32>, %[[OUT:.*]]: memref<4x64xf32>)
// CHECK-DAG:     %[[W0:.*]] = memref.get_global @w0
// CHECK-DAG:     %[[W1:.*]] = memref.get_global @w1
// CHECK-DAG:     %[[W2:.*]] = memref.get_global @w2
// CHECK-DAG:     %[[TMP:.*]] = memref.alloca() : memref<4x64xf32>
// CHECK:         call @main_layer0(%[[IN]], %[[W0]], %[[TMP]])
// CHECK-NEXT:    call @main_layer0(%[[TMP]], %[[W1]], %[[OUT]])
// A different bound: a function of its own.
// CHECK-NEXT:    call @main_layer2(%[[OUT]], %[[W2]], %[[TMP]])
// CHECK-NEXT:    return
// CHECK:       func.func private @main_layer0(%{{.*}}: memref<4x64xf32>, %{{.*}}: memref<64xf32>, %{{.*}}: memref<4x64xf32>)
// CHECK-SAME:      attributes {llvm.linkage = #llvm.linkage<internal>}
// CHECK-DAG:     arith.constant 0.000000e+00 : f32
// CHECK-DAG:     arith.constant 64 : index
// CHECK:         scf.forall (%{{.*}}) in (4)
// CHECK:         } {resnet.layer_tag = "conv"}
// CHECK-NEXT:    return
// CHECK:       func.func private @main_layer2(
// CHECK:         scf.forall (%{{.*}}) in (2)

// A buffer that no bare pointer can carry (a dynamic shape): the loop
// stays in place.
// CHECK-LABEL: func.func @kept(
// CHECK-NEXT:    scf.forall
// CHECK-NOT:   func.func private

// The functions stay internal to the object, called with bare pointers.
// LLVM-LABEL: llvm.func @main(
// LLVM-COUNT-2: llvm.call @main_layer0(
// LLVM:       llvm.func internal @main_layer0(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// LLVM:         scf.forall
memref.global "private" constant @w0 : memref<64xf32> = dense<1.0>
memref.global "private" constant @w1 : memref<64xf32> = dense<2.0>
memref.global "private" constant @w2 : memref<64xf32> = dense<3.0>

func.func @main(%in: memref<4x64xf32>, %out: memref<4x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %c64 = arith.constant 64 : index
  %w0 = memref.get_global @w0 : memref<64xf32>
  %w1 = memref.get_global @w1 : memref<64xf32>
  %w2 = memref.get_global @w2 : memref<64xf32>
  %tmp = memref.alloca() : memref<4x64xf32>
  scf.forall (%i) in (4) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %j = %c0 to %c64 step %c1 {
      %x = memref.load %in[%i, %j] : memref<4x64xf32>
      %w = memref.load %w0[%j] : memref<64xf32>
      %y = arith.mulf %x, %w : f32
      %r = arith.maximumf %y, %zero : f32
      memref.store %r, %tmp[%i, %j] : memref<4x64xf32>
    }
  } {resnet.layer_tag = "conv"}
  scf.forall (%i) in (4) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %j = %c0 to %c64 step %c1 {
      %x = memref.load %tmp[%i, %j] : memref<4x64xf32>
      %w = memref.load %w1[%j] : memref<64xf32>
      %y = arith.mulf %x, %w : f32
      %r = arith.maximumf %y, %zero : f32
      memref.store %r, %out[%i, %j] : memref<4x64xf32>
    }
  } {resnet.layer_tag = "conv"}
  scf.forall (%i) in (2) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %j = %c0 to %c64 step %c1 {
      %x = memref.load %out[%i, %j] : memref<4x64xf32>
      %w = memref.load %w2[%j] : memref<64xf32>
      %y = arith.mulf %x, %w : f32
      %r = arith.maximumf %y, %zero : f32
      memref.store %r, %tmp[%i, %j] : memref<4x64xf32>
    }
  } {resnet.layer_tag = "conv"}
  return
}

func.func @kept(%dyn: memref<?xf32>) {
  scf.forall (%i) in (4) {
    %c0 = arith.constant 0 : index
    %x = memref.load %dyn[%i] : memref<?xf32>
    memref.store %x, %dyn[%c0] : memref<?xf32>
  }
  return
}
