//===- Pipelines.cpp - named pass pipelines -------------------------------===//
#include "passes/Passes.h"
#include "codegen/gpu/GpuPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

void mlir::resnet::buildResNetOptimizePipeline(OpPassManager &pm) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(createExpandBlocks());
  func.addPass(createFoldBatchNorm());
  func.addPass(createFuseConv());
  func.addPass(createResNetCanonicalize());
  func.addPass(createCSEPass());
}

static void registerResNetOptimizePipeline() {
  mlir::PassPipelineRegistration<>(
      "resnet-optimize",
      "Graph optimizations: expand blocks, fold batch norms, fuse conv "
      "epilogues, canonicalize, cse",
      [](mlir::OpPassManager &pm) {
        mlir::resnet::buildResNetOptimizePipeline(pm);
      });
}

void mlir::resnet::registerAllResNetPasses() {
  registerResNetPasses();
  registerResNetOptimizePipeline();
  registerGpuPipelines();
}
