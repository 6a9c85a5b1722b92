// RUN: resnet-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// #resnet.band round-trips; fields left at their defaults are elided.
// CHECK: resnet.band = #resnet.band<rows = 3, scratch = 4096, fused = 100, unfused = 200, why = "test">
// CHECK: resnet.band = #resnet.band<why = "not a block">
func.func @round_trip() -> (tensor<1x9x9x64xf32>, tensor<1x9x9x64xf32>) {
  %0 = tensor.empty() {resnet.band = #resnet.band<why = "test", rows = 3, scratch = 4096, unfused = 200, fused = 100>} : tensor<1x9x9x64xf32>
  %1 = tensor.empty() {resnet.band = #resnet.band<why = "not a block">} : tensor<1x9x9x64xf32>
  return %0, %1 : tensor<1x9x9x64xf32>, tensor<1x9x9x64xf32>
}

// -----

func.func @not_dividing() -> tensor<1x9x9x64xf32> {
  // expected-error@+1 {{#resnet.band rows 4 do not divide the output height 9}}
  %0 = tensor.empty() {resnet.band = #resnet.band<rows = 4, scratch = 64>} : tensor<1x9x9x64xf32>
  return %0 : tensor<1x9x9x64xf32>
}

// -----

func.func @not_nhwc() -> tensor<4x64xf32> {
  // expected-error@+1 {{#resnet.band needs an NHWC result}}
  %0 = tensor.empty() {resnet.band = #resnet.band<rows = 2, scratch = 64>} : tensor<4x64xf32>
  return %0 : tensor<4x64xf32>
}

// -----

func.func @no_scratch() -> tensor<1x8x8x64xf32> {
  // expected-error@+1 {{a fused block's bands need scratch bytes}}
  %0 = tensor.empty() {resnet.band = #resnet.band<rows = 2>} : tensor<1x8x8x64xf32>
  return %0 : tensor<1x8x8x64xf32>
}

// -----

func.func @negative() -> tensor<1x8x8x64xf32> {
  // expected-error@+1 {{band rows must be non-negative}}
  %0 = tensor.empty() {resnet.band = #resnet.band<rows = -1>} : tensor<1x8x8x64xf32>
  return %0 : tensor<1x8x8x64xf32>
}

// -----

func.func @not_band() -> tensor<1x8x8x64xf32> {
  // expected-error@+1 {{'resnet.band' must be a #resnet.band attribute}}
  %0 = tensor.empty() {resnet.band = 3 : i64} : tensor<1x8x8x64xf32>
  return %0 : tensor<1x8x8x64xf32>
}
