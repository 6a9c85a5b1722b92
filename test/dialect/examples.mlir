// The bundled examples parse, verify and print back to the same module, in
// text and in bytecode.
// RUN: resnet-opt %resnet_src/examples/resnet-small.mlir | resnet-opt | FileCheck %s --check-prefix=SMALL
// RUN: resnet-opt %resnet_src/examples/resnet50-shape.mlir | FileCheck %s --check-prefix=R50
// RUN: resnet-opt %resnet_src/examples/resnet50-shape.mlir -emit-bytecode | resnet-opt | FileCheck %s --check-prefix=R50

// SMALL-LABEL: func.func @resnet_small
// SMALL-COUNT-6: resnet.residual_block
// SMALL: resnet.linear

// R50-LABEL: func.func @resnet50
// R50: resnet.max_pool2d
// R50-COUNT-16: resnet.bottleneck_block
// R50-NOT: resnet.bottleneck_block
// R50: resnet.global_avg_pool
