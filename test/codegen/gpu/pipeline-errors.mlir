// Bad pipeline options fail with a message and a non-zero exit.
// RUN: not resnet-opt %s --resnet-gpu-pipeline="format=bogus" 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: for the --format option: Cannot find option named 'bogus'!
// RUN: not resnet-opt %s --resnet-gpu-pipeline="chip=sm_10" 2>&1 | FileCheck %s --check-prefix=CHIP
// CHIP: pipeline-errors.mlir:{{[0-9]+}}:{{[0-9]+}}: error: unsupported GPU architecture 'sm_10' (expected one of sm_75, sm_80,

func.func @relu(%x: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x64xf32>) outs(%empty : tensor<4x64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}
