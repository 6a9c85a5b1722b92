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

OwningOpRef<ModuleOp>
buildFromOnnx(MLIRContext &context, const ImportOptions &options,
              std::optional<std::pair<int64_t, int64_t>> size) {
  OnnxImportOptions onnx;
  onnx.batch = options.batch;
  onnx.inputSize = size;
  return importOnnx(&context, options.inputFile, onnx);
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

int importModel(const ImportOptions &options) {
  if (options.arch.empty() == options.inputFile.empty()) {
    llvm::errs() << "resnet-import: give either an ONNX model or --arch\n";
    return 1;
  }
  std::optional<std::pair<int64_t, int64_t>> size;
  if (!options.inputSize.empty() &&
      !(size = parseImageSize(options.inputSize))) {
    llvm::errs() << "resnet-import: --input-size must be HxW or N, got '"
                 << options.inputSize << "'\n";
    return 1;
  }
  if (options.batch && *options.batch < 1) {
    llvm::errs() << "resnet-import: --batch must be at least 1, got "
                 << *options.batch << "\n";
    return 1;
  }

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
  context.loadDialect<ResNetDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module;
  if (!options.arch.empty()) {
    module = buildFromArch(context, options, size);
  } else {
    if (!options.weightsFile.empty() || options.noBlocks) {
      llvm::errs() << "resnet-import: --weights and --no-blocks go with "
                      "--arch\n";
      return 1;
    }
    module = buildFromOnnx(context, options, size);
  }
  // The limits name a tensor too large to compile (--batch 10^12, a huge
  // --input-size), before anything writes it.
  if (!module || failed(verify(*module)) ||
      failed(checkResourceLimits(*module)))
    return 1;
  if (options.arch.empty() && !options.noRaise && failed(raiseBlocks(*module)))
    return 1;
  return failed(writeModule(*module, *output, options)) ? 1 : 0;
}

} // namespace mlir::resnet
