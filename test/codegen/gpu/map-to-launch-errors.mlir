// RUN: resnet-opt %s --split-input-file --verify-diagnostics --pass-pipeline="builtin.module(func.func(resnet-gpu-map-to-launch))"

func.func @not_tiled(%a: memref<4xf32>, %b: memref<4xf32>) {
  // expected-error @+1 {{'linalg.copy' op is not mapped to a GPU kernel}}
  linalg.copy ins(%a : memref<4xf32>) outs(%b : memref<4xf32>)
  return
}

// -----

func.func @dynamic_grid(%n: index, %a: memref<?xf32>) {
  // expected-error @+1 {{'scf.forall' op needs static bounds to map to the GPU}}
  scf.forall (%i) in (%n) {
    %v = memref.load %a[%i] : memref<?xf32>
    memref.store %v, %a[%i] : memref<?xf32>
  } {mapping = [#gpu.block<linear_dim_0>]}
  return
}

// -----

func.func @not_bufferized(%t: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'scf.forall' op must be bufferized before mapping to the GPU}}
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> (tensor<4xf32>) {
  } {mapping = [#gpu.block<linear_dim_0>]}
  return %r : tensor<4xf32>
}
