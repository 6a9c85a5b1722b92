// RUN: resnet-opt %s --split-input-file --resnet-lower-trace -verify-diagnostics

// The runtime reads at most 4 dimensions.
func.func @rank5(%x: tensor<1x2x3x4x5xf32>) {
  // expected-error @below {{'resnet.trace' op traces tensors of rank 4 at most}}
  resnet.trace %x "x" : tensor<1x2x3x4x5xf32>
  return
}

// -----

// expected-error @below {{module already has a numerics trace ('resnet_trace_write' exists)}}
module {
  func.func private @resnet_trace_write(i64)
  func.func @twice(%x: tensor<1x2xf32>) {
    resnet.trace %x "x" : tensor<1x2xf32>
    return
  }
}

