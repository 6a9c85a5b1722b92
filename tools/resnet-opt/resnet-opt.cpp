//===- resnet-opt.cpp - mlir-opt with the resnet dialect and passes -------===//
#include "tools/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  // Upstream dialects, extensions and passes: our pipelines lower through
  // them, and lit tests run them on their own.
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllPasses();
  mlir::resnet::registerAllResNetDialects(registry);
  mlir::resnet::registerAllResNetPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "resnet-mlir optimizer driver\n", registry));
}
