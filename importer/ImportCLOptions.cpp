//===- ImportCLOptions.cpp - the model options of resnet-import -----------===//
//
// One definition of the command-line options that shape an imported model,
// registered by resnet-import and resnet-compile (which imports ONNX and
// safetensors in-process), as MLIR's registerAsmPrinterCLOptions does:
// the options live in a ManagedStatic created by registerImportCLOptions,
// so a tool that does not call it does not have them.
//
//===----------------------------------------------------------------------===//
#include "importer/Import.h"

#include "llvm/Support/ManagedStatic.h"

namespace cl = llvm::cl;

namespace mlir::resnet {

cl::OptionCategory &importCLOptionCategory() {
  static cl::OptionCategory category(
      "model import options (ONNX, safetensors and --arch models)");
  return category;
}

namespace {
struct ImportCLOptions {
  cl::opt<std::string> arch{
      "arch", cl::cat(importCLOptionCategory()),
      cl::desc("Build a torchvision architecture: resnet18, resnet34, "
               "resnet50, resnet101, resnet152, resnext50_32x4d, "
               "resnext101_32x8d, resnext101_64x4d, wide_resnet50_2, "
               "wide_resnet101_2 (default: none, a model file is read)")};
  cl::opt<int64_t> classes{
      "classes", cl::init(1000), cl::cat(importCLOptionCategory()),
      cl::desc("Classifier outputs (--arch; default 1000)")};
  cl::opt<std::string> inputSize{
      "input-size", cl::cat(importCLOptionCategory()),
      cl::desc("Image size, HxW or N (--arch default 224; for ONNX it "
               "overrides the model's)")};
  cl::opt<int64_t> batch{
      "batch", cl::cat(importCLOptionCategory()),
      cl::desc("Images per run of the model (--arch default 1; for ONNX it "
               "overrides the model's; resnet-compile re-specializes an MLIR "
               "model to it). Compiled binaries take any image count")};
  cl::opt<uint64_t> seed{
      "seed", cl::init(0), cl::cat(importCLOptionCategory()),
      cl::desc("Seed of the random weights of --arch (default 0)")};
  cl::opt<std::string> weights{
      "weights", cl::cat(importCLOptionCategory()),
      cl::desc("Weights for --arch from a safetensors file with torchvision "
               "parameter names (default: random)")};
  cl::opt<bool> noBlocks{
      "no-blocks", cl::cat(importCLOptionCategory()),
      cl::desc("--arch: emit primitive ops instead of block ops (default "
               "false)")};
  cl::opt<bool> noRaise{
      "no-raise", cl::cat(importCLOptionCategory()),
      cl::desc("ONNX: keep the primitive graph (skip --resnet-raise-blocks; "
               "default false)")};
};
llvm::ManagedStatic<ImportCLOptions> clOptions;

/// Adds "--<name>" to `given` when `option` was on the command line.
void noteGiven(const cl::Option &option,
               llvm::SmallVectorImpl<std::string> *given) {
  if (given && option.getNumOccurrences())
    given->push_back(("--" + option.ArgStr).str());
}
} // namespace

void registerImportCLOptions() { *clOptions; }

void readImportCLOptions(ImportOptions &options,
                         llvm::SmallVectorImpl<std::string> *given) {
  if (!clOptions.isConstructed())
    return;
  options.arch = clOptions->arch;
  options.classes = clOptions->classes;
  options.inputSize = clOptions->inputSize;
  if (clOptions->batch.getNumOccurrences())
    options.batch = clOptions->batch;
  options.seed = clOptions->seed;
  options.weightsFile = clOptions->weights;
  options.noBlocks = clOptions->noBlocks;
  options.noRaise = clOptions->noRaise;
  for (const cl::Option *option :
       {static_cast<const cl::Option *>(&clOptions->arch),
        static_cast<const cl::Option *>(&clOptions->classes),
        static_cast<const cl::Option *>(&clOptions->inputSize),
        static_cast<const cl::Option *>(&clOptions->seed),
        static_cast<const cl::Option *>(&clOptions->weights),
        static_cast<const cl::Option *>(&clOptions->noBlocks),
        static_cast<const cl::Option *>(&clOptions->noRaise)})
    noteGiven(*option, given);
}

} // namespace mlir::resnet
