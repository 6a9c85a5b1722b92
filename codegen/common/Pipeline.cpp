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
  buildResNetConversionPipeline(pm, traceLayers);
}

void mlir::resnet::buildResNetConversionPipeline(OpPassManager &pm,
                                                 bool traceLayers) {
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
  // A result computed in a reshaped view of its buffer (a transpose in
  // cache-line blocks) becomes that buffer again (collapse_shape of
  // expand_shape folds), so that the next pass writes it in place into the
  // caller's output instead of copying it there.
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
}
