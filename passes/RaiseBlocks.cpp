//===- RaiseBlocks.cpp - form block ops from primitive graphs -------------===//
//
// ONNX and other flat graphs spell a residual block as convolutions, batch
// norms, ReLUs and an add. This pass finds torchvision's BasicBlock and
// Bottleneck, then pre-activation (ResNet v2) blocks, then projection
// shortcuts left outside any block, and replaces them by the dialect's block
// ops, which later passes expand, fuse and schedule as units.
//
// Each convolution of a block is a *unit*: conv + batch_norm (an export that
// keeps BN nodes), conv with bias (PyTorch's default export folds every BN
// into its conv), or a bare conv (the last conv of a v2 block); units of
// one block may have different forms.
//
// A candidate is raised only when it matches exactly; anything else (a conv
// with bias followed by a BN, other kernels/pads/strides, unequal epsilons,
// an intermediate value used outside the block) stays as it is.
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
/// One convolution, followed by its batch norm in the BN form.
struct Unit {
  Conv2DOp conv;
  BatchNormOp bn;

  Value input() { return conv.getInput(); }
  /// The value the unit produces: the BN's result, or the conv's.
  Value output() { return bn ? bn.getResult() : conv.getResult(); }
  int64_t stride() { return conv.getStrides()[0]; }
  int64_t filters() {
    return cast<RankedTensorType>(conv.getWeight().getType()).getDimSize(0);
  }
  /// The unit's operands as a block op takes them.
  ConvUnit unit() {
    if (!bn)
      return ConvUnit::withBias(conv.getWeight(), conv.getBias());
    return ConvUnit::withBatchNorm(
        conv.getWeight(),
        {bn.getScale(), bn.getBias(), bn.getMean(), bn.getVariance()});
  }
};

void debugSkip(Location loc, const Twine &why) {
  LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << loc << ": " << why << "\n");
  (void)loc;
  (void)why;
}

/// The unit that produces `value`: `bn(conv(.))` with a bias-free conv that
/// only the BN reads, else `conv(.)` itself (with or without bias).
std::optional<Unit> matchUnit(Value value) {
  if (auto bn = value.getDefiningOp<BatchNormOp>()) {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv)
      return std::nullopt;
    // A conv whose result is read elsewhere too cannot disappear into a
    // block; a conv with bias and a BN has no unit spelling.
    if (!conv->hasOneUse() || conv.getBias()) {
      debugSkip(conv.getLoc(), "conv before a batch_norm has other users or "
                               "a bias");
      return std::nullopt;
    }
    return Unit{conv, bn};
  }
  if (auto conv = value.getDefiningOp<Conv2DOp>())
    return Unit{conv, BatchNormOp()};
  return std::nullopt;
}

/// True when `conv` is an undilated `kernel`x`kernel` convolution with stride
/// `stride` in both dimensions, padding `pad` on every side and `groups`
/// groups.
bool hasGeometry(Conv2DOp conv, int64_t kernel, int64_t stride, int64_t pad,
                 int64_t groups) {
  auto weight = cast<RankedTensorType>(conv.getWeight().getType());
  auto isAll = [](ArrayRef<int64_t> values, int64_t v) {
    return llvm::all_of(values, [&](int64_t x) { return x == v; });
  };
  // A block's convolutions pad with zeros.
  return !conv.getPadValue() && weight.getDimSize(2) == kernel &&
         weight.getDimSize(3) == kernel && isAll(conv.getStrides(), stride) &&
         isAll(conv.getPads(), pad) && isAll(conv.getDilations(), 1) &&
         static_cast<int64_t>(conv.getGroups()) == groups;
}

/// Walks back from `value` through `count` units joined by ReLUs:
/// `u2(relu(u1(x)))` for count 2. Returns the units in program order, or
/// nothing when the chain breaks or a value inside it has another user (the
/// last unit's result is the caller's to check).
SmallVector<Unit> walkChain(Value value, int count) {
  SmallVector<Unit> units;
  for (int i = 0; i < count; ++i) {
    std::optional<Unit> unit = matchUnit(value);
    if (!unit)
      return {};
    units.push_back(*unit);
    if (i + 1 == count)
      break;
    auto relu = unit->input().getDefiningOp<ReluOp>();
    if (!relu)
      return {};
    // The ReLU and the unit before it are inside the block: the block op
    // exposes neither value.
    if (!relu->hasOneUse() || !relu.getInput().hasOneUse()) {
      debugSkip(relu.getLoc(), "inner relu or the unit before it has other "
                               "users");
      return {};
    }
    value = relu.getInput();
  }
  std::reverse(units.begin(), units.end());
  return units;
}

/// The one epsilon of the batch norms of a block (the op has one), the
/// default when it has none, or nothing when they differ.
std::optional<double> blockEpsilon(ArrayRef<BatchNormOp> norms) {
  std::optional<double> epsilon;
  for (BatchNormOp bn : norms) {
    if (!bn)
      continue;
    double e = bn.getEpsilon().convertToDouble();
    if (epsilon && *epsilon != e)
      return std::nullopt;
    epsilon = e;
  }
  return epsilon.value_or(kDefaultBatchNormEpsilon);
}

/// A block's shortcut: the identity (no unit) or its projection unit.
struct Shortcut {
  std::optional<Unit> projection;
  SmallVector<Value, 5> operands() {
    if (!projection)
      return {};
    return projection->unit().operands();
  }
};

/// The shortcut of a block whose identity is `x`, whose projection reads
/// `projected` (x itself, or relu(bn(x)) in a v2 block), at `stride`:
/// nothing when `shortcut` is neither.
std::optional<Shortcut> matchShortcut(Value shortcut, Value x, Value projected,
                                      int64_t stride) {
  if (shortcut == x)
    return Shortcut{};
  std::optional<Unit> proj = matchUnit(shortcut);
  if (!proj || proj->input() != projected) {
    debugSkip(shortcut.getLoc(),
              "shortcut is neither the block input nor a conv unit on it");
    return std::nullopt;
  }
  // A projection is a 1x1 conv with the block's stride, no padding, one
  // group; its result belongs to the block alone.
  if (!shortcut.hasOneUse() || !hasGeometry(proj->conv, 1, stride, 0, 1)) {
    debugSkip(shortcut.getLoc(),
              "projection has other users or another geometry");
    return std::nullopt;
  }
  return Shortcut{proj};
}

/// A residual branch matched as a block's units, with its geometry.
struct Branch {
  SmallVector<Unit> units;
  int64_t stride = 1, groups = 1;
  /// Bottleneck channels: width, and width * expansion at the output.
  int64_t width = 0, outChannels = 0;
};

/// bn(conv3x3(relu(bn(conv3x3/s(x))))) in any unit forms.
std::optional<Branch> matchBasicBranch(Value branch) {
  SmallVector<Unit> u = walkChain(branch, 2);
  if (u.empty())
    return std::nullopt;
  // BasicBlock: 3x3 convs with padding 1, the stride on the first; anything
  // else has no residual_block spelling.
  int64_t stride = u[0].stride();
  if (!hasGeometry(u[0].conv, 3, stride, 1, 1) ||
      !hasGeometry(u[1].conv, 3, 1, 1, 1)) {
    debugSkip(branch.getLoc(), "basic block candidate has another conv "
                               "geometry");
    return std::nullopt;
  }
  return Branch{u, stride, 1, 0, 0};
}

/// conv1x1(relu(conv3x3/s,g(relu(conv1x1(x))))) in any unit forms.
std::optional<Branch> matchBottleneckBranch(Value branch) {
  SmallVector<Unit> u = walkChain(branch, 3);
  if (u.empty())
    return std::nullopt;
  // Bottleneck v1.5: 1x1, 3x3 (padding 1, the block's stride and groups),
  // 1x1; a stride on the 1x1 (v1) has no spelling in the op.
  int64_t stride = u[1].stride(), groups = u[1].conv.getGroups();
  if (!hasGeometry(u[0].conv, 1, 1, 0, 1) ||
      !hasGeometry(u[1].conv, 3, stride, 1, groups) ||
      !hasGeometry(u[2].conv, 1, 1, 0, 1)) {
    debugSkip(branch.getLoc(), "bottleneck candidate has another conv "
                               "geometry");
    return std::nullopt;
  }
  // The op states the channels as width and width * expansion.
  int64_t width = u[0].filters(), out = u[2].filters();
  if (u[1].filters() != width || out % width != 0) {
    debugSkip(branch.getLoc(), "bottleneck channels are not width, width, "
                               "width * k");
    return std::nullopt;
  }
  return Branch{u, stride, groups, width, out};
}

/// Replaces `root` (the block's last op) by the block op for `branch`.
void createBlock(PatternRewriter &rewriter, Operation *root, Value x,
                 const Branch &branch, Shortcut shortcut,
                 SmallVector<Value, 4> preact, double epsilon) {
  SmallVector<Unit> units = branch.units;
  SmallVector<Value, 5> proj = shortcut.operands();
  FloatAttr eps = rewriter.getF64FloatAttr(epsilon);
  Type type = root->getResult(0).getType();
  if (units.size() == 2) {
    rewriter.replaceOpWithNewOp<ResidualBlockOp>(
        root, type, x, ValueRange(preact),
        ValueRange(units[0].unit().operands()),
        ValueRange(units[1].unit().operands()), ValueRange(proj),
        rewriter.getI64IntegerAttr(branch.stride), eps);
    return;
  }
  rewriter.replaceOpWithNewOp<BottleneckBlockOp>(
      root, type, x, ValueRange(preact), ValueRange(units[0].unit().operands()),
      ValueRange(units[1].unit().operands()),
      ValueRange(units[2].unit().operands()), ValueRange(proj),
      rewriter.getI64IntegerAttr(branch.width),
      rewriter.getI64IntegerAttr(branch.outChannels / branch.width),
      rewriter.getI64IntegerAttr(branch.stride),
      rewriter.getI64IntegerAttr(branch.groups), eps);
}

/// The batch norms of `branch` and `shortcut`, and `extra`.
SmallVector<BatchNormOp> batchNorms(const Branch &branch, Shortcut shortcut,
                                    BatchNormOp extra = {}) {
  SmallVector<BatchNormOp> norms = {extra};
  for (Unit u : branch.units)
    norms.push_back(u.bn);
  if (shortcut.projection)
    norms.push_back(shortcut.projection->bn);
  return norms;
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
    for (auto [branchValue, shortcutValue] :
         {std::pair(lhs, rhs), std::pair(rhs, lhs)}) {
      if (!branchValue.hasOneUse())
        continue;
      for (auto match : {matchBottleneckBranch, matchBasicBranch}) {
        std::optional<Branch> branch = match(branchValue);
        if (!branch)
          continue;
        Value x = branch->units[0].input();
        std::optional<Shortcut> shortcut =
            matchShortcut(shortcutValue, x, x, branch->stride);
        if (!shortcut)
          continue;
        std::optional<double> eps =
            blockEpsilon(batchNorms(*branch, *shortcut));
        if (!eps) {
          debugSkip(relu.getLoc(), "block candidate has unequal epsilons");
          continue;
        }
        createBlock(rewriter, relu, x, *branch, *shortcut, {}, *eps);
        return success();
      }
    }
    return rewriter.notifyMatchFailure(relu, "not a residual block");
  }
};

/// add(branch, shortcut) with branch = a BasicBlock or Bottleneck on
/// t = relu(bn(x)), and shortcut = x or a projection of t: the
/// pre-activation block of ResNet v2, which has no ReLU after the add.
struct RaisePreactBlockPattern : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    Value lhs = add.getLhs(), rhs = add.getRhs();
    for (auto [branchValue, shortcutValue] :
         {std::pair(lhs, rhs), std::pair(rhs, lhs)}) {
      if (!branchValue.hasOneUse())
        continue;
      for (auto match : {matchBottleneckBranch, matchBasicBranch}) {
        std::optional<Branch> branch = match(branchValue);
        if (!branch || failed(raise(add, *branch, shortcutValue, rewriter)))
          continue;
        return success();
      }
    }
    return rewriter.notifyMatchFailure(add, "not a pre-activation block");
  }

  LogicalResult raise(AddOp add, const Branch &branch, Value shortcutValue,
                      PatternRewriter &rewriter) const {
    Unit first = branch.units.front();
    Value t = first.input();
    auto relu = t.getDefiningOp<ReluOp>();
    auto bn =
        relu ? relu.getInput().getDefiningOp<BatchNormOp>() : BatchNormOp();
    if (!bn || !bn->hasOneUse())
      return failure();
    Value x = bn.getInput();
    std::optional<Shortcut> shortcut =
        matchShortcut(shortcutValue, x, t, branch.stride);
    if (!shortcut)
      return failure();
    // relu(bn(x)) feeds the first conv and the projection, nothing else.
    size_t users = shortcut->projection ? 2 : 1;
    if (!llvm::hasNItems(t.getUses(), users)) {
      debugSkip(relu.getLoc(), "pre-activation has users outside the block");
      return failure();
    }
    std::optional<double> eps = blockEpsilon(batchNorms(branch, *shortcut, bn));
    if (!eps) {
      debugSkip(add.getLoc(), "pre-activation block candidate has unequal "
                              "epsilons");
      return failure();
    }
    SmallVector<Value, 4> preact = {bn.getScale(), bn.getBias(), bn.getMean(),
                                    bn.getVariance()};
    createBlock(rewriter, add, x, branch, *shortcut, preact, *eps);
    return success();
  }
};

/// A conv unit 1x1/s with a batch norm or a bias feeding an add outside any
/// recognised block becomes a projection `resnet.shortcut`.
struct RaiseShortcutPattern : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (Value operand : add->getOperands()) {
      std::optional<Unit> u = matchUnit(operand);
      if (!u || (!u->bn && !u->conv.getBias()))
        continue;
      // A shortcut op's result feeds the add alone; a 1x1 conv with padding,
      // dilation or groups is not a projection.
      int64_t stride = u->stride();
      if (!operand.hasOneUse() || !hasGeometry(u->conv, 1, stride, 0, 1)) {
        debugSkip(operand.getLoc(), "conv unit operand of an add is not a "
                                    "private projection");
        continue;
      }
      double eps = u->bn ? u->bn.getEpsilon().convertToDouble()
                         : kDefaultBatchNormEpsilon;
      rewriter.replaceOpWithNewOp<ShortcutOp>(
          operand.getDefiningOp(), operand.getType(), u->input(),
          u->unit().operands(), rewriter.getI64IntegerAttr(stride),
          rewriter.getF64FloatAttr(eps));
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no projection operand");
  }
};

struct RaiseBlocks : public resnet::impl::RaiseBlocksBase<RaiseBlocks> {
  /// Runs `pattern` to a fixed point without folding: folding would rewrite
  /// the very ops being matched (an identity batch norm disappears); this
  /// pass only forms blocks.
  template <typename Pattern> LogicalResult raise() {
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    RewritePatternSet patterns(&getContext());
    patterns.add<Pattern>(&getContext());
    return applyPatternsGreedily(getOperation(), std::move(patterns), config);
  }

  void runOnOperation() override {
    // v1 blocks first, anchored at their ReLU; then v2 blocks on the adds
    // left; shortcuts last: a projection inside a block belongs to the
    // block.
    if (failed(raise<RaiseBlockPattern>()) ||
        failed(raise<RaisePreactBlockPattern>()) ||
        failed(raise<RaiseShortcutPattern>()))
      return signalPassFailure();
  }
};
} // namespace
