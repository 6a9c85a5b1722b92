//===- CpuPipeline.h - resnet to LLVM dialect for CPUs ----------*- C++ -*-===//
#ifndef RESNET_CODEGEN_CPUPIPELINE_H
#define RESNET_CODEGEN_CPUPIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace mlir::resnet {

/// Target-independent front half, shared with the GPU path: expand blocks,
/// graph optimizations at optLevel >= 1, lower to linalg on tensors.
void buildResNetToLinalgPipeline(OpPassManager &pm, unsigned optLevel);

struct CpuPipelineOptions {
  /// 0: naive loops; 1-3: the optimized pipeline.
  unsigned optLevel = 3;
};

/// linalg on tensors -> LLVM dialect. The public functions take bare
/// pointers: `void f(const float *in0, ..., float *out0, ...)` (results
/// become trailing out-parameters).
void buildCpuLoweringPipeline(OpPassManager &pm,
                              const CpuPipelineOptions &options);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPUPIPELINE_H
