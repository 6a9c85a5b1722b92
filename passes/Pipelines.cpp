//===- Pipelines.cpp - graph-level pass pipelines -------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

void mlir::resnet::buildResNetOptimizePipeline(OpPassManager &pm) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(createExpandBlocks());
  func.addPass(createFoldBatchNorm());
  func.addPass(createTrimPaddingTaps());
  func.addPass(createFuseConv());
  func.addPass(createCanonicalizerPass());
  func.addPass(createCSEPass());
}

void mlir::resnet::buildResNetGraphPipeline(OpPassManager &pm,
                                            unsigned optLevel,
                                            bool profileLayers,
                                            bool traceLayers) {
  if (optLevel >= 1)
    buildResNetOptimizePipeline(pm);
  else
    pm.addNestedPass<func::FuncOp>(createExpandBlocks());
  if (profileLayers)
    pm.addNestedPass<func::FuncOp>(createProfileMarkLayers());
  if (traceLayers)
    pm.addNestedPass<func::FuncOp>(createTraceLayers({optLevel}));
}

void mlir::resnet::registerResNetGraphPasses() {
  registerResNetPasses();
  PassPipelineRegistration<>(
      "resnet-optimize",
      "Graph optimizations: expand blocks, fold batch norms, trim taps that "
      "read only padding, fuse conv epilogues, canonicalize, cse",
      [](OpPassManager &pm) { buildResNetOptimizePipeline(pm); });
}
