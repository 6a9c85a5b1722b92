// Pass statistics of --resnet-optimize on the examples. Release builds of
// MLIR compile statistics out; lit then reports this test as unsupported.
// REQUIRES: pass-statistics
// RUN: resnet-opt %resnet_src/examples/resnet-small.mlir --resnet-optimize -mlir-pass-statistics -mlir-pass-statistics-display=list -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL
// RUN: resnet-opt %resnet_src/examples/resnet50-shape.mlir --resnet-expand-blocks --resnet-fold-batchnorm -mlir-pass-statistics -mlir-pass-statistics-display=list -o /dev/null 2>&1 | FileCheck %s --check-prefix=R50

// resnet-small: stem conv + BN + ReLU, 6 basic blocks (2 with projection):
// 15 convs and BNs, 6 residual adds, 1 + 6 + 6 ReLUs.
// SMALL-LABEL: ExpandBlocks
// SMALL-DAG:   (S) 6 residual-blocks
// SMALL-DAG:   (S) 0 bottleneck-blocks
// SMALL-DAG:   (S) 0 shortcuts
// SMALL-LABEL: FoldBatchNorm
// SMALL-DAG:   (S) 15 bn-folded-into-conv
// SMALL-DAG:   (S) 0 bn-to-scale-shift
// SMALL-LABEL: FuseConv
// SMALL-DAG:   (S) 15 convs-fused
// SMALL-DAG:   (S) 6 adds-fused
// SMALL-DAG:   (S) 13 relus-fused

// ResNet-50: 16 bottlenecks, 53 convs each followed by its BN.
// R50-LABEL: ExpandBlocks
// R50-DAG:   (S) 16 bottleneck-blocks
// R50-LABEL: FoldBatchNorm
// R50-DAG:   (S) 53 bn-folded-into-conv
// R50-DAG:   (S) 0 bn-to-scale-shift
