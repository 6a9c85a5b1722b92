#include "importer/OnnxImporter.h"
using namespace mlir;
OwningOpRef<ModuleOp> mlir::resnet::importOnnx(MLIRContext *context, llvm::StringRef path,
                                 const OnnxImportOptions &options) {
  emitError(UnknownLoc::get(context)) << "TODO";
  return {};
}
