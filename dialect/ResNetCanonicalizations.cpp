//===- ResNetCanonicalizations.cpp - canonicalization patterns ------------===//
//
// Rewrites on resnet ops that are not folders (they change an op instead of
// replacing it by an existing value). Each op lists its own patterns
// (`hasCanonicalizer` in ResNetOps.td), so upstream `--canonicalize` runs
// them next to the folders in ResNetOps.cpp.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

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
} // namespace

void ReluOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<ReluOfReluConv>(context);
}

void Conv2DOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<DropZeroConvBias>(context);
}

void FusedConvOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<DropZeroResidual>(context);
}
