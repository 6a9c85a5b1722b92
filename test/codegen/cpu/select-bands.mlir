// RUN: resnet-opt --resnet-optimize --resnet-to-linalg --resnet-fuse-elementwise --resnet-chain-convs -canonicalize -cse --resnet-select-bands="record-only=1" %s -split-input-file | FileCheck %s --check-prefix=RECORD
// RUN: resnet-opt --resnet-optimize --resnet-to-linalg --resnet-fuse-elementwise --resnet-select-winograd="output-tile=2 memory-budget=0" --resnet-winograd --resnet-chain-convs -canonicalize -cse --resnet-select-bands %s -split-input-file | FileCheck %s --check-prefix=WINOGRAD
// RUN: resnet-opt --resnet-select-bands="record-only=1 rows=3" %s -split-input-file -verify-diagnostics

// --band-fusion=off records each block's decision without fusing it: no
// band loop, rows = 0, the cost model's two estimates and its answer.
// RECORD-LABEL: func.func @identity
// RECORD-NOT: scf.forall
// RECORD: resnet.band = #resnet.band<fused = {{[1-9][0-9]*}}, unfused = {{[1-9][0-9]*}}, why = "off (--band-fusion=auto applies the cost model): it would {{(not )?}}fuse">
// A block whose 3x3 runs as Winograd is no band candidate, and says so.
// WINOGRAD-LABEL: func.func @identity
// WINOGRAD: resnet.band = #resnet.band<why = "the 3x3 conv runs as Winograd, in phases of its own">
// A forced height contradicts record-only.
// expected-error @below {{resnet-select-bands: record-only fuses no block: it takes neither always nor rows}}
func.func @identity(%x: tensor<1x64x8x8xf32>) -> tensor<1x64x8x8xf32> {
  %w1 = arith.constant dense<0.01> : tensor<16x64x1x1xf32>
  %w2 = arith.constant dense<0.02> : tensor<16x16x3x3xf32>
  %w3 = arith.constant dense<0.03> : tensor<64x16x1x1xf32>
  %g16 = arith.constant dense<1.1> : tensor<16xf32>
  %b16 = arith.constant dense<0.1> : tensor<16xf32>
  %m16 = arith.constant dense<0.05> : tensor<16xf32>
  %v16 = arith.constant dense<0.9> : tensor<16xf32>
  %g64 = arith.constant dense<1.2> : tensor<64xf32>
  %b64 = arith.constant dense<-0.1> : tensor<64xf32>
  %m64 = arith.constant dense<0.02> : tensor<64xf32>
  %v64 = arith.constant dense<0.8> : tensor<64xf32>
  %y = resnet.bottleneck_block %x width 16 expansion 4 stride 1
      reduce(%w1 : tensor<16x64x1x1xf32>, bn %g16, %b16, %m16, %v16 : tensor<16xf32>)
      spatial(%w2 : tensor<16x16x3x3xf32>, bn %g16, %b16, %m16, %v16 : tensor<16xf32>)
      expand(%w3 : tensor<64x16x1x1xf32>, bn %g64, %b64, %m64, %v64 : tensor<64xf32>)
      : tensor<1x64x8x8xf32> -> tensor<1x64x8x8xf32>
  return %y : tensor<1x64x8x8xf32>
}

// -----

// A ResNeXt block: its 3x3 is a grouped convolution (4 groups of 4).
// RECORD-LABEL: func.func @grouped
// RECORD: resnet.band = #resnet.band<why = "the 3x3 conv is a grouped convolution">
// WINOGRAD-LABEL: func.func @grouped
// WINOGRAD: resnet.band = #resnet.band<why = "the 3x3 conv is a grouped convolution">
// expected-error @below {{record-only fuses no block}}
func.func @grouped(%x: tensor<1x64x8x8xf32>) -> tensor<1x64x8x8xf32> {
  %w1 = arith.constant dense<0.01> : tensor<16x64x1x1xf32>
  %w2 = arith.constant dense<0.02> : tensor<16x4x3x3xf32>
  %w3 = arith.constant dense<0.03> : tensor<64x16x1x1xf32>
  %g16 = arith.constant dense<1.1> : tensor<16xf32>
  %b16 = arith.constant dense<0.1> : tensor<16xf32>
  %m16 = arith.constant dense<0.05> : tensor<16xf32>
  %v16 = arith.constant dense<0.9> : tensor<16xf32>
  %g64 = arith.constant dense<1.2> : tensor<64xf32>
  %b64 = arith.constant dense<-0.1> : tensor<64xf32>
  %m64 = arith.constant dense<0.02> : tensor<64xf32>
  %v64 = arith.constant dense<0.8> : tensor<64xf32>
  %y = resnet.bottleneck_block %x width 16 expansion 4 groups 4
      reduce(%w1 : tensor<16x64x1x1xf32>, bn %g16, %b16, %m16, %v16 : tensor<16xf32>)
      spatial(%w2 : tensor<16x4x3x3xf32>, bn %g16, %b16, %m16, %v16 : tensor<16xf32>)
      expand(%w3 : tensor<64x16x1x1xf32>, bn %g64, %b64, %m64, %v64 : tensor<64xf32>)
      : tensor<1x64x8x8xf32> -> tensor<1x64x8x8xf32>
  return %y : tensor<1x64x8x8xf32>
}
