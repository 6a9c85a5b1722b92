//===- Passes.h - CPU code generation passes --------------------*- C++ -*-===//
#ifndef RESNET_CODEGEN_CPU_PASSES_H
#define RESNET_CODEGEN_CPU_PASSES_H

#include "dialect/ResNetDialect.h"

#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::resnet {

/// On the last layer of a model's prefix that runs as groups of images
/// (--resnet-select-image-groups chooses, --resnet-group-prefix applies):
/// the number of groups.
constexpr llvm::StringLiteral kPrefixGroupsAttr = "resnet.prefix_groups";

#define GEN_PASS_DECL
#include "codegen/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/cpu/Passes.h.inc"

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_PASSES_H
