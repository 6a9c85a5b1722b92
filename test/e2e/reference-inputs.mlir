// Generated inputs (no --input): the documented splitmix64 generator of
// runtime/random.h, seed + k for input k, saved with --write-input; and
// models read from bytecode.
// RUN: rm -rf %t && mkdir -p %t

// The first values of seeds 0 and 1 are pinned: compiled models reproduce
// them, so any change to the formula must show up here.
// RUN: resnet-run %s --entry pair --print | FileCheck %s --check-prefix=SEED0
// SEED0: result 0: 1x4
// SEED0-NEXT: [0]: 0.766622 -0.136944 -0.947132 0.941764
// SEED0-NEXT: result 1: 1x4
// SEED0-NEXT: [0]: 0.133123 0.491563 0.942005 -0.111282
// RUN: resnet-run %s --entry pair --seed 7 --print | FileCheck %s --check-prefix=SEED7
// SEED7: [0]: -0.220341 -0.966424 0.801521 0.165861

// --write-input saves exactly what the model saw; reading it back gives the
// same results.
// RUN: resnet-run %s --entry pair --seed 5 --write-input %t/a.npy --write-input %t/b.npy --output %t/ya.npy --output %t/yb.npy
// RUN: resnet-run %s --entry pair --input %t/a.npy --input %t/b.npy --compare %t/ya.npy --compare %t/yb.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=SAME
// SAME: max_abs_err=0 max_rel_err=0 mismatches=0/4
// SAME-NEXT: max_abs_err=0 max_rel_err=0 mismatches=0/4
// RUN: not resnet-run %s --entry pair --seed 6 --compare %t/ya.npy | FileCheck %s --check-prefix=OTHERSEED
// OTHERSEED: mismatches=4/4

// RUN: not resnet-run %s --entry pair --write-input %t/a.npy --write-input %t/b.npy --write-input %t/c.npy 2>&1 | FileCheck %s --check-prefix=TOOMANY
// TOOMANY: resnet-run: error: --write-input given 3 times, but 'pair' takes 2 inputs

func.func @pair(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  return %a, %b : tensor<1x4xf32>, tensor<1x4xf32>
}

// A larger input against the formula re-implemented in numpy.
// RUN: resnet-run %resnet_src/examples/resnet-small.mlir --seed 42 --write-input %t/x.npy --output %t/y.npy
// RUN: %if numpy %{ %python %S/Inputs/reference_check_random.py 42 %t/x.npy | FileCheck %s --check-prefix=NUMPY %}
// NUMPY: input 0: matches, in [-1, 1): True

// Text, bytecode and stdin ("-") models give identical results.
// RUN: resnet-opt %resnet_src/examples/resnet-small.mlir -emit-bytecode -o %t/small.mlirbc
// RUN: resnet-run %t/small.mlirbc --input %t/x.npy --compare %t/y.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BYTECODE
// BYTECODE: max_abs_err=0 max_rel_err=0 mismatches=0/10
// RUN: resnet-opt %resnet_src/examples/resnet-small.mlir | resnet-run - --input %t/x.npy --compare %t/y.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BYTECODE
