//===- ParallelCodegen.h - LLVM optimization and codegen on all cores -----===//
#ifndef RESNET_CODEGEN_CPU_PARALLELCODEGEN_H
#define RESNET_CODEGEN_CPU_PARALLELCODEGEN_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

namespace mlir::resnet {

/// How `emitObjectsInParallel` splits a module.
struct ParallelCodegenOptions {
  /// `createCpuTargetMachine`'s target.
  std::string target = "native";
  unsigned optLevel = 3;
  /// Code partitions (and threads) at most; 0: the cores this process may
  /// use, and a small module is not split. Given, it is split regardless.
  unsigned jobs = 0;
};

/// Optimizes `module` with LLVM's O`optLevel` pipeline and emits it as
/// object files: the functions are spread over code partitions by size,
/// each optimized and compiled on its own thread in its own LLVMContext,
/// while the calling thread emits the global variables (the weights) as the
/// first object. A model's code is one function per parallel region
/// (OpenMP outlining) around a small driver function, so the functions are
/// independent units of LLVM work. Symbols local to the module become
/// hidden, so the objects link only to each other and a shared library
/// still exports only its entry points. A module too small to be worth
/// splitting, or one job, gives one object compiled on the calling thread. The objects are
/// for linking together into one executable or shared library; a static
/// library or an `--emit=obj` object needs `optimizeLLVMModule` and
/// `emitMachineCode` instead (one object, locals kept local).
llvm::Expected<llvm::SmallVector<llvm::SmallVector<char, 0>>>
emitObjectsInParallel(llvm::Module &module,
                      const ParallelCodegenOptions &options);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_PARALLELCODEGEN_H
