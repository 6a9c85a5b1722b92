//===- FuzzOnnx.cpp - fuzz target: ONNX bytes -> resnet dialect -----------===//
#include "FuzzCommon.h"

#include "dialect/ResNetDialect.h"
#include "importer/OnnxImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  resnet_fuzz::QuietContext quiet(resnet_fuzz::modelRegistry());
  // The importer reads a path (external data is looked up next to it).
  const std::string &path =
      resnet_fuzz::writeScratchFile(data, size, ".onnx");
  OwningOpRef<ModuleOp> module =
      resnet::importOnnx(&quiet.context, path, resnet::OnnxImportOptions());
  if (module)
    (void)verify(*module);
  return 0;
}
