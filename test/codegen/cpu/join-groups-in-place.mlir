// RUN: resnet-opt --resnet-join-groups-in-place %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-join-groups-in-place --one-shot-bufferize="bufferize-function-boundaries" %s -split-input-file | FileCheck %s --check-prefix=BUF

#id = affine_map<(i, j) -> (i, j)>

// Two groups' results joined along the batch: each group's last op (the
// second one through its fill) computes in its slice of the joined batch,
// allocated where the first group's result is first written; one buffer
// after bufferization, no copy between two buffers.
// CHECK-LABEL: func.func @groups(
// CHECK-SAME: %[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<2x4xf32>)
// CHECK-NOT: tensor.concat
// CHECK: %[[J:.*]] = tensor.empty() : tensor<4x4xf32>
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[J]][0, 0] [2, 4] [1, 1]
// CHECK: %[[X:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<2x4xf32>) outs(%[[S0]] : tensor<2x4xf32>)
// CHECK: %[[J0:.*]] = tensor.insert_slice %[[X]] into %[[J]][0, 0] [2, 4] [1, 1]
// CHECK: %[[S1:.*]] = tensor.extract_slice %[[J0]][2, 0] [2, 4] [1, 1]
// CHECK: %[[F:.*]] = linalg.fill {{.*}} outs(%[[S1]] : tensor<2x4xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<2x4xf32>) outs(%[[F]] : tensor<2x4xf32>)
// CHECK: %[[J1:.*]] = tensor.insert_slice %[[Y]] into %[[J0]][2, 0] [2, 4] [1, 1]
// CHECK: return %[[J1]]
// BUF-LABEL: func.func @groups(
// BUF-COUNT-1: memref.alloc
// BUF-NOT: memref.alloc
// BUF: return
func.func @groups(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<4x4xf32> {
  %e0 = tensor.empty() : tensor<2x4xf32>
  %x = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<2x4xf32>) outs(%e0 : tensor<2x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.addf %i, %i : f32
    linalg.yield %r : f32
  } -> tensor<2x4xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<2x4xf32>) outs(%f : tensor<2x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.addf %i, %o : f32
    linalg.yield %r : f32
  } -> tensor<2x4xf32>
  %c = tensor.concat dim(0) %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %c : tensor<4x4xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>

// A part that is not computed here (an argument), or a concat along
// another dimension: left as it is.
// CHECK-LABEL: func.func @not_groups(
// CHECK: tensor.concat dim(0)
// CHECK: tensor.concat dim(1)
func.func @not_groups(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> (tensor<4x4xf32>, tensor<2x8xf32>) {
  %e = tensor.empty() : tensor<2x4xf32>
  %x = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.addf %i, %i : f32
    linalg.yield %r : f32
  } -> tensor<2x4xf32>
  %c = tensor.concat dim(0) %x, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
  %d = tensor.concat dim(1) %x, %x : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  return %c, %d : tensor<4x4xf32>, tensor<2x8xf32>
}
