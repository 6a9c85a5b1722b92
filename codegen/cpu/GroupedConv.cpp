//===- GroupedConv.cpp - grouped convolutions as tiled vector code --------===//
//
// Applies the `#resnet.tile` of each linalg.conv_2d_nhwgc_gfhwc (chosen by
// --resnet-select-tiles, GroupedConvSelection.cpp, or written by hand).
// With G groups of Cg input and Fg output channels, the kernel vectorizes
// across the output channels of several groups: one vector holds `width`
// consecutive output channels f0 .. f0 + width, and for a filter tap
// (kh, kw) and an input channel c in [0, Cg) lane j needs the input
// channel group(f0 + j) * Cg + c:
//
//  - Fg < width (the vector holds width / Fg whole groups): those groups'
//    input channels are one contiguous load of span = width / Fg * Cg
//    channels from group(f0) * Cg, and lane j takes element
//    (j / Fg) * Cg + c of it: one vector.shuffle (none for depthwise,
//    where it is the identity);
//  - Fg >= width (the vector lies in one group): one input channel,
//    broadcast.
//
// The weights are repacked at compile time as [F / width, KH, KW, Cg,
// width], so the weight vector of (kh, kw, c) for a vector of output
// channels is one aligned load.
//
// A tile is `ow` output columns of one output row and one channel vector,
// accumulated in `ow` vectors (a vector inside one group may be twice the
// target's lanes: LLVM splits it into two registers that share each
// broadcast, two FMAs per load). When ow does not divide the output
// width, the columns are cut as splitRows says: tiles of ow, then a second
// loop of tiles one column narrower that continues the first one's
// result. For each (kh, c) the KW weight
// vectors are loaded once, then each input column the tile's taps read is
// loaded (and shuffled or broadcast) once and feeds every (output column,
// kw) pair that reads it: about KW / stride multiply-adds per input
// vector instead of one, which keeps the shuffles off the FMA ports' path.
// The reduction runs as scf.for over kh (the rows that reach the image:
// those of the zero padding are skipped, see KernelRows.h) and, when the
// input is broadcast, blocks of input channels (a shuffle's mask needs c
// at compile time, so the shuffled channels are unrolled; there Cg <=
// width).
//
// The tiles form one scf.forall over (image x output row, column block,
// channel vector), or with the channels outermost (interchange
// [3, 4, 0, 1, 2]: a vector's weights stay in cache while its rows go by),
// that writes the conv's NHWC result (the collapse_shape
// of its NHWGC result; the input's expand_shape is looked through, both
// reshapes are free). The elementwise epilogue of that result (bias,
// residual, ReLU) is applied to each accumulator in registers before it is
// stored. The forall carries the configuration with its tiles over the
// NHWC result, so --resnet-lower-vectors makes small layers sequential
// and the report names the layer.
//
// A configuration with `winograd = 2` (chosen by --resnet-select-winograd)
// makes the layer Winograd F(2x2) instead: GroupedWinograd.cpp.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/GroupedConv.h"
#include "codegen/cpu/IndexArith.h"
#include "codegen/cpu/KernelRows.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/TileSelection.h"
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GROUPEDCONV
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-grouped-conv"

using namespace mlir;
using resnet::addConstant;
using resnet::EpilogueInput;
using resnet::GroupedConvShape;
using resnet::indexConstant;
using resnet::largestDivisorAtMost;
using resnet::mulConstant;
using resnet::TileAttr;

Value resnet::groupedNhwcInput(OpBuilder &b, linalg::Conv2DNhwgcGfhwcOp conv) {
  Value input = conv.getInputs()[0];
  if (auto expand = input.getDefiningOp<tensor::ExpandShapeOp>())
    if (expand.getSrcType().getRank() == 4 &&
        expand.getReassociationIndices().back().size() == 2)
      return expand.getSrc();
  return tensor::CollapseShapeOp::create(
      b, conv.getLoc(), input,
      SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
}

SmallVector<Value>
resnet::groupedEpilogueChannels(OpBuilder &b, Location loc,
                                const GroupedConvLayer &layer, bool fused,
                                Value f0, int64_t width) {
  if (!fused || !layer.epilogue)
    return {};
  return epilogueChannelVectors(b, loc, layer.epilogue, layer.kinds, f0, width);
}

Value resnet::applyGroupedEpilogue(OpBuilder &b, Location loc,
                                   const GroupedConvLayer &layer, bool fused,
                                   Value value, ArrayRef<Value> channelInputs,
                                   ValueRange pixel) {
  if (!fused || !layer.epilogue)
    return value;
  return applyEpilogueAt(b, loc, layer.epilogue, layer.kinds, value,
                         channelInputs, pixel);
}

namespace {
/// Input channels per iteration of a broadcast kernel's channel loop:
/// enough independent work per iteration without a large loop body.
constexpr int64_t kChannelStep = 4;

/// What one grouped conv's kernel computes, from its shape and its
/// configuration.
struct Kernel {
  GroupedConvShape shape;
  /// Output channels per vector, output columns per tile.
  int64_t width, columns;
  /// Input channels one tap reads (1: broadcast).
  int64_t span;
  /// Input channels per iteration of the channel loop.
  int64_t channelStep;
  /// Channel vectors outermost (else image rows).
  bool channelsOuter;

  bool broadcasts() const { return shape.groupFilters >= width; }
  /// Input columns one tile row reads, relative to its first.
  int64_t inputColumns() const {
    return (columns - 1) * shape.strideW +
           (shape.kernelWidth - 1) * shape.dilationW + 1;
  }
};

/// The kernel `config` asks for, or failure with the reason.
FailureOr<Kernel> kernelFor(linalg::Conv2DNhwgcGfhwcOp conv, TileAttr config,
                            std::string &why) {
  FailureOr<GroupedConvShape> shape = resnet::matchGroupedConv(conv, why);
  if (failed(shape))
    return failure();
  ArrayRef<int64_t> tiles = config.getTiles();
  int64_t fg = shape->groupFilters;
  if (tiles.size() != 5 || tiles[0] != 1 || tiles[1] != 1) {
    why = "tiles must be [1, 1, ow, gt, ft] over the NHWGC result";
    return failure();
  }
  int64_t groupTile = tiles[3], filterTile = tiles[4];
  if (groupTile != 1 && filterTile != fg) {
    why = "a tile of several groups must hold all their output channels";
    return failure();
  }
  ArrayRef<int64_t> interchange = config.getInterchange();
  if (!interchange.empty() &&
      !llvm::equal(interchange, ArrayRef<int64_t>{3, 4, 0, 1, 2})) {
    why = "the interchange must be [] (rows outermost) or [3, 4, 0, 1, 2] "
          "(channels outermost)";
    return failure();
  }
  Kernel k;
  k.shape = *shape;
  k.width = groupTile * filterTile;
  k.channelsOuter = !interchange.empty();
  k.columns = tiles[2];
  if (k.columns < 1 || k.columns > shape->outWidth) {
    why = "the column tile must be between 1 and the output width";
    return failure();
  }
  if (!resnet::groupedVectorWidthFits(*shape, k.width)) {
    why = "the channel tile is not a vector of whole groups or of one "
          "group's channels";
    return failure();
  }
  k.span = resnet::groupedInputSpan(*shape, k.width);
  k.channelStep = k.broadcasts()
                      ? largestDivisorAtMost(shape->groupChannels,
                                             kChannelStep)
                      : shape->groupChannels;
  return k;
}

/// [G, Fg, KH, KW, Cg] weights as [F / width, KH, KW, Cg, width].
std::vector<float> packGroupedWeights(ArrayRef<float> gfhwc, const Kernel &k) {
  const GroupedConvShape &s = k.shape;
  int64_t taps = s.kernelHeight * s.kernelWidth * s.groupChannels;
  std::vector<float> packed(gfhwc.size());
  for (int64_t f = 0; f < s.filters(); ++f)
    for (int64_t t = 0; t < taps; ++t)
      packed[((f / k.width) * taps + t) * k.width + f % k.width] =
          gfhwc[f * taps + t];
  return packed;
}

/// For each input column a tile row reads (relative to its first), the
/// (output column, kw) pairs that read it.
SmallVector<SmallVector<std::pair<int64_t, int64_t>>>
columnTaps(const Kernel &k) {
  SmallVector<SmallVector<std::pair<int64_t, int64_t>>> taps(
      k.inputColumns());
  for (int64_t i = 0; i < k.columns; ++i)
    for (int64_t kw = 0; kw < k.shape.kernelWidth; ++kw)
      taps[i * k.shape.strideW + kw * k.shape.dilationW].push_back({i, kw});
  return taps;
}

/// Where one tile works: image, output row, first output column, first
/// output channel and its weight block, first input channel of its groups.
struct TilePosition {
  Value n, oh, col0, f0, block, channel0;
};

/// The values one tile's reduction reads.
struct Operands {
  Value input, weights;
};

/// Adds the taps of input channels [c0, c0 + channelStep) of filter row
/// `kh` (input row `ih`) to the accumulators. `c0` is dynamic for
/// broadcast kernels; shuffle kernels run it whole, from 0.
SmallVector<Value> accumulate(OpBuilder &b, Location loc, const Kernel &k,
                              const Operands &ops, const TilePosition &at,
                              Value kh, Value ih, Value c0,
                              ValueRange accumulators) {
  const GroupedConvShape &s = k.shape;
  auto vectorType = VectorType::get({k.width}, b.getF32Type());
  auto spanType = VectorType::get({k.span}, b.getF32Type());
  Value pad = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  Value zero = indexConstant(b, loc, 0);
  Value iw0 = mulConstant(b, loc, at.col0, s.strideW);
  SmallVector<Value> acc(accumulators);
  auto taps = columnTaps(k);
  for (int64_t cc = 0; cc < k.channelStep; ++cc) {
    Value c = addConstant(b, loc, c0, cc);
    SmallVector<Value> weights;
    for (int64_t kw = 0; kw < s.kernelWidth; ++kw)
      weights.push_back(vector::TransferReadOp::create(
          b, loc, vectorType, ops.weights,
          ValueRange{at.block, kh, indexConstant(b, loc, kw), c, zero}, pad,
          ArrayRef<bool>{true}));
    for (auto [p, users] : llvm::enumerate(taps)) {
      if (users.empty())
        continue;
      Value iw = addConstant(b, loc, iw0, p);
      Value x;
      if (k.broadcasts()) {
        Value channel = arith::AddIOp::create(b, loc, at.channel0, c);
        Value scalar = tensor::ExtractOp::create(
            b, loc, ops.input, ValueRange{at.n, ih, iw, channel});
        x = vector::BroadcastOp::create(b, loc, vectorType, scalar);
      } else {
        x = vector::TransferReadOp::create(
            b, loc, spanType, ops.input,
            ValueRange{at.n, ih, iw, at.channel0}, pad, ArrayRef<bool>{true});
        // Lane j reads channel c of its group: (j / Fg) * Cg + c.
        SmallVector<int64_t> mask;
        for (int64_t j = 0; j < k.width; ++j)
          mask.push_back(j / s.groupFilters * s.groupChannels + cc);
        bool identity = k.span == k.width &&
                        llvm::equal(mask, llvm::seq<int64_t>(0, k.width));
        if (!identity)
          x = vector::ShuffleOp::create(b, loc, x, x, mask);
      }
      for (auto [i, kw] : users)
        acc[i] = vector::FMAOp::create(b, loc, x, weights[kw], acc[i]);
    }
  }
  return acc;
}

/// The reduction of one tile: scf.for over filter rows and, for broadcast
/// kernels, blocks of input channels, the accumulators as loop values.
SmallVector<Value> reduce(OpBuilder &b, Location loc, const Kernel &k,
                          const Operands &ops, const TilePosition &at) {
  const GroupedConvShape &s = k.shape;
  auto vectorType = VectorType::get({k.width}, b.getF32Type());
  Value zeros = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vectorType, 0.0f));
  SmallVector<Value> init(k.columns, zeros);
  Value ih0 = mulConstant(b, loc, at.oh, s.strideH);
  // The filter rows that reach the image: the others read zero padding.
  resnet::KernelRows filterRows{indexConstant(b, loc, 0),
                                indexConstant(b, loc, s.kernelHeight)};
  if (s.dilationH == 1)
    if (std::optional<resnet::KernelRows> inside = resnet::kernelRowsInside(
            b, loc, ops.input, ih0, /*outputRows=*/1, s.strideH,
            s.kernelHeight))
      filterRows = *inside;
  auto rows = scf::ForOp::create(
      b, loc, filterRows.first, filterRows.end, indexConstant(b, loc, 1), init,
      [&](OpBuilder &rb, Location rl, Value kh, ValueRange rowAcc) {
        Value ih = arith::AddIOp::create(rb, rl, ih0,
                                         mulConstant(rb, rl, kh, s.dilationH));
        if (k.channelStep == s.groupChannels) {
          scf::YieldOp::create(
              rb, rl,
              accumulate(rb, rl, k, ops, at, kh, ih, indexConstant(rb, rl, 0),
                         rowAcc));
          return;
        }
        auto channels = scf::ForOp::create(
            rb, rl, indexConstant(rb, rl, 0),
            indexConstant(rb, rl, s.groupChannels),
            indexConstant(rb, rl, k.channelStep), rowAcc,
            [&](OpBuilder &cb, Location cl, Value c0, ValueRange chanAcc) {
              scf::YieldOp::create(
                  cb, cl, accumulate(cb, cl, k, ops, at, kh, ih, c0, chanAcc));
            });
        scf::YieldOp::create(rb, rl, channels.getResults());
      });
  return SmallVector<Value>(rows.getResults());
}

/// Applies the epilogue (when fused) to each accumulator and writes the
/// tile's [1, 1, ow, width] slice of `shared`; returns the slice.
Value storeTile(OpBuilder &b, Location loc, const Kernel &k,
                const resnet::GroupedConvLayer &layer, bool fused, Value shared,
                const TilePosition &at, ArrayRef<Value> accumulators,
                SmallVectorImpl<OpFoldResult> &offsets,
                SmallVectorImpl<OpFoldResult> &sizes) {
  Value zero = indexConstant(b, loc, 0);
  offsets.assign({at.n, at.oh, at.col0, at.f0});
  sizes.assign({b.getIndexAttr(1), b.getIndexAttr(1),
                b.getIndexAttr(k.columns), b.getIndexAttr(k.width)});
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  Value slice =
      tensor::ExtractSliceOp::create(b, loc, shared, offsets, sizes, strides);
  SmallVector<Value> channelInputs =
      resnet::groupedEpilogueChannels(b, loc, layer, fused, at.f0, k.width);
  for (int64_t i = 0; i < k.columns; ++i) {
    Value column = addConstant(b, loc, at.col0, i);
    Value value = resnet::applyGroupedEpilogue(b, loc, layer, fused,
                                               accumulators[i], channelInputs,
                                               {at.n, at.oh, column, at.f0});
    slice = vector::TransferWriteOp::create(
                b, loc, value, slice,
                ValueRange{zero, zero, indexConstant(b, loc, i), zero},
                ArrayRef<bool>{true})
                .getResult();
  }
  return slice;
}

/// An scf.forall over (image x output row, column block, channel vector),
/// channels first when k.channelsOuter,
/// that computes `blocks` blocks of k.columns output columns from column
/// `firstColumn` into `init` (NHWC).
scf::ForallOp buildLoop(OpBuilder &b, Location loc, const Kernel &k,
                        const Operands &ops,
                        const resnet::GroupedConvLayer &layer, bool fused,
                        Value init, int64_t firstColumn, int64_t blocks) {
  const GroupedConvShape &s = k.shape;
  // Channels outermost: a vector's weights ([KH, KW, Cg, width], read by
  // every row) stay in cache while its rows go by.
  SmallVector<OpFoldResult> ubs = {b.getIndexAttr(s.batch * s.outHeight),
                                   b.getIndexAttr(blocks),
                                   b.getIndexAttr(s.filters() / k.width)};
  if (k.channelsOuter)
    std::rotate(ubs.begin(), ubs.begin() + 2, ubs.end());
  auto forall = scf::ForallOp::create(b, loc, ubs, ValueRange{init},
                                      /*mapping=*/std::nullopt);
  OpBuilder ib = OpBuilder::atBlockBegin(forall.getBody());
  // A copy: getInductionVars() returns a temporary vector.
  SmallVector<Value> ivs = forall.getInductionVars();
  if (k.channelsOuter)
    std::rotate(ivs.begin(), ivs.begin() + 1, ivs.end());
  TilePosition at;
  if (s.batch > 1) {
    Value rows = indexConstant(ib, loc, s.outHeight);
    at.n = arith::DivUIOp::create(ib, loc, ivs[0], rows);
    at.oh = arith::RemUIOp::create(ib, loc, ivs[0], rows);
  } else {
    at.n = indexConstant(ib, loc, 0);
    at.oh = ivs[0];
  }
  at.col0 = addConstant(ib, loc, mulConstant(ib, loc, ivs[1], k.columns),
                        firstColumn);
  at.block = ivs[2];
  at.f0 = mulConstant(ib, loc, ivs[2], k.width);
  // The first input channel of the group of f0: (f0 / Fg) * Cg.
  at.channel0 = mulConstant(
      ib, loc,
      arith::DivUIOp::create(ib, loc, at.f0,
                             indexConstant(ib, loc, s.groupFilters)),
      s.groupChannels);
  SmallVector<Value> accumulators = reduce(ib, loc, k, ops, at);
  SmallVector<OpFoldResult> offsets, sizes;
  Value slice = storeTile(ib, loc, k, layer, fused,
                          forall.getRegionIterArgs()[0], at, accumulators,
                          offsets, sizes);
  OpBuilder terminator =
      OpBuilder::atBlockEnd(forall.getTerminator().getBody());
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  tensor::ParallelInsertSliceOp::create(terminator, loc, slice,
                                        forall.getRegionIterArgs()[0], offsets,
                                        sizes, strides);
  return forall;
}

/// The layer: the column tiles splitRows cuts, the wide ones, then those
/// one column narrower (when tiles of one size do not divide the width) as
/// a loop of their own; each loop carries the configuration of its tiles.
/// Returns the NHWC result.
Value buildLayer(OpBuilder &b, Location loc, const Kernel &k,
                 const Operands &ops, const resnet::GroupedConvLayer &layer,
                 bool fused, TileAttr config) {
  const GroupedConvShape &s = k.shape;
  SmallVector<int64_t> outputShape = {s.batch, s.outHeight, s.outWidth,
                                      s.filters()};
  Value result = tensor::EmptyOp::create(b, loc, outputShape, b.getF32Type());
  resnet::RowSplit split = resnet::splitRows(s.outWidth, k.columns);
  Kernel wide = k, narrow = k;
  wide.columns = split.wide;
  narrow.columns = split.wide - 1;
  for (auto [kernel, first, blocks] :
       {std::tuple(wide, int64_t(0), split.wideTiles),
        std::tuple(narrow, split.wideRows(), split.narrowTiles)}) {
    if (kernel.columns == 0 || blocks == 0)
      continue;
    scf::ForallOp forall =
        buildLoop(b, loc, kernel, ops, layer, fused, result, first, blocks);
    forall->setAttr(
        TileAttr::kName,
        TileAttr::get(b.getContext(), {1, 1, kernel.columns, kernel.width}, {},
                      kernel.channelsOuter ? SmallVector<int64_t>{3, 0, 1, 2}
                                           : SmallVector<int64_t>{},
                      0, fused, 0, config.getParallel(),
                      config.getPrefetchWeights(), /*prefetchSpread=*/false,
                      /*runtimeFilter=*/false,
                      /*parallelBlocks=*/false,
                      /*prefetchInput=*/false, /*registerRows=*/0,
                      /*filterBlock=*/0));
    forall->setAttr(resnet::kGroupedConvAttr, b.getUnitAttr());
    result = forall.getResult(0);
  }
  return result;
}

/// Builds a layer's NHWC result from the conv's constant weights.
using LayerBuilder =
    function_ref<Value(OpBuilder &, Location, const resnet::GroupedConvLayer &,
                       bool fused, ArrayRef<float> weights)>;

/// Rewrites one configured grouped conv (and its epilogue, where the
/// configuration fuses it) into the layer `build` makes.
void rewrite(IRRewriter &rewriter, linalg::Conv2DNhwgcGfhwcOp conv,
             TileAttr config, LayerBuilder build) {
  resnet::GroupedConvLayer layer = resnet::getGroupedConvLayer(conv);
  bool fused = config.getFusedEpilogue() && layer.epilogue;
  Operation *root = fused ? layer.root : conv.getOperation();
  if (!fused && layer.nhwcResult)
    root = layer.nhwcResult.getDefiningOp();
  Location loc = root->getLoc();
  rewriter.setInsertionPoint(root);

  SmallVector<float> storage;
  ArrayRef<float> weights = *resnet::getGroupedConvWeights(conv, storage);
  Value result = build(rewriter, loc, layer, fused, weights);
  if (root == conv.getOperation()) {
    // No NHWC view of the result: give the conv's users their NHWGC form.
    result = tensor::ExpandShapeOp::create(
        rewriter, loc, conv->getResult(0).getType(), result,
        SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    rewriter.replaceOp(conv, result);
    return;
  }
  rewriter.replaceOp(root, result);
  if (fused)
    rewriter.eraseOp(layer.nhwcResult.getDefiningOp());
  rewriter.eraseOp(conv);
}

/// The direct kernel's layer: packed weights, tiled vector loops.
Value buildDirect(OpBuilder &b, Location loc, linalg::Conv2DNhwgcGfhwcOp conv,
                  const Kernel &k, TileAttr config,
                  const resnet::GroupedConvLayer &layer, bool fused,
                  ArrayRef<float> weights) {
  const GroupedConvShape &s = k.shape;
  auto packedType =
      RankedTensorType::get({s.filters() / k.width, s.kernelHeight,
                             s.kernelWidth, s.groupChannels, k.width},
                            b.getF32Type());
  Operands ops;
  ops.weights = arith::ConstantOp::create(
      b, loc,
      cast<TypedAttr>(resnet::makeF32Attr(
          packedType, packGroupedWeights(weights, k), "grouped_conv_packed")));
  ops.input = resnet::groupedNhwcInput(b, conv);
  return buildLayer(b, loc, k, ops, layer, fused, config);
}

/// The shape of a conv configured for Winograd, or failure with the reason.
FailureOr<GroupedConvShape> winogradShape(linalg::Conv2DNhwgcGfhwcOp conv,
                                          TileAttr config, std::string &why) {
  FailureOr<GroupedConvShape> shape = resnet::matchGroupedConv(conv, why);
  if (failed(shape))
    return failure();
  ArrayRef<int64_t> tiles = config.getTiles();
  if (config.getWinograd() != 2 || tiles.size() != 5 ||
      !config.getInterchange().empty()) {
    why = "a grouped Winograd layer is F(2x2) with tiles [1, 2, 2 * T, 1, "
          "lanes] and no interchange";
    return failure();
  }
  auto input = cast<RankedTensorType>(conv.getInputs()[0].getType());
  if (!resnet::groupedWinogradApplies(*shape, input.getDimSize(1),
                                      input.getDimSize(2), tiles[4], why))
    return failure();
  if (llvm::divideCeil(shape->outWidth, 2) % (tiles[2] / 2) != 0) {
    why = "the tiles a step do not divide a row of tiles";
    return failure();
  }
  return shape;
}

struct GroupedConvPass
    : public resnet::impl::GroupedConvBase<GroupedConvPass> {
  void runOnOperation() override {
    SmallVector<linalg::Conv2DNhwgcGfhwcOp> convs;
    getOperation().walk([&](linalg::Conv2DNhwgcGfhwcOp conv) {
      if (conv->hasAttr(TileAttr::kName))
        convs.push_back(conv);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::Conv2DNhwgcGfhwcOp conv : convs) {
      auto config = conv->getAttrOfType<TileAttr>(TileAttr::kName);
      std::string why;
      if (config.getWinograd() != 0) {
        FailureOr<GroupedConvShape> shape = winogradShape(conv, config, why);
        if (failed(shape)) {
          conv.emitError("resnet-grouped-conv: ")
              << config << " does not apply: " << why;
          return signalPassFailure();
        }
        rewrite(rewriter, conv, config,
                [&](OpBuilder &b, Location loc,
                    const resnet::GroupedConvLayer &layer, bool fused,
                    ArrayRef<float> weights) {
                  return resnet::buildGroupedWinograd(
                      b, loc, conv, *shape, layer, fused, config, weights);
                });
        continue;
      }
      FailureOr<Kernel> kernel = kernelFor(conv, config, why);
      if (failed(kernel)) {
        conv.emitError("resnet-grouped-conv: ")
            << config << " does not apply: " << why;
        return signalPassFailure();
      }
      LLVM_DEBUG(llvm::dbgs()
                 << "grouped conv at " << conv.getLoc() << ": vectors of "
                 << kernel->width << " lanes, " << kernel->columns
                 << " columns, input span " << kernel->span
                 << ", channel step " << kernel->channelStep << "\n");
      rewrite(rewriter, conv, config,
              [&](OpBuilder &b, Location loc,
                  const resnet::GroupedConvLayer &layer, bool fused,
                  ArrayRef<float> weights) {
                return buildDirect(b, loc, conv, *kernel, config, layer, fused,
                                   weights);
              });
    }
  }
};
} // namespace
