// A model without temporaries: its activation arena is empty (0 bytes).
func.func @tiny(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %r = resnet.relu %x : tensor<1x10xf32>
  return %r : tensor<1x10xf32>
}
