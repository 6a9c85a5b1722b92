//===- resnet-import.cpp - models to the resnet dialect -------------------===//
//
//   resnet-import --arch resnet50 [--weights w.safetensors] -o model.mlir
//   resnet-import model.onnx [--batch N] [--input-size HxW] -o model.mlir
//
// Either way the result is `func.func @main(%image: tensor<NxCxHxWxf32>) ->
// tensor<N x classes x f32>` in the resnet dialect, weights as constants
// (dense_resource blobs when large), verified before it is written.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "importer/ArchBuilder.h"
#include "importer/OnnxImporter.h"
#include "importer/Weights.h"
#include "passes/Passes.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::resnet;
namespace cl = llvm::cl;

static cl::OptionCategory importCategory("resnet-import options");
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("[model.onnx]"),
                                      cl::init(""), cl::cat(importCategory));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(importCategory));
static cl::opt<std::string>
    arch("arch",
         cl::desc("Build a torchvision architecture: resnet18, "
                  "resnet34, resnet50, resnet101, resnet152, "
                  "resnext50_32x4d, wide_resnet50_2"),
         cl::init(""), cl::cat(importCategory));
static cl::opt<int64_t> classes("classes",
                                cl::desc("Classifier outputs (--arch)"),
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
static cl::opt<uint64_t> seed("seed", cl::desc("Seed of the random weights"),
                              cl::init(0), cl::cat(importCategory));
static cl::opt<std::string>
    weightsFile("weights",
                cl::desc("Weights for --arch from a safetensors file with "
                         "torchvision parameter names"),
                cl::init(""), cl::cat(importCategory));
static cl::opt<bool> noBlocks("no-blocks",
                              cl::desc("--arch: emit primitive ops instead "
                                       "of block ops"),
                              cl::init(false), cl::cat(importCategory));
static cl::opt<bool> noRaise("no-raise",
                             cl::desc("ONNX: keep the primitive graph (skip "
                                      "--resnet-raise-blocks)"),
                             cl::init(false), cl::cat(importCategory));
static cl::opt<bool> emitBytecode("emit-bytecode",
                                  cl::desc("Write MLIR bytecode"),
                                  cl::init(false), cl::cat(importCategory));

/// Parses "HxW" or "N" (square).
static std::optional<std::pair<int64_t, int64_t>> parseSize(StringRef text) {
  auto [h, w] = text.split('x');
  int64_t height, width;
  if (h.getAsInteger(10, height) || height < 1)
    return std::nullopt;
  if (!text.contains('x'))
    return std::make_pair(height, height);
  if (w.getAsInteger(10, width) || width < 1)
    return std::nullopt;
  return std::make_pair(height, width);
}

static OwningOpRef<ModuleOp> buildFromArch(MLIRContext &context,
                                           std::optional<std::pair<int64_t, int64_t>> size) {
  ArchOptions options;
  options.arch = arch;
  options.classes = classes;
  options.batch = batch ? batch : 1;
  if (size)
    std::tie(options.height, options.width) = *size;
  options.blocks = !noBlocks;
  std::unique_ptr<WeightProvider> weights;
  if (weightsFile.empty())
    weights = createRandomWeights(seed);
  else
    weights = openSafetensors(
        FileLineColLoc::get(&context, weightsFile, 0, 0), weightsFile);
  if (!weights)
    return {};
  return buildArch(&context, options, *weights);
}

/// Prints `file:line:col: error: msg`, naming the node or layer of a NameLoc
/// (ONNX node names, torchvision layer names) unless the message does.
static void printDiagnostic(Diagnostic &diag) {
  std::string name, position;
  Location loc = diag.getLocation();
  if (auto named = dyn_cast<NameLoc>(loc)) {
    name = named.getName().str();
    loc = named.getChildLoc();
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    position = llvm::formatv("{0}:{1}:{2}: ", file.getFilename().getValue(),
                             file.getLine(), file.getColumn())
                   .str();
  else if (!name.empty())
    position = name + ": ";
  std::string message = diag.str();
  if (!name.empty() && !StringRef(position).starts_with(name) &&
      !StringRef(message).contains("'" + name + "'"))
    message = "node '" + name + "': " + message;
  const char *severity = diag.getSeverity() == DiagnosticSeverity::Error
                             ? "error"
                         : diag.getSeverity() == DiagnosticSeverity::Warning
                             ? "warning"
                             : "note";
  llvm::errs() << position << severity << ": " << message << "\n";
  for (Diagnostic &note : diag.getNotes())
    printDiagnostic(note);
}

static LogicalResult raiseBlocks(MLIRContext &context, ModuleOp module) {
  PassManager pm(&context);
  pm.addNestedPass<func::FuncOp>(createRaiseBlocks());
  return pm.run(module);
}

static LogicalResult writeModule(ModuleOp module) {
  std::string error;
  auto output = openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "resnet-import: " << error << "\n";
    return failure();
  }
  if (emitBytecode) {
    if (failed(writeBytecodeToFile(module, output->os())))
      return failure();
  } else {
    module.print(output->os());
    output->os() << "\n";
  }
  output->keep();
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // --mlir-print-*, --mlir-elide-resource-strings-if-larger=N, ...
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions(importCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "resnet-import: torchvision architectures and ONNX models to the "
      "resnet dialect\n\nThe output holds func.func @main(%image) -> logits.\n");
  if (arch.empty() == inputFile.empty()) {
    llvm::errs() << "resnet-import: give either an ONNX model or --arch\n";
    return 1;
  }
  std::optional<std::pair<int64_t, int64_t>> size;
  if (!inputSize.empty() && !(size = parseSize(inputSize))) {
    llvm::errs() << "resnet-import: --input-size must be HxW or N, got '"
                 << inputSize << "'\n";
    return 1;
  }
  if (batch < 0) {
    llvm::errs() << "resnet-import: --batch must be positive\n";
    return 1;
  }

  MLIRContext context;
  context.getDiagEngine().registerHandler([](Diagnostic &diag) {
    printDiagnostic(diag);
    return success();
  });
  context.loadDialect<ResNetDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module;
  if (!arch.empty()) {
    module = buildFromArch(context, size);
  } else {
    if (!weightsFile.empty() || noBlocks) {
      llvm::errs() << "resnet-import: --weights and --no-blocks go with "
                      "--arch\n";
      return 1;
    }
    OnnxImportOptions options;
    if (batch)
      options.batch = batch;
    options.inputSize = size;
    module = importOnnx(&context, inputFile, options);
  }
  if (!module || failed(verify(*module)))
    return 1;
  if (arch.empty() && !noRaise && failed(raiseBlocks(context, *module)))
    return 1;
  return failed(writeModule(*module)) ? 1 : 0;
}
