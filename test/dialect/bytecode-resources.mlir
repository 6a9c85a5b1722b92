// A module whose weights are dense_resource blobs survives .mlirbc bytecode:
// written, read back, and written again, the ops, the resource references and
// the blob bytes are unchanged.
// RUN: resnet-opt %s -emit-bytecode -o %t.mlirbc
// RUN: head -c 4 %t.mlirbc | FileCheck %s --check-prefix=MAGIC
// RUN: resnet-opt %t.mlirbc | FileCheck %s
// RUN: resnet-opt %t.mlirbc -emit-bytecode | resnet-opt | FileCheck %s
// The blobs stay readable as weights after the trip: the batch norm whose
// statistics are blobs folds (it is an identity), the one that is not stays.
// RUN: resnet-opt %t.mlirbc -canonicalize | FileCheck %s --check-prefix=FOLD

// MAGIC: ML{{.}}R

// CHECK-LABEL: func.func @resource_weights
// CHECK-DAG:     %[[W:.*]] = arith.constant dense_resource<conv_w> : tensor<4x4x1x1xf32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense_resource<ones> : tensor<4xf32>
// CHECK-DAG:     %[[SHIFT:.*]] = arith.constant dense_resource<shift> : tensor<4xf32>
// CHECK:         %[[C:.*]] = resnet.conv2d %arg0, %[[W]], %[[SHIFT]] : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x2x2xf32>
// CHECK:         %[[B:.*]] = resnet.batch_norm %[[C]], %[[ONE]], %[[SHIFT]], %[[SHIFT]], %[[ONE]] {epsilon = 0.000000e+00 : f64} : tensor<1x4x2x2xf32>, tensor<4xf32>
// CHECK:         resnet.batch_norm %[[B]], %[[ONE]], %[[SHIFT]], %[[ONE]], %[[ONE]] {epsilon = 0.000000e+00 : f64}
// CHECK:       {-#
// CHECK-NEXT:    dialect_resources: {
// CHECK-NEXT:      builtin: {
// CHECK-DAG:         conv_w: "0x04000000000000000000803E0000003F0000403F0000803F0000A03F0000C03F0000E03F0000004000001040000020400000304000004040000050400000604000007040"
// CHECK-DAG:         ones: "0x040000000000803F0000803F0000803F0000803F"
// CHECK-DAG:         shift: "0x040000000000003F000080BF0000004000000000"

// FOLD-LABEL: func.func @resource_weights
// FOLD:         %[[C:.*]] = resnet.conv2d
// FOLD-NEXT:    %[[B:.*]] = resnet.batch_norm %[[C]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 0.000000e+00 : f64}
// FOLD-NEXT:    return %[[B]]
func.func @resource_weights(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense_resource<conv_w> : tensor<4x4x1x1xf32>
  %one = arith.constant dense_resource<ones> : tensor<4xf32>
  %shift = arith.constant dense_resource<shift> : tensor<4xf32>
  %0 = resnet.conv2d %x, %w, %shift : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32>, tensor<4xf32> -> tensor<1x4x2x2xf32>
  // mean == bias, scale == variance == 1, epsilon 0: (x - m) + m == x.
  %1 = resnet.batch_norm %0, %one, %shift, %shift, %one {epsilon = 0.0 : f64} : tensor<1x4x2x2xf32>, tensor<4xf32>
  // mean 1 != bias: not an identity.
  %2 = resnet.batch_norm %1, %one, %shift, %one, %one {epsilon = 0.0 : f64} : tensor<1x4x2x2xf32>, tensor<4xf32>
  return %2 : tensor<1x4x2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      conv_w: "0x04000000000000000000803E0000003F0000403F0000803F0000A03F0000C03F0000E03F0000004000001040000020400000304000004040000050400000604000007040",
      ones: "0x040000000000803F0000803F0000803F0000803F",
      shift: "0x040000000000003F000080BF0000004000000000"
    }
  }
#-}
