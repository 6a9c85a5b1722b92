// An RGB stem's kernel broadcasts every input channel from memory: with the
// three channels as one unrolled reduction step, LLVM merged two of the
// three loads into one 8-byte load and broadcast them from registers
// (vbroadcastss from %xmm and vpermps: shuffles, which on Intel cores issue
// on the port of the second 512-bit FMA unit), 16 shuffles per 48 FMAs.
// RUN: resnet-compile %s --target=x86-64-v4 -O3 --emit=asm -o - | FileCheck %s
// CHECK-NOT: vpermps
// CHECK-NOT: vbroadcastss {{.*}}%xmm{{[0-9]+}}, %zmm
// CHECK: vfmadd231ps
// CHECK-NOT: vpermps
// CHECK-NOT: vbroadcastss {{.*}}%xmm{{[0-9]+}}, %zmm
func.func @main(%x: tensor<1x3x40x40xf32>) -> tensor<1x16x20x20xf32> {
  %w7 = arith.constant dense<0.0625> : tensor<16x3x7x7xf32>
  %s = resnet.conv2d %x, %w7 {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : tensor<1x3x40x40xf32>, tensor<16x3x7x7xf32> -> tensor<1x16x20x20xf32>
  %r = resnet.relu %s : tensor<1x16x20x20xf32>
  return %r : tensor<1x16x20x20xf32>
}
