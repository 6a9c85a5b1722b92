//===- ArchBuilder.cpp - torchvision ResNets built from scratch -----------===//
//
// Mirrors torchvision.models.resnet: the stem (7x7/2 conv, BN, ReLU, 3x3/2
// max pool), four stages of BasicBlock or Bottleneck (stride on the 3x3,
// "v1.5"), a projection shortcut where a block changes the shape, global
// average pooling, flatten and the fully connected classifier. Parameter
// names follow torchvision's state_dict so safetensors files load as is.
//
//===----------------------------------------------------------------------===//
#include "importer/ArchBuilder.h"
#include "importer/BuildUtils.h"
#include "dialect/ResourceLimits.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::resnet;

namespace {
struct ArchSpec {
  llvm::StringLiteral name;
  bool bottleneck;
  int64_t blocksPerStage[4];
  int64_t groups = 1;
  int64_t widthPerGroup = 64;
};

const ArchSpec kArchs[] = {
    {"resnet18", false, {2, 2, 2, 2}},
    {"resnet34", false, {3, 4, 6, 3}},
    {"resnet50", true, {3, 4, 6, 3}},
    {"resnet101", true, {3, 4, 23, 3}},
    {"resnet152", true, {3, 8, 36, 3}},
    {"resnext50_32x4d", true, {3, 4, 6, 3}, 32, 4},
    {"resnext101_32x8d", true, {3, 4, 23, 3}, 32, 8},
    {"resnext101_64x4d", true, {3, 4, 23, 3}, 64, 4},
    {"wide_resnet50_2", true, {3, 4, 6, 3}, 1, 128},
    {"wide_resnet101_2", true, {3, 4, 23, 3}, 1, 128},
};

// torchvision's BatchNorm2d eps, which is the dialect's default.
constexpr double kEpsilon = kDefaultBatchNormEpsilon;

/// A convolution's weight and its batch norm's four vectors.
struct ConvBn {
  Value weight, scale, bias, mean, variance;
  SmallVector<Value, 5> operands() const {
    return {weight, scale, bias, mean, variance};
  }
};

/// Emits one model into a function body. Every emit function returns a null
/// value after a diagnostic has been reported.
class ArchEmitter {
public:
  ArchEmitter(OpBuilder &builder, WeightProvider &weights, bool blocks)
      : b(builder), weights(weights), blocks(blocks) {}

  Value stem(Value x);
  Value stage(Value x, const ArchSpec &spec, int stage, int64_t &inplanes);
  Value head(Value x, int64_t inplanes, int64_t classes);

private:
  Location nameLoc(const Twine &name) {
    return NameLoc::get(b.getStringAttr(name));
  }
  Value param(const Twine &name, ArrayRef<int64_t> shape, WeightKind kind);
  std::optional<ConvBn> convBn(const Twine &conv, const Twine &bn,
                               int64_t out, int64_t in, int64_t kernel,
                               bool endsBranch);
  /// conv2d + batch_norm (+ relu) as primitive ops.
  Value applyConvBn(Location loc, Value x, const ConvBn &unit, int64_t stride,
                    int64_t pad, int64_t groups, bool relu);
  Value basicBlock(const std::string &prefix, Value x, int64_t inplanes,
                   int64_t planes, int64_t stride);
  Value bottleneckBlock(const std::string &prefix, Value x, int64_t inplanes,
                        int64_t width, int64_t outChannels, int64_t stride,
                        int64_t groups);
  Value finishBlock(Location loc, Value branch, Value x,
                    const std::optional<ConvBn> &projection, int64_t stride);

  OpBuilder &b;
  WeightProvider &weights;
  bool blocks;
};

Value ArchEmitter::param(const Twine &name, ArrayRef<int64_t> shape,
                         WeightKind kind) {
  std::string n = name.str();
  auto type = RankedTensorType::get(shape, b.getF32Type());
  Location loc = nameLoc(n);
  // Sizes come from the command line (--classes 10000000000): refuse what
  // cannot be allocated before the provider allocates it.
  if (failed(checkTensorType(loc, type, "parameter '" + n + "'")))
    return {};
  FailureOr<ElementsAttr> attr = weights.get(loc, n, type, kind);
  if (failed(attr))
    return {};
  return arith::ConstantOp::create(b, loc, cast<TypedAttr>(*attr));
}

std::optional<ConvBn> ArchEmitter::convBn(const Twine &conv, const Twine &bn,
                                          int64_t out, int64_t in,
                                          int64_t kernel, bool endsBranch) {
  ConvBn u;
  std::string bnName = bn.str();
  // Stop at the first parameter that fails: one diagnostic per problem.
  if (!(u.weight = param(conv + ".weight", {out, in, kernel, kernel},
                         WeightKind::ConvWeight)) ||
      !(u.scale = param(bnName + ".weight", {out},
                        endsBranch ? WeightKind::BnResidualScale
                                   : WeightKind::BnScale)) ||
      !(u.bias = param(bnName + ".bias", {out}, WeightKind::BnBias)) ||
      !(u.mean = param(bnName + ".running_mean", {out}, WeightKind::BnMean)) ||
      !(u.variance =
            param(bnName + ".running_var", {out}, WeightKind::BnVariance)))
    return std::nullopt;
  return u;
}

Value ArchEmitter::applyConvBn(Location loc, Value x, const ConvBn &unit,
                               int64_t stride, int64_t pad, int64_t groups,
                               bool relu) {
  auto conv = tryCreate<Conv2DOp>(
      b, loc, x, unit.weight, Value(), b.getDenseI64ArrayAttr({stride, stride}),
      b.getDenseI64ArrayAttr({pad, pad, pad, pad}),
      b.getDenseI64ArrayAttr({1, 1}), b.getI64IntegerAttr(groups),
      /*pad_value=*/DenseF32ArrayAttr());
  if (failed(conv))
    return {};
  auto bn = tryCreate<BatchNormOp>(b, loc, conv->getResult(), unit.scale,
                                   unit.bias, unit.mean, unit.variance,
                                   b.getF64FloatAttr(kEpsilon));
  if (failed(bn))
    return {};
  if (!relu)
    return bn->getResult();
  return ReluOp::create(b, loc, bn->getResult()).getResult();
}

Value ArchEmitter::stem(Value x) {
  std::optional<ConvBn> unit = convBn("conv1", "bn1", 64, 3, 7, false);
  if (!unit)
    return {};
  Value y = applyConvBn(nameLoc("stem"), x, *unit, 2, 3, 1, true);
  if (!y)
    return {};
  auto pool = tryCreate<MaxPool2DOp>(b, nameLoc("maxpool"), y,
                                     b.getDenseI64ArrayAttr({3, 3}),
                                     b.getDenseI64ArrayAttr({2, 2}),
                                     b.getDenseI64ArrayAttr({1, 1, 1, 1}));
  return failed(pool) ? Value() : pool->getResult();
}

/// add + relu of the branch and the shortcut (identity or projection).
Value ArchEmitter::finishBlock(Location loc, Value branch, Value x,
                               const std::optional<ConvBn> &projection,
                               int64_t stride) {
  Value shortcut = x;
  if (projection) {
    shortcut = applyConvBn(loc, x, *projection, stride, 0, 1, false);
    if (!shortcut)
      return {};
  }
  auto add = tryCreate<AddOp>(b, loc, branch, shortcut);
  if (failed(add))
    return {};
  return ReluOp::create(b, loc, add->getResult()).getResult();
}

Value ArchEmitter::basicBlock(const std::string &prefix, Value x,
                              int64_t inplanes, int64_t planes,
                              int64_t stride) {
  Location loc = nameLoc(prefix);
  auto c1 = convBn(prefix + ".conv1", prefix + ".bn1", planes, inplanes, 3,
                   false);
  auto c2 = convBn(prefix + ".conv2", prefix + ".bn2", planes, planes, 3, true);
  if (!c1 || !c2)
    return {};
  std::optional<ConvBn> proj;
  if (stride != 1 || inplanes != planes) {
    proj = convBn(prefix + ".downsample.0", prefix + ".downsample.1", planes,
                  inplanes, 1, false);
    if (!proj)
      return {};
  }
  if (blocks) {
    SmallVector<Value> projection;
    if (proj)
      projection = proj->operands();
    auto op = tryCreate<ResidualBlockOp>(
        b, loc, x, /*preact=*/ValueRange(), ValueRange(c1->operands()),
        ValueRange(c2->operands()), ValueRange(projection),
        b.getI64IntegerAttr(stride), b.getF64FloatAttr(kEpsilon));
    return failed(op) ? Value() : op->getResult();
  }
  Value y = applyConvBn(loc, x, *c1, stride, 1, 1, true);
  if (!y || !(y = applyConvBn(loc, y, *c2, 1, 1, 1, false)))
    return {};
  return finishBlock(loc, y, x, proj, stride);
}

Value ArchEmitter::bottleneckBlock(const std::string &prefix, Value x,
                                   int64_t inplanes, int64_t width,
                                   int64_t outChannels, int64_t stride,
                                   int64_t groups) {
  Location loc = nameLoc(prefix);
  auto c1 = convBn(prefix + ".conv1", prefix + ".bn1", width, inplanes, 1,
                   false);
  auto c2 = convBn(prefix + ".conv2", prefix + ".bn2", width, width / groups,
                   3, false);
  auto c3 = convBn(prefix + ".conv3", prefix + ".bn3", outChannels, width, 1,
                   true);
  if (!c1 || !c2 || !c3)
    return {};
  std::optional<ConvBn> proj;
  if (stride != 1 || inplanes != outChannels) {
    proj = convBn(prefix + ".downsample.0", prefix + ".downsample.1",
                  outChannels, inplanes, 1, false);
    if (!proj)
      return {};
  }
  if (blocks) {
    SmallVector<Value> projection;
    if (proj)
      projection = proj->operands();
    auto op = tryCreate<BottleneckBlockOp>(
        b, loc, x, /*preact=*/ValueRange(), ValueRange(c1->operands()),
        ValueRange(c2->operands()), ValueRange(c3->operands()),
        ValueRange(projection), b.getI64IntegerAttr(width),
        b.getI64IntegerAttr(outChannels / width),
        b.getI64IntegerAttr(stride), b.getI64IntegerAttr(groups),
        b.getF64FloatAttr(kEpsilon));
    return failed(op) ? Value() : op->getResult();
  }
  Value y = applyConvBn(loc, x, *c1, 1, 0, 1, true);
  if (!y || !(y = applyConvBn(loc, y, *c2, stride, 1, groups, true)) ||
      !(y = applyConvBn(loc, y, *c3, 1, 0, 1, false)))
    return {};
  return finishBlock(loc, y, x, proj, stride);
}

Value ArchEmitter::stage(Value x, const ArchSpec &spec, int stage,
                         int64_t &inplanes) {
  int64_t planes = 64 << stage;
  for (int64_t i = 0; i < spec.blocksPerStage[stage] && x; ++i) {
    std::string prefix = llvm::formatv("layer{0}.{1}", stage + 1, i).str();
    int64_t stride = (stage > 0 && i == 0) ? 2 : 1;
    if (spec.bottleneck) {
      int64_t width = planes * spec.widthPerGroup / 64 * spec.groups;
      int64_t out = planes * 4;
      x = bottleneckBlock(prefix, x, inplanes, width, out, stride,
                          spec.groups);
      inplanes = out;
    } else {
      x = basicBlock(prefix, x, inplanes, planes, stride);
      inplanes = planes;
    }
  }
  return x;
}

Value ArchEmitter::head(Value x, int64_t inplanes, int64_t classes) {
  Location loc = nameLoc("fc");
  auto pool = tryCreate<GlobalAvgPoolOp>(b, nameLoc("avgpool"), x);
  if (failed(pool))
    return {};
  auto flat = tryCreate<FlattenOp>(b, nameLoc("flatten"), pool->getResult());
  if (failed(flat))
    return {};
  Value w = param("fc.weight", {classes, inplanes}, WeightKind::LinearWeight);
  Value bias = w ? param("fc.bias", {classes}, WeightKind::LinearBias) : Value();
  if (!bias)
    return {};
  auto fc = tryCreate<LinearOp>(b, loc, flat->getResult(), w, bias);
  return failed(fc) ? Value() : fc->getResult();
}
} // namespace

ArrayRef<StringRef> mlir::resnet::knownArchitectures() {
  static const SmallVector<StringRef> names = [] {
    SmallVector<StringRef> n;
    for (const ArchSpec &spec : kArchs)
      n.push_back(spec.name);
    return n;
  }();
  return names;
}

OwningOpRef<ModuleOp> mlir::resnet::buildArch(MLIRContext *context,
                                              const ArchOptions &options,
                                              WeightProvider &weights) {
  context->loadDialect<ResNetDialect, arith::ArithDialect,
                       func::FuncDialect>();
  Location loc = NameLoc::get(StringAttr::get(context, options.arch));
  const ArchSpec *spec = llvm::find_if(
      kArchs, [&](const ArchSpec &s) { return s.name == options.arch; });
  if (spec == std::end(kArchs)) {
    emitError(loc) << "unknown architecture '" << options.arch
                   << "'; expected one of "
                   << llvm::join(knownArchitectures(), ", ");
    return {};
  }
  if (options.classes < 1 || options.batch < 1 || options.height < 1 ||
      options.width < 1) {
    emitError(loc) << "classes, batch and input size must be positive";
    return {};
  }
  OpBuilder b(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto f32 = b.getF32Type();
  auto inputType = RankedTensorType::get(
      {options.batch, 3, options.height, options.width}, f32);
  auto outputType = RankedTensorType::get({options.batch, options.classes}, f32);
  auto func = func::FuncOp::create(b, loc, "main",
                                   b.getFunctionType(inputType, outputType));
  b.setInsertionPointToStart(func.addEntryBlock());

  ArchEmitter emitter(b, weights, options.blocks);
  Value x = emitter.stem(func.getArgument(0));
  int64_t inplanes = 64;
  for (int s = 0; s < 4 && x; ++s)
    x = emitter.stage(x, *spec, s, inplanes);
  if (x)
    x = emitter.head(x, inplanes, options.classes);
  if (!x || failed(weights.finish(loc)))
    return {};
  func::ReturnOp::create(b, loc, x);
  return module;
}
