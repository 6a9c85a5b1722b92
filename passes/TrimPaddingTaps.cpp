//===- TrimPaddingTaps.cpp - drop kernel taps that only read padding ------===//
//
// On a small feature map some taps of a convolution's kernel read nothing
// but padding, for every output position: a 3x3 conv over a 1x1 map (a
// 32x32 image's last stage, a 16x16 image's last two) multiplies eight of
// its nine taps by zeros, and one over a map one row high (a 17x401
// image's last stage) six. Such a tap's products are all zero, so the
// convolution equals one with a smaller kernel and less padding: the taps
// from the first live one to the last, the padding before the map reduced
// by the taps cut in front of it and the padding after by those cut behind.
// The output size is unchanged (the window's extent and the padding shrink
// together). Dead taps are a leading run (their reads all fall before the
// map: the last output's read is < 0) and a trailing run (all after it: the
// first output's read is >= the map's size); a tap whose reads jump over
// the map (a stride larger than the map) is kept.
//
// Only zero padding is trimmed (a pad_value makes padding read non-zero
// values) and only constant weights (the new kernel is a slice of them,
// made here). A dimension whose trimmed padding would be negative (a
// dilation larger than the padding) is kept whole.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"
#include "passes/CountingPattern.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "resnet-trim-padding-taps"

namespace mlir::resnet {
#define GEN_PASS_DEF_TRIMPADDINGTAPS
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// One spatial dimension of a convolution.
struct ConvDim {
  int64_t input, output, kernel, stride, dilation, padBefore, padAfter;
};

/// The live taps [first, last] of `dim` and its trimmed padding.
struct LiveTaps {
  int64_t first, last, padBefore, padAfter;
};

/// The taps of `dim` that read the map for some output position, or
/// std::nullopt when the dimension keeps its whole kernel (nothing dead, or
/// trimming would need negative padding or leave no tap).
std::optional<LiveTaps> liveTaps(const ConvDim &dim) {
  auto lastRead = [&](int64_t tap) {
    return (dim.output - 1) * dim.stride - dim.padBefore + tap * dim.dilation;
  };
  auto firstRead = [&](int64_t tap) {
    return -dim.padBefore + tap * dim.dilation;
  };
  LiveTaps live{0, dim.kernel - 1, 0, 0};
  while (live.first < dim.kernel && lastRead(live.first) < 0)
    ++live.first;
  while (live.last >= 0 && firstRead(live.last) >= dim.input)
    --live.last;
  if (live.first > live.last ||
      (live.first == 0 && live.last == dim.kernel - 1))
    return std::nullopt;
  live.padBefore = dim.padBefore - live.first * dim.dilation;
  live.padAfter = dim.padAfter - (dim.kernel - 1 - live.last) * dim.dilation;
  if (live.padBefore < 0 || live.padAfter < 0)
    return std::nullopt;
  return live;
}

/// conv(x, w) with dead taps -> conv(x, w[:, :, rows, columns]) with less
/// padding, for conv2d and fused_conv alike.
template <typename ConvOp>
struct TrimTaps : public CountingPattern<ConvOp> {
  using CountingPattern<ConvOp>::CountingPattern;

  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    if (conv.getPadValue())
      return rewriter.notifyMatchFailure(conv, "padding reads pad_value");
    auto inputType = cast<RankedTensorType>(conv.getInput().getType());
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    auto outputType = cast<RankedTensorType>(conv.getType());
    if (!inputType.hasStaticShape() || !weightType.hasStaticShape() ||
        !outputType.hasStaticShape())
      return rewriter.notifyMatchFailure(conv, "dynamic shapes");
    ArrayRef<int64_t> strides = conv.getStrides(), pads = conv.getPads(),
                      dilations = conv.getDilations();
    std::optional<LiveTaps> live[2];
    for (int d = 0; d < 2; ++d)
      live[d] = liveTaps({inputType.getDimSize(2 + d),
                          outputType.getDimSize(2 + d),
                          weightType.getDimSize(2 + d), strides[d],
                          dilations[d], pads[d], pads[2 + d]});
    if (!live[0] && !live[1])
      return rewriter.notifyMatchFailure(conv, "every tap reads the map");
    SmallVector<float> storage;
    std::optional<ArrayRef<float>> weight =
        getConstantF32Data(conv.getWeight(), storage);
    if (!weight)
      return rewriter.notifyMatchFailure(conv, "weight is not a constant");

    // A dimension kept whole keeps its taps and padding.
    LiveTaps taps[2];
    for (int d = 0; d < 2; ++d)
      taps[d] = live[d].value_or(
          LiveTaps{0, weightType.getDimSize(2 + d) - 1, pads[d], pads[2 + d]});
    int64_t kh = weightType.getDimSize(2), kw = weightType.getDimSize(3);
    int64_t rows = taps[0].last - taps[0].first + 1;
    int64_t columns = taps[1].last - taps[1].first + 1;
    int64_t kernels = weightType.getDimSize(0) * weightType.getDimSize(1);
    SmallVector<float> trimmed;
    trimmed.reserve(kernels * rows * columns);
    for (int64_t k = 0; k < kernels; ++k)
      for (int64_t i = taps[0].first; i <= taps[0].last; ++i)
        for (int64_t j = taps[1].first; j <= taps[1].last; ++j)
          trimmed.push_back((*weight)[(k * kh + i) * kw + j]);
    auto trimmedType = RankedTensorType::get(
        {weightType.getDimSize(0), weightType.getDimSize(1), rows, columns},
        weightType.getElementType());
    LLVM_DEBUG(llvm::dbgs()
               << "[" DEBUG_TYPE "] " << conv.getLoc() << ": " << kh << "x"
               << kw << " kernel over a " << inputType.getDimSize(2) << "x"
               << inputType.getDimSize(3) << " map keeps rows ["
               << taps[0].first << ", " << taps[0].last << "], columns ["
               << taps[1].first << ", " << taps[1].last << "]\n");
    Value newWeight = arith::ConstantOp::create(
        rewriter, conv.getWeight().getLoc(),
        cast<TypedAttr>(makeF32Attr(trimmedType, trimmed, "trimmed_weight")));
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getWeightMutable().assign(newWeight);
      conv.setPads({taps[0].padBefore, taps[1].padBefore, taps[0].padAfter,
                    taps[1].padAfter});
    });
    ++this->counter;
    return success();
  }
};

struct TrimPaddingTaps
    : public resnet::impl::TrimPaddingTapsBase<TrimPaddingTaps> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<TrimTaps<Conv2DOp>, TrimTaps<FusedConvOp>>(context,
                                                            numTrimmed);
    if (failed(applyRewritesWithoutFolding(getOperation(),
                                           std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
