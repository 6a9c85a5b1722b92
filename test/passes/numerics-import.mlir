// --resnet-optimize on whole torchvision architectures from resnet-import
// (random weights, 32x32 input, 10 classes): ResNet-18 (basic blocks) and
// ResNeXt-50 32x4d (bottlenecks with 32 groups). resnet-run evaluates both
// forms on its generated input; tolerance rtol 1e-4, atol 1e-5.
// RUN: rm -rf %t && mkdir -p %t
// RUN: resnet-import --arch resnet18 --input-size 32 --classes 10 --seed 3 --emit-bytecode -o %t/r18.mlirbc
// RUN: resnet-run %t/r18.mlirbc --output %t/r18.npy
// RUN: resnet-opt %t/r18.mlirbc --resnet-optimize --emit-bytecode -o %t/r18.opt.mlirbc
// RUN: resnet-run %t/r18.opt.mlirbc --compare %t/r18.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s
// RUN: resnet-opt %t/r18.opt.mlirbc -mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=R18
// RUN: resnet-import --arch resnext50_32x4d --input-size 32 --classes 10 --seed 5 --emit-bytecode -o %t/rx50.mlirbc
// RUN: resnet-run %t/rx50.mlirbc --output %t/rx50.npy
// RUN: resnet-opt %t/rx50.mlirbc --resnet-optimize --emit-bytecode -o %t/rx50.opt.mlirbc
// RUN: resnet-run %t/rx50.opt.mlirbc --compare %t/rx50.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s
// RUN: resnet-opt %t/rx50.opt.mlirbc -mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=RX50

// CHECK: mismatches=0/10

// ResNet-18: 20 convolutions, all fused; only the stem's max pool and the
// head remain besides them.
// R18-NOT:      resnet.batch_norm
// R18-COUNT-20: resnet.fused_conv
// R18-NOT:      resnet.fused_conv
// R18-NOT:      resnet.relu
// R18-NOT:      resnet.add

// ResNeXt-50: 53 convolutions, the 3x3 ones with 32 groups.
// RX50-NOT:      resnet.batch_norm
// RX50:          resnet.fused_conv {{.*}}groups = 32
// RX50-NOT:      resnet.relu
// RX50-NOT:      resnet.add
