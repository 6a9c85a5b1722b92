//===- resnet-import.cpp - models to the resnet dialect -------------------===//
//
//   resnet-import --arch resnet50 [--weights w.safetensors] -o model.mlir
//   resnet-import model.onnx [--batch N] [--input-size HxW] -o model.mlir
//
// Either way the result is `func.func @main(%image: tensor<NxCxHxWxf32>) ->
// tensor<N x classes x f32>` in the resnet dialect, weights as constants
// (dense_resource blobs when large), verified before it is written. The
// work is done by importer/Import.h, which also defines the model options
// (shared with resnet-compile); this file only reads the command line.
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
  mlir::resnet::registerImportCLOptions();
  cl::HideUnrelatedOptions(
      {&importCategory, &mlir::resnet::importCLOptionCategory()});
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
  mlir::resnet::readImportCLOptions(options);
  options.inputFile = inputFile;
  options.outputFile = outputFile.empty() ? "-" : outputFile.getValue();
  options.emitBytecode = emitBytecode;
  return mlir::resnet::importModel(options);
}
