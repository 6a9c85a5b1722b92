// --resnet-optimize keeps the numbers: a stride-2 grouped bottleneck with projection (9x9 -> 5x5, groups 4) and an identity bottleneck.
// Random weights and non-trivial BN statistics come from Inputs/make_model.py;
// resnet-run (the reference interpreter) evaluates the model before and after
// on its generated input (seed 0). Tolerance: rtol 1e-4, atol 1e-5 (for
// elements near zero); the folded weights are rounded to f32 once, so the
// expected difference is a few ulps.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make_model.py bottleneck %t/model.mlir
// RUN: resnet-run %t/model.mlir --output %t/expected.npy
// RUN: resnet-opt %t/model.mlir --resnet-optimize -o %t/optimized.mlir
// RUN: FileCheck %s --check-prefix=IR < %t/optimized.mlir
// RUN: resnet-run %t/optimized.mlir --compare %t/expected.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s

// CHECK: mismatches=0/400

// IR-NOT: resnet.batch_norm
// IR-NOT: resnet.bottleneck_block
// IR-COUNT-7: resnet.fused_conv
// IR-NOT: resnet.relu
// IR-NOT: resnet.add
