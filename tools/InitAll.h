//===- InitAll.h - register every dialect, pass and pipeline ----*- C++ -*-===//
//
// The one place that registers what the tools use, like upstream's
// InitAllDialects.h / InitAllPasses.h: libraries never register their
// callers, so a layer links only the layers below it.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_TOOLS_INITALL_H
#define RESNET_TOOLS_INITALL_H

#include "codegen/common/Passes.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Pipeline.h"
#include "codegen/gpu/Passes.h"
#include "codegen/gpu/Pipeline.h"
#include "conversion/Passes.h"
#include "dialect/ResNetDialect.h"
#include "passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::resnet {

/// The resnet dialect and the GPU path's configuration attributes
/// (upstream dialects are registered by the caller).
inline void registerAllResNetDialects(DialectRegistry &registry) {
  registry.insert<ResNetDialect, ResNetGpuDialect>();
}

/// Every resnet pass, by layer, and the named pipelines.
inline void registerAllResNetPasses() {
  registerResNetGraphPasses();
  registerResNetConversionPasses();
  registerResNetCodegenPasses();
  registerCpuPipelines();
  registerGpuPipelines();
}

/// The upstream passes resnet-opt --help lists besides our own: the
/// cleanups and the steps of the CPU pipeline (codegen/cpu/Pipeline.cpp;
/// not convert-vector-to-llvm, whose options alone fill a screen).
/// resnet-opt registers every upstream pass otherwise.
inline void registerUsedUpstreamPasses() {
  registerCanonicalizerPass();
  registerCSEPass();
  registerSymbolDCEPass();
  bufferization::registerOneShotBufferizePass();
  bufferization::registerBufferResultsToOutParamsPass();
  registerConvertBufferizationToMemRefPass();
  registerConvertLinalgToLoopsPass();
  registerLinalgElementwiseOpFusionPass();
  registerConvertSCFToOpenMPPass();
  registerLowerAffinePass();
  memref::registerExpandStridedMetadataPass();
  registerSCFToControlFlowPass();
  registerArithToLLVMConversionPass();
  registerConvertMathToLLVMPass();
  registerConvertIndexToLLVMPass();
  registerConvertControlFlowToLLVMPass();
  registerConvertFuncToLLVMPass();
  registerConvertOpenMPToLLVMPass();
  registerFinalizeMemRefToLLVMConversionPass();
  registerReconcileUnrealizedCastsPass();
}

} // namespace mlir::resnet

#endif // RESNET_TOOLS_INITALL_H
