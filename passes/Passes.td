//===- Passes.td - resnet dialect passes -------------------*- tablegen -*-===//
#ifndef RESNET_PASSES_TD
#define RESNET_PASSES_TD

include "mlir/Pass/PassBase.td"

#endif // RESNET_PASSES_TD
