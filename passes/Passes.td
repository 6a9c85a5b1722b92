//===- Passes.td - resnet dialect passes -------------------*- tablegen -*-===//
#ifndef RESNET_PASSES_TD
#define RESNET_PASSES_TD

include "mlir/Pass/PassBase.td"

def RaiseBlocks : Pass<"resnet-raise-blocks", "func::FuncOp"> {
  let summary = "Form shortcut, residual_block and bottleneck_block ops from primitive graphs";
  let description = [{
    Recognises torchvision's BasicBlock and Bottleneck (stride on the 3x3,
    groups) built from conv2d / batch_norm / relu / add, with an identity or
    a projection (1x1 conv + BN) shortcut, and replaces each by one block
    op. A candidate is left alone unless it matches exactly: convolutions
    without bias, the expected kernels, pads and strides, equal epsilons in
    the block, and intermediate values used only inside the block.
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

#endif // RESNET_PASSES_TD
