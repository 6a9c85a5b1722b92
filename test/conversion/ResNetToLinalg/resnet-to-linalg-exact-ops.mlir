// RUN: resnet-opt --resnet-to-linalg --split-input-file %s | FileCheck %s

// transpose is a linalg.transpose with the same permutation.
// CHECK-LABEL: func.func @transpose
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x6xf32>
// CHECK: linalg.transpose ins(%arg0 : tensor<6x3xf32>) outs(%[[E]] : tensor<3x6xf32>) permutation = [1, 0]
func.func @transpose(%a: tensor<6x3xf32>) -> tensor<3x6xf32> {
  %0 = resnet.transpose %a {permutation = array<i64: 1, 0>} : tensor<6x3xf32> -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// wrap_integer: t = trunc(x); t - floor(t / 2^bits) * 2^bits, and for a
// signed type minus 2^bits from 2^(bits-1) up.
// CHECK-LABEL: func.func @wrap_signed
// CHECK: linalg.generic
// CHECK: %[[T:.*]] = math.trunc %{{.*}} : f32
// CHECK: %[[Q:.*]] = arith.mulf %[[T]], %{{.*}} : f32
// CHECK: %[[F:.*]] = math.floor %[[Q]] : f32
// CHECK: %[[M:.*]] = arith.mulf %[[F]], %{{.*}} : f32
// CHECK: %[[R:.*]] = arith.subf %[[T]], %[[M]] : f32
// CHECK: %[[HIGH:.*]] = arith.cmpf oge, %[[R]], %{{.*}} : f32
// CHECK: %[[S:.*]] = arith.subf %[[R]], %{{.*}} : f32
// CHECK: arith.select %[[HIGH]], %[[S]], %[[R]] : f32
func.func @wrap_signed(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = resnet.wrap_integer %x {bits = 8, is_signed = true} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// max_pool2d_indices: a window reduction over the -inf-padded NHWC input
// with two results (the maximum and its row-major position, +inf for
// padding), then the position made an index over the whole input.
// CHECK-LABEL: func.func @indices
// CHECK-DAG: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[NEGINF]]
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]{{.*}} ins(%[[PAD]], %{{.*}} : tensor<1x7x7x2xf32>, tensor<3x3xf32>) outs(%{{.*}}, %{{.*}} : tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>)
// CHECK: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32, %[[BEST:.*]]: f32, %[[BESTKEY:.*]]: f32):
// CHECK: %[[KEY:.*]] = arith.select %{{.*}}, %{{.*}}, %[[INF]] : f32
// CHECK-DAG: %[[EARLIER:.*]] = arith.cmpf olt, %[[KEY]], %[[BESTKEY]] : f32
// CHECK-DAG: %[[EQ:.*]] = arith.cmpf oeq, %[[V]], %[[BEST]] : f32
// CHECK-DAG: %[[GT:.*]] = arith.cmpf ogt, %[[V]], %[[BEST]] : f32
// CHECK: linalg.yield
// CHECK: linalg.generic {{.*}} ins(%[[R]]#1 : tensor<1x3x3x2xf32>)
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: arith.divsi
// CHECK: arith.remsi
// CHECK: arith.sitofp %{{.*}} : i64 to f32
func.func @indices(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = resnet.max_pool2d_indices %x {column_major = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}
