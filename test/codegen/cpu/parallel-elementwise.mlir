// RUN: resnet-opt --resnet-parallel-elementwise %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-parallel-elementwise=min-elements=100000000 %s -split-input-file | FileCheck %s --check-prefix=SMALL

// The bias and ReLU of a grouped layout (17x33 rows of 32 groups of 8),
// outside any tile loop: an scf.forall over its leading loops, one row per
// iteration (17 of them: a few per thread), each running the op on its row.
#map5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#bias5 = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
// CHECK-LABEL: func.func @grouped_epilogue
// CHECK: scf.forall (%[[ROW:.*]]) in (17) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x17x33x32x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x33x32x8xf32>, tensor<32x8xf32>) outs(%{{.*}} : tensor<1x1x33x32x8xf32>)
// CHECK: scf.forall.in_parallel
// CHECK: tensor.parallel_insert_slice {{.*}}[0, %[[ROW]], 0, 0, 0] [1, 1, 33, 32, 8]
// SMALL-LABEL: func.func @grouped_epilogue
// SMALL-NOT: scf.forall (
func.func @grouped_epilogue(%x: tensor<1x17x33x32x8xf32>, %b: tensor<32x8xf32>) -> tensor<1x17x33x32x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x17x33x32x8xf32>
  %r = linalg.generic {indexing_maps = [#map5, #bias5, #map5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %b : tensor<1x17x33x32x8xf32>, tensor<32x8xf32>) outs(%e : tensor<1x17x33x32x8xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x17x33x32x8xf32>
  return %r : tensor<1x17x33x32x8xf32>
}

// -----

// A layout transpose (NHWC to NCHW at a model's output): channels, then
// rows, until there are 16 iterations (4 channels would not be enough).
// CHECK-LABEL: func.func @to_nchw
// CHECK: scf.forall (%{{.*}}, %{{.*}}) in (4, 128)
// SMALL-LABEL: func.func @to_nchw
// SMALL-NOT: scf.forall (
// SMALL: return
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x1x128x1xf32>) outs(%{{.*}} : tensor<1x1x1x128xf32>) permutation = [0, 3, 1, 2]
func.func @to_nchw(%x: tensor<1x128x128x4xf32>) -> tensor<1x4x128x128xf32> {
  %e = tensor.empty() : tensor<1x4x128x128xf32>
  %t = linalg.transpose ins(%x : tensor<1x128x128x4xf32>) outs(%e : tensor<1x4x128x128xf32>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x4x128x128xf32>
}

// -----

// Left alone: an op too small for a fork/join, a reduction (the global
// pool: its loops are not all parallel), a fill, and an op already inside
// a layer's tile loop.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: scf.forall (
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: linalg.fill
// CHECK: scf.forall (%{{.*}}) in (2)
// CHECK-NOT: scf.forall (
// CHECK: return
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @left_alone(%x: tensor<4x16xf32>, %big: tensor<1024x1024xf32>) -> (tensor<4x16xf32>, tensor<1024xf32>, tensor<1024x1024xf32>, tensor<2x1024x1024xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %small = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x16xf32>
  %re = tensor.empty() : tensor<1024xf32>
  %sum = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]}
      ins(%big : tensor<1024x1024xf32>) outs(%re : tensor<1024xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<1024xf32>
  %be = tensor.empty() : tensor<1024x1024xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%be : tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  %te = tensor.empty() : tensor<2x1024x1024xf32>
  %tiled = scf.forall (%i) in (2) shared_outs(%o = %te) -> (tensor<2x1024x1024xf32>) {
    %te1 = tensor.empty() : tensor<1024x1024xf32>
    %r = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%big : tensor<1024x1024xf32>) outs(%te1 : tensor<1024x1024xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %in, %zero : f32
      linalg.yield %m : f32
    } -> tensor<1024x1024xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %r into %o[%i, 0, 0] [1, 1024, 1024] [1, 1, 1] : tensor<1024x1024xf32> into tensor<2x1024x1024xf32>
    }
  }
  return %small, %sum, %filled, %tiled : tensor<4x16xf32>, tensor<1024xf32>, tensor<1024x1024xf32>, tensor<2x1024x1024xf32>
}
