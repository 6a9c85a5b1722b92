//===- ResNetToLinalgPass.cpp - lower a function's resnet layers ----------===//
//
// Lowers every resnet op of a function to linalg on tensors with a full
// dialect conversion: the resnet dialect is illegal, linalg / tensor /
// arith / math / func are legal, so any op left without a lowering (an
// unknown op, a pattern that does not apply) fails the pass with the
// framework's "failed to legalize" diagnostic.
//
// Block ops are refused before the conversion: they have no lowering of
// their own (--resnet-expand-blocks rewrites them into primitive layers),
// and the user should be told so rather than see a bare legalization
// failure.
//
// Each lowered layer reads and writes NCHW through transposes around its
// NHWC computation. Once every layer is lowered, a greedy clean-up cancels
// the NHWC -> NCHW -> NHWC round trips between consecutive layers, leaving
// the function's entry and exit transposes only.
//
//===----------------------------------------------------------------------===//
#include "conversion/Passes.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_RESNETTOLINALG
#include "conversion/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {

/// transpose(transpose(x, p), q) -> x when the two permutations cancel: the
/// NHWC -> NCHW -> NHWC round trips between two lowered layers.
struct CancelTransposePair : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<linalg::TransposeOp>();
    if (!inner || !op.hasPureTensorSemantics() ||
        !inner.hasPureTensorSemantics())
      return failure();
    ArrayRef<int64_t> p = inner.getPermutation(), q = op.getPermutation();
    for (size_t j = 0; j < q.size(); ++j)
      if (p[q[j]] != static_cast<int64_t>(j))
        return failure();
    rewriter.replaceOp(op, inner.getInput());
    return success();
  }
};

/// concat(transpose(x_i, p), d) -> transpose(concat(x_i, p[d]), p) when
/// every operand is a transpose by the same permutation: the groups of
/// images of a model's prefix (--resnet-group-prefix) joined in NCHW, whose
/// NHWC -> NCHW transposes then meet the next layer's NCHW -> NHWC one and
/// cancel (CancelTransposePair), so that the groups' layers write the
/// joined batch directly.
struct TransposeAfterConcat : OpRewritePattern<tensor::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> inputs;
    ArrayRef<int64_t> perm;
    for (Value operand : op.getInputs()) {
      auto transpose = operand.getDefiningOp<linalg::TransposeOp>();
      if (!transpose || !transpose.hasPureTensorSemantics() ||
          (!perm.empty() && transpose.getPermutation() != perm))
        return failure();
      perm = transpose.getPermutation();
      inputs.push_back(transpose.getInput());
    }
    if (inputs.empty())
      return failure();
    int64_t dim = static_cast<int64_t>(op.getDim());
    Value joined = tensor::ConcatOp::create(rewriter, op.getLoc(),
                                            perm[dim], inputs);
    auto type = cast<RankedTensorType>(op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(),
                                         type.getShape(),
                                         type.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       joined, init, perm)
                               ->getResult(0));
    return success();
  }
};

/// Reports every block op in `func` with the pass that expands it.
LogicalResult checkNoBlockOps(func::FuncOp func) {
  bool found = false;
  func.walk([&](Operation *op) {
    if (!isa<ResidualBlockOp, BottleneckBlockOp, ShortcutOp>(op))
      return;
    op->emitOpError(
        "is a block op: run --resnet-expand-blocks before lowering");
    found = true;
  });
  return failure(found);
}

struct ResNetToLinalgPass
    : public resnet::impl::ResNetToLinalgBase<ResNetToLinalgPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    if (failed(checkNoBlockOps(func)))
      return signalPassFailure();

    ConversionTarget target(*ctx);
    target.addIllegalDialect<ResNetDialect>();
    // Numerics trace marks stay, reading the lowered layers
    // (--resnet-lower-trace turns them into runtime calls).
    target.addLegalOp<TraceOp>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect,
                           func::FuncDialect>();
    RewritePatternSet patterns(ctx);
    populateResNetToLinalgConversionPatterns(patterns);
    if (failed(applyFullConversion(func, target, std::move(patterns))))
      return signalPassFailure();

    RewritePatternSet cleanup(ctx);
    cleanup.add<CancelTransposePair, TransposeAfterConcat>(ctx);
    if (failed(applyPatternsGreedily(func, std::move(cleanup))))
      signalPassFailure();
  }
};

} // namespace
