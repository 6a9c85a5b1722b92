//===- resnet-opt.cpp - mlir-opt with the resnet dialect and passes -------===//
//
// Every upstream dialect and pass is available (our pipelines lower through
// them; lit tests run them on their own). `--help` lists our passes and the
// upstream ones our pipelines use (registerUsedUpstreamPasses), without
// libLLVM's backend flags; `--help-hidden` lists everything.
//
//===----------------------------------------------------------------------===//
#include "tools/InitAll.h"
#include "tools/ToolSupport.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::resnet::setVersionPrinter();
  bool conciseHelp = mlir::resnet::wantsConciseHelp(argc, argv);
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  if (conciseHelp)
    mlir::resnet::registerUsedUpstreamPasses();
  else
    mlir::registerAllPasses();
  mlir::resnet::registerAllResNetDialects(registry);
  mlir::resnet::registerAllResNetPasses();
  // After the passes: the pass list is filled when its option is created.
  if (conciseHelp)
    mlir::resnet::prepareConciseOptHelp(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "resnet-mlir optimizer driver (mlir-opt with the resnet dialect and "
      "passes)\n\n  --help lists the resnet passes and the upstream passes "
      "resnet's pipelines use;\n  every upstream pass is accepted "
      "(--help-hidden lists them all)\n",
      registry));
}
