//===- Target.h - what resnet-compile --target=cuda needs -------*- C++ -*-===//
//
// The pieces of the CUDA path that are not passes: which --gpu-arch values
// we compile for, where ptxas comes from, the kernels' PTX for --emit=ptx,
// and the dialect registrations the NVVM serialisation and the host
// translation need.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_GPU_TARGET_H
#define RESNET_CODEGEN_GPU_TARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::resnet {

/// The NVPTX features (PTX ISA version) to compile `arch` ("sm_80") with,
/// or nothing when we do not support that architecture.
std::optional<std::string> gpuArchFeatures(llvm::StringRef arch);

/// The architectures gpuArchFeatures accepts, for error messages.
std::string supportedGpuArchs();

/// The CUDA toolkit resnet-compile serialises with: `$CUDA_ROOT`, else
/// /usr/local/cuda. `ptxas` is empty when `root` has no executable
/// bin/ptxas (then kernels are embedded as PTX that the driver compiles).
struct CudaToolkit {
  std::string root;
  bool fromEnvironment = false;
  std::string ptxas;
};
CudaToolkit findCudaToolkit();

/// The PTX of every object of every gpu.binary in `module` (serialised with
/// format=isa), each after a `// gpu.binary @name` line. Empty when there
/// is no PTX object.
std::string collectKernelPtx(ModuleOp module);

/// Translations the GPU pipeline and the host module's export to LLVM IR
/// need: GPU, NVVM, LLVM, builtin, and gpu.binary's offloading handler.
void registerGpuTranslations(DialectRegistry &registry);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_GPU_TARGET_H
