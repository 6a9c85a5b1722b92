//===- Passes.h - CPU code generation passes --------------------*- C++ -*-===//
#ifndef RESNET_CODEGEN_CPU_PASSES_H
#define RESNET_CODEGEN_CPU_PASSES_H

#include "dialect/ResNetDialect.h"

#include "mlir/Pass/Pass.h"

namespace mlir::resnet {

#define GEN_PASS_DECL
#include "codegen/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/cpu/Passes.h.inc"

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_PASSES_H
