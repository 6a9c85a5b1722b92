// A NCHW conv + bias + ReLU in linalg becomes one CUDA kernel: the block's
// input and weight tiles go through shared memory, the epilogue (add bias,
// max with 0) is in the same kernel, and ptxas accepts the PTX.
// RUN: resnet-opt %s --resnet-gpu-pipeline="chip=sm_80 format=isa" -o %t.sm80.mlir
// RUN: FileCheck %s --input-file=%t.sm80.mlir
// RUN: resnet-opt %s --resnet-gpu-pipeline="chip=sm_90 format=isa" | FileCheck %s --check-prefix=SM90

// CHECK-LABEL: llvm.func @conv_bias_relu(
// The kernel is named after its #resnet_gpu.tile, the module after the
// function.
// CHECK: gpu.launch_func @conv_bias_relu_kernel::@conv_bias_relu_conv_0 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in
// CHECK: gpu.binary @conv_bias_relu_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">
// CHECK-SAME: .target sm_80
// CHECK-SAME: .visible .entry conv_bias_relu_conv_0(
// Input tile 1x8x10x18 and weight tile 16x8x3x3 in shared memory.
// CHECK-SAME: .shared .align 4 .b8 __wg_conv_bias_relu_conv_0_0[5760];
// CHECK-SAME: .shared .align 4 .b8 __wg_conv_bias_relu_conv_0_1[4608];
// CHECK-SAME: st.shared.b32
// CHECK-SAME: bar.sync
// The register tile (4 x 4 outputs a thread) from shared memory, with FMAs
// (NCHW: no two values a thread reads are contiguous).
// CHECK-SAME: ld.shared.b32
// CHECK-SAME: fma.rn.f32
// The fused epilogue: + bias, then max with 0, stored to global memory.
// CHECK-SAME: add.f32
// CHECK-SAME: max.NaN.f32
// CHECK-SAME: st.global.b32

// SM90: #nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">
// SM90-SAME: .target sm_90

// REQUIRES: ptxas
// RUN: %python %S/Inputs/extract-ptx.py %t.sm80.mlir %t.sm80.ptx
// RUN: %ptxas -arch=sm_80 %t.sm80.ptx -o %t.sm80.cubin
// RUN: resnet-opt %s --resnet-gpu-pipeline="chip=sm_90 format=isa" -o %t.sm90.mlir
// RUN: %python %S/Inputs/extract-ptx.py %t.sm90.mlir %t.sm90.ptx
// RUN: %ptxas -arch=sm_90 %t.sm90.ptx -o %t.sm90.cubin
// cubin through gpu-module-to-binary's own ptxas call.
// RUN: env CUDA_ROOT=%ptxas_cuda_root resnet-opt %s --resnet-gpu-pipeline="chip=sm_80 format=bin" | FileCheck %s --check-prefix=BIN
// BIN: gpu.binary @conv_bias_relu_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">, properties = {{.*}}, bin = "

#bias = affine_map<(n, c, h, w) -> (c)>
#id = affine_map<(n, c, h, w) -> (n, c, h, w)>
func.func @conv_bias_relu(%x: tensor<1x8x18x18xf32>, %w: tensor<16x8x3x3xf32>,
                          %b: tensor<16xf32>) -> tensor<1x16x16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x16x16x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x18x18xf32>, tensor<16x8x3x3xf32>)
      outs(%init : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %out = linalg.generic {indexing_maps = [#id, #bias, #id],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %b : tensor<1x16x16x16xf32>, tensor<16xf32>)
      outs(%empty : tensor<1x16x16x16xf32>) {
  ^bb0(%c: f32, %bias: f32, %o: f32):
    %s = arith.addf %c, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x16x16x16xf32>
  return %out : tensor<1x16x16x16xf32>
}
