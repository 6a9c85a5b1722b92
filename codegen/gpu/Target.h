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

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace mlir::resnet {

/// The NVPTX features (PTX ISA version) to compile `arch` ("sm_80") with,
/// or nothing when we do not support that architecture.
std::optional<std::string> gpuArchFeatures(llvm::StringRef arch);

/// The architectures gpuArchFeatures accepts, for error messages.
std::string supportedGpuArchs();

/// What the GPU tile selection and the --report's occupancy need to know
/// about an architecture: the resources of one SM and of one block, and a
/// representative SM count (the data-centre part: A100 for sm_80, H100/H200
/// for sm_90), from NVIDIA's CUDA C Programming Guide (compute capability
/// tables) and the parts' data sheets.
struct GpuTarget {
  std::string arch;
  int64_t smCount = 0;
  int64_t warpSize = 32;
  int64_t maxThreadsPerBlock = 1024;
  int64_t maxWarpsPerSM = 0;
  int64_t maxBlocksPerSM = 0;
  int64_t registersPerSM = 65536;
  int64_t maxRegistersPerThread = 255;
  /// Registers are allocated per warp in units of this many.
  int64_t registerAllocationUnit = 256;
  /// Static shared memory (what a kernel's `.shared` arrays may take) per
  /// block, and shared memory per SM; the driver reserves
  /// `sharedMemoryReservedPerBlock` of an SM's for each resident block.
  int64_t sharedMemoryPerBlock = 48 * 1024;
  int64_t sharedMemoryPerSM = 0;
  int64_t sharedMemoryReservedPerBlock = 1024;

  /// Shared memory one block's tiles may take: at most a third of an SM's
  /// (three blocks resident), within the static per-block limit.
  int64_t sharedMemoryBudget() const {
    return std::min(sharedMemoryPerBlock, sharedMemoryPerSM / 3);
  }

  /// The description of `arch` ("sm_90"), or nothing when we do not
  /// support that architecture.
  static std::optional<GpuTarget> get(llvm::StringRef arch);

  /// Resident blocks per SM (and the resource that limits them) of a
  /// kernel with these resources: registers per thread, static shared
  /// memory per block, threads per block.
  struct Occupancy {
    int64_t blocksPerSM = 0;
    /// Resident warps over the SM's maximum, in [0, 1].
    double fraction = 0;
    llvm::StringRef limiter;
  };
  Occupancy occupancy(int64_t registers, int64_t sharedBytes,
                      int64_t threads) const;
};

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
