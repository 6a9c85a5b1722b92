//===- PadToGather.cpp - tensor.pad -> a gather linalg.generic ------------===//
//
// On the GPU path every op is a kernel: a static tensor.pad becomes a
// linalg.generic that the tile selection configures like any elementwise
// op.
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUPADTOGATHER
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

/// tensor.pad (static, one padding value) -> a linalg.generic that gathers
/// from the source with clamped indices and selects the padding value
/// outside it, so that padding is a kernel like any other op.
struct PadToGather : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    RankedTensorType resultType = pad.getResultType();
    RankedTensorType sourceType = pad.getSourceType();
    Value padding = pad.getConstantPaddingValue();
    if (!padding || !resultType.hasStaticShape() ||
        !sourceType.hasStaticShape())
      return rewriter.notifyMatchFailure(pad, "dynamic or non-constant pad");
    SmallVector<OpFoldResult> lows = pad.getMixedLowPad();
    Location loc = pad.getLoc();
    int64_t rank = resultType.getRank();
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          resultType.getElementType());
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value source = pad.getSource();
    auto gather = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, ValueRange{empty}, maps,
        iterators, [&](OpBuilder &b, Location loc, ValueRange) {
          Value inside = arith::ConstantIntOp::create(b, loc, 1, 1);
          Value zero = arith::ConstantIndexOp::create(b, loc, 0);
          SmallVector<Value> indices;
          for (int64_t d = 0; d < rank; ++d) {
            Value low = getValueOrCreateConstantIndexOp(b, loc, lows[d]);
            Value size = arith::ConstantIndexOp::create(
                b, loc, sourceType.getDimSize(d));
            Value last = arith::ConstantIndexOp::create(
                b, loc, sourceType.getDimSize(d) - 1);
            Value index = arith::SubIOp::create(
                b, loc, linalg::IndexOp::create(b, loc, d), low);
            // Negative indices wrap to large unsigned ones: one compare.
            inside = arith::AndIOp::create(
                b, loc, inside,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                      index, size));
            indices.push_back(arith::MinSIOp::create(
                b, loc, arith::MaxSIOp::create(b, loc, index, zero), last));
          }
          Value value = tensor::ExtractOp::create(b, loc, source, indices);
          Value result =
              arith::SelectOp::create(b, loc, inside, value, padding);
          linalg::YieldOp::create(b, loc, result);
        });
    rewriter.replaceOp(pad, gather.getResults());
    return success();
  }
};

struct GpuPadToGather : resnet::impl::GpuPadToGatherBase<GpuPadToGather> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<PadToGather>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
