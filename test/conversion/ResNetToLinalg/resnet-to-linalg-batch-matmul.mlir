// RUN: resnet-opt --resnet-to-linalg --split-input-file %s | FileCheck %s

// A right-hand side without batch dimensions of its own is shared by every
// batch: one linalg.matmul over the lhs's batch x N rows, no copy.
// CHECK-LABEL: func.func @shared_rhs
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2], [3]] : tensor<2x3x4x5xf32> into tensor<24x5xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[ROWS]], %arg1 : tensor<24x5xf32>, tensor<5x6xf32>)
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0, 1, 2], [3]] output_shape [2, 3, 4, 6] : tensor<24x6xf32> into tensor<2x3x4x6xf32>
// CHECK: return %[[Y]]
func.func @shared_rhs(%a: tensor<2x3x4x5xf32>, %w: tensor<5x6xf32>) -> tensor<2x3x4x6xf32> {
  %0 = resnet.batch_matmul %a, %w : tensor<2x3x4x5xf32>, tensor<5x6xf32> -> tensor<2x3x4x6xf32>
  return %0 : tensor<2x3x4x6xf32>
}

// -----

// Size-1 batch dimensions of a shared matrix collapse into its rows.
// CHECK-LABEL: func.func @shared_rhs_unit_batch
// CHECK: %[[W:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1], [2]] : tensor<1x5x6xf32> into tensor<5x6xf32>
// CHECK: linalg.matmul ins(%{{.*}}, %[[W]] : tensor<6x5xf32>, tensor<5x6xf32>)
func.func @shared_rhs_unit_batch(%a: tensor<2x3x5xf32>, %w: tensor<1x5x6xf32>) -> tensor<2x3x6xf32> {
  %0 = resnet.batch_matmul %a, %w : tensor<2x3x5xf32>, tensor<1x5x6xf32> -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

// Equal batch dimensions (ONNX's test_matmul_3d): a linalg.batch_matmul of
// the operands as they are.
// CHECK-LABEL: func.func @same_batch
// CHECK-NOT: linalg.generic
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%arg0, %arg1 : tensor<2x3x4xf32>, tensor<2x4x3xf32>)
// CHECK-NEXT: return %[[P]]
func.func @same_batch(%a: tensor<2x3x4xf32>, %b: tensor<2x4x3xf32>) -> tensor<2x3x3xf32> {
  %0 = resnet.batch_matmul %a, %b : tensor<2x3x4xf32>, tensor<2x4x3xf32> -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}

// -----

// A right-hand side lacking the first batch dimension is repeated along it
// (a copy that reads dimensions 1..3), the batch dimensions collapse into
// one (2 x 3 = 6), and the product is expanded back.
// CHECK-DAG: #[[DROP0:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @broadcast_rhs
// CHECK: %[[A:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2], [3]] : tensor<2x3x4x6xf32> into tensor<6x4x6xf32>
// CHECK: %[[BW:.*]] = linalg.generic {indexing_maps = [#[[DROP0]], #[[ID]]]{{.*}} ins(%arg1 : tensor<3x6x2xf32>) outs(%{{.*}} : tensor<2x3x6x2xf32>)
// CHECK: %[[W:.*]] = tensor.collapse_shape %[[BW]] {{\[\[}}0, 1], [2], [3]] : tensor<2x3x6x2xf32> into tensor<6x6x2xf32>
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%[[A]], %[[W]] : tensor<6x4x6xf32>, tensor<6x6x2xf32>)
// CHECK: tensor.expand_shape %[[P]] {{\[\[}}0, 1], [2], [3]] output_shape [2, 3, 4, 2] : tensor<6x4x2xf32> into tensor<2x3x4x2xf32>
func.func @broadcast_rhs(%a: tensor<2x3x4x6xf32>, %w: tensor<3x6x2xf32>) -> tensor<2x3x4x2xf32> {
  %0 = resnet.batch_matmul %a, %w : tensor<2x3x4x6xf32>, tensor<3x6x2xf32> -> tensor<2x3x4x2xf32>
  return %0 : tensor<2x3x4x2xf32>
}

// -----

// A size-1 batch dimension of the lhs is read at index 0.
// CHECK-DAG: #[[UNIT:.*]] = affine_map<(d0, d1, d2, d3) -> (0, d1, d2, d3)>
// CHECK-LABEL: func.func @broadcast_lhs
// CHECK: linalg.generic {indexing_maps = [#[[UNIT]], {{.*}}]{{.*}} ins(%arg0 : tensor<1x3x5x4xf32>) outs(%{{.*}} : tensor<2x3x5x4xf32>)
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<6x5x4xf32>, tensor<6x4x2xf32>)
func.func @broadcast_lhs(%a: tensor<1x3x5x4xf32>, %b: tensor<2x3x4x2xf32>) -> tensor<2x3x5x2xf32> {
  %0 = resnet.batch_matmul %a, %b : tensor<1x3x5x4xf32>, tensor<2x3x4x2xf32> -> tensor<2x3x5x2xf32>
  return %0 : tensor<2x3x5x2xf32>
}
