//===- resnet-import.cpp - models to the resnet dialect -------------------===//
//
//   resnet-import --arch resnet50 [--weights w.safetensors] -o model.mlir
//   resnet-import model.onnx [--batch N] [--input-size HxW] -o model.mlir
//
// Either way the result is `func.func @main(%image: tensor<NxCxHxWxf32>) ->
// tensor<N x classes x f32>` in the resnet dialect, weights as constants
// (dense_resource blobs when large), verified before it is written. The
// work is done by importer/Import.h; this file only reads the command line.
//
//===----------------------------------------------------------------------===//
#include "importer/Import.h"
#include "tools/ToolSupport.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"

namespace cl = llvm::cl;

static cl::OptionCategory importCategory("resnet-import options");
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("[model.onnx]"),
                                      cl::init(""), cl::cat(importCategory));
static cl::opt<std::string> outputFile(
    "o", cl::value_desc("file"), cl::cat(importCategory),
    cl::desc("output file (default: stdout, refused when it is a terminal; "
             "-o - forces it)"));
static cl::opt<std::string>
    arch("arch",
         cl::desc("Build a torchvision architecture: resnet18, "
                  "resnet34, resnet50, resnet101, resnet152, "
                  "resnext50_32x4d, wide_resnet50_2 (default: none, an ONNX "
                  "file is read)"),
         cl::init(""), cl::cat(importCategory));
static cl::opt<int64_t>
    classes("classes", cl::desc("Classifier outputs (--arch; default 1000)"),
            cl::init(1000), cl::cat(importCategory));
static cl::opt<std::string>
    inputSize("input-size",
              cl::desc("Image size, HxW or N (--arch default 224; for ONNX "
                       "it overrides the model's)"),
              cl::init(""), cl::cat(importCategory));
static cl::opt<int64_t> batch("batch",
                              cl::desc("Batch size (--arch default 1; for "
                                       "ONNX it overrides the model's)"),
                              cl::init(0), cl::cat(importCategory));
static cl::opt<uint64_t>
    seed("seed", cl::desc("Seed of the random weights (default 0)"),
         cl::init(0), cl::cat(importCategory));
static cl::opt<std::string>
    weightsFile("weights",
                cl::desc("Weights for --arch from a safetensors file with "
                         "torchvision parameter names (default: random)"),
                cl::init(""), cl::cat(importCategory));
static cl::opt<bool> noBlocks("no-blocks",
                              cl::desc("--arch: emit primitive ops instead "
                                       "of block ops (default false)"),
                              cl::init(false), cl::cat(importCategory));
static cl::opt<bool> noRaise("no-raise",
                             cl::desc("ONNX: keep the primitive graph (skip "
                                      "--resnet-raise-blocks; default false)"),
                             cl::init(false), cl::cat(importCategory));
static cl::opt<bool>
    emitBytecode("emit-bytecode",
                 cl::desc("Write MLIR bytecode (default false: text)"),
                 cl::init(false), cl::cat(importCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::resnet::setVersionPrinter();
  // --mlir-print-*, --mlir-elide-resource-strings-if-larger=N, ...
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions(importCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "resnet-import: torchvision architectures and ONNX models to the "
      "resnet dialect\n\nThe output holds func.func @main(%image) -> "
      "logits.\n");
  // A model is tens of megabytes of text: not for a terminal by accident.
  if (outputFile.empty() && llvm::sys::Process::StandardOutIsDisplayed()) {
    llvm::errs() << "resnet-import: error: no -o FILE, and standard output "
                    "is a terminal (the model is large text); give -o FILE, "
                    "pipe the output, or -o - to print it anyway\n";
    return 1;
  }
  mlir::resnet::ImportOptions options;
  options.inputFile = inputFile;
  options.arch = arch;
  options.outputFile = outputFile.empty() ? "-" : outputFile.getValue();
  options.emitBytecode = emitBytecode;
  options.classes = classes;
  options.inputSize = inputSize;
  if (batch.getNumOccurrences())
    options.batch = batch;
  options.seed = seed;
  options.weightsFile = weightsFile;
  options.noBlocks = noBlocks;
  options.noRaise = noRaise;
  return mlir::resnet::importModel(options);
}
