//===- ResNetToLinalg.cpp - resnet layers to linalg on tensors ------------===//
//
// Conversion patterns from every primitive resnet op (and fused_conv) to
// linalg / tensor / arith / math on tensors.
//
// Layout: convolutions and pools compute in NHWC with HWCF weights (channels
// innermost, so the output channel is the vectorized dimension). The
// function's own inputs and results stay NCHW. Each lowering reads its 4-D
// activations through `transpose(x, NCHW->NHWC)` and hands back
// `transpose(y, NHWC->NCHW)`; the pass cancels the pairs that meet between
// two layers, so only the entry and exit transposes survive. Constant
// weights are permuted at compile time on raw buffers (dense_resource in,
// out).
//
// The patterns read their operands from the adaptor: a value produced by an
// already lowered layer is the NCHW transpose that replaced it, a constant
// weight is still its arith.constant (arith is legal, never rewritten).
//
//===----------------------------------------------------------------------===//
#include "conversion/ResNetToLinalg/ResNetToLinalg.h"
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::resnet;

namespace {
constexpr int64_t kNchwToNhwc[] = {0, 2, 3, 1};
constexpr int64_t kNhwcToNchw[] = {0, 3, 1, 2};
constexpr int64_t kOihwToHwcf[] = {2, 3, 1, 0};
constexpr int64_t kOihwToOhwi[] = {0, 2, 3, 1};

//===----------------------------------------------------------------------===//
// Small builders
//===----------------------------------------------------------------------===//

RankedTensorType tensorType(ArrayRef<int64_t> shape, Type elementType) {
  return RankedTensorType::get(shape, elementType);
}

RankedTensorType permuteType(RankedTensorType type, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type.getDimSize(d));
  return tensorType(shape, type.getElementType());
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

/// A tensor of `type` filled with `value`.
Value filled(OpBuilder &b, Location loc, RankedTensorType type, double value) {
  return linalg::FillOp::create(b, loc, ValueRange{f32Constant(b, loc, value)},
                                ValueRange{emptyTensor(b, loc, type)})
      .getResult(0);
}

Value transpose(OpBuilder &b, Location loc, Value input,
                ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(input.getType());
  Value init = emptyTensor(b, loc, permuteType(type, perm));
  return linalg::TransposeOp::create(b, loc, input, init, perm)->getResult(0);
}

Value toNhwc(OpBuilder &b, Location loc, Value nchw) {
  return transpose(b, loc, nchw, kNchwToNhwc);
}
Value toNchw(OpBuilder &b, Location loc, Value nhwc) {
  return transpose(b, loc, nhwc, kNhwcToNchw);
}

/// Permutes a weight: at compile time when it is a constant (a new constant
/// on a raw buffer), else with a linalg.transpose at run time.
Value permuteWeight(OpBuilder &b, Location loc, Value weight,
                    ArrayRef<int64_t> perm, StringRef nameHint) {
  auto type = cast<RankedTensorType>(weight.getType());
  SmallVector<float> storage;
  std::optional<ArrayRef<float>> data = getConstantF32Data(weight, storage);
  if (!data)
    return transpose(b, loc, weight, perm);

  RankedTensorType resultType = permuteType(type, perm);
  int64_t rank = type.getRank();
  SmallVector<int64_t> srcStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    srcStrides[d] = srcStrides[d + 1] * type.getDimSize(d + 1);
  // Walk the result in C order; `index` is its multi-index.
  std::vector<float> result(data->size());
  SmallVector<int64_t> index(rank, 0);
  for (size_t linear = 0; linear < result.size(); ++linear) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += index[d] * srcStrides[perm[d]];
    result[linear] = (*data)[src];
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < resultType.getDimSize(d))
        break;
      index[d] = 0;
    }
  }
  return arith::ConstantOp::create(
      b, loc, cast<TypedAttr>(makeF32Attr(resultType, result, nameHint)));
}

/// Padding H and W of an NHWC tensor by `pads` ([top, left, bottom,
/// right]): the padded type and tensor.pad's low and high amounts.
struct NhwcPadding {
  RankedTensorType type;
  SmallVector<OpFoldResult> low, high;

  NhwcPadding(OpBuilder &b, Value input, ArrayRef<int64_t> pads) {
    auto inputType = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> shape(inputType.getShape());
    shape[1] += pads[0] + pads[2];
    shape[2] += pads[1] + pads[3];
    type = tensorType(shape, inputType.getElementType());
    low = {b.getIndexAttr(0), b.getIndexAttr(pads[0]), b.getIndexAttr(pads[1]),
           b.getIndexAttr(0)};
    high = {b.getIndexAttr(0), b.getIndexAttr(pads[2]),
            b.getIndexAttr(pads[3]), b.getIndexAttr(0)};
  }
};

/// Pads H and W of an NHWC tensor; `pads` is [top, left, bottom, right].
Value padNhwc(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pads,
              double value) {
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return input;
  NhwcPadding padding(b, input, pads);
  return tensor::PadOp::create(b, loc, padding.type, input, padding.low,
                               padding.high, f32Constant(b, loc, value));
}

/// Pads H and W of an NHWC tensor with `values[c]` in channel `c`: a
/// tensor.pad whose region reads the channel's value from a constant vector
/// (one value for all channels is the plain padNhwc).
Value padNhwcPerChannel(OpBuilder &b, Location loc, Value input,
                        ArrayRef<int64_t> pads, ArrayRef<float> values) {
  if (llvm::all_of(values, [&](float v) { return v == values.front(); }))
    return padNhwc(b, loc, input, pads, values.front());
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return input;
  NhwcPadding padding(b, input, pads);
  auto vectorType = tensorType({static_cast<int64_t>(values.size())},
                               padding.type.getElementType());
  Value table = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vectorType, values));
  auto pad = tensor::PadOp::create(b, loc, padding.type, input, padding.low,
                                   padding.high, /*nofold=*/false);
  OpBuilder::InsertionGuard guard(b);
  SmallVector<Type> indexTypes(4, b.getIndexType());
  SmallVector<Location> locs(4, loc);
  Block *body = b.createBlock(&pad.getRegion(), {}, indexTypes, locs);
  Value value =
      tensor::ExtractOp::create(b, loc, table, body->getArgument(3));
  tensor::YieldOp::create(b, loc, value);
  return pad;
}

/// An all-parallel linalg.generic over `resultType` reading `inputs` through
/// `maps` (the result map is the identity).
Value elementwise(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs,
             ValueRange{emptyTensor(b, loc, resultType)}, maps, iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value result = body(nested, nestedLoc, args);
               linalg::YieldOp::create(nested, nestedLoc, result);
             })
      .getResult(0);
}

/// The map that reads an operand of `shape` broadcast (NumPy rules: aligned
/// at the last dimension, a size-1 dimension read at index 0) inside the
/// iteration space of `resultShape`; `loopDim(d)` is the loop that iterates
/// result dimension `d` (the identity unless the loops are permuted).
AffineMap broadcastingMap(OpBuilder &b, ArrayRef<int64_t> shape,
                          ArrayRef<int64_t> resultShape,
                          function_ref<int64_t(int64_t)> loopDim) {
  int64_t rank = resultShape.size();
  int64_t offset = rank - static_cast<int64_t>(shape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(shape))
    exprs.push_back(size == 1 && resultShape[offset + i] != 1
                        ? b.getAffineConstantExpr(0)
                        : b.getAffineDimExpr(loopDim(offset + i)));
  return AffineMap::get(rank, 0, exprs, b.getContext());
}

/// The map of a per-channel vector inside an NHWC (or NxM) iteration space.
AffineMap lastDimMap(OpBuilder &b, unsigned rank) {
  return AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
}

/// max(x, 0) without NaN propagation (nnan): one vmaxps instead of a
/// max, a compare and a blend. The binaries refuse NaN inputs, and a
/// network with finite weights makes none from finite values.
Value relu(OpBuilder &b, Location loc, Value x) {
  auto max = arith::MaximumFOp::create(b, loc, x, f32Constant(b, loc, 0.0));
  max.setFastmath(arith::FastMathFlags::nnan);
  return max;
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

struct ConvGeometry {
  ArrayRef<int64_t> strides, pads, dilations;
  int64_t groups;
  /// What padding reads per input channel; empty: zero.
  ArrayRef<float> padValue = {};
};

/// conv(input, weight) without bias, NHWC in and out. `weight` is OIHW.
Value buildConvNhwc(OpBuilder &b, Location loc, Value inputNhwc, Value weight,
                    const ConvGeometry &geometry,
                    RankedTensorType resultNchwType) {
  Value padded =
      geometry.padValue.empty()
          ? padNhwc(b, loc, inputNhwc, geometry.pads, 0.0)
          : padNhwcPerChannel(b, loc, inputNhwc, geometry.pads,
                              geometry.padValue);
  RankedTensorType resultType = permuteType(resultNchwType, kNchwToNhwc);
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("strides", b.getI64TensorAttr(geometry.strides)),
      b.getNamedAttr("dilations", b.getI64TensorAttr(geometry.dilations))};
  if (geometry.groups == 1) {
    Value init = filled(b, loc, resultType, 0.0);
    Value filter = permuteWeight(b, loc, weight, kOihwToHwcf, "conv_hwcf");
    return linalg::Conv2DNhwcHwcfOp::create(b, loc, TypeRange{resultType},
                                            ValueRange{padded, filter},
                                            ValueRange{init}, attrs)
        .getResult(0);
  }
  // Grouped: split the channel dimensions into (G, C/G) and use the
  // NHWGC x GFHWC convolution; the reshapes are free.
  int64_t g = geometry.groups;
  auto inType = cast<RankedTensorType>(padded.getType());
  Type f32 = inType.getElementType();
  Value groupedInput = tensor::ExpandShapeOp::create(
      b, loc,
      tensorType({inType.getDimSize(0), inType.getDimSize(1),
                  inType.getDimSize(2), g, inType.getDimSize(3) / g},
                 f32),
      padded, SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  Value ohwi = permuteWeight(b, loc, weight, kOihwToOhwi, "conv_ohwi");
  auto ohwiType = cast<RankedTensorType>(ohwi.getType());
  Value filter = tensor::ExpandShapeOp::create(
      b, loc,
      tensorType({g, ohwiType.getDimSize(0) / g, ohwiType.getDimSize(1),
                  ohwiType.getDimSize(2), ohwiType.getDimSize(3)},
                 f32),
      ohwi, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
  auto groupedResultType =
      tensorType({resultType.getDimSize(0), resultType.getDimSize(1),
                  resultType.getDimSize(2), g, resultType.getDimSize(3) / g},
                 f32);
  Value groupedInit = filled(b, loc, groupedResultType, 0.0);
  Value conv = linalg::Conv2DNhwgcGfhwcOp::create(
                   b, loc, TypeRange{groupedResultType},
                   ValueRange{groupedInput, filter}, ValueRange{groupedInit},
                   attrs)
                   .getResult(0);
  return tensor::CollapseShapeOp::create(
      b, loc, resultType, conv,
      SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
}

/// act(conv + bias[f] + residual) on NHWC values: the epilogue that tiling
/// fuses into the convolution's loop nest.
Value buildConvEpilogue(OpBuilder &b, Location loc, Value conv, Value bias,
                        Value residual, bool applyRelu) {
  auto type = cast<RankedTensorType>(conv.getType());
  SmallVector<Value> inputs = {conv};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(4)};
  if (bias) {
    inputs.push_back(bias);
    maps.push_back(lastDimMap(b, 4));
  }
  if (residual) {
    inputs.push_back(residual);
    maps.push_back(b.getMultiDimIdentityMap(4));
  }
  bool hasBias = static_cast<bool>(bias);
  return elementwise(b, loc, type, inputs, maps,
                     [&](OpBuilder &nb, Location nl, ValueRange args) {
                       Value sum = args[0];
                       unsigned next = 1;
                       if (hasBias)
                         sum = arith::AddFOp::create(nb, nl, sum, args[next++]);
                       if (residual)
                         sum = arith::AddFOp::create(nb, nl, sum, args[next++]);
                       return applyRelu ? relu(nb, nl, sum) : sum;
                     });
}

/// What follows the convolution in its epilogue. conv2d has at most a bias;
/// fused_conv also carries the residual and the ReLU.
struct ConvEpilogue {
  Value bias, residual;
  bool relu = false;

  bool empty() const { return !bias && !residual && !relu; }
};

ConvEpilogue getEpilogue(Conv2DOp, Conv2DOp::Adaptor adaptor) {
  return {adaptor.getBias(), Value(), /*relu=*/false};
}

ConvEpilogue getEpilogue(FusedConvOp op, FusedConvOp::Adaptor adaptor) {
  return {adaptor.getBias(), adaptor.getResidual(), op.getRelu()};
}

/// conv2d and fused_conv: the NHWC convolution, then the epilogue (when
/// there is one) on the NHWC result, back to NCHW once.
template <typename ConvOp>
struct ConvLowering : OpConversionPattern<ConvOp> {
  using OpConversionPattern<ConvOp>::OpConversionPattern;
  using OpAdaptor = typename ConvOp::Adaptor;

  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ConvGeometry geometry{op.getStrides(), op.getPads(), op.getDilations(),
                          static_cast<int64_t>(op.getGroups())};
    if (std::optional<ArrayRef<float>> padValue = op.getPadValue())
      geometry.padValue = *padValue;
    Value input = toNhwc(rewriter, loc, adaptor.getInput());
    Value conv = buildConvNhwc(rewriter, loc, input, adaptor.getWeight(),
                               geometry, op.getType());
    ConvEpilogue epilogue = getEpilogue(op, adaptor);
    if (!epilogue.empty()) {
      Value residual = epilogue.residual
                           ? toNhwc(rewriter, loc, epilogue.residual)
                           : Value();
      conv = buildConvEpilogue(rewriter, loc, conv, epilogue.bias, residual,
                               epilogue.relu);
    }
    rewriter.replaceOp(op, toNchw(rewriter, loc, conv));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Elementwise layers
//===----------------------------------------------------------------------===//

/// Applies `body` elementwise to same-shaped `inputs`, in NHWC for 4-D
/// activations (so that it meets the neighbouring convolutions' layout).
Value buildActivationElementwise(
    OpBuilder &b, Location loc, ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto type = cast<RankedTensorType>(inputs.front().getType());
  bool nhwc = type.getRank() == 4;
  SmallVector<Value> operands;
  for (Value input : inputs)
    operands.push_back(nhwc ? toNhwc(b, loc, input) : input);
  RankedTensorType computeType =
      nhwc ? permuteType(type, kNchwToNhwc) : type;
  SmallVector<AffineMap> maps(operands.size(),
                              b.getMultiDimIdentityMap(type.getRank()));
  Value result = elementwise(b, loc, computeType, operands, maps, body);
  return nhwc ? toNchw(b, loc, result) : result;
}

struct LowerRelu : OpConversionPattern<ReluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildActivationElementwise(
                rewriter, op.getLoc(), ValueRange{adaptor.getInput()},
                [](OpBuilder &b, Location loc, ValueRange args) {
                  return relu(b, loc, args[0]);
                }));
    return success();
  }
};

struct LowerAdd : OpConversionPattern<AddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildActivationElementwise(
                rewriter, op.getLoc(),
                ValueRange{adaptor.getLhs(), adaptor.getRhs()},
                [](OpBuilder &b, Location loc, ValueRange args) -> Value {
                  return arith::AddFOp::create(b, loc, args[0], args[1]);
                }));
    return success();
  }
};

/// batch_norm on the channel axis (1 in NCHW, the last in NHWC). With
/// constant statistics, `scale / sqrt(variance + eps)` and the shift are
/// computed at compile time and one multiply-add per element remains.
struct LowerBatchNorm : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    int64_t rank = type.getRank();
    // The channel axis is 1; move it last.
    SmallVector<int64_t> toLast = {0}, fromLast = {0};
    for (int64_t d = 2; d < rank; ++d)
      toLast.push_back(d);
    toLast.push_back(1);
    fromLast.push_back(rank - 1);
    for (int64_t d = 1; d < rank - 1; ++d)
      fromLast.push_back(d);
    Value input = rank > 2
                      ? transpose(rewriter, loc, adaptor.getInput(), toLast)
                      : adaptor.getInput();
    auto computeType = cast<RankedTensorType>(input.getType());
    double epsilon = op.getEpsilon().convertToDouble();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = lastDimMap(rewriter, rank);

    Value result;
    SmallVector<float> s0, s1, s2, s3;
    auto scale = getConstantF32Data(adaptor.getScale(), s0);
    auto bias = getConstantF32Data(adaptor.getBias(), s1);
    auto mean = getConstantF32Data(adaptor.getMean(), s2);
    auto variance = getConstantF32Data(adaptor.getVariance(), s3);
    if (scale && bias && mean && variance) {
      size_t channels = scale->size();
      std::vector<float> mul(channels), add(channels);
      for (size_t c = 0; c < channels; ++c) {
        double a = (*scale)[c] / std::sqrt((double)(*variance)[c] + epsilon);
        mul[c] = static_cast<float>(a);
        add[c] = static_cast<float>((*bias)[c] - (*mean)[c] * a);
      }
      auto vecType = cast<RankedTensorType>(adaptor.getScale().getType());
      Value mulValue = arith::ConstantOp::create(
          rewriter, loc, cast<TypedAttr>(makeF32Attr(vecType, mul, "bn_mul")));
      Value addValue = arith::ConstantOp::create(
          rewriter, loc, cast<TypedAttr>(makeF32Attr(vecType, add, "bn_add")));
      result = elementwise(
          rewriter, loc, computeType, ValueRange{input, mulValue, addValue},
          {identity, channel, channel},
          [](OpBuilder &b, Location l, ValueRange args) -> Value {
            return math::FmaOp::create(b, l, args[0], args[1], args[2]);
          });
    } else {
      result = elementwise(
          rewriter, loc, computeType,
          ValueRange{input, adaptor.getScale(), adaptor.getBias(),
                     adaptor.getMean(), adaptor.getVariance()},
          {identity, channel, channel, channel, channel},
          [epsilon](OpBuilder &b, Location l, ValueRange args) -> Value {
            Value var = arith::AddFOp::create(b, l, args[4],
                                              f32Constant(b, l, epsilon));
            Value inv = math::RsqrtOp::create(b, l, var);
            Value centered = arith::SubFOp::create(b, l, args[0], args[3]);
            Value scaled = arith::MulFOp::create(
                b, l, centered, arith::MulFOp::create(b, l, args[1], inv));
            return arith::AddFOp::create(b, l, scaled, args[2]);
          });
    }
    if (rank > 2)
      result = transpose(rewriter, loc, result, fromLast);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

SmallVector<NamedAttribute> poolAttrs(OpBuilder &b, ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> dilations = {1, 1}) {
  return {b.getNamedAttr("strides", b.getI64TensorAttr(strides)),
          b.getNamedAttr("dilations", b.getI64TensorAttr(dilations))};
}

struct LowerMaxPool : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double negInf = -std::numeric_limits<double>::infinity();
    Value padded =
        padNhwc(rewriter, loc, toNhwc(rewriter, loc, adaptor.getInput()),
                op.getPads(), negInf);
    RankedTensorType resultType = permuteType(op.getType(), kNchwToNhwc);
    Value window = emptyTensor(
        rewriter, loc, tensorType(op.getKernel(), resultType.getElementType()));
    Value pooled =
        linalg::PoolingNhwcMaxOp::create(
            rewriter, loc, TypeRange{resultType}, ValueRange{padded, window},
            ValueRange{filled(rewriter, loc, resultType, negInf)},
            poolAttrs(rewriter, op.getStrides(), op.getDilations()))
            .getResult(0);
    rewriter.replaceOp(op, toNchw(rewriter, loc, pooled));
    return success();
  }
};

/// max_pool2d_indices: a window reduction (NHWC, padding -inf) that keeps the
/// largest value and, of equal ones, the smallest row-major position in the
/// image (`h * W + w`, +inf for padding), so its result does not depend on
/// the order in which the window is visited; then an elementwise op turns
/// the position into the index over the whole input.
struct LowerMaxPoolIndices : OpConversionPattern<MaxPool2DIndicesOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DIndicesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    double inf = std::numeric_limits<double>::infinity();
    RankedTensorType inType = op.getInput().getType();
    int64_t channels = inType.getDimSize(1), height = inType.getDimSize(2),
            width = inType.getDimSize(3);
    Value padded =
        padNhwc(rewriter, loc, toNhwc(rewriter, loc, adaptor.getInput()),
                op.getPads(), -inf);
    RankedTensorType resultType = permuteType(op.getType(), kNchwToNhwc);
    // The window's shape, as linalg's pooling ops take it: the reduction
    // loops' sizes come from this operand (the input's map mixes them).
    Value window = emptyTensor(
        rewriter, loc, tensorType(op.getKernel(), resultType.getElementType()));
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations(),
                      p = op.getPads();
    // Loops (n, oh, ow, c, kh, kw).
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    AffineMap inMap = AffineMap::get(
        6, 0,
        {dim(0), dim(1) * s[0] + dim(4) * d[0], dim(2) * s[1] + dim(5) * d[1],
         dim(3)},
        ctx);
    AffineMap windowMap = AffineMap::get(6, 0, {dim(4), dim(5)}, ctx);
    AffineMap outMap = AffineMap::get(6, 0, {dim(0), dim(1), dim(2), dim(3)},
                                      ctx);
    using utils::IteratorType;
    SmallVector<IteratorType> iterators(4, IteratorType::parallel);
    iterators.append(2, IteratorType::reduction);
    auto reduced = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType, resultType},
        ValueRange{padded, window},
        ValueRange{filled(rewriter, loc, resultType, -inf),
                   filled(rewriter, loc, resultType, inf)},
        ArrayRef<AffineMap>{inMap, windowMap, outMap, outMap}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          auto coordinate = [&](unsigned out, unsigned tap, int64_t stride,
                                int64_t dilation, int64_t pad) {
            auto times = [&](unsigned loop, int64_t c) -> Value {
              return arith::MulIOp::create(
                  b, l, linalg::IndexOp::create(b, l, loop),
                  arith::ConstantIndexOp::create(b, l, c));
            };
            return arith::SubIOp::create(
                b, l,
                arith::AddIOp::create(b, l, times(out, stride),
                                      times(tap, dilation)),
                arith::ConstantIndexOp::create(b, l, pad));
          };
          Value h = coordinate(1, 4, s[0], d[0], p[0]);
          Value w = coordinate(2, 5, s[1], d[1], p[1]);
          auto cmp = [&](arith::CmpIPredicate pred, Value a, int64_t c) {
            return arith::CmpIOp::create(
                b, l, pred, a, arith::ConstantIndexOp::create(b, l, c));
          };
          Value inside = arith::AndIOp::create(
              b, l,
              arith::AndIOp::create(b, l, cmp(arith::CmpIPredicate::sge, h, 0),
                                    cmp(arith::CmpIPredicate::slt, h, height)),
              arith::AndIOp::create(b, l, cmp(arith::CmpIPredicate::sge, w, 0),
                                    cmp(arith::CmpIPredicate::slt, w, width)));
          Value position = arith::AddIOp::create(
              b, l,
              arith::MulIOp::create(b, l, h,
                                    arith::ConstantIndexOp::create(b, l, width)),
              w);
          Value key = arith::SIToFPOp::create(
              b, l, b.getF32Type(),
              arith::IndexCastOp::create(b, l, b.getI64Type(), position));
          key = arith::SelectOp::create(b, l, inside, key,
                                        f32Constant(b, l, inf));
          Value v = args[0], best = args[2], bestKey = args[3];
          Value better = arith::OrIOp::create(
              b, l,
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, v, best),
              arith::AndIOp::create(
                  b, l,
                  arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, v,
                                        best),
                  arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, key,
                                        bestKey)));
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, v, best),
                         arith::SelectOp::create(b, l, better, key, bestKey)});
        });
    // position (h * W + w) -> (n * C + c) * H * W + position, or with
    // column_major (n * C + c) * H * W + w * H + h; in i64, exact.
    bool columnMajor = op.getColumnMajor();
    Value indices = elementwise(
        rewriter, loc, resultType, ValueRange{reduced.getResult(1)},
        {rewriter.getMultiDimIdentityMap(4)},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Type i64 = b.getI64Type();
          auto constant = [&](int64_t v) {
            return arith::ConstantIntOp::create(b, l, i64, v);
          };
          auto index = [&](unsigned i) {
            return arith::IndexCastOp::create(
                b, l, i64, linalg::IndexOp::create(b, l, i));
          };
          Value position = arith::FPToSIOp::create(b, l, i64, args[0]);
          if (columnMajor) {
            Value h = arith::DivSIOp::create(b, l, position, constant(width));
            Value w = arith::RemSIOp::create(b, l, position, constant(width));
            position = arith::AddIOp::create(
                b, l, arith::MulIOp::create(b, l, w, constant(height)), h);
          }
          Value plane = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, index(0), constant(channels)),
              index(3));
          Value flat = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, plane, constant(height * width)),
              position);
          return arith::SIToFPOp::create(b, l, b.getF32Type(), flat);
        });
    rewriter.replaceOp(op, toNchw(rewriter, loc, indices));
    return success();
  }
};

/// 1 / (number of window elements that the average divides by), per output
/// position (OH x OW).
std::vector<float> avgPoolReciprocals(AvgPool2DOp op, int64_t outH,
                                      int64_t outW) {
  auto inType = op.getInput().getType();
  int64_t inH = inType.getDimSize(2), inW = inType.getDimSize(3);
  ArrayRef<int64_t> k = op.getKernel(), s = op.getStrides(), p = op.getPads();
  auto inside = [](int64_t start, int64_t kernel, int64_t size) {
    int64_t lo = std::max<int64_t>(start, 0);
    int64_t hi = std::min<int64_t>(start + kernel, size);
    return std::max<int64_t>(hi - lo, 0);
  };
  std::vector<float> result(outH * outW);
  for (int64_t y = 0; y < outH; ++y)
    for (int64_t x = 0; x < outW; ++x) {
      int64_t count = op.getCountIncludePad()
                          ? k[0] * k[1]
                          : inside(y * s[0] - p[0], k[0], inH) *
                                inside(x * s[1] - p[1], k[1], inW);
      result[y * outW + x] = count > 0 ? 1.0f / count : 0.0f;
    }
  return result;
}

struct LowerAvgPool : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value padded =
        padNhwc(rewriter, loc, toNhwc(rewriter, loc, adaptor.getInput()),
                op.getPads(), 0.0);
    RankedTensorType resultType = permuteType(op.getType(), kNchwToNhwc);
    Type f32 = resultType.getElementType();
    Value window = emptyTensor(rewriter, loc, tensorType(op.getKernel(), f32));
    Value sum = linalg::PoolingNhwcSumOp::create(
                    rewriter, loc, TypeRange{resultType},
                    ValueRange{padded, window},
                    ValueRange{filled(rewriter, loc, resultType, 0.0)},
                    poolAttrs(rewriter, op.getStrides()))
                    .getResult(0);
    int64_t outH = resultType.getDimSize(1), outW = resultType.getDimSize(2);
    auto recipType = tensorType({outH, outW}, f32);
    Value recip = arith::ConstantOp::create(
        rewriter, loc,
        cast<TypedAttr>(makeF32Attr(
            recipType, avgPoolReciprocals(op, outH, outW), "avg_pool_recip")));
    AffineMap spatial = AffineMap::get(
        4, 0, {rewriter.getAffineDimExpr(1), rewriter.getAffineDimExpr(2)},
        rewriter.getContext());
    Value mean = elementwise(
        rewriter, loc, resultType, ValueRange{sum, recip},
        {rewriter.getMultiDimIdentityMap(4), spatial},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::MulFOp::create(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, toNchw(rewriter, loc, mean));
    return success();
  }
};

/// Mean over H and W, reduced from NHWC into N x C, then N x C x 1 x 1.
struct LowerGlobalAvgPool : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = toNhwc(rewriter, loc, adaptor.getInput());
    auto inType = cast<RankedTensorType>(input.getType());
    Type f32 = inType.getElementType();
    int64_t n = inType.getDimSize(0), c = inType.getDimSize(3);
    auto reducedType = tensorType({n, c}, f32);
    MLIRContext *ctx = rewriter.getContext();
    AffineMap inMap = rewriter.getMultiDimIdentityMap(4);
    AffineMap outMap = AffineMap::get(
        4, 0, {rewriter.getAffineDimExpr(0), rewriter.getAffineDimExpr(3)},
        ctx);
    using utils::IteratorType;
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{reducedType}, ValueRange{input},
            ValueRange{filled(rewriter, loc, reducedType, 0.0)},
            ArrayRef<AffineMap>{inMap, outMap},
            ArrayRef<IteratorType>{IteratorType::parallel,
                                   IteratorType::reduction,
                                   IteratorType::reduction,
                                   IteratorType::parallel},
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l, Value(arith::AddFOp::create(b, l, args[0], args[1])));
            })
            .getResult(0);
    double scale = 1.0 / (inType.getDimSize(1) * inType.getDimSize(2));
    Value mean = elementwise(
        rewriter, loc, reducedType, ValueRange{sum},
        {rewriter.getMultiDimIdentityMap(2)},
        [scale](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::MulFOp::create(b, l, args[0], f32Constant(b, l, scale));
        });
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, op.getType(), mean,
        SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Head
//===----------------------------------------------------------------------===//

struct LowerFlatten : OpConversionPattern<FlattenOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    // Dimensions [0, axis) make the rows, [axis, rank) the columns; an empty
    // side is a unit dimension, added by an expand_shape after collapsing
    // everything into one.
    if (axis == 0 || axis == rank) {
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < rank; ++d)
        all[0].push_back(d);
      Value flat = adaptor.getInput();
      if (rank != 1)
        flat = tensor::CollapseShapeOp::create(
            rewriter, op.getLoc(), adaptor.getInput(), all);
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, op.getType(), flat, SmallVector<ReassociationIndices>{{0, 1}});
      return success();
    }
    SmallVector<ReassociationIndices> reassociation(2);
    for (int64_t d = 0; d < rank; ++d)
      reassociation[d < axis ? 0 : 1].push_back(d);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, op.getType(), adaptor.getInput(), reassociation);
    return success();
  }
};

/// input * scale + shift, the constants read through broadcasting maps (a
/// dimension of size 1 reads index 0); 4-D inputs compute in NHWC like the
/// other activation layers.
struct LowerAffine : OpConversionPattern<AffineOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AffineOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    bool nhwc = rank == 4;
    // The loop dimension that iterates NCHW dimension `d` (NHWC loops).
    auto loopDim = [&](int64_t d) { return nhwc ? kNhwcToNchw[d] : d; };
    auto broadcastMap = [&](Value operand) {
      return broadcastingMap(
          rewriter, cast<RankedTensorType>(operand.getType()).getShape(),
          type.getShape(), loopDim);
    };
    Value input = nhwc ? toNhwc(rewriter, loc, adaptor.getInput())
                       : adaptor.getInput();
    RankedTensorType computeType = nhwc ? permuteType(type, kNchwToNhwc) : type;
    Value result = elementwise(
        rewriter, loc, computeType,
        ValueRange{input, adaptor.getScale(), adaptor.getShift()},
        {rewriter.getMultiDimIdentityMap(rank), broadcastMap(op.getScale()),
         broadcastMap(op.getShift())},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value product = arith::MulFOp::create(b, l, args[0], args[1]);
          return arith::AddFOp::create(b, l, product, args[2]);
        });
    rewriter.replaceOp(op, nhwc ? toNchw(rewriter, loc, result) : result);
    return success();
  }
};

/// The pattern of a layer that one function lowers: `lower` builds the
/// replacement from the op and its converted operands.
template <typename OpT,
          Value (*lower)(OpBuilder &, OpT, typename OpT::Adaptor)>
struct LowerWith : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, lower(rewriter, op, adaptor));
    return success();
  }
};

Value lowerTranspose(OpBuilder &b, TransposeOp op,
                     TransposeOp::Adaptor adaptor) {
  return transpose(b, op.getLoc(), adaptor.getInput(), op.getPermutation());
}
using LowerTranspose = LowerWith<TransposeOp, lowerTranspose>;

/// trunc(x) reduced modulo 2^bits in f32: t - floor(t / 2^bits) * 2^bits.
/// Every step is exact for any finite t (the scale is a power of two, and
/// the difference is an integer below 2^bits <= 2^24).
struct LowerWrapInteger : OpConversionPattern<WrapIntegerOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(WrapIntegerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    double modulus = std::ldexp(1.0, static_cast<int>(op.getBits()));
    bool isSigned = op.getIsSigned();
    rewriter.replaceOp(
        op, buildActivationElementwise(
                rewriter, op.getLoc(), ValueRange{adaptor.getInput()},
                [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                  Value t = math::TruncOp::create(b, l, args[0]);
                  Value wraps = math::FloorOp::create(
                      b, l,
                      arith::MulFOp::create(b, l, t,
                                            f32Constant(b, l, 1.0 / modulus)));
                  Value r = arith::SubFOp::create(
                      b, l, t,
                      arith::MulFOp::create(b, l, wraps,
                                            f32Constant(b, l, modulus)));
                  if (!isSigned)
                    return r;
                  Value high = arith::CmpFOp::create(
                      b, l, arith::CmpFPredicate::OGE, r,
                      f32Constant(b, l, modulus / 2));
                  return arith::SelectOp::create(
                      b, l, high,
                      arith::SubFOp::create(b, l, r,
                                            f32Constant(b, l, modulus)),
                      r);
                }));
    return success();
  }
};

/// x * W^T + b with W^T made at compile time: a plain [K, M] matmul.
struct LowerLinear : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value weight =
        permuteWeight(rewriter, loc, adaptor.getWeight(), {1, 0}, "linear_km");
    RankedTensorType resultType = op.getType();
    Value product = linalg::MatmulOp::create(
                        rewriter, loc, TypeRange{resultType},
                        ValueRange{adaptor.getInput(), weight},
                        ValueRange{filled(rewriter, loc, resultType, 0.0)})
                        .getResult(0);
    if (adaptor.getBias())
      product = elementwise(
          rewriter, loc, resultType, ValueRange{product, adaptor.getBias()},
          {rewriter.getMultiDimIdentityMap(2), lastDimMap(rewriter, 2)},
          [](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::AddFOp::create(b, l, args[0], args[1]);
          });
    rewriter.replaceOp(op, product);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// batch_matmul
//===----------------------------------------------------------------------===//

/// The reassociation that collapses the leading `rank - trailing`
/// dimensions into one and keeps the last `trailing` dimensions.
SmallVector<ReassociationIndices> leadingGroup(int64_t rank,
                                               int64_t trailing) {
  SmallVector<ReassociationIndices> groups(1);
  for (int64_t d = 0; d < rank - trailing; ++d)
    groups[0].push_back(d);
  for (int64_t d = rank - trailing; d < rank; ++d)
    groups.push_back({d});
  return groups;
}

/// `value` collapsed to rank `keptRank`: its leading dimensions folded into
/// the first (unchanged if it already has that rank).
Value collapseLeading(OpBuilder &b, Location loc, Value value,
                      int64_t keptRank) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == keptRank)
    return value;
  return tensor::CollapseShapeOp::create(
      b, loc, value, leadingGroup(type.getRank(), keptRank - 1));
}

/// [batch... x N, K] x [K, M]: one matmul, the weight read once (a
/// right-hand side [1, ..., 1, K, M] collapses its ones into K).
Value sharedWeightProduct(OpBuilder &b, Location loc, RankedTensorType type,
                          Value lhs, Value rhs) {
  Value rows = collapseLeading(b, loc, lhs, 2);
  Value weight = collapseLeading(b, loc, rhs, 2);
  auto productType =
      tensorType({cast<RankedTensorType>(rows.getType()).getDimSize(0),
                  type.getShape().back()},
                 type.getElementType());
  return linalg::MatmulOp::create(b, loc, TypeRange{productType},
                                  ValueRange{rows, weight},
                                  ValueRange{filled(b, loc, productType, 0.0)})
      .getResult(0);
}

/// `value` ([batch'...] x R x C) repeated along the result's batch
/// dimensions `batch` where it has size 1 or lacks them.
Value broadcastBatch(OpBuilder &b, Location loc, Value value,
                     ArrayRef<int64_t> batch) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(batch);
  shape.append({type.getDimSize(type.getRank() - 2),
                type.getDimSize(type.getRank() - 1)});
  if (type.getShape() == ArrayRef<int64_t>(shape))
    return value;
  return elementwise(
      b, loc, tensorType(shape, type.getElementType()), ValueRange{value},
      {broadcastingMap(b, type.getShape(), shape,
                       [](int64_t d) { return d; })},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// [B, N, K] x [B, K, M] with B the result's batch dimensions as one.
Value batchedProduct(OpBuilder &b, Location loc, RankedTensorType type,
                     Value lhs, Value rhs) {
  ArrayRef<int64_t> batch = type.getShape().drop_back(2);
  Value a = collapseLeading(b, loc, broadcastBatch(b, loc, lhs, batch), 3);
  Value w = collapseLeading(b, loc, broadcastBatch(b, loc, rhs, batch), 3);
  auto aType = cast<RankedTensorType>(a.getType());
  auto productType = tensorType(
      {aType.getDimSize(0), aType.getDimSize(1), type.getShape().back()},
      type.getElementType());
  return linalg::BatchMatmulOp::create(
             b, loc, TypeRange{productType}, ValueRange{a, w},
             ValueRange{filled(b, loc, productType, 0.0)})
      .getResult(0);
}

/// NumPy matmul over broadcast batch dimensions. A right-hand side without
/// batch dimensions of its own (a weight every batch shares) makes one
/// linalg.matmul over the lhs's batch x N rows; otherwise both operands are
/// broadcast to the result's batch dimensions (a copy only where one must
/// be repeated), the batch dimensions collapsed into one, and a
/// linalg.batch_matmul computes the products. The CPU tile selection
/// configures both named ops like any other matmul.
Value lowerBatchMatmul(OpBuilder &b, BatchMatmulOp op,
                       BatchMatmulOp::Adaptor adaptor) {
  Location loc = op.getLoc();
  RankedTensorType type = op.getType();
  ArrayRef<int64_t> lhsBatch = op.getLhs().getType().getShape().drop_back(2);
  ArrayRef<int64_t> rhsBatch = op.getRhs().getType().getShape().drop_back(2);
  bool sharedRhs = llvm::all_of(rhsBatch, [](int64_t d) { return d == 1; }) &&
                   lhsBatch == type.getShape().drop_back(2);
  Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
  Value result = sharedRhs ? sharedWeightProduct(b, loc, type, lhs, rhs)
                           : batchedProduct(b, loc, type, lhs, rhs);
  // Back to the batch dimensions, when they were collapsed.
  auto resultType = cast<RankedTensorType>(result.getType());
  if (resultType == type)
    return result;
  return tensor::ExpandShapeOp::create(
      b, loc, type, result,
      leadingGroup(type.getRank(), resultType.getRank() - 1));
}
using LowerBatchMatmul = LowerWith<BatchMatmulOp, lowerBatchMatmul>;

/// exp(x - max) / sum(exp(x - max)) along `axis`.
struct LowerSoftmax : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank)
      return rewriter.notifyMatchFailure(op, "axis out of range");

    SmallVector<int64_t> reducedShape;
    SmallVector<AffineExpr> reducedExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(d == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
      if (d == axis)
        continue;
      reducedShape.push_back(type.getDimSize(d));
      reducedExprs.push_back(rewriter.getAffineDimExpr(d));
    }
    auto reducedType = tensorType(reducedShape, type.getElementType());
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reduced =
        AffineMap::get(rank, 0, reducedExprs, rewriter.getContext());
    auto reduce =
        [&](Value input, double init,
            function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
          return linalg::GenericOp::create(
                     rewriter, loc, TypeRange{reducedType}, ValueRange{input},
                     ValueRange{filled(rewriter, loc, reducedType, init)},
                     ArrayRef<AffineMap>{identity, reduced}, iterators,
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       linalg::YieldOp::create(b, l,
                                               combine(b, l, args[0], args[1]));
                     })
              .getResult(0);
        };
    Value max =
        reduce(adaptor.getInput(), -std::numeric_limits<double>::infinity(),
               [](OpBuilder &b, Location l, Value x, Value acc) {
                 return Value(arith::MaximumFOp::create(b, l, x, acc));
               });
    Value exps = elementwise(
        rewriter, loc, type, ValueRange{adaptor.getInput(), max},
        {identity, reduced},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return math::ExpOp::create(
              b, l, arith::SubFOp::create(b, l, args[0], args[1]));
        });
    Value sum = reduce(exps, 0.0, [](OpBuilder &b, Location l, Value x, Value acc) {
      return Value(arith::AddFOp::create(b, l, x, acc));
    });
    rewriter.replaceOp(
        op, elementwise(rewriter, loc, type, ValueRange{exps, sum},
                        {identity, reduced},
                        [](OpBuilder &b, Location l, ValueRange args) -> Value {
                          return arith::DivFOp::create(b, l, args[0], args[1]);
                        }));
    return success();
  }
};

} // namespace

void mlir::resnet::populateResNetToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ConvLowering<Conv2DOp>, ConvLowering<FusedConvOp>, LowerRelu,
               LowerAdd, LowerBatchNorm, LowerMaxPool, LowerAvgPool,
               LowerGlobalAvgPool, LowerFlatten, LowerAffine, LowerLinear,
               LowerSoftmax, LowerMaxPoolIndices, LowerTranspose,
               LowerWrapInteger, LowerBatchMatmul>(
      patterns.getContext());
}
