//===- Passes.h - resnet dialect passes -------------------------*- C++ -*-===//
#ifndef RESNET_PASSES_PASSES_H
#define RESNET_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::resnet {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Registers every resnet pass and pipeline with the global registry.
void registerAllResNetPasses();

} // namespace mlir::resnet

#endif // RESNET_PASSES_PASSES_H
