//===- Passes.h - target-independent code generation passes -----*- C++ -*-===//
#ifndef RESNET_CODEGEN_COMMON_PASSES_H
#define RESNET_CODEGEN_COMMON_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::resnet {

#define GEN_PASS_DECL
#include "codegen/common/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/common/Passes.h.inc"

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMMON_PASSES_H
