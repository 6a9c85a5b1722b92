//===- resnet-opt.cpp - mlir-opt with the resnet dialect and passes -------===//
//
// MlirOptMain's own driver, except that the input is read as untrusted
// (dialect/InputFiles.h: regular files only, nesting bounded) and the work
// runs on a thread with a large stack.
//
//===----------------------------------------------------------------------===//
#include "tools/InitAll.h"

#include "dialect/InputFiles.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

static int optMain(llvm::StringRef inputPath, llvm::StringRef outputPath,
                   mlir::DialectRegistry &registry) {
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: ";
    llvm::interleave(registry.getDialectNames(), llvm::outs(), ",");
    llvm::outs() << "\n";
    return 0;
  }
  if (config.shouldListPasses()) {
    mlir::printRegisteredPasses();
    return 0;
  }
  auto input = mlir::resnet::readInputFile(inputPath, "input file",
                                           /*requiresNullTerminator=*/true);
  llvm::Error error =
      input ? mlir::resnet::checkNestingDepth((*input)->getBuffer(), inputPath)
            : input.takeError();
  if (error) {
    llvm::errs() << "resnet-opt: error: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  std::string message;
  auto output = mlir::openOutputFile(outputPath, &message);
  if (!output) {
    llvm::errs() << message << "\n";
    return 1;
  }
  if (mlir::failed(mlir::MlirOptMain(output->os(), std::move(*input),
                                     registry, config)))
    return 1;
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::DialectRegistry registry;
  // Upstream dialects, extensions and passes: our pipelines lower through
  // them, and lit tests run them on their own.
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllPasses();
  mlir::resnet::registerAllResNetDialects(registry);
  mlir::resnet::registerAllResNetPasses();
  auto [inputPath, outputPath] = mlir::registerAndParseCLIOptions(
      argc, argv, "resnet-mlir optimizer driver\n", registry);
  return mlir::resnet::runOnLargeStack(
      [&] { return optMain(inputPath, outputPath, registry); });
}
