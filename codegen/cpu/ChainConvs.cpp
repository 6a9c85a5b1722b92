//===- ChainConvs.cpp - two summed convolutions share one accumulator -----===//
//
// A projection shortcut's output is summed with the block's last conv in
// one elementwise epilogue: relu(convB + bias + convA + bias'). Tiled as
// is, both convs live in one tile with two sets of accumulators. When each
// conv result is used once, by an addition in the epilogue, the second conv
// can accumulate onto the first instead:
//
//   A  = conv(xa, wa, init = 0)
//   B' = conv(xb, wb, init = A)            // A + convB
//   y  = epilogue(B', ...) with A's term replaced by -0.0 (folds away)
//
// Each conv is then a layer with one accumulator set (and --resnet-tile's
// row blocking applies to both); A is written once and read once.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_CHAINCONVS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// The conv behind the epilogue's input `operand` if it can be chained: a
/// zero-initialised conv used only here, read with the identity map, whose
/// value enters the body once, through an addition.
linalg::Conv2DNhwcHwcfOp chainableConv(linalg::GenericOp epilogue,
                                       OpOperand *operand) {
  auto conv = operand->get().getDefiningOp<linalg::Conv2DNhwcHwcfOp>();
  if (!conv || !conv->hasOneUse() ||
      !epilogue.getMatchingIndexingMap(operand).isIdentity() ||
      conv->getResult(0).getType() != epilogue.getResult(0).getType())
    return nullptr;
  auto fill = conv.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
    return nullptr;
  BlockArgument arg = epilogue.getMatchingBlockArgument(operand);
  if (!arg.hasOneUse() || !isa<arith::AddFOp>(*arg.getUsers().begin()))
    return nullptr;
  return conv;
}

struct ChainPair : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp epilogue,
                                PatternRewriter &rewriter) const override {
    if (!epilogue.hasPureTensorSemantics() ||
        epilogue.getNumDpsInits() != 1 ||
        epilogue.getNumReductionLoops() != 0 ||
        !epilogue.getMatchingIndexingMap(epilogue.getDpsInitOperand(0))
             .isIdentity())
      return rewriter.notifyMatchFailure(epilogue, "not an elementwise op");
    SmallVector<std::pair<OpOperand *, linalg::Conv2DNhwcHwcfOp>> convs;
    for (OpOperand *input : epilogue.getDpsInputOperands())
      if (auto conv = chainableConv(epilogue, input))
        convs.push_back({input, conv});
    if (convs.size() < 2 || convs[0].second == convs[1].second)
      return rewriter.notifyMatchFailure(epilogue,
                                         "does not add two chainable convs");
    // The later conv accumulates onto the earlier one.
    auto [first, second] = std::make_pair(convs[0], convs[1]);
    if (second.second->isBeforeInBlock(first.second))
      std::swap(first, second);
    if (first.second->getBlock() != second.second->getBlock())
      return rewriter.notifyMatchFailure(epilogue,
                                         "the convs are in different blocks");
    Value firstResult = first.second->getResult(0);
    rewriter.modifyOpInPlace(second.second, [&] {
      second.second.getDpsInitsMutable()[0].set(firstResult);
    });

    // The epilogue without the first conv's input: its term becomes -0.0,
    // the identity of addition, which canonicalization folds.
    unsigned dropped = first.first->getOperandNumber();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *input : epilogue.getDpsInputOperands()) {
      if (input->getOperandNumber() == dropped)
        continue;
      inputs.push_back(input->get());
      maps.push_back(epilogue.getMatchingIndexingMap(input));
    }
    maps.push_back(epilogue.getMatchingIndexingMap(
        epilogue.getDpsInitOperand(0)));
    auto chained = linalg::GenericOp::create(
        rewriter, epilogue.getLoc(), epilogue.getResultTypes(), inputs,
        epilogue.getDpsInits(), maps, epilogue.getIteratorTypesArray());
    rewriter.inlineRegionBefore(epilogue.getRegion(), chained.getRegion(),
                                chained.getRegion().end());
    Block &body = chained.getRegion().front();
    BlockArgument arg = body.getArgument(dropped);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(&body);
    auto type = cast<FloatType>(arg.getType());
    Value negativeZero = arith::ConstantOp::create(
        rewriter, epilogue.getLoc(),
        rewriter.getFloatAttr(type, APFloat::getZero(type.getFloatSemantics(),
                                                     /*Negative=*/true)));
    rewriter.replaceAllUsesWith(arg, negativeZero);
    body.eraseArgument(dropped);
    rewriter.replaceOp(epilogue, chained->getResults());
    return success();
  }
};

struct ChainConvsPass
    : public resnet::impl::ChainConvsBase<ChainConvsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ChainPair>(&getContext());
    if (failed(resnet::applyRewritesWithoutFolding(getOperation(),
                                                   std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
