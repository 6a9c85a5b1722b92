//===- Tile.cpp - tile and fuse each CPU layer as configured --------------===//
//
// Applies each layer's `#resnet.tile` (chosen by --resnet-select-tiles or
// written by hand) to linalg on tensors:
//
//  0. A row or channel tile that leaves a remainder splits the layer in
//     two, each tiled evenly (peeling).
//  1. The layer's root (its elementwise epilogue when the configuration
//     fuses it, else the anchor op) is tiled over its parallel output
//     dimensions with scf.forall, in the configured loop order, and the
//     anchor and its linalg.fill are fused into each tile: bias, residual
//     and ReLU run on the accumulators, in the same loop nest.
//  2. Constant weights are repacked per channel tile, [F/f, ..., f], so a
//     tile streams one contiguous block.
//  3. Row-blocked layers cut the reduction in blocks of input channels,
//     each swept by the output rows, summed into fresh accumulators that
//     are added to the output tile; their weights are packed per block
//     within each channel tile.
//  4. Other long reductions are cut in blocks, each summed into fresh zero
//     accumulators that are then added to the running sum (accuracy: see
//     blockAccumulators).
//  5. The reductions are tiled with scf.for by the configured steps.
//
// --resnet-vectorize then turns each tile into vector code. The forall
// carries the configuration; the ops inside do not (their shapes are the
// tile's).
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/KernelRows.h"
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/Passes.h"
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_TILE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-tile"

using namespace mlir;
using resnet::TileAttr;

namespace {
SmallVector<OpFoldResult> asIndexAttrs(MLIRContext *ctx,
                                       ArrayRef<int64_t> values) {
  Builder b(ctx);
  return llvm::map_to_vector(values, [&](int64_t v) -> OpFoldResult {
    return b.getIndexAttr(v);
  });
}

struct TiledLayer {
  scf::ForallOp forall;
  linalg::LinalgOp tiledAnchor;
};

/// Tiles the root over its output with scf.forall, in the configuration's
/// loop order, and fuses the anchor(s) and fills into the tile.
FailureOr<TiledLayer> tileLayer(RewriterBase &rewriter, Operation *root,
                                resnet::TileAttr config,
                                const llvm::DenseSet<Operation *> &fusable) {
  scf::SCFTilingOptions tiling;
  tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  tiling.setTileSizes(asIndexAttrs(root->getContext(), config.getTiles()));
  if (!config.getInterchange().empty())
    tiling.setInterchange(config.getInterchange());
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *op = producer.getOwner();
        if (isa<linalg::FillOp>(op))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        // `fusable` holds the anchors whose sole user is the root: fusing
        // any other would recompute it.
        if (fusable.contains(op))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(root), options);
  if (failed(result))
    return root->emitError("resnet-tile: tiling failed"), failure();
  if (result->loops.size() != 1)
    return root->emitError("resnet-tile: expected one scf.forall, got ")
               << result->loops.size(),
           failure();
  for (OpResult value : root->getResults())
    rewriter.replaceAllUsesWith(value, result->replacements.lookup(value));
  TiledLayer layer;
  layer.forall = cast<scf::ForallOp>(result->loops.front().getOperation());
  for (Operation *op : result->tiledAndFusedOps)
    if (resnet::isLayerAnchor(op))
      layer.tiledAnchor = cast<linalg::LinalgOp>(op);
  return layer;
}

/// A tile reads a [KH, KW, C, f] block of the HWCF weights (a
/// [K, f] block of a matmul's [K, N] right operand, a [1, K, f] block of a
/// batch matmul's [B, K, N]): rows of f floats, F floats apart, that
/// hardware prefetchers follow poorly (the late layers' weights do not fit
/// in cache). A constant operand is
/// repacked at compile time with its last dimension blocked outermost,
/// [F/f, ..., f], so that each tile's weights are one contiguous block.
/// Packed weights already made in this pass, by source and block size: the
/// parts of a peeled layer share theirs (row blocks: by the channel-packed
/// constant and the row block).
using PackedWeights = llvm::DenseMap<std::pair<Value, int64_t>, Value>;

/// The constant `source` repacked by `pack` (its data to the packed data)
/// as `type`, made once per (source, block) next to `source`; null when
/// `source` is not a constant with float32 data.
template <typename PackFn>
Value packedConstant(RewriterBase &rewriter, PackedWeights &cache,
                     Value source, int64_t block, RankedTensorType type,
                     PackFn pack) {
  Value &constant = cache[{source, block}];
  if (constant)
    return constant;
  SmallVector<float> storage;
  std::optional<ArrayRef<float>> data =
      resnet::getConstantF32Data(source, storage);
  if (!data)
    return {};
  std::vector<float> packed = pack(*data);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(source.getDefiningOp());
  constant = arith::ConstantOp::create(
      rewriter, source.getLoc(),
      cast<TypedAttr>(resnet::makeF32Attr(type, packed, "conv_packed")));
  return constant;
}

void packWeights(RewriterBase &rewriter, linalg::LinalgOp op,
                 PackedWeights &cache) {
  Value filter = op.getDpsInputs()[1];
  auto slice = filter.getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice || !slice.hasUnitStride())
    return;
  auto full = cast<RankedTensorType>(slice.getSourceType());
  auto tile = cast<RankedTensorType>(slice.getResultType());
  int64_t rank = full.getRank();
  if (rank < 2 || tile.getRank() != rank)
    return;
  // Contiguous in the packed layout: all but the last dimension whole, or
  // a single index of the leading one (a batch matmul's batch).
  ArrayRef<int64_t> fullRows = full.getShape().drop_back();
  ArrayRef<int64_t> tileRows = tile.getShape().drop_back();
  if (fullRows != tileRows &&
      (tileRows.front() != 1 || fullRows.drop_front() != tileRows.drop_front()))
    return;
  int64_t channels = full.getDimSize(rank - 1);
  int64_t block = tile.getDimSize(rank - 1);
  if (block == channels || channels % block != 0)
    return;
  SmallVector<int64_t> packedShape = {channels / block};
  llvm::append_range(packedShape, fullRows);
  packedShape.push_back(block);
  auto packedType = RankedTensorType::get(packedShape, full.getElementType());
  Value constant = packedConstant(
      rewriter, cache, slice.getSource(), block, packedType,
      [&](ArrayRef<float> data) {
        int64_t rows = full.getNumElements() / channels;
        std::vector<float> packed(data.size());
        for (int64_t b = 0; b < channels / block; ++b)
          for (int64_t r = 0; r < rows; ++r)
            for (int64_t j = 0; j < block; ++j)
              packed[(b * rows + r) * block + j] =
                  data[r * channels + b * block + j];
        return packed;
      });
  if (!constant)
    return;
  OpBuilder::InsertionGuard guard(rewriter);
  Location loc = slice.getLoc();
  rewriter.setInsertionPoint(slice);
  SmallVector<OpFoldResult> sliceOffsets = slice.getMixedOffsets();
  Value offset =
      getValueOrCreateConstantIndexOp(rewriter, loc, sliceOffsets.back());
  Value blockIndex = arith::DivUIOp::create(
      rewriter, loc, offset, arith::ConstantIndexOp::create(rewriter, loc, block));
  Builder &b = rewriter;
  SmallVector<OpFoldResult> offsets = {blockIndex};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1)};
  for (int64_t d = 0; d + 1 < rank; ++d) {
    offsets.push_back(sliceOffsets[d]);
    sizes.push_back(b.getIndexAttr(tileRows[d]));
  }
  offsets.push_back(b.getIndexAttr(0));
  sizes.push_back(b.getIndexAttr(block));
  SmallVector<OpFoldResult> strides(rank + 1, b.getIndexAttr(1));
  Value packedTile = tensor::ExtractSliceOp::create(
      rewriter, loc, tile, constant, offsets, sizes, strides);
  rewriter.modifyOpInPlace(op, [&] {
    op.getDpsInputOperand(1)->set(packedTile);
  });
}

/// `value` past the extract_slices that take the whole of their source
/// (what tiling an untiled dimension leaves).
Value skipWholeSlices(Value value) {
  while (auto slice = value.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (slice.getSourceType() != slice.getResultType() ||
        !slice.hasZeroOffset() || !slice.hasUnitStride())
      break;
    value = slice.getSource();
  }
  return value;
}

/// A row-blocked conv reads its channel tile's weights one block of input
/// channels at a time, [KH, KW, rb, f] out of the tile's [KH, KW, C, f]:
/// KH * KW runs of rb * f floats, C * f floats apart. Those runs share
/// their cache sets (a 64 KiB stride for 512 channels: in L2 every run of
/// a block, and of the block being prefetched, lands in the same sets) and
/// the hardware prefetchers do not follow them. The tile's weights are
/// repacked once more, [F/f, C/rb, KH, KW, rb, f], so that each row block
/// is one contiguous run, the next block right after it. `conv` is the
/// conv of one row block, reading a slice of the channel-packed weights.
void packRowBlocks(RewriterBase &rewriter, linalg::LinalgOp conv,
                   int64_t rowBlock, PackedWeights &cache) {
  auto block = skipWholeSlices(conv.getDpsInputs()[1])
                   .getDefiningOp<tensor::ExtractSliceOp>();
  if (!block || !block.hasUnitStride())
    return;
  auto tile = skipWholeSlices(block.getSource())
                  .getDefiningOp<tensor::ExtractSliceOp>();
  if (!tile || !tile.hasUnitStride())
    return;
  auto packedTiles = tile.getSource().getDefiningOp<arith::ConstantOp>();
  auto packedType = dyn_cast<RankedTensorType>(tile.getSourceType());
  auto blockType = cast<RankedTensorType>(block.getResultType());
  // [F/f, KH, KW, C, f] -> [KH, KW, C, f] -> [KH, KW, rb, f]
  if (!packedTiles || !packedType || packedType.getRank() != 5 ||
      blockType.getRank() != 4 || block.getSourceType().getRank() != 4 ||
      blockType.getDimSize(2) != rowBlock)
    return;
  ArrayRef<int64_t> shape = packedType.getShape();
  int64_t tiles = shape[0], taps = shape[1] * shape[2], channels = shape[3],
          lanes = shape[4];
  if (channels % rowBlock != 0 || blockType.getDimSize(3) != lanes ||
      blockType.getDimSize(0) != shape[1] || blockType.getDimSize(1) != shape[2])
    return;
  // The block slices the input channels only.
  for (unsigned d : {0u, 1u, 3u})
    if (!isZeroInteger(block.getMixedOffsets()[d]))
      return;
  int64_t blocks = channels / rowBlock;
  auto type =
      RankedTensorType::get({tiles, blocks, shape[1], shape[2], rowBlock, lanes},
                            packedType.getElementType());
  Value constant = packedConstant(
      rewriter, cache, packedTiles.getResult(), rowBlock, type,
      [&](ArrayRef<float> data) {
        std::vector<float> packed(data.size());
        auto out = packed.begin();
        for (int64_t t = 0; t < tiles; ++t)
          for (int64_t q = 0; q < blocks; ++q)
            for (int64_t tap = 0; tap < taps; ++tap) {
              auto run = data.begin() +
                         ((t * taps + tap) * channels + q * rowBlock) * lanes;
              out = std::copy(run, run + rowBlock * lanes, out);
            }
        return packed;
      });
  if (!constant)
    return;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(block);
  Location loc = block.getLoc();
  Builder &b = rewriter;
  Value channel = getValueOrCreateConstantIndexOp(
      rewriter, loc, block.getMixedOffsets()[2]);
  Value blockIndex = arith::DivUIOp::create(
      rewriter, loc, channel,
      arith::ConstantIndexOp::create(rewriter, loc, rowBlock));
  SmallVector<OpFoldResult> offsets = {tile.getMixedOffsets()[0], blockIndex,
                                       b.getIndexAttr(0), b.getIndexAttr(0),
                                       b.getIndexAttr(0), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {
      b.getIndexAttr(1),        b.getIndexAttr(1),
      b.getIndexAttr(shape[1]), b.getIndexAttr(shape[2]),
      b.getIndexAttr(rowBlock), b.getIndexAttr(lanes)};
  SmallVector<OpFoldResult> strides(6, b.getIndexAttr(1));
  Value weights = tensor::ExtractSliceOp::create(
      rewriter, loc, blockType, constant, offsets, sizes, strides);
  rewriter.modifyOpInPlace(conv, [&] {
    conv.getDpsInputOperand(1)->set(weights);
  });
}

/// Whether `sizes` tile a conv's (n, oh, ow, f, kh, kw, c) loops in its
/// reduction only, its kernel rows (of more than one) one at a time: the
/// first loop tiling makes is then the kernel rows'.
bool tilesKernelRowsFirst(linalg::LinalgOp op, ArrayRef<int64_t> sizes) {
  if (!isa<linalg::Conv2DNhwcHwcfOp>(op.getOperation()) || sizes.size() != 7)
    return false;
  return llvm::all_of(sizes.take_front(4), [](int64_t s) { return s == 0; }) &&
         sizes[4] == 1 && op.getStaticLoopRanges()[4] > 1;
}

/// Tiles `op` with scf.for loops of `sizes` (0: untiled) and returns the
/// tiled op in the innermost loop. A conv's loop over its kernel rows runs
/// over those that reach the image (kernelRowsInside).
FailureOr<linalg::LinalgOp> tileWithLoops(RewriterBase &rewriter,
                                          linalg::LinalgOp op,
                                          ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(asIndexAttrs(op->getContext(), sizes));
  rewriter.setInsertionPoint(op);
  std::optional<resnet::KernelRows> rows;
  if (tilesKernelRowsFirst(op, sizes))
    rows = resnet::kernelRowsInside(rewriter, op);
  FailureOr<scf::SCFTilingResult> result = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), tiling);
  if (failed(result) || result->tiledOps.size() != 1)
    return failure();
  if (rows && !result->loops.empty())
    if (auto loop = dyn_cast<scf::ForOp>(result->loops.front().getOperation()))
      resnet::clipKernelRowLoop(loop, *rows);
  rewriter.replaceOp(op, result->replacements);
  return cast<linalg::LinalgOp>(result->tiledOps.front());
}

/// A row-blocked conv's tile outlives the registers: let it accumulate in
/// the layer's output tile (the epilogue then runs in place on it) rather
/// than in a temporary that bufferization would allocate per tile.
void accumulateInOutput(TiledLayer &layer) {
  auto epilogue =
      dyn_cast<linalg::GenericOp>(*layer.tiledAnchor->getUsers().begin());
  auto fill =
      layer.tiledAnchor.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!epilogue || !fill || !layer.tiledAnchor->hasOneUse())
    return;
  Value output = epilogue.getDpsInits()[0];
  if (output.getType() != fill.getResult(0).getType())
    return;
  if (Operation *def = output.getDefiningOp()) {
    if (def->getBlock() != fill->getBlock())
      return;
    if (fill->isBeforeInBlock(def)) {
      // Hoist the output slice above the fill when its operands allow.
      for (Value operand : def->getOperands())
        if (Operation *producer = operand.getDefiningOp())
          if (producer->getBlock() == fill->getBlock() &&
              !producer->isBeforeInBlock(fill))
            return;
      def->moveBefore(fill);
    }
  }
  fill.getOutputsMutable()[0].set(output);
}

/// The loops of a row-blocked conv tile: blocks of `channels` input
/// channels, then rows; returns the conv of one row and one block.
FailureOr<linalg::LinalgOp> rowBlock(RewriterBase &rewriter,
                                     linalg::LinalgOp conv, int64_t channels) {
  FailureOr<linalg::LinalgOp> chunk =
      tileWithLoops(rewriter, conv, {0, 0, 0, 0, 0, 0, channels});
  if (failed(chunk))
    return failure();
  return tileWithLoops(rewriter, *chunk, {0, 1, 0, 0, 0, 0, 0});
}

/// Operands of `op` that are slices covering their whole source (the
/// weights of a split op) read the source directly, so that the weights
/// stay recognisable as constants (and are packed per tile).
void dropWholeSlices(RewriterBase &rewriter, Operation *op) {
  for (OpOperand &operand : op->getOpOperands()) {
    auto slice = operand.get().getDefiningOp<tensor::ExtractSliceOp>();
    if (slice && slice.getSourceType() == slice.getResultType() &&
        slice.hasZeroOffset() && slice.hasUnitStride())
      rewriter.modifyOpInPlace(op, [&] { operand.set(slice.getSource()); });
  }
}

/// Cuts the columns (loop 2) of `row`, one row of a row-blocked conv tile,
/// into register tiles of at most `registerRows` columns as splitRows cuts
/// them: the wide tiles in one loop, then the narrower ones in another,
/// each tile of a static shape (so it vectorizes). Appends the convs of
/// one register tile each.
LogicalResult splitColumns(RewriterBase &rewriter, linalg::LinalgOp row,
                           int64_t registerRows,
                           SmallVectorImpl<linalg::LinalgOp> &tiles) {
  int64_t width = row.getStaticLoopRanges()[2];
  resnet::RowSplit split = resnet::splitRows(width, registerRows);
  auto loopOver = [&](linalg::LinalgOp part, int64_t count,
                      int64_t columns) -> LogicalResult {
    FailureOr<linalg::LinalgOp> tile = part;
    if (count > 1)
      tile = tileWithLoops(rewriter, part, {0, 0, columns, 0, 0, 0, 0});
    if (failed(tile))
      return failure();
    tiles.push_back(*tile);
    return success();
  };
  if (!split.peeled())
    return loopOver(row, split.wideTiles, split.wide);
  rewriter.setInsertionPoint(row);
  auto [wide, narrow] =
      linalg::splitOp(rewriter, cast<TilingInterface>(row.getOperation()),
                      /*dimension=*/2, rewriter.getIndexAttr(split.wideRows()));
  dropWholeSlices(rewriter, wide);
  dropWholeSlices(rewriter, narrow);
  if (failed(loopOver(cast<linalg::LinalgOp>(wide.getOperation()),
                      split.wideTiles, split.wide)))
    return failure();
  return loopOver(cast<linalg::LinalgOp>(narrow.getOperation()),
                  split.narrowTiles, split.wide - 1);
}

/// The block of reduction iterations summed into one set of fresh
/// accumulators, as tile sizes of `op`'s loops (0: not tiled), or an empty
/// vector when the whole reduction fits in one block. A conv's block
/// (n, oh, ow, f, kh, kw, c) is input channels of one filter tap, or whole
/// taps when the channels are fewer than `elements`; a (batch) matmul's is
/// a divisor of k. Block sizes are multiples of the reduction `steps`.
SmallVector<int64_t> accumulatorBlock(linalg::LinalgOp op,
                                      ArrayRef<int64_t> steps,
                                      int64_t elements) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> block(ranges.size(), 0);
  if (elements <= 0 || ShapedType::isDynamicShape(ranges))
    return {};
  auto step = [&](unsigned dim) -> int64_t {
    return steps.empty() || steps[dim] == 0 ? 1 : steps[dim];
  };
  // The largest multiple of `step` dividing `range` that is at most `bound`
  // (at least one step).
  auto divisor = [](int64_t range, int64_t step, int64_t bound) {
    int64_t best = step;
    for (int64_t d = step; d <= std::min(range, bound); d += step)
      if (range % d == 0)
        best = d;
    return best;
  };
  SmallVector<unsigned> dims;
  if (isa<linalg::Conv2DNhwcHwcfOp>(op.getOperation()))
    dims = {4, 5, 6};
  else if (isa<linalg::MatmulOp>(op.getOperation()))
    dims = {2};
  else if (isa<linalg::BatchMatmulOp>(op.getOperation()))
    dims = {3};
  else
    return {};
  int64_t total = 1;
  for (unsigned d : dims)
    total *= ranges[d];
  if (total <= elements)
    return {};
  // Innermost first: whole channel runs while they fit, then whole rows of
  // taps; the first dimension that does not fit is split.
  int64_t size = 1;
  bool split = false;
  for (unsigned d : llvm::reverse(dims)) {
    if (split) {
      block[d] = 1;
      continue;
    }
    if (size * ranges[d] <= elements) {
      block[d] = ranges[d];
      size *= ranges[d];
      continue;
    }
    block[d] =
        divisor(ranges[d], step(d), std::max<int64_t>(elements / size, 1));
    split = true;
  }
  return block;
}

/// Sums `part`'s reduction into fresh zero accumulators, then adds them to
/// its running sum (its init), which its result then replaces. Returns
/// `part`, now computing the fresh sum.
FailureOr<linalg::LinalgOp> sumIntoFreshAccumulators(RewriterBase &rewriter,
                                                     linalg::LinalgOp part) {
  if (part.getNumDpsInits() != 1 || part->getNumResults() != 1)
    return failure();
  Location loc = part.getLoc();
  Value running = part.getDpsInits()[0];
  auto type = cast<RankedTensorType>(running.getType());
  rewriter.setInsertionPoint(part);
  Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                        type.getElementType());
  Value zero = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(type.getElementType()));
  Value fresh =
      linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
  rewriter.modifyOpInPlace(part,
                           [&] { part.getDpsInitsMutable()[0].set(fresh); });
  rewriter.setInsertionPointAfter(part);
  int64_t rank = type.getRank();
  AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
  Value partial = part->getResult(0);
  auto sum = linalg::GenericOp::create(
      rewriter, loc, TypeRange{type}, ValueRange{partial}, ValueRange{running},
      ArrayRef<AffineMap>{identity, identity},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [](OpBuilder &b, Location loc, ValueRange args) {
        Value total = arith::AddFOp::create(b, loc, args[1], args[0]);
        linalg::YieldOp::create(b, loc, total);
      });
  rewriter.replaceAllUsesExcept(partial, sum->getResult(0), sum);
  return part;
}

/// Iterations of `op`'s reduction loops, all together.
int64_t reductionElements(linalg::LinalgOp op) {
  int64_t total = 1;
  for (auto [range, kind] : llvm::zip_equal(op.getStaticLoopRanges(),
                                            op.getIteratorTypesArray()))
    if (kind == utils::IteratorType::reduction)
      total *= range;
  return total;
}

/// Sums `op`'s reduction in blocks (accumulatorBlock): an scf.for nest over
/// the blocks whose body computes the block into fresh zero accumulators,
/// then adds them to the running sum, i.e. op's init (zeros, or a conv
/// chained onto another). In float32, one accumulator over n terms of
/// similar size gathers a rounding error growing like sqrt(n) times the
/// sum's size; blocks of b cut that to sqrt(b) + sqrt(n / b): 3-6x less on
/// ResNet's 576-4608-long convolutions and the 2048-long classifier, and
/// most of Winograd F(4x4)'s error, whose output transform amplifies the
/// products' accumulation error. After vectorization the running sums stay
/// in registers or spill around the block's loop; the block costs one add
/// per accumulator. Returns the op computing one block.
FailureOr<linalg::LinalgOp> blockAccumulators(RewriterBase &rewriter,
                                              linalg::LinalgOp op,
                                              ArrayRef<int64_t> steps,
                                              int64_t elements) {
  SmallVector<int64_t> block = accumulatorBlock(op, steps, elements);
  if (block.empty())
    return op;
  FailureOr<linalg::LinalgOp> inner = tileWithLoops(rewriter, op, block);
  if (failed(inner))
    return failure();
  return sumIntoFreshAccumulators(rewriter, *inner);
}

/// A configuration must fit its op before anything is rewritten: a
/// reduction step per loop, a row block only on convs whose channels it
/// divides (tile sizes against the shape are checked by the verifier).
LogicalResult checkConfig(linalg::LinalgOp anchor, TileAttr config) {
  size_t loops = anchor.getNumLoops();
  if (!config.getReduction().empty() && config.getReduction().size() != loops)
    return anchor.emitError("resnet-tile: ")
           << config << " has " << config.getReduction().size()
           << " reduction steps for an op with " << loops << " loops";
  if (config.getWinograd() != 0)
    return anchor.emitError("resnet-tile: ")
           << config << " asks for Winograd: run --resnet-winograd first";
  if (int64_t block = config.getRowBlock()) {
    auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(anchor.getOperation());
    int64_t channels = conv ? anchor.getStaticLoopRanges()[6] : 0;
    if (!conv || channels % block != 0)
      return anchor.emitError("resnet-tile: row_block ")
             << block << " needs a conv whose input channels it divides";
  }
  return success();
}

/// Tiles one layer: the root's forall with the anchors fused, weights
/// packed, row blocks, reduction loops.
FailureOr<scf::ForallOp> tileOneLayer(RewriterBase &rewriter, Operation *root,
                                      ArrayRef<linalg::LinalgOp> anchors,
                                      PackedWeights &packed,
                                      int64_t accumulatorElements) {
  auto config = anchors.front()->getAttrOfType<TileAttr>(TileAttr::kName);
  // The reduction steps belong to each anchor; read them before the
  // anchors are replaced by their tiled clones.
  llvm::DenseMap<Operation *, SmallVector<int64_t>> reductions;
  llvm::DenseSet<Operation *> fusable;
  for (linalg::LinalgOp anchor : anchors) {
    auto own = anchor->getAttrOfType<TileAttr>(TileAttr::kName);
    if (failed(checkConfig(anchor, own)))
      return failure();
    fusable.insert(anchor);
  }
  FailureOr<TiledLayer> layer = tileLayer(rewriter, root, config, fusable);
  if (failed(layer) || !layer->tiledAnchor)
    return emitError(root->getLoc(),
                     "resnet-tile: cannot tile and fuse this layer"),
           failure();
  layer->forall->setAttr(TileAttr::kName, config);
  SmallVector<linalg::LinalgOp> tiledAnchors;
  layer->forall.walk([&](linalg::LinalgOp op) {
    if (auto own = op->getAttrOfType<TileAttr>(TileAttr::kName)) {
      reductions[op] = SmallVector<int64_t>(own.getReduction());
      op->removeAttr(TileAttr::kName);
      tiledAnchors.push_back(op);
    }
  });
  for (linalg::LinalgOp anchor : tiledAnchors)
    if (isa<linalg::Conv2DNhwcHwcfOp, linalg::MatmulOp,
            linalg::BatchMatmulOp>(*anchor))
      packWeights(rewriter, anchor, packed);
  int64_t block = config.getRowBlock();
  if (block && root != static_cast<Operation *>(anchors.front()))
    accumulateInOutput(*layer);
  for (linalg::LinalgOp anchor : tiledAnchors) {
    SmallVector<int64_t> steps = reductions.lookup(anchor);
    SmallVector<linalg::LinalgOp> parts;
    if (block) {
      int64_t elements = reductionElements(anchor);
      FailureOr<linalg::LinalgOp> row = rowBlock(rewriter, anchor, block);
      if (failed(row))
        return emitError(root->getLoc(),
                         "resnet-tile: cannot row-block this layer"),
               failure();
      packRowBlocks(rewriter, *row, block, packed);
      SmallVector<linalg::LinalgOp> registerTiles;
      if (config.getRegisterRows() == 0)
        registerTiles.push_back(*row);
      else if (failed(splitColumns(rewriter, *row, config.getRegisterRows(),
                                   registerTiles)))
        return emitError(root->getLoc(),
                         "resnet-tile: cannot cut the rows in register tiles"),
               failure();
      // The row block is the accumulator block: its running sum is the
      // output tile in memory, so each block already costs a load and an
      // add per accumulator. Smaller blocks within it would keep a second
      // set of running sums beside the fresh ones, more than the register
      // file holds next to a 14-accumulator tile (a 7 x 2-vector 3x3
      // kernel at 7x7 spilled them at every filter tap). A row block of b
      // elements out of n sums with an error like sqrt(b) + sqrt(n / b),
      // near the accumulator block's at ResNet's sizes (21 against 18 for
      // the 3x3 512 -> 512: b 288 or 32 of n 4608).
      for (linalg::LinalgOp registerTile : registerTiles) {
        FailureOr<linalg::LinalgOp> part = registerTile;
        if (accumulatorElements > 0 && elements > accumulatorElements)
          part = sumIntoFreshAccumulators(rewriter, registerTile);
        if (failed(part))
          return emitError(root->getLoc(),
                           "resnet-tile: cannot block the accumulators"),
                 failure();
        parts.push_back(*part);
      }
    } else {
      FailureOr<linalg::LinalgOp> part =
          blockAccumulators(rewriter, anchor, steps, accumulatorElements);
      if (failed(part))
        return emitError(root->getLoc(),
                         "resnet-tile: cannot block the accumulators"),
               failure();
      parts.push_back(*part);
    }
    for (linalg::LinalgOp inner : parts)
      if (!steps.empty() && failed(tileWithLoops(rewriter, inner, steps)))
        return emitError(root->getLoc(),
                         "resnet-tile: cannot tile the reductions"),
               failure();
  }
  return layer->forall;
}

/// A part peeled off a layer's channels reads a slice of the weights (its
/// output channels): that slice of a constant becomes a constant of its
/// own, which the tile's packing reads like any layer's weights (and the
/// whole constant, no longer used, is dropped).
void sliceConstantWeights(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (op.getNumDpsInputs() < 2)
    return;
  OpOperand *weights = op.getDpsInputOperand(1);
  auto slice = weights->get().getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice || !slice.hasUnitStride() ||
      ShapedType::isDynamicShape(slice.getStaticOffsets()) ||
      !slice.getSource().getDefiningOp<arith::ConstantOp>())
    return;
  SmallVector<float> storage;
  std::optional<ArrayRef<float>> data =
      resnet::getConstantF32Data(slice.getSource(), storage);
  if (!data)
    return;
  ArrayRef<int64_t> full = slice.getSourceType().getShape();
  RankedTensorType type = slice.getResultType();
  ArrayRef<int64_t> offsets = slice.getStaticOffsets();
  int64_t rank = type.getRank();
  std::vector<float> values;
  values.reserve(type.getNumElements());
  // Row-major walk of the slice's elements.
  SmallVector<int64_t> index(rank, 0);
  for (int64_t n = 0; n < type.getNumElements(); ++n) {
    int64_t flat = 0;
    for (int64_t d = 0; d < rank; ++d)
      flat = flat * full[d] + offsets[d] + index[d];
    values.push_back((*data)[flat]);
    for (int64_t d = rank - 1; d >= 0 && ++index[d] == type.getDimSize(d); --d)
      index[d] = 0;
  }
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(slice);
  Value constant = arith::ConstantOp::create(
      rewriter, slice.getLoc(),
      cast<TypedAttr>(resnet::makeF32Attr(type, values, "weights_part")));
  rewriter.modifyOpInPlace(op, [&] { weights->set(constant); });
}

/// A peeled part's accumulator, a slice of the whole layer's fill (zeros,
/// or -inf for max pooling), becomes a fill of the slice: tiling then
/// fuses it, each tile starting from initialized registers, where the
/// whole fill would be written to memory first and read back by every
/// tile (an output larger than L2 then round-trips through L3 once more).
/// The main part slices the fill; the remainder slices the main part's
/// insert into it, at rows the main part does not write.
void fillOnlyThePart(RewriterBase &rewriter, linalg::LinalgOp part,
                     Operation *main) {
  for (OpOperand &init : part.getDpsInitsMutable()) {
    auto slice = init.get().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice)
      continue;
    rewriter.setInsertionPoint(part);
    Value destination = slice;
    auto fill = slice.getSource().getDefiningOp<linalg::FillOp>();
    if (fill) {
      destination = tensor::ExtractSliceOp::create(
          rewriter, slice.getLoc(), fill.getOutputs()[0],
          slice.getMixedOffsets(), slice.getMixedSizes(),
          slice.getMixedStrides());
    } else if (auto insert =
                   slice.getSource().getDefiningOp<tensor::InsertSliceOp>()) {
      if (insert.getSource().getDefiningOp() == main)
        fill = insert.getDest().getDefiningOp<linalg::FillOp>();
    }
    if (!fill)
      continue;
    Value filled = linalg::FillOp::create(rewriter, fill.getLoc(),
                                          fill.getInputs(), destination)
                       .getResult(0);
    rewriter.modifyOpInPlace(part, [&] { init.set(filled); });
  }
}

/// Gives the root a tensor.empty of its own as destination (through its
/// fill when the root is the anchor; `fill` is then that new fill). After
/// CSE, same-shaped layers share one tensor.empty: the parts' inserts into
/// a shared one would conflict with the other layers' uses and be
/// bufferized as copies of each part into a new buffer, where the parts of
/// an own one write the layer's output in place.
void giveOwnDestination(RewriterBase &rewriter, Operation *root,
                        linalg::FillOp &fill) {
  auto op = cast<DestinationStyleOpInterface>(root);
  if (op.getNumDpsInits() != 1)
    return;
  OpOperand &init = op.getDpsInitsMutable()[0];
  Value empty = fill && fill.getResult(0) == init.get() ? fill.getOutputs()[0]
                                                        : init.get();
  if (!empty.getDefiningOp<tensor::EmptyOp>())
    return;
  auto type = cast<RankedTensorType>(empty.getType());
  Value own = tensor::EmptyOp::create(rewriter, root->getLoc(),
                                      type.getShape(), type.getElementType());
  if (empty == init.get()) {
    rewriter.modifyOpInPlace(root, [&] { init.set(own); });
    return;
  }
  fill = linalg::FillOp::create(rewriter, fill.getLoc(), fill.getInputs(), own);
  rewriter.modifyOpInPlace(root, [&] { init.set(fill.getResult(0)); });
}

/// `config` with the tile of dimension `dim` replaced by `size`.
TileAttr withTile(TileAttr config, int64_t dim, int64_t size) {
  SmallVector<int64_t> tiles(config.getTiles());
  tiles[dim] = size;
  return TileAttr::get(config.getContext(), tiles, config.getReduction(),
                       config.getInterchange(), config.getRowBlock(),
                       config.getFusedEpilogue(), config.getWinograd(),
                       config.getParallel(), config.getPrefetchWeights(),
                       config.getPrefetchSpread(), config.getRuntimeFilter(),
                       config.getParallelBlocks(), config.getPrefetchInput(),
                       config.getRegisterRows(), config.getFilterBlock());
}

/// A layer whose tile of dimension `fromEnd` from the last (1: the rows
/// next to the channels, 0: the channels) does not divide it becomes two
/// layers, over [0, M) and [M, S) of it, each with a tile that divides it:
/// every tile keeps a static shape (so it vectorizes). Rows are cut as
/// splitRows says (the wide tiles, then the tiles one row narrower, so that
/// no register tile is short of accumulators; where tiles of one size
/// divide the rows, the tile becomes that size and nothing is peeled);
/// channels into the largest multiple M of the tile and the remaining
/// channels. The epilogue is split; each part computes its own slice of
/// the anchor.
LogicalResult peelRemainder(RewriterBase &rewriter, Operation *root,
                            ArrayRef<linalg::LinalgOp> anchors,
                            int64_t fromEnd) {
  linalg::LinalgOp anchor = anchors.front();
  auto config = anchor->getAttrOfType<TileAttr>(TileAttr::kName);
  auto shape = cast<RankedTensorType>(root->getResult(0).getType()).getShape();
  int64_t dim = static_cast<int64_t>(shape.size()) - 1 - fromEnd;
  if (dim < 0 || config.getTiles().size() != shape.size() ||
      shape[dim] % config.getTiles()[dim] == 0)
    return success();
  int64_t rows = shape[dim], tile = config.getTiles()[dim];
  int64_t split = rows - rows % tile, restTile = rows - split;
  if (fromEnd == 1) {
    resnet::RowSplit rowSplit = resnet::splitRows(rows, tile);
    if (!rowSplit.peeled()) {
      for (linalg::LinalgOp op : anchors)
        op->setAttr(TileAttr::kName,
                    withTile(op->getAttrOfType<TileAttr>(TileAttr::kName),
                             dim, rowSplit.wide));
      return success();
    }
    config = withTile(config, dim, rowSplit.wide);
    split = rowSplit.wideRows();
    restTile = rowSplit.wide - 1;
  }
  if (anchors.size() != 1)
    return root->emitError("resnet-tile: a peeled remainder needs a layer of "
                           "one op");
  LLVM_DEBUG(llvm::dbgs() << "peeling [" << split << ", " << rows
                          << ") of dimension " << dim << " of "
                          << root->getLoc() << "\n");
  // The whole layer's fill, replaced by each part's (read before the split,
  // which replaces a root that is the anchor).
  linalg::FillOp fill =
      anchor.getNumDpsInits() == 1
          ? anchor.getDpsInits()[0].getDefiningOp<linalg::FillOp>()
          : linalg::FillOp();
  rewriter.setInsertionPoint(root);
  giveOwnDestination(rewriter, root, fill);
  auto [main, rest] =
      linalg::splitOp(rewriter, cast<TilingInterface>(root), dim,
                      rewriter.getIndexAttr(split));
  TileAttr restConfig = withTile(config, dim, restTile);
  for (auto [part, partConfig] :
       {std::make_pair(main.getOperation(), config),
        std::make_pair(rest.getOperation(), restConfig)}) {
    Operation *partAnchor = part;
    if (root != anchor.getOperation()) {
      // The part reads a slice of the anchor's result: compute just that.
      tensor::ExtractSliceOp slice;
      for (Value operand : part->getOperands())
        if (auto s = operand.getDefiningOp<tensor::ExtractSliceOp>())
          if (s.getSource() == anchor->getResult(0))
            slice = s;
      if (!slice)
        return root->emitError("resnet-tile: cannot peel this layer");
      rewriter.setInsertionPoint(slice);
      FailureOr<TilingResult> tiled = tensor::replaceExtractSliceWithTiledProducer(
          rewriter, slice, cast<OpResult>(anchor->getResult(0)));
      if (failed(tiled) || tiled->tiledOps.empty())
        return root->emitError("resnet-tile: cannot peel this layer");
      rewriter.replaceOp(slice, tiled->tiledValues.front());
      partAnchor = tiled->tiledOps.front();
    }
    dropWholeSlices(rewriter, partAnchor);
    if (fromEnd == 0)
      sliceConstantWeights(rewriter, cast<linalg::LinalgOp>(partAnchor));
    fillOnlyThePart(rewriter, cast<linalg::LinalgOp>(partAnchor), main);
    partAnchor->setAttr(TileAttr::kName, partConfig);
  }
  // The parts write every element: the main part's insert needs the
  // layer's output buffer, not its fill.
  for (OpOperand &use : llvm::make_early_inc_range(main->getUses()))
    if (auto insert = dyn_cast<tensor::InsertSliceOp>(use.getOwner()))
      if (auto whole = insert.getDest().getDefiningOp<linalg::FillOp>())
        rewriter.modifyOpInPlace(insert, [&] {
          insert.getDestMutable().set(whole.getOutputs()[0]);
        });
  if (root != anchor.getOperation() && anchor->use_empty())
    rewriter.eraseOp(anchor);
  if (fill && fill->use_empty())
    rewriter.eraseOp(fill);
  return success();
}

struct TilePass : public resnet::impl::TileBase<TilePass> {
  using TileBase::TileBase;

  void runOnOperation() override {
    auto configOf = [](linalg::LinalgOp op) {
      return op->getAttrOfType<TileAttr>(TileAttr::kName);
    };
    auto collect = [&] {
      return resnet::collectLayers(
          getOperation(),
          [&](linalg::LinalgOp op) { return static_cast<bool>(configOf(op)); },
          [&](linalg::LinalgOp op) {
            return configOf(op).getFusedEpilogue();
          });
    };
    IRRewriter rewriter(&getContext());
    // Channels first: each part then peels its rows.
    for (int64_t fromEnd : {0, 1})
      for (auto &[root, anchors] : collect())
        if (failed(peelRemainder(rewriter, root, anchors, fromEnd)))
          return signalPassFailure();
    PackedWeights packed;
    for (auto &[root, anchors] : collect()) {
      LLVM_DEBUG(llvm::dbgs() << "tiling " << *root << "\n  with "
                              << configOf(anchors.front()) << "\n");
      if (failed(tileOneLayer(rewriter, root, anchors, packed,
                              accumulatorBlock)))
        return signalPassFailure();
    }
  }
};
} // namespace
