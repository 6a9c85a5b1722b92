//===- Pipeline.cpp - resnet to linalg, shared by every target ------------===//
#include "codegen/common/Pipeline.h"
#include "codegen/common/Passes.h"
#include "conversion/Passes.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"

void mlir::resnet::buildResNetToLinalgPipeline(OpPassManager &pm,
                                               unsigned optLevel,
                                               bool profileLayers,
                                               bool traceLayers) {
  buildResNetGraphPipeline(pm, optLevel, profileLayers, traceLayers);
  pm.addNestedPass<func::FuncOp>(createResNetToLinalg());
  if (traceLayers)
    pm.addPass(createLowerTrace());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::resnet::addModelBufferization(OpPassManager &pm) {
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
}
