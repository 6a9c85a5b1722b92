// --resnet-optimize keeps the numbers: layers outside blocks on 7x7: conv with bias before BN, a conv with two users, a standalone BN, add(r, conv), relu(relu), a standalone projection shortcut.
// Random weights and non-trivial BN statistics come from Inputs/make_model.py;
// resnet-run (the reference interpreter) evaluates the model before and after
// on its generated input (seed 0). Tolerance: rtol 1e-4, atol 1e-5 (for
// elements near zero); the folded weights are rounded to f32 once, so the
// expected difference is a few ulps.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make_model.py layers %t/model.mlir
// RUN: resnet-run %t/model.mlir --output %t/expected.npy
// RUN: resnet-opt %t/model.mlir --resnet-optimize -o %t/optimized.mlir
// RUN: FileCheck %s --check-prefix=IR < %t/optimized.mlir
// RUN: resnet-run %t/optimized.mlir --compare %t/expected.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s

// CHECK: mismatches=0/128

// The BN after the conv with two users and the standalone BN stay, in
// scale-and-shift form; the add of that BN and the conv stays; the rest fuses.
// IR:     resnet.fused_conv
// IR:     resnet.fused_conv
// IR:     resnet.batch_norm {{.*}} {epsilon = 0.000000e+00 : f64}
// IR:     resnet.batch_norm {{.*}} {epsilon = 0.000000e+00 : f64}
// IR:     resnet.add
// IR:     resnet.fused_conv {{.*}} residual {{.*}} {pads = array<i64: 1, 1, 1, 1>, relu}
// IR:     resnet.fused_conv {{.*}} {strides = array<i64: 2, 2>}
// IR-NOT: resnet.relu
