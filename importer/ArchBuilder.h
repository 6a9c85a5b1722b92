//===- ArchBuilder.h - torchvision ResNets built from scratch ---*- C++ -*-===//
#ifndef RESNET_IMPORTER_ARCHBUILDER_H
#define RESNET_IMPORTER_ARCHBUILDER_H

#include "importer/Weights.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace mlir::resnet {

struct ArchOptions {
  /// resnet18|34|50|101|152, resnext50_32x4d, wide_resnet50_2.
  std::string arch = "resnet50";
  int64_t classes = 1000;
  int64_t batch = 1;
  int64_t height = 224, width = 224;
  /// Emit residual_block/bottleneck_block ops (else the primitive graph).
  bool blocks = true;
};

/// The architecture names `buildArch` knows, for help texts.
llvm::ArrayRef<llvm::StringRef> knownArchitectures();

/// Builds `func.func @main(%image: tensor<NxCxHxWxf32>) -> tensor<Nxclassesxf32>`
/// for the architecture, taking every parameter from `weights`. Returns null
/// after a diagnostic on failure (unknown architecture, bad sizes, weights
/// that do not fit).
OwningOpRef<ModuleOp> buildArch(MLIRContext *context,
                                const ArchOptions &options,
                                WeightProvider &weights);

} // namespace mlir::resnet

#endif // RESNET_IMPORTER_ARCHBUILDER_H
