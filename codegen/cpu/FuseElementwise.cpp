//===- FuseElementwise.cpp - elementwise fusion without reshape moves -----===//
//
// linalg's elementwise fusion and constant folding, as upstream's
// --linalg-fuse-elementwise-ops runs them, minus the propagation of
// expand_shape / collapse_shape through generics and pads (see the pass
// description: it would put a grouped convolution's input reshape before
// the epilogue of the layer that produces the input).
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// Fuses a producer only into its one consumer (as upstream's pass does):
/// a producer with several users would be computed more than once.
bool producerHasOneUse(OpOperand *fusedOperand) {
  Operation *producer = fusedOperand->get().getDefiningOp();
  return producer && producer->hasOneUse();
}

struct FuseElementwisePass
    : public resnet::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns, producerHasOneUse);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(
        patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, producerHasOneUse);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      signalPassFailure();
  }
};
} // namespace
