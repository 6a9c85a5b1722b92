//===- TargetMachine.h - LLVM IR to optimized object code -------*- C++ -*-===//
#ifndef RESNET_CODEGEN_CPU_TARGETMACHINE_H
#define RESNET_CODEGEN_CPU_TARGETMACHINE_H

#include "llvm/IR/Module.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include <memory>

namespace mlir::resnet {

/// A TargetMachine for `target`: "x86-64", "x86-64-v3", "x86-64-v4",
/// "znver1" (those CPUs on the host triple) or "native" (the host CPU and its
/// features). Position-independent code, so objects link into PIEs and
/// shared libraries.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createCpuTargetMachine(llvm::StringRef target, unsigned optLevel);

/// Sets the module's triple and data layout and runs LLVM's O`optLevel`
/// module pipeline (nothing at 0).
void optimizeLLVMModule(llvm::Module &module, llvm::TargetMachine &machine,
                        unsigned optLevel);

/// Emits `module` as an object file or assembly to `os`.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                            llvm::raw_pwrite_stream &os,
                            llvm::CodeGenFileType fileType);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_TARGETMACHINE_H
