// RUN: resnet-opt %s --pass-pipeline="builtin.module(func.func(resnet-to-linalg),resnet-lower-trace,canonicalize)" | FileCheck %s

// Each resnet.trace becomes a call of resnet_trace_write with the layer's
// table index, the buffer's aligned pointer and offset, the rank, the sizes
// in the traced (NCHW) order and the strides of the storage permuted into
// that order: the conv's NHWC result is read in place (no transpose is left
// in the code), strides (N, C, H, W) = storage strides #0, #3, #1, #2.
// Unused dimensions have size 1 and stride 0. The table holds the names.

// CHECK-LABEL: func.func @layers
// CHECK-DAG:  %[[L0:.*]] = arith.constant 0 : i64
// CHECK-DAG:  %[[L1:.*]] = arith.constant 1 : i64
// CHECK-DAG:  %[[TWO:.*]] = arith.constant 2 : i64
// CHECK-DAG:  %[[FOUR:.*]] = arith.constant 4 : i64
// CHECK-DAG:  %[[EIGHT:.*]] = arith.constant 8 : i64
// CHECK:      %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf
// CHECK-NEXT: %[[BUF:.*]] = bufferization.to_buffer %[[CONV]] read_only : tensor<1x4x4x8xf32> to memref<1x4x4x8xf32, strided<[?, ?, ?, ?], offset: ?>>
// CHECK-NEXT: %{{.*}}, %[[OFF:.*]], %{{.*}}:4, %[[ST:.*]]:4 = memref.extract_strided_metadata %[[BUF]]
// CHECK-NEXT: %[[PTR:.*]] = memref.extract_aligned_pointer_as_index %[[BUF]]
// CHECK-NEXT: %[[P:.*]] = arith.index_cast %[[PTR]]
// CHECK-NEXT: %[[O:.*]] = arith.index_cast %[[OFF]]
// CHECK-NEXT: %[[SN:.*]] = arith.index_cast %[[ST]]#0
// CHECK-NEXT: %[[SC:.*]] = arith.index_cast %[[ST]]#3
// CHECK-NEXT: %[[SH:.*]] = arith.index_cast %[[ST]]#1
// CHECK-NEXT: %[[SW:.*]] = arith.index_cast %[[ST]]#2
// CHECK-NEXT: call @resnet_trace_write(%[[L0]], %[[P]], %[[O]], %[[FOUR]], %[[L1]], %[[EIGHT]], %[[FOUR]], %[[FOUR]], %[[SN]], %[[SC]], %[[SH]], %[[SW]])
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[FC:.*]] = linalg.matmul
// CHECK-NEXT: %[[BUF2:.*]] = bufferization.to_buffer %[[FC]] read_only : tensor<1x2xf32> to memref<1x2xf32, strided<[?, ?], offset: ?>>
// CHECK:      call @resnet_trace_write(%[[L1]], %{{.*}}, %{{.*}}, %[[TWO]], %[[L1]], %[[TWO]], %[[L1]], %[[L1]], %{{.*}}, %{{.*}}, %[[L0]], %[[L0]])
// CHECK-NEXT: return %[[FC]]
// CHECK:      func.func private @resnet_trace_write(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// CHECK:      llvm.mlir.global external constant @resnet_trace_count(2 : i64)
// CHECK:      llvm.mlir.global external constant @resnet_trace_names("L1/conv\00L2\00\00")
func.func @layers(%x: tensor<1x3x4x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32>
  %fw = arith.constant dense<0.1> : tensor<2x8xf32>
  %c = resnet.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : tensor<1x3x4x4xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x4x4xf32>
  resnet.trace %c "L1/conv" : tensor<1x8x4x4xf32>
  %g = resnet.global_avg_pool %c : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %v = resnet.flatten %g : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %y = resnet.linear %v, %fw : tensor<1x8xf32>, tensor<2x8xf32> -> tensor<1x2xf32>
  resnet.trace %y "L2" : tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
