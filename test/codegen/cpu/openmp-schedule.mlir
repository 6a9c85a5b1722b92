// RUN: resnet-opt --convert-scf-to-openmp --resnet-openmp-schedule %s | FileCheck %s
// RUN: resnet-opt --convert-scf-to-openmp --resnet-openmp-schedule=schedule=static %s | FileCheck %s --check-prefix=STATIC
// RUN: resnet-opt --convert-scf-to-openmp --resnet-openmp-schedule=schedule=dynamic %s | FileCheck %s --check-prefix=DYNAMIC
// RUN: not resnet-opt --convert-scf-to-openmp --resnet-openmp-schedule=schedule=fast %s 2>&1 | FileCheck %s --check-prefix=BAD

// A layer's tile loop (scf.parallel, from its scf.forall) becomes an OpenMP
// worksharing loop; its tiles are handed out in guided chunks by default.
// CHECK-LABEL: func.func @layer
// CHECK: omp.parallel
// CHECK: omp.wsloop schedule(guided)
// STATIC: omp.wsloop schedule(static)
// DYNAMIC: omp.wsloop schedule(dynamic)
// BAD: error: resnet-openmp-schedule: schedule must be static, dynamic or guided, got 'fast'
func.func @layer(%buf: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    memref.store %zero, %buf[%i] : memref<64xf32>
  }
  return
}
