//===- Pipelines.cpp - named pass pipelines -------------------------------===//
#include "passes/Passes.h"
#include "codegen/gpu/GpuPipeline.h"

#include "mlir/Pass/PassRegistry.h"

void mlir::resnet::registerAllResNetPasses() {
  registerResNetPasses();
  registerGpuPipelines();
}
