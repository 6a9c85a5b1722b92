//===- ResNetOps.cpp - resnet dialect ops: shapes, verifiers, syntax ------===//
//
// Every op infers its result type (InferTypeOpAdaptor); the inference is also
// the verifier: it checks each rule a model can break and names the operand
// and the shape it expected. Rules on one attribute alone (lengths, signs)
// are ODS constraints in ResNetOps.td; inference checks them first too,
// because builders infer before anything verifies.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::resnet;

//===----------------------------------------------------------------------===//
// Shape checking helpers
//===----------------------------------------------------------------------===//

std::string resnet::shapeString(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os, [&](int64_t d) { d < 0 ? os << "?" : os << d; }, "x");
  return s;
}

namespace {
/// Emits diagnostics for one op during shape inference. Inference runs both
/// when building and when verifying, so the location may be absent.
struct ShapeChecker {
  std::optional<Location> loc;
  StringRef opName;

  template <typename... Args> LogicalResult fail(Args &&...args) const {
    return emitOptionalError(loc, "'", opName, "' op ",
                             std::forward<Args>(args)...);
  }

  /// `value` must have `expected` as its shape; -1 entries match anything.
  LogicalResult expectShape(StringRef what, Value value,
                            ArrayRef<int64_t> expected) const {
    auto type = cast<ShapedType>(value.getType());
    ArrayRef<int64_t> shape = type.getShape();
    bool ok = shape.size() == expected.size();
    for (auto [got, want] : llvm::zip(shape, expected))
      ok &= want < 0 || got == want;
    if (!ok)
      return fail(what, " must have shape ", shapeString(expected), ", got ",
                  shapeString(shape));
    return success();
  }

  /// The dialect has no empty tensors: a zero batch, channel count or
  /// spatial size is a malformed model, not something to compute.
  LogicalResult expectNonEmpty(StringRef what, Value value) const {
    ArrayRef<int64_t> shape = cast<ShapedType>(value.getType()).getShape();
    if (llvm::is_contained(shape, 0))
      return fail(what, " must not have a zero-sized dimension, got ",
                  shapeString(shape));
    return success();
  }

  LogicalResult expectRank(StringRef what, Value value, int64_t rank,
                           StringRef layout) const {
    auto type = cast<ShapedType>(value.getType());
    if (type.getRank() != rank)
      return fail(what, " must have rank ", rank, " (", layout, "), got ",
                  shapeString(type.getShape()));
    return success();
  }

  /// The four batch-norm vectors all have `channels` elements.
  LogicalResult expectBatchNorm(StringRef what, ValueRange params,
                                int64_t channels) const {
    static const char *names[] = {"scale", "bias", "mean", "variance"};
    for (auto [value, name] : llvm::zip(params, names)) {
      std::string label =
          what.empty() ? std::string(name) : (Twine(what) + " " + name).str();
      if (failed(expectShape(label, value, {channels})))
        return failure();
    }
    return success();
  }

  LogicalResult expectPositive(StringRef what, int64_t value) const {
    if (value < 1)
      return fail(what, " must be positive, got ", value);
    return success();
  }
};

struct ConvGeometry {
  ArrayRef<int64_t> strides, pads, dilations;
  int64_t groups;
};

/// Output spatial size of one dimension, or failure if the (dilated) window
/// does not fit into the padded input.
FailureOr<int64_t> windowOutputSize(const ShapeChecker &chk, StringRef dim,
                                    int64_t in, int64_t kernel, int64_t stride,
                                    int64_t padBegin, int64_t padEnd,
                                    int64_t dilation) {
  // Attributes come from untrusted IR: refuse sizes that overflow int64.
  std::optional<int64_t> window =
      llvm::checkedMulAdd(dilation, kernel - 1, int64_t(1));
  if (!window)
    return chk.fail("dilated window ", dim, " overflows");
  std::optional<int64_t> padded = llvm::checkedAdd(in, padBegin);
  if (padded)
    padded = llvm::checkedAdd(*padded, padEnd);
  if (!padded)
    return chk.fail("padded input ", dim, " overflows");
  if (*padded < *window)
    return chk.fail("window of ", *window, " exceeds the padded input ", dim,
                    " of ", *padded);
  return (*padded - *window) / stride + 1;
}

/// Checks the attributes of the op `adaptor` describes against their ODS
/// constraints (lengths and signs of strides, pads, kernel, groups, ...).
/// The op verifier checks them before inference runs, but builders infer the
/// result type of an op that nothing has verified yet. Without a location
/// there is nowhere to report, so the check is silent.
template <typename AdaptorT>
LogicalResult verifyAttributes(MLIRContext *context,
                               std::optional<Location> loc, AdaptorT &adaptor) {
  if (loc)
    return adaptor.verify(*loc);
  ScopedDiagnosticHandler silent(context,
                                 [](Diagnostic &) { return success(); });
  return adaptor.verify(UnknownLoc::get(context));
}

/// Checks a convolution and returns its NCHW output shape.
FailureOr<SmallVector<int64_t>> inferConvShape(const ShapeChecker &chk,
                                               Value input, Value weight,
                                               const ConvGeometry &g) {
  if (failed(chk.expectRank("input", input, 4, "NCHW")) ||
      failed(chk.expectNonEmpty("input", input)) ||
      failed(chk.expectRank("weight", weight, 4, "OIHW")))
    return failure();
  ArrayRef<int64_t> in = cast<ShapedType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<ShapedType>(weight.getType()).getShape();
  int64_t channels = in[1], filters = w[0];
  if (channels % g.groups != 0)
    return chk.fail("groups (", g.groups, ") must divide the input channels (",
                    channels, ")");
  if (filters % g.groups != 0)
    return chk.fail("groups (", g.groups, ") must divide the output channels (",
                    filters, ")");
  if (failed(chk.expectShape("weight", weight,
                             {-1, channels / g.groups, -1, -1})) ||
      failed(chk.expectPositive("output channel count", filters)) ||
      failed(chk.expectPositive("kernel height", w[2])) ||
      failed(chk.expectPositive("kernel width", w[3])))
    return failure();
  FailureOr<int64_t> oh =
      windowOutputSize(chk, "height", in[2], w[2], g.strides[0], g.pads[0],
                       g.pads[2], g.dilations[0]);
  if (failed(oh))
    return failure();
  FailureOr<int64_t> ow =
      windowOutputSize(chk, "width", in[3], w[3], g.strides[1], g.pads[1],
                       g.pads[3], g.dilations[1]);
  if (failed(ow))
    return failure();
  return SmallVector<int64_t>{in[0], filters, *oh, *ow};
}

/// Attribute readers for inference. Adaptors built while parsing or building
/// may not carry default-valued attributes yet, so fall back to the defaults.
ArrayRef<int64_t> orDefault(DenseI64ArrayAttr attr, ArrayRef<int64_t> value) {
  return attr ? attr.asArrayRef() : value;
}
int64_t orDefault(IntegerAttr attr, int64_t value) {
  return attr ? attr.getInt() : value;
}
APFloat orDefaultEpsilon(FloatAttr attr) {
  return attr ? attr.getValue() : APFloat(kDefaultBatchNormEpsilon);
}
const int64_t kUnitPair[] = {1, 1};
const int64_t kZeroPads[] = {0, 0, 0, 0};

Type tensorLike(Value like, ArrayRef<int64_t> shape) {
  auto type = cast<ShapedType>(like.getType());
  return RankedTensorType::get(shape, type.getElementType());
}

LogicalResult checkEpsilon(const ShapeChecker &chk, const APFloat &eps) {
  double e = eps.convertToDouble();
  if (!(e >= 0.0) || std::isinf(e))
    return chk.fail("epsilon must be a finite non-negative number, got ", e);
  return success();
}

/// The group of operands `name` of a block as a conv unit, or an error
/// saying which counts the forms take.
FailureOr<ConvUnit> unitOf(const ShapeChecker &chk, StringRef name,
                           ValueRange operands) {
  std::optional<ConvUnit> unit = ConvUnit::fromOperands(operands);
  if (!unit)
    return chk.fail(name,
                    " takes 1 operand (weight), 2 (weight, bias) or 5 "
                    "(weight, bn scale, bias, mean, variance), got ",
                    operands.size());
  return *unit;
}

/// One convolution of a block, `name(%w ...)`: checks its weight against
/// `{filters, channels, k, k}` and its bias or BN vectors against the filter
/// count, and returns the filter count.
FailureOr<int64_t> checkConvUnit(const ShapeChecker &chk, StringRef name,
                                 ValueRange operands, int64_t expectedFilters,
                                 int64_t channels, int64_t kernel) {
  FailureOr<ConvUnit> unit = unitOf(chk, name, operands);
  if (failed(unit))
    return failure();
  Value weight = unit->weight;
  std::string what = (Twine(name) + " weight").str();
  if (failed(chk.expectRank(what, weight, 4, "OIHW")))
    return failure();
  int64_t filters = cast<ShapedType>(weight.getType()).getDimSize(0);
  if (failed(chk.expectShape(what, weight,
                             {expectedFilters, channels, kernel, kernel})) ||
      failed(chk.expectPositive(what + " output channel count", filters)))
    return failure();
  if (unit->bias &&
      failed(chk.expectShape((Twine(name) + " bias").str(), unit->bias,
                             {filters})))
    return failure();
  if (unit->batchNorm &&
      failed(chk.expectBatchNorm((Twine(name) + " bn").str(),
                                 unit->batchNorm->operands(), filters)))
    return failure();
  return filters;
}

/// The `preact(bn ...)` group of a block: empty (a v1 block) or the four
/// vectors of a batch norm over the block's `channels` input channels.
LogicalResult checkPreact(const ShapeChecker &chk, ValueRange preact,
                          int64_t channels) {
  if (preact.empty())
    return success();
  if (preact.size() != BatchNormParams::kNumOperands)
    return chk.fail("preact takes 4 operands (bn scale, bias, mean, "
                    "variance), got ",
                    preact.size());
  return chk.expectBatchNorm("preact bn", preact, channels);
}

/// Checks the shortcut of a block whose residual branch produces `filters`
/// channels at `stride`; `projection` is empty or a 1x1 conv unit.
LogicalResult checkShortcut(const ShapeChecker &chk, ValueRange projection,
                            int64_t channels, int64_t filters, int64_t stride) {
  if (projection.empty()) {
    if (channels != filters || stride != 1)
      return chk.fail("identity shortcut needs the input shape kept, but the "
                      "block maps ",
                      channels, " channels to ", filters, " at stride ", stride,
                      "; add a projection");
    return success();
  }
  return checkConvUnit(chk, "projection", projection, filters, channels, 1);
}

/// 2 per multiply-add of a convolution: every output element sums over the
/// weight's I x KH x KW (OIHW, I already the per-group channel count).
int64_t convFlopCount(Value output, Value weight) {
  ArrayRef<int64_t> w = cast<ShapedType>(weight.getType()).getShape();
  return 2 * cast<ShapedType>(output.getType()).getNumElements() * w[1] * w[2] *
         w[3];
}

/// `pad_value`, when set, holds one finite value per input channel.
LogicalResult checkPadValue(const ShapeChecker &chk, DenseF32ArrayAttr padValue,
                            Value input) {
  if (!padValue)
    return success();
  int64_t channels = cast<ShapedType>(input.getType()).getDimSize(1);
  if (padValue.size() != channels)
    return chk.fail("pad_value must have one value per input channel (",
                    channels, "), got ", padValue.size());
  for (float v : padValue.asArrayRef())
    if (!std::isfinite(v))
      return chk.fail("pad_value must be finite, got ", v);
  return success();
}

/// Spatial output of the 3x3 (pad 1) and 1x1 (pad 0) convolutions of a block.
int64_t blockOutputSize(int64_t in, int64_t stride) {
  return (in - 1) / stride + 1;
}

/// The result of an elementwise layer of one operand: the input's type (the
/// input must not be empty).
LogicalResult inferInputType(const ShapeChecker &chk, Value input,
                             SmallVectorImpl<Type> &types) {
  if (failed(chk.expectNonEmpty("input", input)))
    return failure();
  types.push_back(input.getType());
  return success();
}

/// The NumPy broadcast of two batch shapes (aligned at the last dimension,
/// each dimension equal or 1), or nullopt when they do not broadcast.
std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b) {
  if (a.size() < b.size())
    std::swap(a, b);
  SmallVector<int64_t> result(a);
  size_t offset = a.size() - b.size();
  for (auto [i, d] : llvm::enumerate(b)) {
    int64_t &r = result[offset + i];
    if (d != r && d != 1 && r != 1)
      return std::nullopt;
    r = std::max(r, d);
  }
  return result;
}

/// Checks a NumPy matmul of `lhs` ([batch...] x N x K) and `rhs`
/// ([batch...] x K x M) and returns its shape, the batch broadcast.
FailureOr<SmallVector<int64_t>>
inferBatchMatmulShape(const ShapeChecker &chk, Value lhs, Value rhs) {
  ArrayRef<int64_t> a = cast<ShapedType>(lhs.getType()).getShape();
  ArrayRef<int64_t> b = cast<ShapedType>(rhs.getType()).getShape();
  if (a.size() < 2)
    return chk.fail("lhs must have rank 2 or more (batch... x N x K), got ",
                    shapeString(a));
  if (b.size() < 2)
    return chk.fail("rhs must have rank 2 or more (batch... x K x M), got ",
                    shapeString(b));
  if (failed(chk.expectNonEmpty("lhs", lhs)) ||
      failed(chk.expectNonEmpty("rhs", rhs)))
    return failure();
  int64_t k = a.back();
  if (b[b.size() - 2] != k)
    return chk.fail("rhs must have ", k, " rows (the lhs's columns), got ",
                    shapeString(b));
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(a.drop_back(2), b.drop_back(2));
  if (!shape)
    return chk.fail("batch dimensions of lhs ", shapeString(a), " and rhs ",
                    shapeString(b), " do not broadcast");
  shape->append({a[a.size() - 2], b.back()});
  return *shape;
}
} // namespace

//===----------------------------------------------------------------------===//
// Primitive layers
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  ConvGeometry g{orDefault(adaptor.getStridesAttr(), kUnitPair),
                 orDefault(adaptor.getPadsAttr(), kZeroPads),
                 orDefault(adaptor.getDilationsAttr(), kUnitPair),
                 orDefault(adaptor.getGroupsAttr(), 1)};
  FailureOr<SmallVector<int64_t>> shape =
      inferConvShape(chk, adaptor.getInput(), adaptor.getWeight(), g);
  if (failed(shape))
    return failure();
  if (Value bias = adaptor.getBias())
    if (failed(chk.expectShape("bias", bias, {(*shape)[1]})))
      return failure();
  if (failed(checkPadValue(chk, adaptor.getPadValueAttr(), adaptor.getInput())))
    return failure();
  types.push_back(tensorLike(adaptor.getInput(), *shape));
  return success();
}

int64_t Conv2DOp::getFlopCount() {
  return convFlopCount(getOutput(), getWeight());
}

LogicalResult FusedConvOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  ConvGeometry g{orDefault(adaptor.getStridesAttr(), kUnitPair),
                 orDefault(adaptor.getPadsAttr(), kZeroPads),
                 orDefault(adaptor.getDilationsAttr(), kUnitPair),
                 orDefault(adaptor.getGroupsAttr(), 1)};
  FailureOr<SmallVector<int64_t>> shape =
      inferConvShape(chk, adaptor.getInput(), adaptor.getWeight(), g);
  if (failed(shape) ||
      failed(chk.expectShape("bias", adaptor.getBias(), {(*shape)[1]})))
    return failure();
  if (Value residual = adaptor.getResidual())
    if (failed(chk.expectShape("residual", residual, *shape)))
      return failure();
  if (failed(checkPadValue(chk, adaptor.getPadValueAttr(), adaptor.getInput())))
    return failure();
  types.push_back(tensorLike(adaptor.getInput(), *shape));
  return success();
}

/// The bias, residual and ReLU of the epilogue are not counted: the
/// convolution's multiply-adds dominate, and a fused layer counts as the
/// conv2d it came from.
int64_t FusedConvOp::getFlopCount() {
  return convFlopCount(getOutput(), getWeight());
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  auto type = cast<ShapedType>(adaptor.getInput().getType());
  if (type.getRank() < 2)
    return chk.fail("input must have a channel axis (rank >= 2), got ",
                    shapeString(type.getShape()));
  if (failed(chk.expectNonEmpty("input", adaptor.getInput())) ||
      failed(chk.expectBatchNorm("",
                                 {adaptor.getScale(), adaptor.getBias(),
                                  adaptor.getMean(), adaptor.getVariance()},
                                 type.getDimSize(1))) ||
      failed(checkEpsilon(chk, orDefaultEpsilon(adaptor.getEpsilonAttr()))))
    return failure();
  types.push_back(type);
  return success();
}

OpFoldResult BatchNormOp::fold(FoldAdaptor adaptor) {
  // Identity when every channel has scale/sqrt(var+eps) == 1 and a zero shift.
  SmallVector<float> s, b, m, v;
  auto scale = getF32Data(adaptor.getScale(), s);
  auto bias = getF32Data(adaptor.getBias(), b);
  auto mean = getF32Data(adaptor.getMean(), m);
  auto var = getF32Data(adaptor.getVariance(), v);
  if (!scale || !bias || !mean || !var)
    return {};
  float eps = static_cast<float>(getEpsilon().convertToDouble());
  for (size_t c = 0, e = scale->size(); c < e; ++c) {
    float a = (*scale)[c] / std::sqrt((*var)[c] + eps);
    if (a != 1.0f || (*bias)[c] - (*mean)[c] * a != 0.0f)
      return {};
  }
  return getInput();
}

LogicalResult ReluOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  return inferInputType({loc, getOperationName()}, adaptor.getInput(), types);
}

OpFoldResult ReluOp::fold(FoldAdaptor) {
  // relu(relu(x)) == relu(x).
  if (getInput().getDefiningOp<ReluOp>())
    return getInput();
  return {};
}

LogicalResult AddOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  Type lhs = adaptor.getLhs().getType(), rhs = adaptor.getRhs().getType();
  if (lhs != rhs)
    return chk.fail("operands must have one type (no broadcasting), got ", lhs,
                    " and ", rhs);
  if (failed(chk.expectNonEmpty("lhs", adaptor.getLhs())))
    return failure();
  types.push_back(lhs);
  return success();
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + 0 == x (the commutative canonicalization moves constants right).
  if (matchPattern(adaptor.getRhs(), m_AnyZeroFloat()) ||
      matchPattern(getRhs(), m_AnyZeroFloat()))
    return getLhs();
  return {};
}

namespace {
/// max_pool2d's window dilations; avg_pool2d has none.
ArrayRef<int64_t> poolDilations(MaxPool2DOp::Adaptor adaptor) {
  return orDefault(adaptor.getDilationsAttr(), kUnitPair);
}
ArrayRef<int64_t> poolDilations(MaxPool2DIndicesOp::Adaptor adaptor) {
  return orDefault(adaptor.getDilationsAttr(), kUnitPair);
}
ArrayRef<int64_t> poolDilations(AvgPool2DOp::Adaptor) { return kUnitPair; }

template <typename PoolAdaptor>
LogicalResult inferPoolTypes(MLIRContext *context, StringRef opName,
                             std::optional<Location> loc, PoolAdaptor adaptor,
                             SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, opName};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  Value input = adaptor.getInput();
  // `kernel` has no default: verifyAttributes refused an op without it.
  ArrayRef<int64_t> kernel = adaptor.getKernelAttr().asArrayRef();
  ConvGeometry g{orDefault(adaptor.getStridesAttr(), kUnitPair),
                 orDefault(adaptor.getPadsAttr(), kZeroPads),
                 poolDilations(adaptor), 1};
  if (failed(chk.expectRank("input", input, 4, "NCHW")) ||
      failed(chk.expectNonEmpty("input", input)))
    return failure();
  // A window that lies wholly in the padding would have nothing to pool.
  for (int i = 0; i < 4; ++i) {
    int64_t window = g.dilations[i % 2] * (kernel[i % 2] - 1) + 1;
    if (g.pads[i] >= window)
      return chk.fail("pads must be smaller than the kernel, got pad ",
                      g.pads[i], " for kernel ", kernel[i % 2]);
  }
  ArrayRef<int64_t> in = cast<ShapedType>(input.getType()).getShape();
  FailureOr<int64_t> oh =
      windowOutputSize(chk, "height", in[2], kernel[0], g.strides[0],
                       g.pads[0], g.pads[2], g.dilations[0]);
  if (failed(oh))
    return failure();
  FailureOr<int64_t> ow =
      windowOutputSize(chk, "width", in[3], kernel[1], g.strides[1],
                       g.pads[1], g.pads[3], g.dilations[1]);
  if (failed(ow))
    return failure();
  types.push_back(tensorLike(input, {in[0], in[1], *oh, *ow}));
  return success();
}
} // namespace

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPoolTypes(context, getOperationName(), loc, adaptor, types);
}

/// The indices are f32: every one must be an integer that f32 holds exactly.
LogicalResult MaxPool2DIndicesOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  if (failed(inferPoolTypes(context, getOperationName(), loc, adaptor, types)))
    return failure();
  constexpr int64_t kExactInF32 = int64_t(1) << 24;
  if (cast<ShapedType>(adaptor.getInput().getType()).getNumElements() >
      kExactInF32)
    return ShapeChecker{loc, getOperationName()}.fail(
        "input has more than 2^24 elements; f32 indices would not be exact");
  return success();
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPoolTypes(context, getOperationName(), loc, adaptor, types);
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  Value input = adaptor.getInput();
  if (failed(chk.expectRank("input", input, 4, "NCHW")) ||
      failed(chk.expectNonEmpty("input", input)))
    return failure();
  ArrayRef<int64_t> in = cast<ShapedType>(input.getType()).getShape();
  types.push_back(tensorLike(input, {in[0], in[1], 1, 1}));
  return success();
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  auto type = cast<ShapedType>(adaptor.getInput().getType());
  int64_t axis = orDefault(adaptor.getAxisAttr(), 1);
  if (type.getRank() < 1)
    return chk.fail("input must have rank >= 1, got a scalar");
  if (axis > type.getRank())
    return chk.fail("axis ", axis, " is out of range for rank ",
                    type.getRank());
  if (failed(chk.expectNonEmpty("input", adaptor.getInput())))
    return failure();
  std::optional<int64_t> outer = 1, inner = 1;
  for (auto [d, size] : llvm::enumerate(type.getShape())) {
    std::optional<int64_t> &part = static_cast<int64_t>(d) < axis ? outer : inner;
    if (part)
      part = llvm::checkedMul(*part, size);
  }
  if (!outer || !inner)
    return chk.fail("flattened size of ", shapeString(type.getShape()),
                    " overflows");
  types.push_back(tensorLike(adaptor.getInput(), {*outer, *inner}));
  return success();
}

OpFoldResult FlattenOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult AffineOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  Value input = adaptor.getInput();
  if (failed(chk.expectNonEmpty("input", input)))
    return failure();
  ArrayRef<int64_t> in = cast<ShapedType>(input.getType()).getShape();
  std::pair<StringRef, Value> operands[] = {{"scale", adaptor.getScale()},
                                            {"shift", adaptor.getShift()}};
  for (auto [name, operand] : operands) {
    ArrayRef<int64_t> shape = cast<ShapedType>(operand.getType()).getShape();
    bool broadcasts = shape.size() <= in.size();
    for (size_t i = 0; broadcasts && i < shape.size(); ++i) {
      int64_t d = shape[shape.size() - 1 - i], want = in[in.size() - 1 - i];
      broadcasts = d == 1 || d == want;
    }
    if (!broadcasts)
      return chk.fail(name, " of shape ", shapeString(shape),
                      " does not broadcast to the input's ", shapeString(in));
  }
  types.push_back(input.getType());
  return success();
}

LogicalResult LinearOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  Value input = adaptor.getInput(), weight = adaptor.getWeight();
  if (failed(chk.expectRank("input", input, 2, "N x in_features")) ||
      failed(chk.expectNonEmpty("input", input)) ||
      failed(
          chk.expectRank("weight", weight, 2, "out_features x in_features")) ||
      failed(chk.expectNonEmpty("weight", weight)))
    return failure();
  int64_t n = cast<ShapedType>(input.getType()).getDimSize(0);
  int64_t k = cast<ShapedType>(input.getType()).getDimSize(1);
  int64_t m = cast<ShapedType>(weight.getType()).getDimSize(0);
  if (failed(chk.expectShape("weight", weight, {-1, k})))
    return failure();
  if (Value bias = adaptor.getBias())
    if (failed(chk.expectShape("bias", bias, {m})))
      return failure();
  types.push_back(tensorLike(input, {n, m}));
  return success();
}

/// 2 per multiply-add: every output element sums over in_features.
int64_t LinearOp::getFlopCount() {
  return 2 * getOutput().getType().getNumElements() *
         getWeight().getType().getDimSize(1);
}

LogicalResult BatchMatmulOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  FailureOr<SmallVector<int64_t>> shape = inferBatchMatmulShape(
      {loc, getOperationName()}, adaptor.getLhs(), adaptor.getRhs());
  if (failed(shape))
    return failure();
  types.push_back(tensorLike(adaptor.getLhs(), *shape));
  return success();
}

/// 2 per multiply-add: every output element sums over K.
int64_t BatchMatmulOp::getFlopCount() {
  return 2 * getOutput().getType().getNumElements() *
         getLhs().getType().getShape().back();
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  auto type = cast<ShapedType>(adaptor.getInput().getType());
  int64_t axis = orDefault(adaptor.getAxisAttr(), -1), rank = type.getRank();
  if (rank < 1 || axis < -rank || axis >= rank)
    return chk.fail("axis ", axis, " is out of range for rank ", rank);
  if (failed(chk.expectNonEmpty("input", adaptor.getInput())))
    return failure();
  types.push_back(type);
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  auto type = cast<ShapedType>(adaptor.getInput().getType());
  ArrayRef<int64_t> perm = adaptor.getPermutationAttr().asArrayRef();
  int64_t rank = type.getRank();
  SmallVector<bool> seen(rank, false);
  bool valid = static_cast<int64_t>(perm.size()) == rank;
  for (int64_t d : perm) {
    valid = valid && d >= 0 && d < rank && !seen[d];
    if (valid)
      seen[d] = true;
  }
  if (!valid)
    return chk.fail("permutation [",
                    llvm::join(llvm::map_range(perm,
                                               [](int64_t d) {
                                                 return std::to_string(d);
                                               }),
                               ", "),
                    "] is not a permutation of the ", rank,
                    " dimensions of the input");
  if (failed(chk.expectNonEmpty("input", adaptor.getInput())))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type.getDimSize(d));
  types.push_back(tensorLike(adaptor.getInput(), shape));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  for (auto [i, d] : llvm::enumerate(getPermutation()))
    if (static_cast<int64_t>(i) != d)
      return {};
  return getInput();
}

/// The result type depends on the input alone: `bits` (checked by the ODS
/// verifier) is not needed, and the parser infers before it has it.
LogicalResult WrapIntegerOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  return inferInputType({loc, getOperationName()}, adaptor.getInput(), types);
}

//===----------------------------------------------------------------------===//
// Blocks
//===----------------------------------------------------------------------===//

LogicalResult ShortcutOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  Value input = adaptor.getInput();
  int64_t stride = orDefault(adaptor.getStrideAttr(), 1);
  if (failed(chk.expectRank("input", input, 4, "NCHW")) ||
      failed(chk.expectNonEmpty("input", input)) ||
      failed(checkEpsilon(chk, orDefaultEpsilon(adaptor.getEpsilonAttr()))))
    return failure();
  ArrayRef<int64_t> in = cast<ShapedType>(input.getType()).getShape();
  ValueRange projection = adaptor.getProjection();
  int64_t filters = in[1];
  if (!projection.empty()) {
    if (failed(unitOf(chk, "projection", projection)) ||
        failed(chk.expectRank("projection weight", projection[0], 4, "OIHW")))
      return failure();
    filters = cast<ShapedType>(projection[0].getType()).getDimSize(0);
  }
  if (failed(checkShortcut(chk, projection, in[1], filters, stride)))
    return failure();
  types.push_back(
      tensorLike(input, {in[0], filters, blockOutputSize(in[2], stride),
                         blockOutputSize(in[3], stride)}));
  return success();
}

OpFoldResult ShortcutOp::fold(FoldAdaptor) {
  if (!hasProjection() && getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult ResidualBlockOp::inferReturnTypes(MLIRContext *context,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  Value input = adaptor.getInput();
  int64_t stride = orDefault(adaptor.getStrideAttr(), 1);
  if (failed(chk.expectRank("input", input, 4, "NCHW")) ||
      failed(chk.expectNonEmpty("input", input)) ||
      failed(checkEpsilon(chk, orDefaultEpsilon(adaptor.getEpsilonAttr()))))
    return failure();
  ArrayRef<int64_t> in = cast<ShapedType>(input.getType()).getShape();
  if (failed(checkPreact(chk, adaptor.getPreact(), in[1])))
    return failure();
  FailureOr<int64_t> planes =
      checkConvUnit(chk, "conv1", adaptor.getConv1(), -1, in[1], 3);
  if (failed(planes) ||
      failed(checkConvUnit(chk, "conv2", adaptor.getConv2(), *planes, *planes,
                           3)) ||
      failed(
          checkShortcut(chk, adaptor.getProjection(), in[1], *planes, stride)))
    return failure();
  types.push_back(
      tensorLike(input, {in[0], *planes, blockOutputSize(in[2], stride),
                         blockOutputSize(in[3], stride)}));
  return success();
}

LogicalResult BottleneckBlockOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  ShapeChecker chk{loc, getOperationName()};
  if (failed(verifyAttributes(context, loc, adaptor)))
    return failure();
  Value input = adaptor.getInput();
  int64_t stride = orDefault(adaptor.getStrideAttr(), 1);
  int64_t groups = orDefault(adaptor.getGroupsAttr(), 1);
  // `width` and `expansion` have no default: verifyAttributes refused an op
  // without them.
  int64_t width = adaptor.getWidth(), expansion = adaptor.getExpansion();
  if (failed(chk.expectRank("input", input, 4, "NCHW")) ||
      failed(chk.expectNonEmpty("input", input)) ||
      failed(checkEpsilon(chk, orDefaultEpsilon(adaptor.getEpsilonAttr()))))
    return failure();
  if (width % groups != 0)
    return chk.fail("groups (", groups, ") must divide the width (", width,
                    ")");
  ArrayRef<int64_t> in = cast<ShapedType>(input.getType()).getShape();
  std::optional<int64_t> outChannels = llvm::checkedMul(width, expansion);
  if (!outChannels)
    return chk.fail("width (", width, ") times expansion (", expansion,
                    ") overflows");
  if (failed(checkPreact(chk, adaptor.getPreact(), in[1])) ||
      failed(checkConvUnit(chk, "reduce", adaptor.getReduce(), width, in[1],
                           1)) ||
      failed(checkConvUnit(chk, "spatial", adaptor.getSpatial(), width,
                           width / groups, 3)) ||
      failed(checkConvUnit(chk, "expand", adaptor.getExpand(), *outChannels,
                           width, 1)) ||
      failed(checkShortcut(chk, adaptor.getProjection(), in[1], *outChannels,
                           stride)))
    return failure();
  types.push_back(
      tensorLike(input, {in[0], *outChannels, blockOutputSize(in[2], stride),
                         blockOutputSize(in[3], stride)}));
  return success();
}

//===----------------------------------------------------------------------===//
// Block syntax
//
//   resnet.bottleneck_block %x width 64 expansion 4 stride 2 groups 32
//       preact(bn %scale, %bias, %mean, %var : tensor<..>)        (v2 only)
//       reduce(%w : tensor<..>, bn %scale, %bias, %mean, %var : tensor<..>)
//       spatial(%w : tensor<..>, bias %b : tensor<..>)
//       expand(%w : tensor<..>)
//       projection(...) attr-dict : tensor<..> -> tensor<..>
//
// Every unit has the form its operands have (ConvUnit); the sizes of the
// groups are the op's operandSegmentSizes, which the syntax implies.
//===----------------------------------------------------------------------===//

namespace {
using UnresolvedOperand = OpAsmParser::UnresolvedOperand;

/// Parses `bn %s, %b, %m, %v : type` (the keyword included).
ParseResult parseBatchNormGroup(OpAsmParser &parser,
                                SmallVectorImpl<UnresolvedOperand> &operands,
                                SmallVectorImpl<Type> &types) {
  SmallVector<UnresolvedOperand, 4> bn;
  Type bnType;
  if (parser.parseKeyword("bn") ||
      parser.parseOperandList(bn, BatchNormParams::kNumOperands) ||
      parser.parseColonType(bnType))
    return failure();
  operands.append(bn.begin(), bn.end());
  types.append(BatchNormParams::kNumOperands, bnType);
  return success();
}

/// Parses the group of a unit after its keyword: `(%w : type)`,
/// `(%w : type, bias %b : type)` or `(%w : type, bn %s, %b, %m, %v : type)`.
ParseResult parseConvUnitOperands(OpAsmParser &parser,
                                  SmallVectorImpl<UnresolvedOperand> &operands,
                                  SmallVectorImpl<Type> &types) {
  UnresolvedOperand weight;
  Type weightType;
  if (parser.parseLParen() || parser.parseOperand(weight) ||
      parser.parseColonType(weightType))
    return failure();
  operands.push_back(weight);
  types.push_back(weightType);
  if (succeeded(parser.parseOptionalComma())) {
    if (succeeded(parser.parseOptionalKeyword("bias"))) {
      UnresolvedOperand bias;
      Type biasType;
      if (parser.parseOperand(bias) || parser.parseColonType(biasType))
        return failure();
      operands.push_back(bias);
      types.push_back(biasType);
    } else if (parseBatchNormGroup(parser, operands, types)) {
      return failure();
    }
  }
  return parser.parseRParen();
}

void printBatchNormGroup(OpAsmPrinter &p, const BatchNormParams &bn) {
  p << "bn ";
  p.printOperands(bn.operands());
  p << " : " << bn.scale.getType();
}

void printConvUnit(OpAsmPrinter &p, StringRef keyword, const ConvUnit &unit) {
  p.printNewline();
  p << keyword << "(" << unit.weight << " : " << unit.weight.getType();
  if (unit.bias)
    p << ", bias " << unit.bias << " : " << unit.bias.getType();
  if (unit.batchNorm) {
    p << ", ";
    printBatchNormGroup(p, *unit.batchNorm);
  }
  p << ")";
}

void printPreact(OpAsmPrinter &p, std::optional<BatchNormParams> preact) {
  if (!preact)
    return;
  p << " preact(";
  printBatchNormGroup(p, *preact);
  p << ")";
}

/// Parses the optional integer attributes `name value` in the given order.
ParseResult parseIntKeywords(OpAsmParser &parser, ArrayRef<StringRef> names,
                             OperationState &result) {
  Builder &b = parser.getBuilder();
  for (StringRef name : names) {
    if (failed(parser.parseOptionalKeyword(name)))
      continue;
    int64_t value;
    if (parser.parseInteger(value))
      return failure();
    result.addAttribute(name, b.getI64IntegerAttr(value));
  }
  return success();
}

/// Parses a whole block op: `%x <int keywords> [preact(bn ...)] <units>
/// [projection(...)] attr-dict : in-type -> out-type`. `segmented` ops (all
/// but the shortcut) record each group's size as operandSegmentSizes: the
/// input, preact, the units, projection.
ParseResult parseBlock(OpAsmParser &parser, OperationState &result,
                       ArrayRef<StringRef> intKeywords,
                       ArrayRef<StringRef> units, bool segmented) {
  UnresolvedOperand input;
  Type inputType, outputType;
  SmallVector<UnresolvedOperand> operands;
  SmallVector<Type> types;
  SmallVector<int32_t> segments = {1};
  auto closeSegment = [&] {
    int32_t sum = 0;
    for (int32_t size : segments)
      sum += size;
    segments.push_back(static_cast<int32_t>(operands.size()) + 1 - sum);
  };
  if (parser.parseOperand(input) ||
      parseIntKeywords(parser, intKeywords, result))
    return failure();
  if (segmented) {
    if (succeeded(parser.parseOptionalKeyword("preact")) &&
        (parser.parseLParen() || parseBatchNormGroup(parser, operands, types) ||
         parser.parseRParen()))
      return failure();
    closeSegment();
  }
  for (StringRef unit : units) {
    if (parser.parseKeyword(unit) ||
        parseConvUnitOperands(parser, operands, types))
      return failure();
    closeSegment();
  }
  if (succeeded(parser.parseOptionalKeyword("projection")) &&
      parseConvUnitOperands(parser, operands, types))
    return failure();
  closeSegment();
  if (segmented)
    result.addAttribute("operandSegmentSizes",
                        parser.getBuilder().getDenseI32ArrayAttr(segments));
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseColonType(inputType) || parser.parseArrow() ||
      parser.parseType(outputType) ||
      parser.resolveOperand(input, inputType, result.operands) ||
      parser.resolveOperands(operands, types, loc, result.operands))
    return failure();
  result.addTypes(outputType);
  return success();
}

/// Prints the integer keywords that differ from their defaults (`required`
/// ones always).
void printIntKeyword(OpAsmPrinter &p, StringRef name, int64_t value,
                     std::optional<int64_t> defaultValue) {
  if (defaultValue && value == *defaultValue)
    return;
  p << " " << name << " " << value;
}

void printBlockTail(OpAsmPrinter &p, Operation *op,
                    std::optional<ConvUnit> projection,
                    ArrayRef<StringRef> printedAttrs, double epsilon) {
  p.increaseIndent();
  if (projection)
    printConvUnit(p, "projection", *projection);
  SmallVector<StringRef> elided(printedAttrs);
  elided.push_back("operandSegmentSizes");
  if (epsilon == kDefaultBatchNormEpsilon)
    elided.push_back("epsilon");
  p.printOptionalAttrDict(op->getAttrs(), elided);
  p.printNewline();
  p << ": " << op->getOperand(0).getType() << " -> "
    << op->getResult(0).getType();
  p.decreaseIndent();
}
} // namespace

ParseResult ShortcutOp::parse(OpAsmParser &parser, OperationState &result) {
  return parseBlock(parser, result, {"stride"}, {}, /*segmented=*/false);
}

void ShortcutOp::print(OpAsmPrinter &p) {
  p << " " << getInput();
  printIntKeyword(p, "stride", getStride(), 1);
  printBlockTail(p, *this, getProjectionUnit(), {"stride"},
                 getEpsilon().convertToDouble());
}

ParseResult ResidualBlockOp::parse(OpAsmParser &parser,
                                   OperationState &result) {
  return parseBlock(parser, result, {"stride"}, {"conv1", "conv2"},
                    /*segmented=*/true);
}

void ResidualBlockOp::print(OpAsmPrinter &p) {
  p << " " << getInput();
  printIntKeyword(p, "stride", getStride(), 1);
  printPreact(p, getPreactBatchNorm());
  p.increaseIndent();
  printConvUnit(p, "conv1", getConv1Unit());
  printConvUnit(p, "conv2", getConv2Unit());
  p.decreaseIndent();
  printBlockTail(p, *this, getProjectionUnit(), {"stride"},
                 getEpsilon().convertToDouble());
}

ParseResult BottleneckBlockOp::parse(OpAsmParser &parser,
                                     OperationState &result) {
  return parseBlock(parser, result, {"width", "expansion", "stride", "groups"},
                    {"reduce", "spatial", "expand"}, /*segmented=*/true);
}

void BottleneckBlockOp::print(OpAsmPrinter &p) {
  p << " " << getInput();
  printIntKeyword(p, "width", getWidth(), std::nullopt);
  printIntKeyword(p, "expansion", getExpansion(), std::nullopt);
  printIntKeyword(p, "stride", getStride(), 1);
  printIntKeyword(p, "groups", getGroups(), 1);
  printPreact(p, getPreactBatchNorm());
  p.increaseIndent();
  printConvUnit(p, "reduce", getReduceUnit());
  printConvUnit(p, "spatial", getSpatialUnit());
  printConvUnit(p, "expand", getExpandUnit());
  p.decreaseIndent();
  printBlockTail(p, *this, getProjectionUnit(),
                 {"width", "expansion", "stride", "groups"},
                 getEpsilon().convertToDouble());
}

#define GET_OP_CLASSES
#include "dialect/ResNetOps.cpp.inc"
