//===- resnet-opt.cpp - mlir-opt with the resnet dialect and passes -------===//
//
// MlirOptMain, except that the input is read as untrusted
// (dialect/InputFiles.h: regular files only, nesting bounded), the work
// runs on a thread with a large stack, and the output (-o, default stdout)
// is written through AtomicFile: a file replaces the old one only when the
// whole run succeeded, and a write error names the file (or stdout). Every
// upstream dialect and pass is available (our pipelines lower through them;
// lit tests run them on their own). `--help` lists our passes and the
// upstream ones our pipelines use (registerUsedUpstreamPasses), without
// libLLVM's backend flags; `--help-hidden` lists everything.
//
//===----------------------------------------------------------------------===//
#include "support/AtomicFile.h"
#include "tools/InitAll.h"
#include "tools/ToolSupport.h"

#include "dialect/InputFiles.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

/// Runs the passes on `inputPath` (read as untrusted) and writes the
/// result to `outputPath`.
static LogicalResult optimizeToFile(llvm::StringRef inputPath,
                                    llvm::StringRef outputPath,
                                    DialectRegistry &registry,
                                    const MlirOptMainConfig &config) {
  auto input = resnet::readInputFile(inputPath, "input file",
                                     /*requiresNullTerminator=*/true);
  llvm::Error error =
      input ? resnet::checkNestingDepth((*input)->getBuffer(), inputPath)
            : input.takeError();
  if (error) {
    llvm::errs() << "resnet-opt: error: " << llvm::toString(std::move(error))
                 << "\n";
    return failure();
  }
  llvm::Expected<resnet::AtomicFile> output =
      resnet::AtomicFile::create(outputPath);
  if (!output) {
    llvm::errs() << "resnet-opt: error: " << toString(output.takeError())
                 << "\n";
    return failure();
  }
  if (failed(MlirOptMain(output->os(), std::move(*input), registry, config)))
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
  resnet::setVersionPrinter();
  bool conciseHelp = resnet::wantsConciseHelp(argc, argv);
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  if (conciseHelp)
    resnet::registerUsedUpstreamPasses();
  else
    registerAllPasses();
  resnet::registerAllResNetDialects(registry);
  resnet::registerAllResNetPasses();
  // After the passes: the pass list is filled when its option is created.
  if (conciseHelp)
    resnet::prepareConciseOptHelp(registry);
  auto [inputPath, outputPath] = registerAndParseCLIOptions(
      argc, argv,
      "resnet-mlir optimizer driver (mlir-opt with the resnet dialect and "
      "passes)\n\n  --help lists the resnet passes and the upstream passes "
      "resnet's pipelines use;\n  every upstream pass is accepted "
      "(--help-hidden lists them all)\n",
      registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  // Listings need no output file: upstream's driver prints them.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputPath, outputPath, registry));
  return resnet::runOnLargeStack([&] {
    return asMainReturnCode(
        optimizeToFile(inputPath, outputPath, registry, config));
  });
}
