//===- Pipeline.h - linalg on tensors -> CUDA kernels -----------*- C++ -*-===//
#ifndef RESNET_CODEGEN_GPU_PIPELINE_H
#define RESNET_CODEGEN_GPU_PIPELINE_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir::resnet {

struct GpuOptions {
  /// SM architecture, e.g. "sm_80" or "sm_90".
  std::string chip = "sm_80";
  /// PTX ISA version and other NVPTX features.
  std::string features = "+ptx80";
  /// What gpu-module-to-binary embeds: "isa" (PTX text), "bin" (cubin, by
  /// ptxas from $CUDA_ROOT or the PATH) or "fatbin".
  std::string format = "isa";
  /// NVPTX optimisation level.
  int optLevel = 3;
  /// Most workgroup memory one block tile may promote into (-1: the
  /// target description's budget).
  int64_t sharedMemoryBytes = -1;
};

/// Adds the passes that take a module of linalg on tensors (convs in NCHW or
/// NHWC, matmuls, elementwise generics, pooling; static shapes) to LLVM
/// dialect host code that launches NVVM kernels through the mgpu* runtime
/// ABI (runtime/cuda), the kernels serialised in a gpu.binary. Results
/// become trailing out-parameters and host functions take bare pointers:
/// a model is `void f(const float *in, float *out)` on host memory.
void buildGpuPipeline(OpPassManager &pm, const GpuOptions &opts);

/// buildGpuPipeline in two halves: up to the kernels as `gpu.launch`es,
/// each named and carrying its `#resnet_gpu.tile` (what the --report lists
/// per kernel), then outlining, NVVM, serialisation and the host side.
void buildGpuKernelPipeline(OpPassManager &pm, const GpuOptions &opts);
void buildGpuLoweringPipeline(OpPassManager &pm, const GpuOptions &opts);

/// The host check's GPU half: the block/thread tiling, shared-memory
/// promotion and register tiles of buildGpuPipeline on linalg on tensors,
/// then resnet-gpu-tiles-to-host; a CPU back end (bufferization, loops,
/// LLVM) runs the result. Nothing is mapped to threads or outlined.
void buildGpuHostCheckTiling(OpPassManager &pm, const GpuOptions &opts);

/// Registers the passes above and the pipeline
/// `--resnet-gpu-pipeline="chip=sm_80 format=isa"`.
void registerGpuPipelines();

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_GPU_PIPELINE_H
