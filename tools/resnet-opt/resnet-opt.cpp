//===- resnet-opt.cpp - mlir-opt with the resnet dialect and passes -------===//
//
// MlirOptMain, except that the output (-o, default stdout) is written
// through AtomicFile: a file replaces the old one only when the whole run
// succeeded, and a write error names the file (or stdout).
//
//===----------------------------------------------------------------------===//
#include "support/AtomicFile.h"
#include "tools/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

/// Runs the passes on `inputPath` and writes the result to `outputPath`.
static LogicalResult optimizeToFile(llvm::StringRef inputPath,
                                    llvm::StringRef outputPath,
                                    DialectRegistry &registry,
                                    const MlirOptMainConfig &config) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = openInputFile(inputPath, &error);
  if (!input) {
    llvm::errs() << error << "\n";
    return failure();
  }
  llvm::Expected<resnet::AtomicFile> output =
      resnet::AtomicFile::create(outputPath);
  if (!output) {
    llvm::errs() << "resnet-opt: error: " << toString(output.takeError())
                 << "\n";
    return failure();
  }
  if (failed(MlirOptMain(output->os(), std::move(input), registry, config)))
    return failure();
  if (llvm::Error error = output->commit()) {
    llvm::errs() << "resnet-opt: error: " << toString(std::move(error))
                 << "\n";
    return failure();
  }
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  DialectRegistry registry;
  // Upstream dialects, extensions and passes: our pipelines lower through
  // them, and lit tests run them on their own.
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllPasses();
  resnet::registerAllResNetDialects(registry);
  resnet::registerAllResNetPasses();
  auto [inputPath, outputPath] = registerAndParseCLIOptions(
      argc, argv, "resnet-mlir optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  // Listings need no output file: upstream's driver prints them.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputPath, outputPath, registry));
  return asMainReturnCode(
      optimizeToFile(inputPath, outputPath, registry, config));
}
