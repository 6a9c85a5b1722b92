//===- Runner.h - resnet-run as a library -----------------------*- C++ -*-===//
//
// Loads a model, makes or reads its inputs, evaluates it with the reference
// interpreter, writes, prints and compares the results. Errors are printed
// as `resnet-run: error: ...` (or as MLIR diagnostics) where they happen.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_REFERENCE_RUNNER_H
#define RESNET_REFERENCE_RUNNER_H

#include "reference/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <string>
#include <vector>

namespace mlir::resnet::reference {

struct RunOptions {
  /// The model (.mlir or .mlirbc).
  std::string modelPath;
  /// One .npy per argument (empty: generated inputs, argument k from
  /// runtime/random.h with seed + k).
  std::vector<std::string> inputPaths;
  /// Result k is written to / compared against the k-th file.
  std::vector<std::string> outputPaths, comparePaths;
  /// Input k is saved to the k-th file.
  std::vector<std::string> writeInputPaths;
  /// The function to run (default: the only public one, or `main`).
  std::string entryName;
  uint64_t seed = 0;
  /// --compare passes when |got - ref| <= atol + rtol * |ref| everywhere.
  double rtol = 1e-4, atol = 1e-5;
  /// Print every result value; print the K largest scores per batch row.
  bool print = false;
  unsigned topK = 0;
  /// Compute in f64 (--f64); --output and --trace then write f64 .npy.
  bool f64 = false;
  /// Write every layer's output into this directory (--trace DIR).
  std::string traceDir;
};

/// Prints `resnet-run: error: <message>`; returns 1 (the exit code).
int runError(const llvm::Twine &message);

/// Parses the model at options.modelPath (diagnostics through `sourceMgr`).
OwningOpRef<ModuleOp> loadModel(MLIRContext &context,
                                llvm::SourceMgr &sourceMgr,
                                const RunOptions &options);

/// The --entry function, else the only public function with a body, else
/// `main`.
FailureOr<func::FuncOp> findEntry(ModuleOp module, const RunOptions &options);

/// Reads the --input files, or generates inputs, for the arguments of `func`.
FailureOr<llvm::SmallVector<Tensor>> makeInputs(func::FuncOp func,
                                                const RunOptions &options);

/// Prints one line per innermost row: `[i, j, k]: v0 v1 ...`.
void printTensor(unsigned index, const Tensor &tensor);

/// Prints the K largest scores of each batch row (ties: lower index first).
void printTop(const Tensor &tensor, unsigned k);

/// Compares `got` with the reference in `path`; returns 0 when every element
/// is within tolerance, 1 otherwise.
int compareWithNpy(const Tensor &got, llvm::StringRef path, double rtol,
                   double atol);
int compareWithNpy(const Tensor64 &got, llvm::StringRef path, double rtol,
                   double atol);

/// --compare-trace A B: prints, for each layer of trace directory A also
/// in B (by name, dialect/TraceNames.h), the largest absolute and relative
/// differences of A from B, then the first layer with an element outside
/// |a - b| <= atol + rtol * |b|. Returns 0 when there is none, 1 otherwise
/// (and on errors: unreadable files, no layer in common, other shapes).
int compareTraces(llvm::StringRef dirA, llvm::StringRef dirB, double rtol,
                  double atol);

/// Runs the model in `module` as `options` say; returns the exit code.
int runModule(ModuleOp module, const RunOptions &options);

/// Everything: the context, the model, the run; returns the exit code.
int runModel(const RunOptions &options);

} // namespace mlir::resnet::reference

#endif // RESNET_REFERENCE_RUNNER_H
