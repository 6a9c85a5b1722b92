//===- Import.h - resnet-import as a library --------------------*- C++ -*-===//
//
// A torchvision architecture (random or safetensors weights) or an ONNX
// model to `func.func @main(%image) -> logits` in the resnet dialect:
// built, verified, blocks raised (ONNX), written as text or bytecode.
// Errors are printed as `resnet-import: ...` or as `file:line:col: error:`
// diagnostics that name the ONNX node or torchvision layer. resnet-compile
// imports in-process through importModule, with the same command-line
// options (registerImportCLOptions: one definition for both tools).
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_IMPORTER_IMPORT_H
#define RESNET_IMPORTER_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "support/AtomicFile.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>
#include <utility>

namespace mlir::resnet {

struct ImportOptions {
  /// An ONNX model, or (exclusively) a torchvision architecture name.
  std::string inputFile;
  std::string arch;
  /// Output file ("-": stdout), as MLIR bytecode or text.
  std::string outputFile = "-";
  bool emitBytecode = false;
  /// Classifier outputs (--arch).
  int64_t classes = 1000;
  /// "HxW" or "N" (--arch default 224; for ONNX it overrides the model's).
  std::string inputSize;
  /// Batch size; unset: the default (--arch: 1; ONNX: the model's).
  std::optional<int64_t> batch;
  /// --arch: seed of the random weights, or a safetensors file.
  uint64_t seed = 0;
  std::string weightsFile;
  /// --arch: primitive ops instead of block ops.
  bool noBlocks = false;
  /// ONNX: keep the primitive graph (skip --resnet-raise-blocks).
  bool noRaise = false;
  /// Starts the errors about the options themselves.
  std::string errorPrefix = "resnet-import: ";
  /// ONNX: the model's bytes when already read (resnet-compile reading
  /// standard input); `inputFile` is then "-".
  std::optional<llvm::StringRef> inputBytes;
};

/// What an import found that the user should know: printed on stderr by
/// printImportSummary.
struct ImportSummary {
  /// The ONNX image input's batch axis is dynamic; the model is built for
  /// `batch` images per run (binaries run any count: whole batches, the
  /// rest padded).
  bool dynamicBatch = false;
  int64_t batch = 0;
};

/// resnet-import's options that shape the model (--arch, --classes,
/// --input-size, --batch, --seed, --weights, --no-blocks, --no-raise),
/// defined once, in their own --help category, for resnet-import and
/// resnet-compile. Call before parsing the command line.
void registerImportCLOptions();
llvm::cl::OptionCategory &importCLOptionCategory();

/// The options as parsed (inputFile, outputFile, emitBytecode and
/// errorPrefix are left as they are in `options`). `given` receives the
/// flags given on the command line, as "--name", --batch excepted (it
/// applies to every model).
void readImportCLOptions(ImportOptions &options,
                         llvm::SmallVectorImpl<std::string> *given = nullptr);

/// Parses "HxW" or "N" (square).
std::optional<std::pair<int64_t, int64_t>> parseImageSize(llvm::StringRef text);

/// Prints `file:line:col: error: msg`, naming the node or layer of a NameLoc
/// (ONNX node names, torchvision layer names) unless the message does.
void printImportDiagnostic(Diagnostic &diag);

/// Builds options.arch with random or safetensors weights.
OwningOpRef<ModuleOp>
buildFromArch(MLIRContext &context, const ImportOptions &options,
              std::optional<std::pair<int64_t, int64_t>> size);

/// Runs --resnet-raise-blocks on every function of `module`.
LogicalResult raiseBlocks(ModuleOp module);

/// Writes `module` (bytecode or text) into `output`, opened on
/// options.outputFile, and commits it.
LogicalResult writeModule(ModuleOp module, AtomicFile &output,
                          const ImportOptions &options);

/// Checks the options, imports (into `context`, which must have a
/// diagnostic handler), verifies, checks the resource limits and raises
/// ONNX blocks; null after an error. Fills `summary` when given.
OwningOpRef<ModuleOp> importModule(MLIRContext &context,
                                   const ImportOptions &options,
                                   ImportSummary *summary = nullptr);

/// Prints what `summary` holds (nothing for a plain model) on stderr as
/// `<file>: note: ...`.
void printImportSummary(const ImportSummary &summary,
                        const ImportOptions &options);

/// Checks the options, imports, verifies, raises and writes; returns the
/// exit code.
int importModel(const ImportOptions &options);

} // namespace mlir::resnet

#endif // RESNET_IMPORTER_IMPORT_H
