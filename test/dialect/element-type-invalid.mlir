// `resnet.element_type` on a function's arguments and results names the
// ONNX type that an f32 value holds: ui8 or si8 for inputs, also si64
// (indices) or i1 (masks) for outputs. Anything else is an error.
// RUN: resnet-opt %s -split-input-file -verify-diagnostics

// The values the ONNX importer writes verify.
func.func @main(%x: tensor<1x3xf32> {resnet.element_type = ui8})
    -> (tensor<1x3xf32> {resnet.element_type = ui8},
        tensor<1x3xf32> {resnet.element_type = si64},
        tensor<1x3xf32> {resnet.element_type = i1}) {
  return %x, %x, %x : tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>
}
func.func @signed(%x: tensor<1x3xf32> {resnet.element_type = si8})
    -> (tensor<1x3xf32> {resnet.element_type = si8}) {
  return %x : tensor<1x3xf32>
}

// -----

// expected-error @+1 {{'resnet.element_type' of argument 0 must be ui8 or si8 (the ONNX type its f32 values hold), got f16}}
func.func @main(%x: tensor<1x3xf32> {resnet.element_type = f16}) -> tensor<1x3xf32> {
  return %x : tensor<1x3xf32>
}

// -----

// An input is data: not indices.
// expected-error @+1 {{'resnet.element_type' of argument 0 must be ui8 or si8 (the ONNX type its f32 values hold), got si64}}
func.func @main(%x: tensor<1x3xf32> {resnet.element_type = si64}) -> tensor<1x3xf32> {
  return %x : tensor<1x3xf32>
}

// -----

// Signless 8-bit says neither uint8 nor int8.
// expected-error @+1 {{'resnet.element_type' of result 1 must be ui8, si8, si64 or i1 (the ONNX type its f32 values hold), got i8}}
func.func @main(%x: tensor<1x3xf32>) -> (tensor<1x3xf32>, tensor<1x3xf32> {resnet.element_type = i8}) {
  return %x, %x : tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// Not a type at all.
// expected-error @+1 {{'resnet.element_type' of result 0 must be ui8, si8, si64 or i1 (the ONNX type its f32 values hold), got "uint8"}}
func.func @main(%x: tensor<1x3xf32>) -> (tensor<1x3xf32> {resnet.element_type = "uint8"}) {
  return %x : tensor<1x3xf32>
}

// -----

// A misspelt name is not silently ignored.
// expected-error @+1 {{unknown argument attribute 'resnet.elementtype' on argument 0 (the resnet dialect defines 'resnet.element_type')}}
func.func @main(%x: tensor<1x3xf32> {resnet.elementtype = ui8}) -> tensor<1x3xf32> {
  return %x : tensor<1x3xf32>
}
