//===- ExpandBlocks.cpp - blocks and shortcuts to primitive layers --------===//
//
// The block ops describe the network; code generation, BN folding and
// fusion work on primitive layers. This pass spells every residual_block,
// bottleneck_block and shortcut as conv2d / batch_norm / relu / add: a conv
// unit becomes a conv2d (with its bias in the bias form) and, in the BN
// form, a batch_norm; a pre-activation (v2) block starts with the input's
// batch_norm + relu and ends with the add. Each
// new op's location names its role inside the block and wraps the block's
// location (`"conv1"(loc)`), so diagnostics still point at the block.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "passes/CountingPattern.h"
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

/// Builds `unit` on `input`: `conv2d(input)` with the unit's bias, then its
/// batch norm if it has one, all located at `name`(blockLoc).
Value buildConvUnit(PatternRewriter &rewriter, Location blockLoc,
                    StringRef name, Value input, const ConvUnit &unit,
                    UnitGeometry geometry, FloatAttr epsilon) {
  Location loc = NameLoc::get(rewriter.getStringAttr(name), blockLoc);
  int64_t s = geometry.stride, p = geometry.pad;
  Value conv = Conv2DOp::create(rewriter, loc, input, unit.weight, unit.bias,
                                ArrayRef<int64_t>{s, s},
                                ArrayRef<int64_t>{p, p, p, p},
                                ArrayRef<int64_t>{1, 1},
                                static_cast<uint64_t>(geometry.groups));
  if (!unit.batchNorm)
    return conv;
  const BatchNormParams &bn = *unit.batchNorm;
  return BatchNormOp::create(rewriter, loc, conv, bn.scale, bn.bias, bn.mean,
                             bn.variance, epsilon);
}

Value buildRelu(PatternRewriter &rewriter, Location blockLoc, StringRef name,
                Value input) {
  return ReluOp::create(
      rewriter, NameLoc::get(rewriter.getStringAttr(name), blockLoc), input);
}

/// The pre-activation of a v2 block, relu(bn(input)); `input` itself for a
/// v1 block.
template <typename BlockOp>
Value buildPreactivation(PatternRewriter &rewriter, BlockOp op, Value input) {
  std::optional<BatchNormParams> bn = op.getPreactBatchNorm();
  if (!bn)
    return input;
  Location loc = op.getLoc();
  Value y = BatchNormOp::create(
      rewriter, NameLoc::get(rewriter.getStringAttr("preact_bn"), loc), input,
      bn->scale, bn->bias, bn->mean, bn->variance, op.getEpsilonAttr());
  return buildRelu(rewriter, loc, "preact_relu", y);
}

/// The shortcut of a block: `input` itself, or its 1x1 projection unit
/// applied to `projected` (the pre-activated input in a v2 block).
template <typename BlockOp>
Value buildShortcut(PatternRewriter &rewriter, BlockOp op, Value input,
                    Value projected) {
  std::optional<ConvUnit> proj = op.getProjectionUnit();
  if (!proj)
    return input;
  return buildConvUnit(rewriter, op.getLoc(), "projection", projected, *proj,
                       {static_cast<int64_t>(op.getStride()), 0, 1},
                       op.getEpsilonAttr());
}

/// branch + shortcut, then ReLU except in a pre-activation block: the tail
/// every block shares.
Value buildResidualTail(PatternRewriter &rewriter, Location blockLoc,
                        Value branch, Value shortcut, bool preactivation) {
  Value sum = AddOp::create(
      rewriter, NameLoc::get(rewriter.getStringAttr("residual"), blockLoc),
      branch, shortcut);
  if (preactivation)
    return sum;
  return buildRelu(rewriter, blockLoc, "output_relu", sum);
}

/// relu(bn2(conv2(relu(bn1(conv1/stride(x))))) + shortcut(x)); v2:
/// conv2(relu(conv1/stride(t))) + shortcut with t = relu(bn(x)).
struct ExpandResidualBlock : public CountingPattern<ResidualBlockOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(ResidualBlockOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FloatAttr eps = op.getEpsilonAttr();
    int64_t stride = op.getStride();
    Value x = op.getInput();
    Value t = buildPreactivation(rewriter, op, x);
    Value y = buildConvUnit(rewriter, loc, "conv1", t, op.getConv1Unit(),
                            {stride, 1, 1}, eps);
    y = buildRelu(rewriter, loc, "relu1", y);
    y = buildConvUnit(rewriter, loc, "conv2", y, op.getConv2Unit(), {1, 1, 1},
                      eps);
    Value shortcut = buildShortcut(rewriter, op, x, t);
    rewriter.replaceOp(op, buildResidualTail(rewriter, loc, y, shortcut,
                                             op.isPreActivation()));
    ++counter;
    return success();
  }
};

/// 1x1 reduce, 3x3 spatial (stride, groups), 1x1 expand, plus shortcut (v2:
/// after relu(bn(x)), no ReLU after the sum).
struct ExpandBottleneckBlock : public CountingPattern<BottleneckBlockOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(BottleneckBlockOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FloatAttr eps = op.getEpsilonAttr();
    int64_t stride = op.getStride(), groups = op.getGroups();
    Value x = op.getInput();
    Value t = buildPreactivation(rewriter, op, x);
    Value y = buildConvUnit(rewriter, loc, "reduce", t, op.getReduceUnit(),
                            {1, 0, 1}, eps);
    y = buildRelu(rewriter, loc, "reduce_relu", y);
    y = buildConvUnit(rewriter, loc, "spatial", y, op.getSpatialUnit(),
                      {stride, 1, groups}, eps);
    y = buildRelu(rewriter, loc, "spatial_relu", y);
    y = buildConvUnit(rewriter, loc, "expand", y, op.getExpandUnit(), {1, 0, 1},
                      eps);
    Value shortcut = buildShortcut(rewriter, op, x, t);
    rewriter.replaceOp(op, buildResidualTail(rewriter, loc, y, shortcut,
                                             op.isPreActivation()));
    ++counter;
    return success();
  }
};

/// A standalone shortcut: the value itself, or its conv1x1/stride unit.
struct ExpandShortcut : public CountingPattern<ShortcutOp> {
  using CountingPattern::CountingPattern;

  LogicalResult matchAndRewrite(ShortcutOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildShortcut(rewriter, op, op.getInput(), op.getInput()));
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
