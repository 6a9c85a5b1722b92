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
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "resnet-raise-blocks"

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
  /// The unit's operands as a block op takes them.
  ConvUnit unit() {
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
  // A block's convolutions pad with zeros.
  return !conv.getBias() && !conv.getPadValue() &&
         weight.getDimSize(2) == kernel &&
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
    if (!conv)
      return {};
    // A conv whose result is read elsewhere too cannot disappear into a
    // block.
    if (!conv->hasOneUse()) {
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << conv.getLoc()
                              << ": conv result has other users\n");
      return {};
    }
    units.push_back({conv, bn});
    if (i + 1 == count)
      break;
    auto relu = conv.getInput().getDefiningOp<ReluOp>();
    if (!relu)
      return {};
    // The ReLU and the BN before it are inside the block: the block op
    // exposes neither value.
    if (!relu->hasOneUse() || !relu.getInput().hasOneUse()) {
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << relu.getLoc()
                              << ": inner relu or batch_norm has other "
                                 "users\n");
      return {};
    }
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
  if (proj.empty() || proj[0].input() != x) {
    LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << shortcut.getLoc()
                            << ": shortcut is neither the block input nor "
                               "bn(conv(input))\n");
    return std::nullopt;
  }
  // A projection is a bias-free 1x1 conv with the block's stride, no
  // padding, one group, and the block's epsilon (the op has one epsilon);
  // its result belongs to the block alone.
  if (!shortcut.hasOneUse() || !hasGeometry(proj[0].conv, 1, stride, 0, 1) ||
      proj[0].epsilon() != epsilon) {
    LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << shortcut.getLoc()
                            << ": projection has other users, another "
                               "geometry or another epsilon\n");
    return std::nullopt;
  }
  return proj[0].unit().operands();
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
    if (u.empty())
      return failure();
    // The block op has one epsilon for all its batch norms.
    if (!sameEpsilon(u)) {
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << relu.getLoc()
                              << ": basic block candidate has unequal "
                                 "epsilons\n");
      return failure();
    }
    // BasicBlock: bias-free 3x3 convs with padding 1, the stride on the
    // first; anything else has no residual_block spelling.
    int64_t stride = u[0].stride();
    if (!hasGeometry(u[0].conv, 3, stride, 1, 1) ||
        !hasGeometry(u[1].conv, 3, 1, 1, 1)) {
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << relu.getLoc()
                              << ": basic block candidate has another conv "
                                 "geometry or a conv bias\n");
      return failure();
    }
    Value x = u[0].input();
    auto projection = matchShortcut(shortcut, x, stride, u[0].epsilon());
    if (!projection)
      return failure();
    ConvUnit c1 = u[0].unit(), c2 = u[1].unit();
    rewriter.replaceOpWithNewOp<ResidualBlockOp>(
        relu, relu.getType(), x, c1.weight, c1.scale, c1.bias, c1.mean,
        c1.variance, c2.weight, c2.scale, c2.bias, c2.mean, c2.variance,
        *projection, rewriter.getI64IntegerAttr(stride),
        rewriter.getF64FloatAttr(u[0].epsilon()));
    return success();
  }

  /// bn(conv1x1(relu(bn(conv3x3/s,g(relu(bn(conv1x1(x)))))))) + shortcut(x).
  LogicalResult raiseBottleneck(ReluOp relu, Value branch, Value shortcut,
                                PatternRewriter &rewriter) const {
    SmallVector<ConvBn> u = walkChain(branch, 3);
    if (u.empty())
      return failure();
    // The block op has one epsilon for all its batch norms.
    if (!sameEpsilon(u)) {
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << relu.getLoc()
                              << ": bottleneck candidate has unequal "
                                 "epsilons\n");
      return failure();
    }
    // Bottleneck v1.5: bias-free 1x1, 3x3 (padding 1, the block's stride and
    // groups), 1x1; a stride on the 1x1 (v1) has no spelling in the op.
    int64_t stride = u[1].stride(), groups = u[1].conv.getGroups();
    if (!hasGeometry(u[0].conv, 1, 1, 0, 1) ||
        !hasGeometry(u[1].conv, 3, stride, 1, groups) ||
        !hasGeometry(u[2].conv, 1, 1, 0, 1)) {
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << relu.getLoc()
                              << ": bottleneck candidate has another conv "
                                 "geometry or a conv bias\n");
      return failure();
    }
    auto weightDim = [](ConvBn &unit) {
      return cast<RankedTensorType>(unit.conv.getWeight().getType())
          .getDimSize(0);
    };
    // The op states the channels as width and width * expansion.
    int64_t width = weightDim(u[0]), out = weightDim(u[2]);
    if (weightDim(u[1]) != width || out % width != 0) {
      LLVM_DEBUG(llvm::dbgs()
                 << "[" DEBUG_TYPE "] " << relu.getLoc()
                 << ": bottleneck channels " << width << ", " << weightDim(u[1])
                 << ", " << out << " are not width, width, width * k\n");
      return failure();
    }
    Value x = u[0].input();
    auto projection = matchShortcut(shortcut, x, stride, u[0].epsilon());
    if (!projection)
      return failure();
    ConvUnit c1 = u[0].unit(), c2 = u[1].unit(), c3 = u[2].unit();
    rewriter.replaceOpWithNewOp<BottleneckBlockOp>(
        relu, relu.getType(), x, c1.weight, c1.scale, c1.bias, c1.mean,
        c1.variance, c2.weight, c2.scale, c2.bias, c2.mean, c2.variance,
        c3.weight, c3.scale, c3.bias, c3.mean, c3.variance, *projection,
        rewriter.getI64IntegerAttr(width),
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
      if (u.empty())
        continue;
      // A shortcut op's result feeds the add alone; a 1x1 conv with padding,
      // dilation, groups or bias is not a projection.
      int64_t stride = u[0].stride();
      if (!operand.hasOneUse() || !hasGeometry(u[0].conv, 1, stride, 0, 1)) {
        LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << u[0].bn.getLoc()
                                << ": bn(conv) operand of an add is not a "
                                   "private projection\n");
        continue;
      }
      rewriter.replaceOpWithNewOp<ShortcutOp>(
          u[0].bn, u[0].bn.getType(), u[0].input(), u[0].unit().operands(),
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
