//===- FoldBatchNorm.cpp - fold inference batch norms into convolutions ---===//
//
// An inference batch norm is a per-channel affine map y = x * a + s with
// a = scale / sqrt(variance + epsilon) and s = bias - mean * a. After a
// convolution it folds into the convolution's weights and bias:
//   w'[f] = w[f] * a[f],   b'[f] = b[f] * a[f] + s[f]   (b = 0 without bias).
// The new weights are computed here, at compile time, on raw f32 buffers in
// double precision, and stored as new constants (dense_resource blobs when
// large).
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Debug.h"

#include <cmath>

#define DEBUG_TYPE "resnet-fold-batchnorm"

namespace mlir::resnet {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// The per-channel affine map y = x * factor + shift of a batch norm.
struct ChannelAffine {
  SmallVector<double> factor, shift;
};

/// The affine map of `bn` when its four vectors are readable constants.
std::optional<ChannelAffine> getConstantAffine(BatchNormOp bn) {
  SmallVector<float> gStore, bStore, mStore, vStore;
  auto gamma = getConstantF32Data(bn.getScale(), gStore);
  auto beta = getConstantF32Data(bn.getBias(), bStore);
  auto mean = getConstantF32Data(bn.getMean(), mStore);
  auto var = getConstantF32Data(bn.getVariance(), vStore);
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  double eps = bn.getEpsilon().convertToDouble();
  ChannelAffine affine;
  affine.factor.reserve(gamma->size());
  affine.shift.reserve(gamma->size());
  for (size_t c = 0, e = gamma->size(); c < e; ++c) {
    double a = double((*gamma)[c]) / std::sqrt(double((*var)[c]) + eps);
    affine.factor.push_back(a);
    affine.shift.push_back(double((*beta)[c]) - double((*mean)[c]) * a);
  }
  return affine;
}

/// An f32 constant of `type` holding `values`, at `loc`.
Value makeConstant(PatternRewriter &rewriter, Location loc,
                   RankedTensorType type, ArrayRef<float> values,
                   StringRef nameHint) {
  return arith::ConstantOp::create(rewriter, loc,
                                   cast<TypedAttr>(makeF32Attr(type, values,
                                                               nameHint)));
}

/// Logs why `bn` is not rewritten (under -debug-only=resnet-fold-batchnorm)
/// and returns the match failure.
LogicalResult reject(PatternRewriter &rewriter, BatchNormOp bn,
                     const char *pattern, StringRef why) {
  LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << pattern << " skips the "
                          << "batch_norm at " << bn.getLoc() << ": " << why
                          << "\n");
  return rewriter.notifyMatchFailure(bn, why);
}

/// batch_norm(conv2d(x, w, b?)) -> conv2d(x, w', b'), when the BN is the
/// conv's only user and the weights and statistics are constants.
struct FoldIntoConv : public OpRewritePattern<BatchNormOp> {
  FoldIntoConv(MLIRContext *context, llvm::Statistic &counter)
      : OpRewritePattern(context, /*benefit=*/2), counter(counter) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    const char *self = "fold-into-conv";
    // Another user of the conv needs the unscaled result, which would then
    // be computed twice.
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || !conv->hasOneUse())
      return reject(rewriter, bn, self, "input is not a private conv2d");
    // New weights are computed here, so everything they depend on must be
    // known at compile time; the BN then stays (scale-and-shift form at best).
    std::optional<ChannelAffine> affine = getConstantAffine(bn);
    if (!affine)
      return reject(rewriter, bn, self, "statistics are not constants");
    SmallVector<float> wStore, bStore;
    auto weight = getConstantF32Data(conv.getWeight(), wStore);
    if (!weight)
      return reject(rewriter, bn, self, "conv weight is not a constant");
    std::optional<ArrayRef<float>> bias;
    if (conv.getBias() &&
        !(bias = getConstantF32Data(conv.getBias(), bStore)))
      return reject(rewriter, bn, self, "conv bias is not a constant");

    // Verified IR has matching counts; this guards the buffer arithmetic.
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    int64_t filters = weightType.getDimSize(0);
    if (filters <= 0 || static_cast<int64_t>(affine->factor.size()) != filters)
      return reject(rewriter, bn, self, "channel counts do not match");
    size_t perFilter = weight->size() / filters;
    SmallVector<float> newWeight(weight->size()), newBias(filters);
    for (int64_t f = 0; f < filters; ++f) {
      double a = affine->factor[f];
      const float *src = weight->data() + f * perFilter;
      float *dst = newWeight.data() + f * perFilter;
      for (size_t i = 0; i < perFilter; ++i)
        dst[i] = static_cast<float>(double(src[i]) * a);
      double b = bias ? double((*bias)[f]) : 0.0;
      newBias[f] = static_cast<float>(b * a + affine->shift[f]);
    }

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    auto biasType = RankedTensorType::get({filters}, weightType.getElementType());
    Value w = makeConstant(rewriter, loc, weightType, newWeight, "folded_weight");
    Value b = makeConstant(rewriter, loc, biasType, newBias, "folded_bias");
    rewriter.replaceOpWithNewOp<Conv2DOp>(
        bn, bn.getType(), conv.getInput(), w, b, conv.getStridesAttr(),
        conv.getPadsAttr(), conv.getDilationsAttr(), conv.getGroupsAttr(),
        conv.getPadValueAttr());
    rewriter.eraseOp(conv);
    ++counter;
    return success();
  }

  llvm::Statistic &counter;
};

bool isAll(ArrayRef<float> values, float v) {
  return llvm::all_of(values, [&](float x) { return x == v; });
}

/// A batch norm that does not fold into a convolution, with constant
/// statistics, becomes the canonical scale-and-shift form
/// (scale = a, bias = s, mean = 0, variance = 1, epsilon = 0), which the
/// lowering emits as one multiply-add per element.
struct CanonicalizeScaleShift : public OpRewritePattern<BatchNormOp> {
  CanonicalizeScaleShift(MLIRContext *context, llvm::Statistic &counter)
      : OpRewritePattern(context, /*benefit=*/1), counter(counter) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    const char *self = "scale-shift";
    // Rewriting the canonical form again would never reach a fixed point.
    if (isScaleShiftForm(bn))
      return reject(rewriter, bn, self, "already scale-and-shift");
    // The scale and shift are computed here, from constant statistics only.
    std::optional<ChannelAffine> affine = getConstantAffine(bn);
    if (!affine)
      return reject(rewriter, bn, self, "statistics are not constants");
    size_t channels = affine->factor.size();
    SmallVector<float> scale(channels), shift(channels);
    for (size_t c = 0; c < channels; ++c) {
      scale[c] = static_cast<float>(affine->factor[c]);
      shift[c] = static_cast<float>(affine->shift[c]);
    }
    auto type = cast<RankedTensorType>(bn.getScale().getType());
    Location loc = bn.getLoc();
    Value s = makeConstant(rewriter, loc, type, scale, "bn_scale");
    Value b = makeConstant(rewriter, loc, type, shift, "bn_shift");
    Value zero = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(type, 0.0f));
    Value one = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(type, 1.0f));
    rewriter.replaceOpWithNewOp<BatchNormOp>(bn, bn.getType(), bn.getInput(),
                                             s, b, zero, one,
                                             rewriter.getF64FloatAttr(0.0));
    ++counter;
    return success();
  }

  static bool isScaleShiftForm(BatchNormOp bn) {
    SmallVector<float> mStore, vStore;
    auto mean = getConstantF32Data(bn.getMean(), mStore);
    auto var = getConstantF32Data(bn.getVariance(), vStore);
    return bn.getEpsilon().isZero() && mean && var && isAll(*mean, 0.0f) &&
           isAll(*var, 1.0f);
  }

  llvm::Statistic &counter;
};

/// Reports a dense_resource weight whose blob has no data (a model written
/// without its `dialect_resources` section): folding cannot read it, and no
/// later stage could either.
LogicalResult checkBlobs(func::FuncOp func) {
  WalkResult result = func.walk([](BatchNormOp bn) {
    SmallVector<Value> weights(bn->getOperands().drop_front());
    if (auto conv = bn.getInput().getDefiningOp<Conv2DOp>())
      weights.append(conv->getOperands().begin() + 1,
                     conv->getOperands().end());
    for (Value value : weights) {
      auto constant = value.getDefiningOp<arith::ConstantOp>();
      auto resource = constant ? dyn_cast<DenseResourceElementsAttr>(
                                     constant.getValue())
                               : DenseResourceElementsAttr();
      if (!resource)
        continue;
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (blob)
        continue;
      InFlightDiagnostic diag =
          constant.emitError("dense_resource blob '")
          << resource.getRawHandle().getKey()
          << "' has no data; cannot fold the batch norm that uses it";
      diag.attachNote(bn.getLoc()) << "batch norm here";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

struct FoldBatchNorm : public resnet::impl::FoldBatchNormBase<FoldBatchNorm> {
  void runOnOperation() override {
    if (failed(checkBlobs(getOperation())))
      return signalPassFailure();
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<FoldIntoConv>(context, numFoldedIntoConv);
    patterns.add<CanonicalizeScaleShift>(context, numScaleShift);
    if (failed(applyRewritesWithoutFolding(getOperation(),
                                           std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
