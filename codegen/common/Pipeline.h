//===- Pipeline.h - resnet to linalg, shared by every target ----*- C++ -*-===//
#ifndef RESNET_CODEGEN_COMMON_PIPELINE_H
#define RESNET_CODEGEN_COMMON_PIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace mlir::resnet {

/// Target-independent front half: the graph pipeline at `optLevel`
/// (buildResNetGraphPipeline), then resnet -> linalg on tensors,
/// canonicalize, CSE. `profileLayers` names each layer in its location
/// first (for the CPU pipeline's profile hooks); `traceLayers` makes each
/// layer's output a call of the numerics trace (--resnet-trace-layers,
/// --resnet-lower-trace).
void buildResNetToLinalgPipeline(OpPassManager &pm, unsigned optLevel,
                                 bool profileLayers = false,
                                 bool traceLayers = false);

/// Its second half alone: resnet -> linalg on tensors (the trace calls
/// lowered with `traceLayers`), canonicalize, CSE. A target's own graph
/// passes (the CPU's image groups) run between the halves.
void buildResNetConversionPipeline(OpPassManager &pm, bool traceLayers = false);

/// One-shot bufferization of a model with identity layouts at the function
/// boundary, results turned into out-parameters (the entry point becomes
/// `void f(const float *in, float *out)` on caller memory), canonicalized.
void addModelBufferization(OpPassManager &pm);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMMON_PIPELINE_H
