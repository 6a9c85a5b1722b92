//===- Import.cpp - resnet-import as a library ----------------------------===//
#include "importer/Import.h"

#include "dialect/ResNetDialect.h"
#include "dialect/ResourceLimits.h"
#include "importer/ArchBuilder.h"
#include "importer/OnnxImporter.h"
#include "importer/Weights.h"
#include "passes/Passes.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::resnet {

std::optional<std::pair<int64_t, int64_t>> parseImageSize(StringRef text) {
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

void printImportDiagnostic(Diagnostic &diag) {
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
    printImportDiagnostic(note);
}

OwningOpRef<ModuleOp>
buildFromArch(MLIRContext &context, const ImportOptions &options,
              std::optional<std::pair<int64_t, int64_t>> size) {
  ArchOptions arch;
  arch.arch = options.arch;
  arch.classes = options.classes;
  arch.batch = options.batch.value_or(1);
  if (size)
    std::tie(arch.height, arch.width) = *size;
  arch.blocks = !options.noBlocks;
  std::unique_ptr<WeightProvider> weights;
  if (options.weightsFile.empty())
    weights = createRandomWeights(options.seed);
  else
    weights = openSafetensors(
        FileLineColLoc::get(&context, options.weightsFile, 0, 0),
        options.weightsFile);
  if (!weights)
    return {};
  return buildArch(&context, arch, *weights);
}

LogicalResult raiseBlocks(ModuleOp module) {
  PassManager pm(module.getContext());
  pm.addNestedPass<func::FuncOp>(createRaiseBlocks());
  return pm.run(module);
}

LogicalResult writeModule(ModuleOp module, AtomicFile &output,
                          const ImportOptions &options) {
  if (options.emitBytecode) {
    if (failed(writeBytecodeToFile(module, output.os())))
      return failure();
  } else {
    module.print(output.os());
    output.os() << "\n";
  }
  if (llvm::Error error = output.commit()) {
    llvm::errs() << "resnet-import: " << llvm::toString(std::move(error))
                 << "\n";
    return failure();
  }
  return success();
}

/// The options' own errors: none of the models, or both; a bad
/// --input-size or --batch.
static FailureOr<std::optional<std::pair<int64_t, int64_t>>>
checkImportOptions(const ImportOptions &options) {
  StringRef prefix = options.errorPrefix;
  if (options.arch.empty() == options.inputFile.empty()) {
    llvm::errs() << prefix << "give either an ONNX model or --arch\n";
    return failure();
  }
  if (options.arch.empty() &&
      (!options.weightsFile.empty() || options.noBlocks)) {
    llvm::errs() << prefix << "--weights and --no-blocks go with --arch\n";
    return failure();
  }
  std::optional<std::pair<int64_t, int64_t>> size;
  if (!options.inputSize.empty() &&
      !(size = parseImageSize(options.inputSize))) {
    llvm::errs() << prefix << "--input-size must be HxW or N, got '"
                 << options.inputSize << "'\n";
    return failure();
  }
  if (options.batch && *options.batch < 1) {
    llvm::errs() << prefix << "--batch must be at least 1, got "
                 << *options.batch << "\n";
    return failure();
  }
  return size;
}

OwningOpRef<ModuleOp> importModule(MLIRContext &context,
                                   const ImportOptions &options,
                                   ImportSummary *summary) {
  FailureOr<std::optional<std::pair<int64_t, int64_t>>> size =
      checkImportOptions(options);
  if (failed(size))
    return {};
  context.loadDialect<ResNetDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module;
  bool dynamicBatch = false;
  if (!options.arch.empty()) {
    module = buildFromArch(context, options, *size);
  } else {
    OnnxImportOptions onnx;
    onnx.batch = options.batch;
    onnx.inputSize = *size;
    onnx.dynamicBatch = &dynamicBatch;
    onnx.bytes = options.inputBytes;
    module = importOnnx(&context, options.inputFile, onnx);
  }
  // The limits name a tensor too large to compile (--batch 10^12, a huge
  // --input-size), before anything writes it.
  if (!module || failed(verify(*module)) ||
      failed(checkResourceLimits(*module)))
    return {};
  if (options.arch.empty() && !options.noRaise && failed(raiseBlocks(*module)))
    return {};
  if (summary) {
    summary->dynamicBatch = dynamicBatch;
    auto main = module->lookupSymbol<func::FuncOp>("main");
    if (main && main.getNumArguments() == 1)
      if (auto image = dyn_cast<RankedTensorType>(main.getArgumentTypes()[0]))
        summary->batch = image.getRank() ? image.getDimSize(0) : 1;
  }
  return module;
}

void printImportSummary(const ImportSummary &summary,
                        const ImportOptions &options) {
  if (!summary.dynamicBatch)
    return;
  llvm::errs() << options.inputFile
               << ": note: batch axis is dynamic: compiled for "
               << summary.batch
               << ", runs any count (--batch N: N images per run)\n";
}

int importModel(const ImportOptions &options) {
  // Checked before the output is opened (an error leaves no file behind).
  if (failed(checkImportOptions(options)))
    return 1;
  // Opened before the work, so that an unwritable output fails first; the
  // file replaces its target only once complete (support/AtomicFile.h).
  llvm::Expected<AtomicFile> output = AtomicFile::create(options.outputFile);
  if (!output) {
    llvm::errs() << "resnet-import: " << llvm::toString(output.takeError())
                 << "\n";
    return 1;
  }
  MLIRContext context;
  context.getDiagEngine().registerHandler([](Diagnostic &diag) {
    printImportDiagnostic(diag);
    return success();
  });
  ImportSummary summary;
  OwningOpRef<ModuleOp> module = importModule(context, options, &summary);
  if (!module)
    return 1;
  printImportSummary(summary, options);
  return failed(writeModule(*module, *output, options)) ? 1 : 0;
}

} // namespace mlir::resnet
