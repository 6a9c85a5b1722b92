//===- FuseConv.cpp - conv2d + bias + residual add + relu -> fused_conv ---===//
//
// Code generation emits a fused_conv's epilogue (bias, residual addend, ReLU)
// inside the convolution's loop nest, so the intermediate tensors are never
// written. Every conv2d becomes a fused_conv (with a zero bias constant when
// it has none); then a residual add of it and a ReLU after it are absorbed
// when the intermediate value has no other user.
//
// The fused op replaces the last absorbed op (the add or the relu), where
// every operand involved already dominates: the conv's operands dominate the
// conv, which dominates its user. The conv and its consumer must be in one
// block, so no computation moves into or out of a region.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "passes/CountingPattern.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "resnet-fuse-conv"

namespace mlir::resnet {
#define GEN_PASS_DEF_FUSECONV
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// A fused_conv producing `value` that `user` may absorb: `value` has no
/// other user, lives in `user`'s block, and the op has no ReLU yet (a ReLU
/// must stay last) and, when `needsNoResidual`, no residual addend.
FusedConvOp getAbsorbableConv(Value value, Operation *user,
                              bool needsNoResidual) {
  auto conv = value.getDefiningOp<FusedConvOp>();
  if (!conv)
    return {};
  auto reject = [&](StringRef why) {
    LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] not fusing " << user->getName()
                            << " at " << user->getLoc() << " into the conv at "
                            << conv.getLoc() << ": " << why << "\n");
    return FusedConvOp();
  };
  // Another user would still need the value before the epilogue.
  if (!value.hasOneUse())
    return reject("the conv result has other users");
  // Fusing across blocks would move computation into or out of a region.
  if (conv->getBlock() != user->getBlock())
    return reject("the conv is in another block");
  // The epilogue applies the ReLU last: relu(conv) + r is not relu(conv + r),
  // and relu(relu(conv)) is the canonicalizer's (ReLU of a fused ReLU).
  if (conv.getRelu())
    return reject("the conv already ends with a ReLU");
  // One residual addend per fused_conv.
  if (needsNoResidual && conv.getResidual())
    return reject("the conv already has a residual addend");
  return conv;
}

/// conv2d(x, w, b?) -> fused_conv(x, w, b or zeros).
struct ConvToFusedConv : public CountingPattern<Conv2DOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    Value bias = conv.getBias();
    if (!bias) {
      auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
      auto biasType = RankedTensorType::get({weightType.getDimSize(0)},
                                            weightType.getElementType());
      bias = arith::ConstantOp::create(rewriter, conv.getLoc(),
                                       DenseElementsAttr::get(biasType, 0.0f));
    }
    rewriter.replaceOpWithNewOp<FusedConvOp>(
        conv, conv.getType(), conv.getInput(), conv.getWeight(), bias,
        /*residual=*/Value(), conv.getStridesAttr(), conv.getPadsAttr(),
        conv.getDilationsAttr(), conv.getGroupsAttr(), /*relu=*/UnitAttr(),
        conv.getPadValueAttr());
    ++counter;
    return success();
  }
};

/// add(fused_conv(x), r) or add(r, fused_conv(x)) -> fused_conv(x) residual r.
struct FuseResidualAdd : public CountingPattern<AddOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (auto [operand, residual] : {std::pair(add.getLhs(), add.getRhs()),
                                     std::pair(add.getRhs(), add.getLhs())}) {
      FusedConvOp conv = getAbsorbableConv(operand, add, /*needsNoResidual=*/true);
      if (!conv)
        continue;
      // add(c, c) would need the conv's result as its own addend.
      if (residual == operand) {
        LLVM_DEBUG(llvm::dbgs()
                   << "[" DEBUG_TYPE "] not fusing add at " << add.getLoc()
                   << ": both operands are the conv\n");
        continue;
      }
      // The location first: replaceOpWithNewOp erases `add`.
      Location loc = rewriter.getFusedLoc({conv.getLoc(), add.getLoc()});
      auto fused = rewriter.replaceOpWithNewOp<FusedConvOp>(
          add, add.getType(), conv.getInput(), conv.getWeight(),
          conv.getBias(), residual, conv.getStridesAttr(), conv.getPadsAttr(),
          conv.getDilationsAttr(), conv.getGroupsAttr(), UnitAttr(),
          conv.getPadValueAttr());
      fused->setLoc(loc);
      rewriter.eraseOp(conv);
      ++counter;
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no private fused_conv operand");
  }
};

/// relu(fused_conv(...)) -> fused_conv(...) {relu}.
struct FuseRelu : public CountingPattern<ReluOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(ReluOp relu,
                                PatternRewriter &rewriter) const override {
    FusedConvOp conv =
        getAbsorbableConv(relu.getInput(), relu, /*needsNoResidual=*/false);
    if (!conv)
      return rewriter.notifyMatchFailure(relu, "input is not a private fused_conv");
    // The location first: replaceOpWithNewOp erases `relu`.
    Location loc = rewriter.getFusedLoc({conv.getLoc(), relu.getLoc()});
    auto fused = rewriter.replaceOpWithNewOp<FusedConvOp>(
        relu, relu.getType(), conv.getInput(), conv.getWeight(),
        conv.getBias(), conv.getResidual(), conv.getStridesAttr(),
        conv.getPadsAttr(), conv.getDilationsAttr(), conv.getGroupsAttr(),
        rewriter.getUnitAttr(), conv.getPadValueAttr());
    fused->setLoc(loc);
    rewriter.eraseOp(conv);
    ++counter;
    return success();
  }
};

struct FuseConv : public resnet::impl::FuseConvBase<FuseConv> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ConvToFusedConv>(context, numConvs);
    patterns.add<FuseResidualAdd>(context, numResidualAdds);
    patterns.add<FuseRelu>(context, numRelus);
    if (failed(applyRewritesWithoutFolding(getOperation(),
                                           std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
