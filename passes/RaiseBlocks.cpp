//===- RaiseBlocks.cpp - form block ops from primitive graphs -------------===//
//
// ONNX and other flat graphs spell a residual block as convolutions, batch
// norms, ReLUs and an add. This pass finds torchvision's BasicBlock and
// Bottleneck (and, afterwards, projection shortcuts left outside any block)
// and replaces them by the dialect's block ops, which later passes expand,
// fuse and schedule as units.
//
// A candidate is raised only when it matches exactly; anything else (a conv
// with bias, other kernels/pads/strides, unequal epsilons, an intermediate
// value used outside the block) stays as it is.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_RAISEBLOCKS
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// One convolution followed by its batch norm.
struct ConvBn {
  Conv2DOp conv;
  BatchNormOp bn;

  Value input() { return conv.getInput(); }
  int64_t stride() { return conv.getStrides()[0]; }
  double epsilon() { return bn.getEpsilon().convertToDouble(); }
  SmallVector<Value, 5> operands() {
    return {conv.getWeight(), bn.getScale(), bn.getBias(), bn.getMean(),
            bn.getVariance()};
  }
};

/// True when `conv` is a bias-free, undilated `kernel`x`kernel` convolution
/// with stride `stride` in both dimensions, padding `pad` on every side and
/// `groups` groups.
bool hasGeometry(Conv2DOp conv, int64_t kernel, int64_t stride, int64_t pad,
                 int64_t groups) {
  auto weight = cast<RankedTensorType>(conv.getWeight().getType());
  auto isAll = [](ArrayRef<int64_t> values, int64_t v) {
    return llvm::all_of(values, [&](int64_t x) { return x == v; });
  };
  return !conv.getBias() && weight.getDimSize(2) == kernel &&
         weight.getDimSize(3) == kernel && isAll(conv.getStrides(), stride) &&
         isAll(conv.getPads(), pad) && isAll(conv.getDilations(), 1) &&
         static_cast<int64_t>(conv.getGroups()) == groups;
}

/// Walks back from `value` through `count` units `bn(conv(.))` joined by
/// ReLUs: `bn(conv(relu(bn(conv(x)))))` for count 2. Returns the units in
/// program order, or nothing when the chain breaks or a value inside it has
/// another user (the last BN's result is the caller's to check).
SmallVector<ConvBn> walkChain(Value value, int count) {
  SmallVector<ConvBn> units;
  for (int i = 0; i < count; ++i) {
    auto bn = value.getDefiningOp<BatchNormOp>();
    auto conv = bn ? bn.getInput().getDefiningOp<Conv2DOp>() : Conv2DOp();
    if (!conv || !conv->hasOneUse())
      return {};
    units.push_back({conv, bn});
    if (i + 1 == count)
      break;
    auto relu = conv.getInput().getDefiningOp<ReluOp>();
    if (!relu || !relu->hasOneUse() || !relu.getInput().hasOneUse())
      return {};
    value = relu.getInput();
  }
  std::reverse(units.begin(), units.end());
  return units;
}

/// The shortcut of a block with input `x` and `stride`: std::nullopt when it
/// is not one, an empty operand list for the identity, else the projection.
std::optional<SmallVector<Value, 5>> matchShortcut(Value shortcut, Value x,
                                                   int64_t stride,
                                                   double epsilon) {
  if (shortcut == x)
    return SmallVector<Value, 5>{};
  SmallVector<ConvBn> proj = walkChain(shortcut, 1);
  if (proj.empty() || proj[0].input() != x || !shortcut.hasOneUse() ||
      !hasGeometry(proj[0].conv, 1, stride, 0, 1) ||
      proj[0].epsilon() != epsilon)
    return std::nullopt;
  return proj[0].operands();
}

bool sameEpsilon(ArrayRef<ConvBn> units) {
  return llvm::all_of(units, [&](ConvBn u) {
    return const_cast<ConvBn &>(u).epsilon() ==
           const_cast<ConvBn &>(units[0]).epsilon();
  });
}

/// relu(add(branch, shortcut)) with branch = a BasicBlock or Bottleneck.
struct RaiseBlockPattern : public OpRewritePattern<ReluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReluOp relu,
                                PatternRewriter &rewriter) const override {
    auto add = relu.getInput().getDefiningOp<AddOp>();
    if (!add || !add->hasOneUse())
      return rewriter.notifyMatchFailure(relu, "input is not a private add");
    Value lhs = add.getLhs(), rhs = add.getRhs();
    for (auto [branch, shortcut] : {std::pair(lhs, rhs), std::pair(rhs, lhs)}) {
      if (!branch.hasOneUse())
        continue;
      if (succeeded(raiseBottleneck(relu, branch, shortcut, rewriter)) ||
          succeeded(raiseBasic(relu, branch, shortcut, rewriter)))
        return success();
    }
    return rewriter.notifyMatchFailure(relu, "not a residual block");
  }

  /// bn(conv3x3(relu(bn(conv3x3/s(x))))) + shortcut(x).
  LogicalResult raiseBasic(ReluOp relu, Value branch, Value shortcut,
                           PatternRewriter &rewriter) const {
    SmallVector<ConvBn> u = walkChain(branch, 2);
    if (u.empty() || !sameEpsilon(u))
      return failure();
    int64_t stride = u[0].stride();
    if (!hasGeometry(u[0].conv, 3, stride, 1, 1) ||
        !hasGeometry(u[1].conv, 3, 1, 1, 1))
      return failure();
    Value x = u[0].input();
    auto projection = matchShortcut(shortcut, x, stride, u[0].epsilon());
    if (!projection)
      return failure();
    SmallVector<Value, 5> c1 = u[0].operands(), c2 = u[1].operands();
    rewriter.replaceOpWithNewOp<ResidualBlockOp>(
        relu, relu.getType(), x, c1[0], c1[1], c1[2], c1[3], c1[4], c2[0],
        c2[1], c2[2], c2[3], c2[4], *projection,
        rewriter.getI64IntegerAttr(stride),
        rewriter.getF64FloatAttr(u[0].epsilon()));
    return success();
  }

  /// bn(conv1x1(relu(bn(conv3x3/s,g(relu(bn(conv1x1(x)))))))) + shortcut(x).
  LogicalResult raiseBottleneck(ReluOp relu, Value branch, Value shortcut,
                                PatternRewriter &rewriter) const {
    SmallVector<ConvBn> u = walkChain(branch, 3);
    if (u.empty() || !sameEpsilon(u))
      return failure();
    int64_t stride = u[1].stride(), groups = u[1].conv.getGroups();
    if (!hasGeometry(u[0].conv, 1, 1, 0, 1) ||
        !hasGeometry(u[1].conv, 3, stride, 1, groups) ||
        !hasGeometry(u[2].conv, 1, 1, 0, 1))
      return failure();
    auto weightDim = [](ConvBn &unit) {
      return cast<RankedTensorType>(unit.conv.getWeight().getType())
          .getDimSize(0);
    };
    int64_t width = weightDim(u[0]), out = weightDim(u[2]);
    if (weightDim(u[1]) != width || out % width != 0)
      return failure();
    Value x = u[0].input();
    auto projection = matchShortcut(shortcut, x, stride, u[0].epsilon());
    if (!projection)
      return failure();
    SmallVector<Value, 5> c1 = u[0].operands(), c2 = u[1].operands(),
                          c3 = u[2].operands();
    rewriter.replaceOpWithNewOp<BottleneckBlockOp>(
        relu, relu.getType(), x, c1[0], c1[1], c1[2], c1[3], c1[4], c2[0],
        c2[1], c2[2], c2[3], c2[4], c3[0], c3[1], c3[2], c3[3], c3[4],
        *projection, rewriter.getI64IntegerAttr(width),
        rewriter.getI64IntegerAttr(out / width),
        rewriter.getI64IntegerAttr(stride), rewriter.getI64IntegerAttr(groups),
        rewriter.getF64FloatAttr(u[0].epsilon()));
    return success();
  }
};

/// bn(conv1x1/s(x)) feeding an add outside any recognised block becomes a
/// projection `resnet.shortcut`.
struct RaiseShortcutPattern : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (Value operand : add->getOperands()) {
      SmallVector<ConvBn> u = walkChain(operand, 1);
      if (u.empty() || !operand.hasOneUse())
        continue;
      int64_t stride = u[0].stride();
      if (!hasGeometry(u[0].conv, 1, stride, 0, 1))
        continue;
      rewriter.replaceOpWithNewOp<ShortcutOp>(
          u[0].bn, u[0].bn.getType(), u[0].input(), u[0].operands(),
          rewriter.getI64IntegerAttr(stride),
          rewriter.getF64FloatAttr(u[0].epsilon()));
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no projection operand");
  }
};

struct RaiseBlocks : public resnet::impl::RaiseBlocksBase<RaiseBlocks> {
  void runOnOperation() override {
    // Folding would rewrite the very ops being matched (an identity batch
    // norm disappears); this pass only forms blocks.
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    RewritePatternSet blocks(&getContext());
    blocks.add<RaiseBlockPattern>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(blocks),
                                     config)))
      return signalPassFailure();
    // Shortcuts second: a projection inside a block belongs to the block.
    RewritePatternSet shortcuts(&getContext());
    shortcuts.add<RaiseShortcutPattern>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(shortcuts),
                                     config)))
      return signalPassFailure();
  }
};
} // namespace
