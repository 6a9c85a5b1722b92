// RUN: resnet-opt --resnet-residual-in-place %s -split-input-file | FileCheck %s
// RUN: resnet-opt --resnet-residual-in-place --one-shot-bufferize="bufferize-function-boundaries" -cse -canonicalize %s -split-input-file | FileCheck %s --check-prefix=BUF

// A layer whose epilogue adds the residual %r at its own tiles, the last
// reader of %r: it takes %r as its destination and reads the residual from
// its shared output; bufferized, the layer writes over %r's buffer (one
// allocation for both, no copy).
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @expand_add
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: scf.forall (%[[H:[a-z0-9]+]], %[[W:[a-z0-9]+]], %[[F:[a-z0-9]+]]) = (0, 0, 0) to (2, 8, 32) step (1, 8, 32) shared_outs(%[[O:[a-z0-9]+]] = %[[R]])
// CHECK: vector.transfer_read %[[O]][%c0, %[[H]], %[[W]], %[[F]]]
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[O]]
// BUF-LABEL: func.func @expand_add
// BUF: %[[A:.*]] = memref.alloc() {{.*}} : memref<1x2x8x32xf32>
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: return %[[A]]
func.func @expand_add(%x: tensor<1x2x8x32xf32>, %y: tensor<1x2x8x32xf32>) -> tensor<1x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x2x8x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x8x32xf32>) outs(%e0 : tensor<1x2x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %pad : f32
    linalg.yield %m : f32
  } -> tensor<1x2x8x32xf32>
  %e = tensor.empty() : tensor<1x2x8x32xf32>
  %o = scf.forall (%h, %w, %f) = (0, 0, 0) to (2, 8, 32) step (1, 8, 32) shared_outs(%out = %e) -> (tensor<1x2x8x32xf32>) {
    %a = vector.transfer_read %y[%c0, %h, %w, %f], %pad {in_bounds = [true, true]} : tensor<1x2x8x32xf32>, vector<8x32xf32>
    %b = vector.transfer_read %r[%c0, %h, %w, %f], %pad {in_bounds = [true, true]} : tensor<1x2x8x32xf32>, vector<8x32xf32>
    %s = arith.addf %a, %b : vector<8x32xf32>
    %slice = tensor.extract_slice %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x2x8x32xf32> to tensor<1x1x8x32xf32>
    %t = vector.transfer_write %s, %slice[%c0, %c0, %c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, tensor<1x1x8x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<1x2x8x32xf32>
    }
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], fused_epilogue = true, parallel = true>}
  return %o : tensor<1x2x8x32xf32>
}

// -----

// A projection accumulating onto the residual reads it through a slice of
// its own tile: the same.
// CHECK-LABEL: func.func @projection_slice
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: scf.forall (%[[H:[a-z0-9]+]], %[[W:[a-z0-9]+]], %[[F:[a-z0-9]+]]) {{.*}} shared_outs(%[[O:[a-z0-9]+]] = %[[R]])
// CHECK: tensor.extract_slice %[[O]][0, %[[H]], %[[W]], %[[F]]] [1, 1, 8, 32]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @projection_slice(%x: tensor<1x2x8x32xf32>, %y: tensor<1x2x8x32xf32>) -> tensor<1x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x2x8x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x8x32xf32>) outs(%e0 : tensor<1x2x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %pad : f32
    linalg.yield %m : f32
  } -> tensor<1x2x8x32xf32>
  %e = tensor.empty() : tensor<1x2x8x32xf32>
  %o = scf.forall (%h, %w, %f) = (0, 0, 0) to (2, 8, 32) step (1, 8, 32) shared_outs(%out = %e) -> (tensor<1x2x8x32xf32>) {
    %rs = tensor.extract_slice %r[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x2x8x32xf32> to tensor<1x1x8x32xf32>
    %b = vector.transfer_read %rs[%c0, %c0, %c0, %c0], %pad {in_bounds = [true, true]} : tensor<1x1x8x32xf32>, vector<8x32xf32>
    %a = vector.transfer_read %y[%c0, %h, %w, %f], %pad {in_bounds = [true, true]} : tensor<1x2x8x32xf32>, vector<8x32xf32>
    %s = arith.addf %a, %b : vector<8x32xf32>
    %slice = tensor.extract_slice %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x2x8x32xf32> to tensor<1x1x8x32xf32>
    %t = vector.transfer_write %s, %slice[%c0, %c0, %c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, tensor<1x1x8x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<1x2x8x32xf32>
    }
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], fused_epilogue = true, parallel = true>}
  return %o : tensor<1x2x8x32xf32>
}

// -----

// Left as they are: the residual read again after the loop; read at
// another tile's position (a column further); a function argument (the
// caller's buffer); a layer without a fused epilogue.
// CHECK-LABEL: func.func @read_after
// CHECK: [[E:%[0-9]+]] = tensor.empty() : tensor<1x2x8x32xf32>
// CHECK-NEXT: scf.forall {{.*}} shared_outs(%{{.*}} = [[E]])
// CHECK-LABEL: func.func @other_tile
// CHECK: [[E:%[0-9]+]] = tensor.empty() : tensor<1x2x8x32xf32>
// CHECK-NEXT: scf.forall {{.*}} shared_outs(%{{.*}} = [[E]])
// CHECK-LABEL: func.func @argument
// CHECK: [[E:%[0-9]+]] = tensor.empty() : tensor<1x2x8x32xf32>
// CHECK-NEXT: scf.forall {{.*}} shared_outs(%{{.*}} = [[E]])
// CHECK-LABEL: func.func @not_fused
// CHECK: [[E:%[0-9]+]] = tensor.empty() : tensor<1x2x8x32xf32>
// CHECK-NEXT: scf.forall {{.*}} shared_outs(%{{.*}} = [[E]])
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @read_after(%x: tensor<1x2x8x32xf32>) -> (tensor<1x2x8x32xf32>, tensor<1x2x8x32xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x8x32xf32>) outs(%x : tensor<1x2x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %pad : f32
    linalg.yield %m : f32
  } -> tensor<1x2x8x32xf32>
  %e = tensor.empty() : tensor<1x2x8x32xf32>
  %o = scf.forall (%h, %w, %f) = (0, 0, 0) to (2, 8, 32) step (1, 8, 32) shared_outs(%out = %e) -> (tensor<1x2x8x32xf32>) {
    %b = vector.transfer_read %r[%c0, %h, %w, %f], %pad {in_bounds = [true, true]} : tensor<1x2x8x32xf32>, vector<8x32xf32>
    %slice = tensor.extract_slice %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x2x8x32xf32> to tensor<1x1x8x32xf32>
    %t = vector.transfer_write %b, %slice[%c0, %c0, %c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, tensor<1x1x8x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<1x2x8x32xf32>
    }
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], fused_epilogue = true, parallel = true>}
  return %o, %r : tensor<1x2x8x32xf32>, tensor<1x2x8x32xf32>
}
func.func @other_tile(%x: tensor<1x2x9x32xf32>) -> tensor<1x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pad = arith.constant 0.0 : f32
  %r = tensor.extract_slice %x[0, 0, 1, 0] [1, 2, 8, 32] [1, 1, 1, 1] : tensor<1x2x9x32xf32> to tensor<1x2x8x32xf32>
  %e = tensor.empty() : tensor<1x2x8x32xf32>
  %o = scf.forall (%h, %w, %f) = (0, 0, 0) to (2, 8, 32) step (1, 8, 32) shared_outs(%out = %e) -> (tensor<1x2x8x32xf32>) {
    %w1 = arith.addi %w, %c1 : index
    %b = vector.transfer_read %r[%c0, %h, %w1, %f], %pad {in_bounds = [true, true]} : tensor<1x2x8x32xf32>, vector<7x32xf32>
    %slice = tensor.extract_slice %out[0, %h, %w, %f] [1, 1, 7, 32] [1, 1, 1, 1] : tensor<1x2x8x32xf32> to tensor<1x1x7x32xf32>
    %t = vector.transfer_write %b, %slice[%c0, %c0, %c0, %c0] {in_bounds = [true, true]} : vector<7x32xf32>, tensor<1x1x7x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %out[0, %h, %w, %f] [1, 1, 7, 32] [1, 1, 1, 1] : tensor<1x1x7x32xf32> into tensor<1x2x8x32xf32>
    }
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], fused_epilogue = true, parallel = true>}
  return %o : tensor<1x2x8x32xf32>
}
func.func @argument(%r: tensor<1x2x8x32xf32>) -> tensor<1x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x8x32xf32>
  %o = scf.forall (%h, %w, %f) = (0, 0, 0) to (2, 8, 32) step (1, 8, 32) shared_outs(%out = %e) -> (tensor<1x2x8x32xf32>) {
    %b = vector.transfer_read %r[%c0, %h, %w, %f], %pad {in_bounds = [true, true]} : tensor<1x2x8x32xf32>, vector<8x32xf32>
    %slice = tensor.extract_slice %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x2x8x32xf32> to tensor<1x1x8x32xf32>
    %t = vector.transfer_write %b, %slice[%c0, %c0, %c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, tensor<1x1x8x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<1x2x8x32xf32>
    }
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], fused_epilogue = true, parallel = true>}
  return %o : tensor<1x2x8x32xf32>
}
func.func @not_fused(%x: tensor<1x2x8x32xf32>) -> tensor<1x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x8x32xf32>) outs(%x : tensor<1x2x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %pad : f32
    linalg.yield %m : f32
  } -> tensor<1x2x8x32xf32>
  %e = tensor.empty() : tensor<1x2x8x32xf32>
  %o = scf.forall (%h, %w, %f) = (0, 0, 0) to (2, 8, 32) step (1, 8, 32) shared_outs(%out = %e) -> (tensor<1x2x8x32xf32>) {
    %b = vector.transfer_read %r[%c0, %h, %w, %f], %pad {in_bounds = [true, true]} : tensor<1x2x8x32xf32>, vector<8x32xf32>
    %slice = tensor.extract_slice %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x2x8x32xf32> to tensor<1x1x8x32xf32>
    %t = vector.transfer_write %b, %slice[%c0, %c0, %c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, tensor<1x1x8x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %out[0, %h, %w, %f] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<1x2x8x32xf32>
    }
  } {resnet.tile = #resnet.tile<tiles = [1, 1, 8, 32], parallel = true>}
  return %o : tensor<1x2x8x32xf32>
}
