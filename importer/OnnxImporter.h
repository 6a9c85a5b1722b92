//===- OnnxImporter.h - ONNX models to the resnet dialect -------*- C++ -*-===//
#ifndef RESNET_IMPORTER_ONNXIMPORTER_H
#define RESNET_IMPORTER_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <optional>

namespace mlir::resnet {

struct OnnxImportOptions {
  /// Overrides for the image input's batch and spatial dimensions; dynamic
  /// or symbolic dimensions need them (a dynamic batch defaults to 1).
  std::optional<int64_t> batch;
  std::optional<std::pair<int64_t, int64_t>> inputSize;
  /// When set, told whether the image input's batch axis is dynamic (a
  /// dim_param or no size): the import summary reports it.
  bool *dynamicBatch = nullptr;
  /// The model's bytes when the caller has read them already (standard
  /// input, `path` "-"); `path` then only names the model in messages.
  std::optional<llvm::StringRef> bytes;
};

/// Imports the ONNX model at `path` (opsets 9-21, the operators of ResNet
/// classifiers) as `func.func @main(%image) -> logits` in the resnet dialect.
/// Returns null after diagnostics that name the offending node.
OwningOpRef<ModuleOp> importOnnx(MLIRContext *context, llvm::StringRef path,
                                 const OnnxImportOptions &options);

} // namespace mlir::resnet

#endif // RESNET_IMPORTER_ONNXIMPORTER_H
