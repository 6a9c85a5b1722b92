//===- Vectorize.cpp - vector code for the tiles of CPU layers ------------===//
//
// After --resnet-tile: every linalg op in a tiled layer's scf.forall
// becomes vector code. Unit-height 2-D convs and pools first become 1-D
// (the vectorizer gives up on the 2-D form), then each op is vectorized,
// transfers fold into the vector ops (those that drop unit dimensions,
// like the [n, w, f] accumulator of a tile over n images in its
// [n, 1, w, f] slice, become full-rank transfers and shape_casts), the
// accumulators are hoisted out of the reduction loops (on tensors: after
// bufferization the alias analysis refuses subviews), and unit vector
// dimensions are dropped so that the epilogue reads the accumulators from
// registers.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_VECTORIZE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// 2-D convs and pools with unit OH and KH become 1-D.
LogicalResult decompose(Operation *scope) {
  RewritePatternSet patterns(scope->getContext());
  linalg::populateDecomposeConvolutionPatterns(patterns);
  return applyPatternsGreedily(scope, std::move(patterns));
}

/// Vectorizes every linalg op in the layer's tiles.
LogicalResult vectorizeTiles(RewriterBase &rewriter, scf::ForallOp forall) {
  SmallVector<linalg::LinalgOp> ops;
  forall.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
  for (linalg::LinalgOp op : ops) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> result =
        linalg::vectorize(rewriter, op);
    if (failed(result))
      return op.emitError("resnet-vectorize: cannot vectorize this tile"),
             failure();
    if (op->getNumResults())
      rewriter.replaceOp(op, result->replacements);
    else
      rewriter.eraseOp(op);
  }
  return success();
}

/// The full-rank vector type of a transfer whose permutation map keeps
/// the source's dimensions in order and drops only unit ones (a conv tile
/// over several images decomposes to 1-D: its [n, w, f] accumulator lives
/// in an [n, 1, w, f] slice): the vector with those unit dimensions put
/// back. Null for any other transfer, and for a minor identity (dropping
/// leading dimensions is already the plain form).
VectorType withDroppedUnitDims(VectorTransferOpInterface transfer) {
  AffineMap map = transfer.getPermutationMap();
  auto source = dyn_cast<ShapedType>(transfer.getBase().getType());
  if (!source || !source.hasStaticShape() || map.isMinorIdentity() ||
      !map.isProjectedPermutation() || transfer.getMask() ||
      llvm::any_of(transfer.getInBoundsValues(), [](bool b) { return !b; }))
    return {};
  SmallVector<int64_t> shape(source.getRank(), 1);
  int64_t previous = -1;
  for (auto [i, result] : llvm::enumerate(map.getResults())) {
    int64_t dim = cast<AffineDimExpr>(result).getPosition();
    if (dim <= previous)
      return {};
    shape[dim] = transfer.getVectorType().getDimSize(i);
    previous = dim;
  }
  for (int64_t d = 0; d < source.getRank(); ++d)
    if (!llvm::is_contained(map.getResults(),
                            getAffineDimExpr(d, map.getContext())) &&
        source.getDimSize(d) != 1)
      return {};
  return VectorType::get(shape, transfer.getVectorType().getElementType());
}

/// Such a read becomes a minor-identity read of the full-rank vector and a
/// shape_cast (the permutation-map lowering would broadcast and transpose
/// instead), so that an accumulator's read and write are the same subset
/// and hoist out of the reduction loops.
struct ReadDroppingUnitDims : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    VectorType full = withDroppedUnitDims(read);
    if (!full)
      return rewriter.notifyMatchFailure(read, "not a unit-dim projection");
    SmallVector<bool> inBounds(full.getRank(), true);
    Value value = vector::TransferReadOp::create(
        rewriter, read.getLoc(), full, read.getBase(), read.getIndices(),
        read.getPadding(), inBounds);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(
        read, read.getVectorType(), value);
    return success();
  }
};

/// The write of the same form: a shape_cast to the full-rank vector and a
/// minor-identity write.
struct WriteDroppingUnitDims : OpRewritePattern<vector::TransferWriteOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferWriteOp write,
                                PatternRewriter &rewriter) const override {
    VectorType full = withDroppedUnitDims(write);
    if (!full)
      return rewriter.notifyMatchFailure(write, "not a unit-dim projection");
    Value value = vector::ShapeCastOp::create(rewriter, write.getLoc(), full,
                                              write.getVector());
    SmallVector<bool> inBounds(full.getRank(), true);
    rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
        write, value, write.getBase(), write.getIndices(), inBounds);
    return success();
  }
};

LogicalResult canonicalize(Operation *scope) {
  MLIRContext *ctx = scope->getContext();
  RewritePatternSet canonical(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(canonical);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(canonical, ctx);
  return applyPatternsGreedily(scope, std::move(canonical));
}

/// Clean-ups after vectorization. Canonicalization runs in its own
/// greedy driver: mixed with vector lowering patterns it may not converge.
LogicalResult cleanUpVectors(Operation *scope) {
  MLIRContext *ctx = scope->getContext();
  RewritePatternSet patterns(ctx);
  // Before the permutation-map lowering (benefit 2 over its 1).
  patterns.add<ReadDroppingUnitDims, WriteDroppingUnitDims>(ctx,
                                                           /*benefit=*/2);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateSinkVectorOpsPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
  if (failed(applyPatternsGreedily(scope, std::move(patterns))))
    return failure();
  return canonicalize(scope);
}

/// After hoisting: conv accumulators are 3-D vectors, epilogue
/// tiles 4-D; with the unit dims gone the epilogue reads the accumulators
/// straight from registers (the write/read pair folds).
LogicalResult dropUnitDims(Operation *scope) {
  MLIRContext *ctx = scope->getContext();
  RewritePatternSet patterns(ctx);
  vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
  if (failed(applyPatternsGreedily(scope, std::move(patterns))))
    return failure();
  return canonicalize(scope);
}

/// Keeps the accumulators in registers across the reduction loops.
void hoistAccumulators(RewriterBase &rewriter, scf::ForallOp forall) {
  SmallVector<scf::ForOp> loops;
  // Post-order: inner loops first, so subsets climb loop by loop.
  forall.walk([&](scf::ForOp loop) { loops.push_back(loop); });
  for (scf::ForOp loop : loops)
    hoistLoopInvariantSubsets(rewriter,
                              cast<LoopLikeOpInterface>(loop.getOperation()));
}

bool isTiledLayer(scf::ForallOp forall) {
  return forall->hasAttr(resnet::TileAttr::kName);
}

/// Whether every dimension of the forall runs one iteration.
bool isSingleTile(scf::ForallOp forall) {
  for (auto [lower, upper, step] :
       llvm::zip_equal(forall.getMixedLowerBound(), forall.getMixedUpperBound(),
                       forall.getMixedStep())) {
    std::optional<int64_t> l = getConstantIntValue(lower),
                           u = getConstantIntValue(upper),
                           s = getConstantIntValue(step);
    if (!l || !u || !s || *u - *l > *s)
      return false;
  }
  return true;
}

struct VectorizePass : public resnet::impl::VectorizeBase<VectorizePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<scf::ForallOp> layers;
    func.walk([&](scf::ForallOp forall) {
      if (isTiledLayer(forall))
        layers.push_back(forall);
    });
    for (scf::ForallOp forall : layers) {
      if (failed(decompose(forall)) ||
          failed(vectorizeTiles(rewriter, forall)))
        return signalPassFailure();
      // Max pooling without NaN propagation, like ReLU (--resnet-to-linalg).
      forall.walk([](arith::MaximumFOp max) {
        max.setFastmath(max.getFastmath() | arith::FastMathFlags::nnan);
      });
    }
    // Canonicalizing the function folds the forall of a layer of one tile
    // (a peeled remainder of 8 classes), and with it what scopes the
    // hoisting: such a layer is cleaned up and hoisted inside it first.
    for (scf::ForallOp forall : layers) {
      if (!isSingleTile(forall))
        continue;
      if (failed(cleanUpVectors(forall)))
        return signalPassFailure();
      hoistAccumulators(rewriter, forall);
    }
    if (failed(cleanUpVectors(func)))
      return signalPassFailure();
    func.walk([&](scf::ForallOp forall) {
      if (isTiledLayer(forall))
        hoistAccumulators(rewriter, forall);
    });
    if (failed(dropUnitDims(func)))
      return signalPassFailure();
    // No silent scalar fallback: a tiled layer must be all vectors now.
    WalkResult leftover = func.walk([&](scf::ForallOp forall) {
      if (!isTiledLayer(forall))
        return WalkResult::advance();
      return forall.walk([&](linalg::LinalgOp op) {
        op.emitError("resnet-vectorize: a linalg op is left in a tiled layer "
                     "(it would run as scalar loops)");
        return WalkResult::interrupt();
      });
    });
    if (leftover.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
