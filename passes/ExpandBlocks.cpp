//===- ExpandBlocks.cpp - blocks and shortcuts to primitive layers --------===//
//
// The block ops describe the network; code generation, BN folding and
// fusion work on primitive layers. This pass spells every residual_block,
// bottleneck_block and shortcut as conv2d / batch_norm / relu / add. Each
// new op's location names its role inside the block and wraps the block's
// location (`"conv1"(loc)`), so diagnostics still point at the block.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_EXPANDBLOCKS
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// Geometry of a square convolution inside a block.
struct UnitGeometry {
  int64_t stride = 1;
  int64_t pad = 0;
  int64_t groups = 1;
};

/// Builds `batch_norm(conv2d(input))` for `unit`, both located at
/// `name`(blockLoc).
Value buildConvBn(PatternRewriter &rewriter, Location blockLoc, StringRef name,
                  Value input, const ConvUnit &unit, UnitGeometry geometry,
                  FloatAttr epsilon) {
  Location loc = NameLoc::get(rewriter.getStringAttr(name), blockLoc);
  int64_t s = geometry.stride, p = geometry.pad;
  Value conv = Conv2DOp::create(rewriter, loc, input, unit.weight,
                                /*bias=*/Value(), ArrayRef<int64_t>{s, s},
                                ArrayRef<int64_t>{p, p, p, p},
                                ArrayRef<int64_t>{1, 1},
                                static_cast<uint64_t>(geometry.groups));
  return BatchNormOp::create(rewriter, loc, conv, unit.scale, unit.bias,
                             unit.mean, unit.variance, epsilon);
}

Value buildRelu(PatternRewriter &rewriter, Location blockLoc, StringRef name,
                Value input) {
  return ReluOp::create(
      rewriter, NameLoc::get(rewriter.getStringAttr(name), blockLoc), input);
}

/// The shortcut of a block: `input` itself, or its 1x1 projection + BN.
template <typename BlockOp>
Value buildShortcut(PatternRewriter &rewriter, BlockOp op, Value input) {
  std::optional<ConvUnit> proj = op.getProjectionUnit();
  if (!proj)
    return input;
  return buildConvBn(rewriter, op.getLoc(), "projection", input, *proj,
                     {static_cast<int64_t>(op.getStride()), 0, 1},
                     op.getEpsilonAttr());
}

/// relu(branch + shortcut), the tail every block shares.
Value buildResidualTail(PatternRewriter &rewriter, Location blockLoc,
                        Value branch, Value shortcut) {
  Value sum = AddOp::create(
      rewriter, NameLoc::get(rewriter.getStringAttr("residual"), blockLoc),
      branch, shortcut);
  return buildRelu(rewriter, blockLoc, "output_relu", sum);
}

/// Base of the patterns below: counts what it expands.
template <typename OpTy>
struct CountingPattern : public OpRewritePattern<OpTy> {
  CountingPattern(MLIRContext *context, llvm::Statistic &counter)
      : OpRewritePattern<OpTy>(context), counter(counter) {}
  llvm::Statistic &counter;
};

/// relu(bn2(conv2(relu(bn1(conv1/stride(x))))) + shortcut(x)).
struct ExpandResidualBlock : public CountingPattern<ResidualBlockOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(ResidualBlockOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FloatAttr eps = op.getEpsilonAttr();
    int64_t stride = op.getStride();
    Value x = op.getInput();
    Value y = buildConvBn(rewriter, loc, "conv1", x, op.getConv1(),
                          {stride, 1, 1}, eps);
    y = buildRelu(rewriter, loc, "relu1", y);
    y = buildConvBn(rewriter, loc, "conv2", y, op.getConv2(), {1, 1, 1}, eps);
    Value shortcut = buildShortcut(rewriter, op, x);
    rewriter.replaceOp(op, buildResidualTail(rewriter, loc, y, shortcut));
    ++counter;
    return success();
  }
};

/// 1x1 reduce, 3x3 spatial (stride, groups), 1x1 expand, plus shortcut.
struct ExpandBottleneckBlock : public CountingPattern<BottleneckBlockOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(BottleneckBlockOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FloatAttr eps = op.getEpsilonAttr();
    int64_t stride = op.getStride(), groups = op.getGroups();
    Value x = op.getInput();
    Value y =
        buildConvBn(rewriter, loc, "reduce", x, op.getReduce(), {1, 0, 1}, eps);
    y = buildRelu(rewriter, loc, "reduce_relu", y);
    y = buildConvBn(rewriter, loc, "spatial", y, op.getSpatial(),
                    {stride, 1, groups}, eps);
    y = buildRelu(rewriter, loc, "spatial_relu", y);
    y = buildConvBn(rewriter, loc, "expand", y, op.getExpand(), {1, 0, 1}, eps);
    Value shortcut = buildShortcut(rewriter, op, x);
    rewriter.replaceOp(op, buildResidualTail(rewriter, loc, y, shortcut));
    ++counter;
    return success();
  }
};

/// A standalone shortcut: the value itself, or bn(conv1x1/stride(x)).
struct ExpandShortcut : public CountingPattern<ShortcutOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(ShortcutOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildShortcut(rewriter, op, op.getInput()));
    ++counter;
    return success();
  }
};

struct ExpandBlocks : public resnet::impl::ExpandBlocksBase<ExpandBlocks> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ExpandResidualBlock>(context, numResidualBlocks);
    patterns.add<ExpandBottleneckBlock>(context, numBottleneckBlocks);
    patterns.add<ExpandShortcut>(context, numShortcuts);
    if (failed(applyRewritesWithoutFolding(getOperation(),
                                           std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
