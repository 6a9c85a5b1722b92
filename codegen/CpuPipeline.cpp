//===- CpuPipeline.cpp - resnet to LLVM dialect for CPUs ------------------===//
#include "codegen/CpuPipeline.h"
#include "passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void resnet::buildResNetToLinalgPipeline(OpPassManager &pm,
                                         unsigned optLevel,
                                         bool profileLayers) {
  if (optLevel >= 1)
    buildResNetOptimizePipeline(pm);
  else
    pm.addNestedPass<func::FuncOp>(createExpandBlocks());
  if (profileLayers)
    pm.addNestedPass<func::FuncOp>(createProfileMarkLayers());
  pm.addNestedPass<func::FuncOp>(createResNetToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// One-shot bufferization with identity layouts at function boundaries, the
/// results turned into out-parameters, and the temporaries freed.
static void addBufferization(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  // Activations go to the caller's workspace (no malloc per call); weights
  // become flat, aligned blobs (fast to translate and emit).
  pm.addPass(resnet::createPlanArena());
  pm.addPass(resnet::createFlattenConstantGlobals());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
}

/// The standard lowering of loops, memrefs and scalars to the LLVM dialect.
static void addLowerToLLVM(OpPassManager &pm, bool openmp) {
  pm.addNestedPass<func::FuncOp>(resnet::createCopiesToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void resnet::buildCpuLoweringPipeline(OpPassManager &pm,
                                      const CpuPipelineOptions &options) {
  bool tiled = options.optLevel >= 2;
  if (options.optLevel >= 1)
    pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
  if (tiled && options.optLevel >= 3 && options.winograd) {
    resnet::WinogradOptions winograd;
    winograd.vectorWidth = options.vectorWidth;
    pm.addNestedPass<func::FuncOp>(resnet::createWinograd(winograd));
  }
  if (tiled) {
    pm.addNestedPass<func::FuncOp>(resnet::createChainConvs());
    pm.addNestedPass<func::FuncOp>(createCanonicalizerPass());
    resnet::TileOptions tile;
    tile.vectorWidth = options.vectorWidth;
    pm.addNestedPass<func::FuncOp>(resnet::createTile(tile));
  }
  // What is not tiled (elementwise, global pools, transposes, grouped
  // convs) gets channel-innermost loops that LLVM vectorizes.
  if (options.optLevel >= 1)
    pm.addNestedPass<func::FuncOp>(resnet::createTileLoopOrder());
  if (tiled)
    pm.addNestedPass<func::FuncOp>(resnet::createPadInPlace());
  addBufferization(pm);
  if (options.profileLayers)
    pm.addPass(resnet::createProfileInstrument());
  if (tiled) {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    pm.addNestedPass<func::FuncOp>(resnet::createLowerVectors());
    pm.addPass(createCanonicalizerPass());
  }
  // One scf.forall per layer: OpenMP threads, or a sequential loop.
  bool openmp = tiled && options.openmp;
  if (openmp) {
    pm.addPass(createForallToParallelLoopPass());
    pm.addPass(createConvertSCFToOpenMPPass());
    resnet::OpenMPScheduleOptions schedule;
    schedule.schedule = options.ompSchedule;
    pm.addPass(resnet::createOpenMPSchedule(schedule));
    // Inlines the memref.alloca_scope around each parallel body (it holds
    // no alloca): scf-to-cf would make it multi-block, which is invalid.
    pm.addPass(createCanonicalizerPass());
  } else {
    pm.addPass(createForallToForLoopPass());
  }
  addLowerToLLVM(pm, openmp);
}
