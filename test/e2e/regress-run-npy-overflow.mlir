// Regression: resnet-run's .npy reader multiplied the shape entries (each
// up to 2^40) without an overflow check, so (2^40, 2^40) wrapped to 0 bytes
// needed: undefined behaviour, and an empty file "matched". Now refused.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../fuzz/write_npy.py %t/overflow.npy 1099511627776,1099511627776 --count 0
// RUN: not resnet-run %s --input %t/overflow.npy 2>&1 | FileCheck %s
// CHECK: resnet-run: error: {{.*}}overflow.npy: shape 1099511627776x1099511627776 is too large: its size overflows 64 bits
func.func @model(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %y = resnet.relu %x : tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
