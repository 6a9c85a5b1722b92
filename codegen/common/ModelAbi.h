//===- ModelAbi.h - the C interface of a compiled model ---------*- C++ -*-===//
//
// A compiled model exports (see runtime/resnet_model.h):
//   void resnet_<name>_run(const float *input, float *output,
//                          void *workspace);
//     the whole network on one batch, NCHW f32 in and out, on caller
//     buffers; the activations live in `workspace` (arena_bytes, planned at
//     compile time by --resnet-plan-arena); reentrant on distinct
//     workspaces;
//   const resnet_model_desc resnet_<name>_model;  (and, in executables,
//     `resnet_model`, which runtime/'s main() reads)
// and, for libraries, a generated header with create/infer/destroy.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_COMMON_MODELABI_H
#define RESNET_CODEGEN_COMMON_MODELABI_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Module.h"
#include <string>

namespace mlir::resnet {

/// The activation arena of the entry function (--resnet-plan-arena).
struct ArenaPlan {
  /// The workspace one call needs (0: none; the pointer may be NULL) and
  /// the alignment its address must have.
  int64_t bytes = 0;
  int64_t alignment = 64;
  /// For the report: the arena's size without reuse, and the allocations
  /// left out of it (they stay malloc/alloca in the code).
  int64_t unsharedBytes = 0;
  int64_t unplannedAllocs = 0;
};

struct ModelSignature {
  /// C identifier: the symbols are resnet_<name>_*.
  std::string name;
  llvm::SmallVector<int64_t, 4> inputShape, outputShape;
  ArenaPlan arena;

  std::string entrySymbol() const { return "resnet_" + name + "_run"; }
  std::string descriptorSymbol() const { return "resnet_" + name + "_model"; }
};

/// Adds `const resnet_model_desc <symbol>` describing the model (its entry
/// function must already be in `module`). An entry function without the
/// workspace parameter (a pipeline that plans no arena) is first wrapped in
/// one that has it, so every model has the same ABI.
void addModelDescriptor(llvm::Module &module, const ModelSignature &signature,
                        llvm::StringRef symbol);

/// Reads the arena plan that --resnet-plan-arena attached to the entry
/// function (a func.func or, after lowering, an llvm.func) into `signature`;
/// leaves it empty when there is none.
void readArenaPlan(mlir::ModuleOp module, ModelSignature &signature);

/// The C header of a static or shared model library.
std::string makeLibraryHeader(const ModelSignature &signature);

/// `text` made into a C identifier ([A-Za-z0-9_], not starting with a digit).
std::string toCIdentifier(llvm::StringRef text);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMMON_MODELABI_H
