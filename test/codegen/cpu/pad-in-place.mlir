// RUN: resnet-opt --resnet-pad-in-place %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-pad-in-place --one-shot-bufferize="bufferize-function-boundaries" -cse -canonicalize %s -split-input-file | FileCheck %s --check-prefix=BUF

// The border of the padded tensor is filled (rows, then columns), the
// producer writes into its interior; the pad becomes an insert_slice of
// that same slice, and bufferizes to nothing: each element written once,
// no copy of the activation.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @relu_then_pad
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x10x10x16xf32>
// CHECK: %[[T:.*]] = tensor.extract_slice %[[E]][0, 0, 0, 0] [1, 1, 10, 16]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[T]] : tensor<1x1x10x16xf32>)
// CHECK: tensor.extract_slice %{{.*}}[0, 9, 0, 0] [1, 1, 10, 16]
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 10, 1, 16]
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 9, 0] [1, 10, 1, 16]
// CHECK: linalg.fill
// CHECK: %[[F:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 9, 0] [1, 10, 1, 16]
// CHECK: %[[S:.*]] = tensor.extract_slice %[[F]][0, 1, 1, 0] [1, 8, 8, 16] [1, 1, 1, 1]
// CHECK: %[[R:.*]] = linalg.generic {{.*}} outs(%[[S]] : tensor<1x8x8x16xf32>)
// CHECK: tensor.insert_slice %[[R]] into %[[F]][0, 1, 1, 0] [1, 8, 8, 16] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// BUF-LABEL: func.func @relu_then_pad
// BUF: %[[A:.*]] = memref.alloc() {{.*}} : memref<1x10x10x16xf32>
// BUF-COUNT-4: linalg.fill {{.*}} : memref<1x{{1x10|10x1}}x16xf32, strided<[1600, 160, 16, 1]{{.*}}>>)
// BUF: %[[V:.*]] = memref.subview %[[A]][0, 1, 1, 0] [1, 8, 8, 16] [1, 1, 1, 1]
// BUF: linalg.generic {{.*}} outs(%[[V]] : memref<1x8x8x16xf32, strided<[1600, 160, 16, 1], offset: 176>>)
// BUF-NOT: memref.copy
// The copy of the slice onto itself folds away (cse + canonicalize).
// BUF: return %[[A]]
func.func @relu_then_pad(%x: tensor<1x8x8x16xf32>) -> tensor<1x10x10x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x8x8x16xf32>) outs(%e : tensor<1x8x8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x8x16xf32>
  %p = tensor.pad %r low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
  return %p : tensor<1x10x10x16xf32>
}

// -----

// A function argument has no producer to redirect: the pad stays.
// CHECK-LABEL: func.func @argument
// CHECK: tensor.pad
func.func @argument(%x: tensor<1x8x8x16xf32>) -> tensor<1x10x10x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
  return %p : tensor<1x10x10x16xf32>
}

// -----

// A padding value that is not a constant: the pad stays.
// CHECK-LABEL: func.func @dynamic_value
// CHECK: tensor.pad
func.func @dynamic_value(%x: tensor<1x8x8x16xf32>, %v: f32) -> tensor<1x10x10x16xf32> {
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %c = linalg.copy ins(%x : tensor<1x8x8x16xf32>) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %p = tensor.pad %c low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %v : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
  return %p : tensor<1x10x10x16xf32>
}

// -----

// A layer computed in two parts (a peeled remainder: each part writes a
// slice of the layer's destination, the second inserted into the first's
// insert): the padded buffer goes before the destination, whose every use
// becomes the padded interior, so both parts write into it in place (the
// last insert alone would get it from empty-tensor elimination, and the
// first part would be copied).
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @parts_then_pad
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x9x9x16xf32>
// CHECK: %[[F:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 8, 0] [1, 9, 1, 16]
// CHECK: %[[I:.*]] = tensor.extract_slice %[[F]][0, 1, 1, 0] [1, 7, 7, 16]
// CHECK: tensor.extract_slice %[[I]][0, 0, 0, 0] [1, 7, 4, 16]
// CHECK: tensor.insert_slice %{{.*}} into %[[I]][0, 0, 0, 0] [1, 7, 4, 16]
// CHECK-NOT: tensor.empty
// CHECK-NOT: tensor.pad
// BUF-LABEL: func.func @parts_then_pad
// BUF: %[[A:.*]] = memref.alloc() {{.*}} : memref<1x9x9x16xf32>
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: return %[[A]]
func.func @parts_then_pad(%x: tensor<1x7x7x16xf32>) -> tensor<1x9x9x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x16xf32>
  %xa = tensor.extract_slice %x[0, 0, 0, 0] [1, 7, 4, 16] [1, 1, 1, 1] : tensor<1x7x7x16xf32> to tensor<1x7x4x16xf32>
  %ea = tensor.extract_slice %e[0, 0, 0, 0] [1, 7, 4, 16] [1, 1, 1, 1] : tensor<1x7x7x16xf32> to tensor<1x7x4x16xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%xa : tensor<1x7x4x16xf32>) outs(%ea : tensor<1x7x4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x7x4x16xf32>
  %ia = tensor.insert_slice %a into %e[0, 0, 0, 0] [1, 7, 4, 16] [1, 1, 1, 1] : tensor<1x7x4x16xf32> into tensor<1x7x7x16xf32>
  %xb = tensor.extract_slice %x[0, 0, 4, 0] [1, 7, 3, 16] [1, 1, 1, 1] : tensor<1x7x7x16xf32> to tensor<1x7x3x16xf32>
  %eb = tensor.extract_slice %ia[0, 0, 4, 0] [1, 7, 3, 16] [1, 1, 1, 1] : tensor<1x7x7x16xf32> to tensor<1x7x3x16xf32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%xb : tensor<1x7x3x16xf32>) outs(%eb : tensor<1x7x3x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x7x3x16xf32>
  %ib = tensor.insert_slice %b into %ia[0, 0, 4, 0] [1, 7, 3, 16] [1, 1, 1, 1] : tensor<1x7x3x16xf32> into tensor<1x7x7x16xf32>
  %p = tensor.pad %ib low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x7x7x16xf32> to tensor<1x9x9x16xf32>
  return %p : tensor<1x9x9x16xf32>
}

// -----

// A layout transpose written in blocks (--resnet-block-transposes: a loop
// over a reshaped view of an empty tensor, the result reshaped back), then
// padded: the model's NCHW input before its stem. The padded buffer goes
// before that empty tensor, whose view becomes one of the padded interior:
// the loop writes it in place, not into a buffer of its own copied after.
#in = affine_map<(d0, d1, d2, d3, d4) -> (d0, d4, d1, d2, d3)>
#out = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @blocked_transpose_then_pad
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x6x6x3xf32>
// CHECK: %[[F:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 5, 0] [1, 6, 1, 3]
// CHECK: %[[I:.*]] = tensor.extract_slice %[[F]][0, 1, 1, 0] [1, 4, 4, 3]
// CHECK: %[[V:.*]] = tensor.expand_shape %[[I]] {{\[}}[0], [1], [2, 3], [4]] output_shape [1, 4, 2, 2, 3]
// CHECK: scf.forall ({{.*}}) in (4) shared_outs({{.*}} = %[[V]])
// CHECK-NOT: tensor.pad
// BUF-LABEL: func.func @blocked_transpose_then_pad
// BUF: %[[A:.*]] = memref.alloc() {{.*}} : memref<1x6x6x3xf32>
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: return %[[A]]
func.func @blocked_transpose_then_pad(%x: tensor<1x3x4x2x2xf32>) -> tensor<1x6x6x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x3xf32>
  %v = tensor.expand_shape %e [[0], [1], [2, 3], [4]] output_shape [1, 4, 2, 2, 3] : tensor<1x4x4x3xf32> into tensor<1x4x2x2x3xf32>
  %t = scf.forall (%r) in (4) shared_outs(%o = %v) -> (tensor<1x4x2x2x3xf32>) {
    %xs = tensor.extract_slice %x[0, 0, %r, 0, 0] [1, 3, 1, 2, 2] [1, 1, 1, 1, 1] : tensor<1x3x4x2x2xf32> to tensor<1x3x1x2x2xf32>
    %os = tensor.extract_slice %o[0, %r, 0, 0, 0] [1, 1, 2, 2, 3] [1, 1, 1, 1, 1] : tensor<1x4x2x2x3xf32> to tensor<1x1x2x2x3xf32>
    %g = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
        ins(%xs : tensor<1x3x1x2x2xf32>) outs(%os : tensor<1x1x2x2x3xf32>) {
    ^bb0(%a: f32, %b: f32):
      linalg.yield %a : f32
    } -> tensor<1x1x2x2x3xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %g into %o[0, %r, 0, 0, 0] [1, 1, 2, 2, 3] [1, 1, 1, 1, 1] : tensor<1x1x2x2x3xf32> into tensor<1x4x2x2x3xf32>
    }
  }
  %c = tensor.collapse_shape %t [[0], [1], [2, 3], [4]] : tensor<1x4x2x2x3xf32> into tensor<1x4x4x3xf32>
  %p = tensor.pad %c low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x3xf32> to tensor<1x6x6x3xf32>
  return %p : tensor<1x6x6x3xf32>
}
