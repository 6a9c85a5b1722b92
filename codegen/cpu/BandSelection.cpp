//===- BandSelection.cpp - bottleneck blocks computed in row bands --------===//
//
// The cost model compares, on the target's cores, the block layer by layer
// (each layer's multiply-adds at the FMA peak, a fork/join per layer, and
// the traffic beyond L2: an intermediate whose producer streams more than
// half of the cores' L2 is written out and read back, and the block input,
// read again by the residual or the projection three layers later, twice)
// with the block in bands of b rows (each band's multiply-adds, the
// reduce's halo rows included, the weights read again from L2 per band,
// the bands shared among the cores). A band height qualifies when a band's
// intermediates, with the weights when they fit, take at most half of L2.
// Late stages, whose activations fit in L2 and whose weights do not, gain
// nothing and pay the halo and the weights per band: the model says no.
//
// Measured (ResNet-50 224, batch 1, -O2, a loaded 2-vCPU machine): the model
// fuses the three stage-1 blocks in bands of 14 rows, and they run slower
// than layer by layer (about 2x with --profile, although one such block
// alone runs as fast fused as unfused): the pipeline keeps band fusion off
// unless asked (--band-fusion=auto|on) until that is understood.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/BandSelection.h"
#include "codegen/cpu/Layers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/FormatVariadic.h"

#include <limits>

#define DEBUG_TYPE "resnet-select-bands"

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// Cycles a band's loop nests cost besides their multiply-adds (loop set-up,
/// the epilogues, the border rows zeroed): a few thousand.
constexpr double kBandOverheadCycles = 2000;

int64_t dim(Value value, unsigned d) {
  return cast<RankedTensorType>(value.getType()).getDimSize(d);
}

bool isZeroFill(Value init) {
  auto fill = init.getDefiningOp<linalg::FillOp>();
  return fill && matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
}

/// A static NHWC conv on tensors with a k x k filter, unit dilations and
/// equal strides (returned), not configured yet.
FailureOr<int64_t> convStride(linalg::Conv2DNhwcHwcfOp conv, int64_t k) {
  if (!conv || !conv.hasPureTensorSemantics() || conv.hasDynamicShape() ||
      conv->hasAttr(TileAttr::kName))
    return failure();
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  if (filter.getDimSize(0) != k || filter.getDimSize(1) != k)
    return failure();
  if (!llvm::all_of(conv.getDilations().getValues<int64_t>(),
                    [](int64_t d) { return d == 1; }))
    return failure();
  SmallVector<int64_t> strides =
      llvm::to_vector(conv.getStrides().getValues<int64_t>());
  if (strides.size() != 2 || strides[0] != strides[1])
    return failure();
  return strides[0];
}

/// `generic` is `anchor`'s epilogue whose other inputs are broadcast along
/// N, H and W, or `residual` (when given) read with the identity map.
bool isBandEpilogue(linalg::GenericOp generic, linalg::LinalgOp anchor,
                    Value residual) {
  if (!generic || epilogueOf(anchor) != generic)
    return false;
  if (!generic.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
    return false;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (input->get() == anchor->getResult(0) ||
        (residual && input->get() == residual)) {
      if (!map.isIdentity())
        return false;
      continue;
    }
    for (unsigned d = 0; d < 3; ++d)
      if (map.isFunctionOfDim(d))
        return false;
  }
  return true;
}

/// The conv whose epilogue `root` is (the last of its inputs that is
/// one), when it is a 1x1 conv; null otherwise.
linalg::Conv2DNhwcHwcfOp pointwiseAnchor(linalg::GenericOp root) {
  linalg::Conv2DNhwcHwcfOp anchor;
  for (Value input : root.getDpsInputs())
    if (auto conv = input.getDefiningOp<linalg::Conv2DNhwcHwcfOp>())
      if (epilogueOf(conv) == root)
        anchor = conv;
  if (!anchor || failed(convStride(anchor, 1)))
    return {};
  return anchor;
}

bool hasOneUseBy(Value value, Operation *user) {
  return value.hasOneUse() && *value.getUsers().begin() == user;
}
} // namespace

FailureOr<BandBlock> resnet::matchBandBlock(linalg::GenericOp root,
                                            std::string &why) {
  auto fail = [&](const char *reason) -> FailureOr<BandBlock> {
    why = reason;
    return failure();
  };
  BandBlock block;
  block.root = root;
  linalg::Conv2DNhwcHwcfOp anchor = pointwiseAnchor(root);
  if (!anchor)
    return fail("not the epilogue of a 1x1 conv");
  // A projection chained after the expand conv accumulates onto it.
  block.expand = anchor;
  if (auto inner = anchor.getDpsInits()[0]
                       .getDefiningOp<linalg::Conv2DNhwcHwcfOp>()) {
    // The expand conv reads the 3x3's epilogue, used only there; the
    // projection reads the block input, which the reduce reads too.
    auto readsEpilogue = [](linalg::Conv2DNhwcHwcfOp conv) {
      Value input = conv.getInputs()[0];
      return input.getDefiningOp<linalg::GenericOp>() &&
             hasOneUseBy(input, conv);
    };
    if (readsEpilogue(inner) && !readsEpilogue(anchor)) {
      block.expand = inner;
      block.projection = anchor;
      block.projectionLast = true;
    }
  }
  if (failed(convStride(block.expand, 1)) ||
      *convStride(block.expand, 1) != 1)
    return fail("not the epilogue of a 1x1 conv");
  block.spatialEpilogue =
      block.expand.getInputs()[0].getDefiningOp<linalg::GenericOp>();
  if (!block.spatialEpilogue ||
      !hasOneUseBy(block.spatialEpilogue->getResult(0), block.expand))
    return fail("the expand conv's input is not an epilogue used once");
  for (Value input : block.spatialEpilogue.getDpsInputs())
    if (auto conv = input.getDefiningOp<linalg::Conv2DNhwcHwcfOp>())
      block.spatial = conv;
  if (!block.spatial)
    return fail("no direct 3x3 conv before the expand conv (Winograd?)");
  FailureOr<int64_t> stride = convStride(block.spatial, 3);
  if (failed(stride) || (*stride != 1 && *stride != 2))
    return fail("the middle conv is not a direct, unconfigured 3x3 conv of "
                "stride 1 or 2");
  block.stride = *stride;
  if (!isBandEpilogue(block.spatialEpilogue, block.spatial, nullptr))
    return fail("the 3x3 conv's epilogue reads more than biases");
  block.pad = block.spatial.getInputs()[0].getDefiningOp<tensor::PadOp>();
  if (!block.pad || !hasOneUseBy(block.pad.getResult(), block.spatial))
    return fail("the 3x3 conv's input is not a padded tensor used once");
  Value padValue = block.pad.getConstantPaddingValue();
  if (!padValue || !matchPattern(padValue, m_AnyZeroFloat()) ||
      !block.pad.getResultType().hasStaticShape() ||
      llvm::any_of(block.pad.getStaticLow(), ShapedType::isDynamic) ||
      llvm::any_of(block.pad.getStaticHigh(), ShapedType::isDynamic))
    return fail("the 3x3 conv's padding is not static zeros");
  ArrayRef<int64_t> low = block.pad.getStaticLow(),
                    high = block.pad.getStaticHigh();
  if (low.size() != 4 || low[0] || high[0] || low[3] || high[3] ||
      low[1] > 1 || high[1] > 1)
    return fail("the 3x3 conv's padding is not of at most one row");
  block.reduceEpilogue =
      block.pad.getSource().getDefiningOp<linalg::GenericOp>();
  if (!block.reduceEpilogue ||
      !hasOneUseBy(block.reduceEpilogue->getResult(0), block.pad))
    return fail("the padded tensor is not an epilogue used once");
  for (Value input : block.reduceEpilogue.getDpsInputs())
    if (auto conv = input.getDefiningOp<linalg::Conv2DNhwcHwcfOp>())
      block.reduce = conv;
  if (!block.reduce || failed(convStride(block.reduce, 1)) ||
      *convStride(block.reduce, 1) != 1)
    return fail("the block does not start with a 1x1 stride-1 conv");
  if (!isBandEpilogue(block.reduceEpilogue, block.reduce, nullptr))
    return fail("the reduce conv's epilogue reads more than biases");
  if (!isZeroFill(block.reduce.getDpsInits()[0]) ||
      !isZeroFill(block.spatial.getDpsInits()[0]))
    return fail("a conv does not start from zeros");
  block.input = block.reduce.getInputs()[0];
  if (block.projectionLast) {
    FailureOr<int64_t> projectionStride = convStride(block.projection, 1);
    if (failed(projectionStride) || *projectionStride != block.stride ||
        block.projection.getInputs()[0] != block.input ||
        !hasOneUseBy(block.expand->getResult(0), block.projection) ||
        !isZeroFill(block.expand.getDpsInits()[0]))
      return fail("the projection accumulates onto something else than the "
                  "expand conv, or reads something else than the block's "
                  "input");
  } else if (Value init = block.expand.getDpsInits()[0]; !isZeroFill(init)) {
    block.projection = init.getDefiningOp<linalg::Conv2DNhwcHwcfOp>();
    FailureOr<int64_t> projectionStride = convStride(block.projection, 1);
    if (failed(projectionStride) || *projectionStride != block.stride ||
        block.projection.getInputs()[0] != block.input ||
        !hasOneUseBy(init, block.expand) ||
        !isZeroFill(block.projection.getDpsInits()[0]))
      return fail("the expand conv accumulates onto something else than a "
                  "1x1 projection of the block's input");
  }
  Value residual = block.projection ? Value() : block.input;
  if (!isBandEpilogue(root, block.anchor(), residual))
    return fail("the block's epilogue reads more than biases and the "
                "block's input");
  if (block.input.getType() != root.getResult(0).getType() &&
      !block.projection)
    return fail("an identity block's input and output differ in shape");
  int64_t h = dim(block.input, 1), ho = dim(root.getResult(0), 1);
  if (block.stride * (ho - 1) + 3 > h + low[1] + high[1])
    return fail("the 3x3 conv reads past its padded input");
  return block;
}

BandAttr resnet::selectBand(BandBlock block, const CpuTarget &target,
                            const BandSelectionOptions &options) {
  MLIRContext *ctx = block.root.getContext();
  Value x = block.input, y = block.root.getResult(0);
  Value t1p = block.pad.getResult(), t2 = block.spatialEpilogue.getResult(0);
  int64_t n = dim(x, 0), h = dim(x, 1), w = dim(x, 2), c0 = dim(x, 3);
  int64_t ho = dim(y, 1), wo = dim(y, 2), c3 = dim(y, 3);
  int64_t c1 = dim(t1p, 3), wp = dim(t1p, 2), c2 = dim(t2, 3);
  double peak = static_cast<double>(target.vectorLanes * target.fmaUnits);
  int64_t cores = std::max<int64_t>(1, target.cores);

  // Per image: the reduce's multiply-adds per output row, and the rest.
  double reduceRow = static_cast<double>(w) * c0 * c1;
  double perOutputRow = static_cast<double>(wo) *
                        (9.0 * c1 * c2 + c2 * c3 +
                         (block.projection ? c0 * c3 : 0));
  int64_t weights = 0;
  for (linalg::Conv2DNhwcHwcfOp conv :
       {block.reduce, block.spatial, block.expand, block.projection})
    if (conv)
      weights += tensorBytes(conv.getInputs()[1].getType());

  // Layer by layer: every core shares each layer. What a layer streams
  // (its input and output) stays in the cores' L2 for the next layer only
  // when it fits in half of it; else the intermediate is written out and
  // read back, and the block input, read again by the residual or the
  // projection after the three layers, is read twice.
  int64_t layers = block.projection ? 4 : 3;
  double unfusedMacs = n * (h * reduceRow + ho * perOutputRow);
  int64_t cached = target.l2Bytes * cores / 2;
  int64_t xBytes = tensorBytes(x.getType());
  int64_t t1Bytes = tensorBytes(t1p.getType());
  int64_t t2Bytes = tensorBytes(t2.getType());
  int64_t spilled = 0;
  if (xBytes + t1Bytes > cached)
    spilled += 2 * t1Bytes;
  if (t1Bytes + t2Bytes > cached)
    spilled += 2 * t2Bytes;
  if (xBytes + t1Bytes + t2Bytes > cached)
    spilled += xBytes;
  double traffic = target.streamCycles(spilled, /*inL2=*/false);
  double unfused = (unfusedMacs / peak + traffic) / cores +
                   layers * CpuTarget::kForkJoinCycles;

  // In bands: each band of b output rows computes inputRows(b) rows of the
  // reduce (the padding rows included) and reads the weights from L2.
  int64_t bestRows = 0, bestScratch = 0;
  double fused = std::numeric_limits<double>::infinity();
  std::string tooBig = "no band height fits";
  for (int64_t b = 1; b <= ho; ++b) {
    if (ho % b != 0 || (options.rows && b != options.rows))
      continue;
    int64_t rows = block.inputRows(b);
    int64_t scratch = (rows * wp * c1 + b * wo * c2) *
                      static_cast<int64_t>(sizeof(float));
    // The scratch and the weights, when they fit, stay in L2 across bands
    // (the input and output rows stream through).
    bool weightsInL2 = weights <= target.l2Bytes / 2;
    int64_t working = scratch + (weightsInL2 ? weights : 0);
    if (working > target.l2Bytes / 2) {
      tooBig = llvm::formatv("a band of {0} rows needs {1} KiB of L2, over "
                             "half of it",
                             b, working / 1024);
      continue;
    }
    int64_t bands = n * (ho / b);
    double band = (rows * reduceRow + b * perOutputRow) / peak +
                  target.streamCycles(weights, weightsInL2) +
                  kBandOverheadCycles;
    double time = llvm::divideCeil(bands, cores) * band +
                  CpuTarget::kForkJoinCycles;
    LLVM_DEBUG(llvm::dbgs() << "  band of " << b << " rows: " << bands
                            << " bands, scratch " << scratch << " B, "
                            << time << " cycles\n");
    if (time < fused) {
      fused = time;
      bestRows = b;
      bestScratch = scratch;
    }
  }
  auto estimate = [](double cycles) {
    return std::isfinite(cycles) ? static_cast<int64_t>(cycles) : 0;
  };
  std::string why;
  int64_t rows = 0;
  if (options.recordOnly) {
    why = "off (--band-fusion=auto applies the cost model): " +
          std::string(!bestRows           ? "no band height fits"
                      : fused < unfused ? "it would fuse"
                                        : "it would not fuse");
  } else if (!bestRows) {
    why = options.rows
              ? llvm::formatv("{0} rows do not divide the output height {1} "
                              "or overflow L2",
                              options.rows, ho)
                    .str()
              : tooBig;
  } else if (fused < unfused || options.always || options.rows) {
    rows = bestRows;
    why = fused < unfused
              ? llvm::formatv("bands keep {0} KiB of traffic in cache",
                              spilled / 1024)
                    .str()
              : std::string("forced (the cost model says no)");
  } else {
    why = spilled == 0
              ? llvm::formatv("the block's activations fit in L2: bands "
                              "only add the halo rows")
                    .str()
              : std::string("the halo rows and weight reloads cost more than "
                            "the traffic saved");
  }
  LLVM_DEBUG(llvm::dbgs() << "block at " << block.root.getLoc() << ": rows "
                          << rows << " (fused " << fused << ", unfused "
                          << unfused << " cycles): " << why << "\n");
  return BandAttr::get(ctx, rows, rows ? bestScratch : 0, estimate(fused),
                       estimate(unfused), why);
}

/// The kinds of 3x3 layer a bottleneck's expand conv may read.
enum class MiddleLayer { None, Winograd, Grouped, Direct };

/// The 3x3 layer a bottleneck's expand conv `conv` reads, when its input
/// (used by it alone) comes from one: Winograd (the transform loops the
/// Winograd pass built), Grouped (a grouped conv's epilogue, through the
/// reshape back to NHWC) or Direct (a 3x3 conv's epilogue); None for
/// anything else (a block input, which the reduce or the first 3x3 reads
/// too).
static MiddleLayer middleLayerKind(linalg::Conv2DNhwcHwcfOp conv) {
  Value input = conv.getInputs()[0];
  if (!input.hasOneUse())
    return MiddleLayer::None;
  Operation *producer = input.getDefiningOp();
  // A Winograd layer in blocks one after the other ends in the insertion
  // of its last block.
  while (auto insert = dyn_cast_or_null<tensor::InsertSliceOp>(producer))
    producer = insert.getSource().getDefiningOp();
  if (!producer)
    return MiddleLayer::None;
  if (producer->hasAttr("resnet.winograd_transform") ||
      producer->hasAttr(kWinogradBlocksAttr))
    return MiddleLayer::Winograd;
  auto epilogue = dyn_cast<linalg::GenericOp>(producer);
  if (!epilogue)
    return MiddleLayer::None;
  for (Value operand : epilogue.getDpsInputs()) {
    Operation *def = operand.getDefiningOp();
    if (auto collapse = dyn_cast_or_null<tensor::CollapseShapeOp>(def))
      def = collapse.getSrc().getDefiningOp();
    if (isa_and_nonnull<linalg::Conv2DNhwgcGfhwcOp>(def))
      return MiddleLayer::Grouped;
    if (auto spatial = dyn_cast_or_null<linalg::Conv2DNhwcHwcfOp>(def))
      if (succeeded(convStride(spatial, 3)))
        return MiddleLayer::Direct;
  }
  return MiddleLayer::None;
}

/// Why a bottleneck block whose root is `root` is not one bands cover: its
/// 3x3 runs as Winograd or is a grouped convolution (its expand conv, or
/// the projection chained after it, reads that layer), or `root` is the
/// pooling the last block's epilogue was fused into; nullopt otherwise.
static std::optional<std::string> otherMiddleLayer(linalg::GenericOp root) {
  // The last block's epilogue fused into the global pooling behind it.
  if (root.getNumReductionLoops() > 0) {
    for (Value input : root.getDpsInputs())
      if (auto conv = input.getDefiningOp<linalg::Conv2DNhwcHwcfOp>())
        if (conv->hasOneUse() && succeeded(convStride(conv, 1)) &&
            middleLayerKind(conv) != MiddleLayer::None)
          return std::string("the block's output is pooled in the same loop "
                             "(its epilogue fused into the pooling)");
    return std::nullopt;
  }
  linalg::Conv2DNhwcHwcfOp anchor = pointwiseAnchor(root);
  if (!anchor)
    return std::nullopt;
  // The expand conv, or the projection chained after it: either of the
  // two chained 1x1 convs.
  SmallVector<linalg::Conv2DNhwcHwcfOp, 2> convs = {anchor};
  if (auto inner =
          anchor.getDpsInits()[0].getDefiningOp<linalg::Conv2DNhwcHwcfOp>())
    if (succeeded(convStride(inner, 1)))
      convs.push_back(inner);
  for (linalg::Conv2DNhwcHwcfOp conv : convs) {
    MiddleLayer kind = middleLayerKind(conv);
    if (kind == MiddleLayer::Winograd)
      return std::string(
          "the 3x3 conv runs as Winograd, in phases of its own");
    if (kind == MiddleLayer::Grouped)
      return std::string("the 3x3 conv is a grouped convolution");
  }
  return std::nullopt;
}

void resnet::selectBands(func::FuncOp func, const CpuTarget &target,
                         const BandSelectionOptions &options) {
  func.walk([&](linalg::GenericOp root) {
    if (root->hasAttr(BandAttr::kName))
      return;
    std::string why;
    FailureOr<BandBlock> block = matchBandBlock(root, why);
    if (failed(block)) {
      // A 1x1 conv after another layer's epilogue looks like a block's
      // expand conv: say why it is not one where its input is a Winograd
      // layer's (whose epilogue it fused) or a grouped 3x3's.
      if (std::optional<std::string> other = otherMiddleLayer(root))
        why = *other;
      else if (why.rfind("not the epilogue", 0) == 0 ||
               why.rfind("the expand conv's input", 0) == 0)
        return;
      LLVM_DEBUG(llvm::dbgs() << "no band fusion at " << root.getLoc()
                              << ": " << why << "\n");
      root->setAttr(BandAttr::kName,
                    BandAttr::get(root.getContext(), 0, 0, 0, 0, why));
      return;
    }
    root->setAttr(BandAttr::kName, selectBand(*block, target, options));
  });
}
