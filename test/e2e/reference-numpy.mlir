// Cross-checks resnet-run against the independent numpy implementation in
// Inputs/reference_numpy.py on random data (weights in dense literals and
// dense_resource blobs). Tolerance: both round to f32 after every op and
// accumulate in double, so they agree to a few f32 ulps.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/reference_numpy.py conv_mixed %t
// RUN: resnet-run %t/conv_mixed.mlir --input %t/conv_mixed.x.npy --compare %t/conv_mixed.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=CONV
// RUN: %python %S/Inputs/reference_numpy.py conv_depthwise %t
// RUN: resnet-run %t/conv_depthwise.mlir --input %t/conv_depthwise.x.npy --compare %t/conv_depthwise.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=DEPTHWISE
// RUN: %python %S/Inputs/reference_numpy.py fused_conv %t
// RUN: resnet-run %t/fused_conv.mlir --input %t/fused_conv.x.npy --compare %t/fused_conv.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=FUSED
// RUN: %python %S/Inputs/reference_numpy.py pools %t
// RUN: resnet-run %t/pools.mlir --input %t/pools.x.npy --compare %t/pools.expected.0.npy --compare %t/pools.expected.1.npy --compare %t/pools.expected.2.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=POOLS
// RUN: %python %S/Inputs/reference_numpy.py batch_norm %t
// RUN: resnet-run %t/batch_norm.mlir --input %t/batch_norm.x.npy --compare %t/batch_norm.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=BN
// RUN: %python %S/Inputs/reference_numpy.py head %t
// RUN: resnet-run %t/head.mlir --input %t/head.x.npy --compare %t/head.expected.0.npy --compare %t/head.expected.1.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=HEAD
// RUN: %python %S/Inputs/reference_numpy.py residual_projection %t
// RUN: resnet-run %t/residual_projection.mlir --input %t/residual_projection.x.npy --compare %t/residual_projection.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=RESPROJ
// RUN: %python %S/Inputs/reference_numpy.py residual_identity %t
// RUN: resnet-run %t/residual_identity.mlir --input %t/residual_identity.x.npy --compare %t/residual_identity.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=RESID
// RUN: %python %S/Inputs/reference_numpy.py bottleneck_projection %t
// RUN: resnet-run %t/bottleneck_projection.mlir --input %t/bottleneck_projection.x.npy --compare %t/bottleneck_projection.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=BOTPROJ
// RUN: %python %S/Inputs/reference_numpy.py bottleneck_identity %t
// RUN: resnet-run %t/bottleneck_identity.mlir --input %t/bottleneck_identity.x.npy --compare %t/bottleneck_identity.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=BOTID
// RUN: %python %S/Inputs/reference_numpy.py shortcut_projection %t
// RUN: resnet-run %t/shortcut_projection.mlir --input %t/shortcut_projection.x.npy --compare %t/shortcut_projection.expected.0.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s --check-prefix=SHORTCUT

// CONV: mismatches=0/300
// DEPTHWISE: mismatches=0/64
// FUSED: mismatches=0/180
// POOLS: mismatches=0/72
// POOLS-NEXT: mismatches=0/72
// POOLS-NEXT: mismatches=0/72
// BN: mismatches=0/120
// HEAD: mismatches=0/10
// HEAD-NEXT: mismatches=0/10
// RESPROJ: mismatches=0/96
// RESID: mismatches=0/150
// BOTPROJ: mismatches=0/72
// BOTID: mismatches=0/256
// SHORTCUT: mismatches=0/36
