//===- Canonicalize.cpp - canonicalize with the resnet patterns -----------===//
//
// Upstream `canonicalize` plus rewrites on resnet ops that are not folders
// (they create or change ops). They live here, next to the passes, and run
// as `--resnet-canonicalize`; the dialect's folders run too.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_RESNETCANONICALIZE
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// relu(fused_conv{relu}) -> fused_conv{relu}: the result is already >= 0.
struct ReluOfReluConv : public OpRewritePattern<ReluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReluOp relu,
                                PatternRewriter &rewriter) const override {
    auto conv = relu.getInput().getDefiningOp<FusedConvOp>();
    if (!conv || !conv.getRelu())
      return rewriter.notifyMatchFailure(relu, "input is not a fused ReLU");
    rewriter.replaceOp(relu, conv.getOutput());
    return success();
  }
};

/// conv2d(x, w, zeros) -> conv2d(x, w): one add per element less.
struct DropZeroConvBias : public OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    if (!conv.getBias() || !matchPattern(conv.getBias(), m_AnyZeroFloat()))
      return rewriter.notifyMatchFailure(conv, "no all-zero constant bias");
    rewriter.modifyOpInPlace(conv, [&] { conv.getBiasMutable().clear(); });
    return success();
  }
};

/// fused_conv(...) residual zeros -> fused_conv(...) without residual.
struct DropZeroResidual : public OpRewritePattern<FusedConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FusedConvOp conv,
                                PatternRewriter &rewriter) const override {
    if (!conv.getResidual() ||
        !matchPattern(conv.getResidual(), m_AnyZeroFloat()))
      return rewriter.notifyMatchFailure(conv, "no all-zero constant residual");
    rewriter.modifyOpInPlace(conv, [&] { conv.getResidualMutable().clear(); });
    return success();
  }
};

struct ResNetCanonicalize
    : public resnet::impl::ResNetCanonicalizeBase<ResNetCanonicalize> {
  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet owning(context);
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(owning);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(owning, context);
    populateResNetCanonicalizationPatterns(owning);
    patterns = std::make_shared<FrozenRewritePatternSet>(std::move(owning));
    return success();
  }

  void runOnOperation() override {
    // Like upstream canonicalize, reaching no fixed point is not an error.
    (void)applyPatternsGreedily(getOperation(), *patterns);
  }

  std::shared_ptr<const FrozenRewritePatternSet> patterns;
};
} // namespace

void mlir::resnet::populateResNetCanonicalizationPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ReluOfReluConv, DropZeroConvBias, DropZeroResidual>(
      patterns.getContext());
}
