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

#include "mlir/IR/DialectRegistry.h"

namespace mlir::resnet {

/// The resnet dialect (upstream dialects are registered by the caller).
inline void registerAllResNetDialects(DialectRegistry &registry) {
  registry.insert<ResNetDialect>();
}

/// Every resnet pass, by layer, and the named pipelines.
inline void registerAllResNetPasses() {
  registerResNetGraphPasses();
  registerResNetConversionPasses();
  registerResNetCodegenPasses();
  registerCpuPipelines();
  registerGpuPipelines();
}

} // namespace mlir::resnet

#endif // RESNET_TOOLS_INITALL_H
