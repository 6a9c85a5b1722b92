//===- Tile.cpp - register tiling and vectorization of CPU layers ---------===//
//
// Turns every convolution, pool and matmul (linalg on tensors, NHWC / HWCF)
// into a register-tiled, vectorized loop nest:
//
//  1. The layer's root (the elementwise epilogue that consumes the conv /
//     pool / matmul, else the op itself) is tiled over its parallel output
//     dimensions with scf.forall, and the conv and its linalg.fill are fused
//     into each tile: bias, residual and ReLU run on the accumulators, in
//     the same loop nest. Tiles [N=1, OH=1, OW=ow, F=f] are chosen per layer
//     from the shape and the vector width: f = 2 vectors when it divides F,
//     ow the largest divisor of OW that keeps ow * f / width accumulators in
//     registers. Tiles always divide the shape: no partial tiles, so every
//     tile has a static shape and vectorizes.
//  2. Constant conv weights are repacked per channel tile, [F/f, KH, KW,
//     C, f], so a tile streams one contiguous block. The reductions are
//     tiled with scf.for: [KH=1, KW=1, C=c] for convs, [KH=1] for pools,
//     [K=k] for matmuls.
//  3. The 2-D conv / pool with unit OH and KH becomes a 1-D one (without it
//     the vectorizer gives up), every linalg op in the tile is vectorized,
//     the accumulators are hoisted out of the reduction loops (on tensors:
//     after bufferization the alias analysis refuses subviews).
//
// Ops that cannot be tiled this way (grouped convs) keep their naive loops;
// a remark says so. Each tiled layer's forall carries a `resnet.tile`
// dictionary (op, tile sizes, reduction tiles, whether it is worth threads)
// for reports and the later lowering.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_TILE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// The most input-channel / k elements one reduction step handles: the
/// step unrolls into this many broadcast + FMA rounds.
constexpr int64_t kReductionTile = 8;

/// Layers with fewer multiply-adds than this run on one thread: a fork/join
/// costs microseconds, as much as such a layer.
constexpr int64_t kMinParallelWork = int64_t(1) << 20;

/// Register-level parameters of the target.
struct RegisterBudget {
  int64_t vectorWidth;  // f32 lanes per vector register
  int64_t accumulators; // vector registers the output tile may hold
};

RegisterBudget budgetFor(int64_t vectorWidth) {
  // AVX-512 has 32 vector registers, AVX2/SSE 16: keep room for the
  // weight vectors and the broadcast input.
  return {vectorWidth, vectorWidth >= 16 ? 16 : 12};
}

int64_t largestDivisorAtMost(int64_t n, int64_t bound) {
  for (int64_t d = std::min(n, bound); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Tile of the dimension next to the channel: as many rows as registers
/// allow, dividing the size.
int64_t rowTile(int64_t size, int64_t channelTileSize,
                const RegisterBudget &budget) {
  int64_t vectorsPerRow =
      (channelTileSize + budget.vectorWidth - 1) / budget.vectorWidth;
  return largestDivisorAtMost(size,
                              std::max<int64_t>(1, budget.accumulators /
                                                       vectorsPerRow));
}

/// The ops this pass tiles (named ops from --resnet-to-linalg).
bool isAnchor(Operation *op) {
  return isa<linalg::Conv2DNhwcHwcfOp, linalg::PoolingNhwcMaxOp,
             linalg::PoolingNhwcSumOp, linalg::MatmulOp,
             linalg::BatchMatmulOp>(op);
}

/// An all-parallel generic with identity output map over the anchor's
/// output space: an epilogue that can share the anchor's tiles.
bool isEpilogueOf(linalg::GenericOp generic, linalg::LinalgOp anchor) {
  if (!generic.hasPureTensorSemantics() || generic.getNumDpsInits() != 1 ||
      generic.getNumReductionLoops() != 0 ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity())
    return false;
  auto anchorType = cast<RankedTensorType>(anchor->getResult(0).getType());
  return generic.getResult(0).getType() == anchorType;
}

/// The root that the anchor's layer is tiled from: its epilogue when it has
/// exactly one user that is one, else the anchor.
Operation *rootOf(linalg::LinalgOp anchor) {
  Value result = anchor->getResult(0);
  if (!result.hasOneUse())
    return anchor;
  auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (generic && isEpilogueOf(generic, anchor))
    return generic;
  return anchor;
}

/// Parallel tile sizes over an NHWC or [M, N] output: of the channel tiles
/// (two vectors, one vector, else the largest divisor up to two vectors),
/// the one whose register tile holds the most outputs.
SmallVector<int64_t> outputTiles(ArrayRef<int64_t> shape,
                                 const RegisterBudget &budget) {
  int64_t rank = shape.size();
  int64_t channels = shape[rank - 1];
  SmallVector<int64_t> candidates;
  for (int64_t tile : {2 * budget.vectorWidth, budget.vectorWidth})
    if (channels % tile == 0)
      candidates.push_back(tile);
  if (candidates.empty())
    candidates.push_back(largestDivisorAtMost(channels, 2 * budget.vectorWidth));
  SmallVector<int64_t> best;
  for (int64_t channelTileSize : candidates) {
    SmallVector<int64_t> tiles(rank, 1);
    tiles[rank - 1] = channelTileSize;
    if (rank >= 2)
      tiles[rank - 2] = rowTile(shape[rank - 2], channelTileSize, budget);
    auto outputs = [&](ArrayRef<int64_t> t) {
      return t[rank - 1] * (rank >= 2 ? t[rank - 2] : 1);
    };
    if (best.empty() || outputs(tiles) > outputs(best))
      best = tiles;
  }
  return best;
}

/// Reduction tile sizes of a tiled anchor (0: untiled loop).
SmallVector<int64_t> reductionTiles(linalg::LinalgOp anchor) {
  SmallVector<int64_t> ranges = anchor.getStaticLoopRanges();
  SmallVector<int64_t> tiles(ranges.size(), 0);
  if (isa<linalg::Conv2DNhwcHwcfOp>(anchor)) {
    // (n, oh, ow, f, kh, kw, c)
    tiles[4] = 1;
    tiles[5] = 1;
    tiles[6] = largestDivisorAtMost(ranges[6], kReductionTile);
  } else if (isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(anchor)) {
    // (n, oh, ow, c, kh, kw)
    tiles[4] = 1;
  } else if (isa<linalg::MatmulOp>(anchor)) {
    // (m, n, k)
    tiles[2] = largestDivisorAtMost(ranges[2], kReductionTile);
  } else if (isa<linalg::BatchMatmulOp>(anchor)) {
    // (b, m, n, k): Winograd's products, one per transform point
    tiles[3] = largestDivisorAtMost(ranges[3], kReductionTile);
  }
  return tiles;
}

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

/// Step 1: tile the root over its output with scf.forall and fuse the
/// anchor(s) and fills into the tile. `channelsOutermost` sweeps the image
/// once per block of output channels (one block of weights stays in cache:
/// for layers whose weights do not fit); otherwise the channel blocks are
/// innermost, so that the input tile is reused from L1 across them.
FailureOr<TiledLayer> tileLayer(RewriterBase &rewriter, Operation *root,
                                ArrayRef<int64_t> tiles,
                                const llvm::DenseSet<Operation *> &fusable,
                                bool channelsOutermost) {
  scf::SCFTilingOptions tiling;
  tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  tiling.setTileSizes(asIndexAttrs(root->getContext(), tiles));
  if (isa<linalg::BatchMatmulOp>(root)) {
    // (batch, channel block, row block): the rows sweep one block of the
    // batch's weights, kept in L1.
    tiling.setInterchange({0, 2, 1});
  } else if (channelsOutermost) {
    SmallVector<int64_t> order = {static_cast<int64_t>(tiles.size()) - 1};
    for (int64_t d = 0; d + 1 < static_cast<int64_t>(tiles.size()); ++d)
      order.push_back(d);
    tiling.setInterchange(order);
  }
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
    if (isAnchor(op))
      layer.tiledAnchor = cast<linalg::LinalgOp>(op);
  return layer;
}

/// Step 1b: a tile reads a [KH, KW, C, f] block of the HWCF weights (a
/// [K, f] block of a matmul's [K, N] right operand, a [1, K, f] block of a
/// batch matmul's [B, K, N]): rows of f floats, F floats apart, that
/// hardware prefetchers follow poorly (the late layers' weights do not fit
/// in cache). A constant operand is
/// repacked at compile time with its last dimension blocked outermost,
/// [F/f, ..., f], so that each tile's weights are one contiguous block.
void packWeights(RewriterBase &rewriter, linalg::LinalgOp op) {
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
  SmallVector<float> storage;
  std::optional<ArrayRef<float>> data =
      resnet::getConstantF32Data(slice.getSource(), storage);
  if (!data)
    return;
  int64_t rows = full.getNumElements() / channels;
  std::vector<float> packed(data->size());
  for (int64_t b = 0; b < channels / block; ++b)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < block; ++j)
        packed[(b * rows + r) * block + j] = (*data)[r * channels + b * block + j];
  SmallVector<int64_t> packedShape = {channels / block};
  llvm::append_range(packedShape, fullRows);
  packedShape.push_back(block);
  auto packedType = RankedTensorType::get(packedShape, full.getElementType());
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(slice.getSource().getDefiningOp());
  Location loc = slice.getLoc();
  Value constant = arith::ConstantOp::create(
      rewriter, loc,
      cast<TypedAttr>(resnet::makeF32Attr(packedType, packed, "conv_packed")));
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

/// Tiles `op` with scf.for loops of `sizes` (0: untiled) and returns the
/// tiled op in the innermost loop.
FailureOr<linalg::LinalgOp> tileWithLoops(RewriterBase &rewriter,
                                          linalg::LinalgOp op,
                                          ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(asIndexAttrs(op->getContext(), sizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> result = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), tiling);
  if (failed(result) || result->tiledOps.size() != 1)
    return failure();
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

/// Most bytes of weights in one reduction block of a row-blocked conv.
constexpr int64_t kL1WeightBytes = 40 * 1024;
/// Convs whose weights per output-channel tile exceed this are row-blocked.
constexpr int64_t kRowBlockMinWeightBytes = 64 * 1024;
/// ... when their full-height output tile is at most this (late layers).
constexpr int64_t kRowBlockMaxTileBytes = 8 * 1024;

/// Input channels per reduction block of a row-blocked conv (its weights,
/// KH x KW x c x f floats, within kL1WeightBytes); 0 when the conv's
/// weights per channel tile are small enough not to need blocking.
int64_t rowBlockChannels(linalg::LinalgOp anchor, int64_t channelTile) {
  auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(anchor.getOperation());
  if (!conv)
    return 0;
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t window = filter.getDimSize(0) * filter.getDimSize(1);
  int64_t channels = filter.getDimSize(2);
  if (window * channels * channelTile * 4 <= kRowBlockMinWeightBytes)
    return 0;
  int64_t bound = kL1WeightBytes / (window * channelTile * 4);
  for (int64_t c = bound - bound % kReductionTile; c >= kReductionTile;
       c -= kReductionTile)
    if (channels % c == 0)
      return c;
  return 0;
}

/// Row blocking: for a conv whose weights per channel tile do not fit in
/// L1, a tile spans the whole output height and its reduction is cut in
/// blocks of input channels whose weights stay in L1 while the rows'
/// register tiles sweep them (else every row streams all the weights from
/// L2 again). Only for one conv per layer, NHWC outputs whose full-height
/// tile fits in L1 next to the weights' block (the late layers).
bool wantsRowBlocking(const llvm::DenseSet<Operation *> &fusable,
                      ArrayRef<int64_t> shape, ArrayRef<int64_t> tiles) {
  if (shape.size() != 4 || fusable.size() != 1 ||
      !rowBlockChannels(cast<linalg::LinalgOp>(*fusable.begin()),
                        tiles.back()))
    return false;
  return shape[1] * tiles[2] * tiles[3] * 4 <= kRowBlockMaxTileBytes;
}

/// The loops of a row-blocked conv tile: reduction blocks, then rows;
/// returns the conv of one row and one block.
FailureOr<linalg::LinalgOp> rowBlock(RewriterBase &rewriter,
                                     linalg::LinalgOp conv,
                                     int64_t channelTile) {
  int64_t block = rowBlockChannels(conv, channelTile);
  FailureOr<linalg::LinalgOp> chunk =
      tileWithLoops(rewriter, conv, {0, 0, 0, 0, 0, 0, block});
  if (failed(chunk))
    return failure();
  return tileWithLoops(rewriter, *chunk, {0, 1, 0, 0, 0, 0, 0});
}

/// Step 2: tile the anchor's reductions with scf.for.
LogicalResult tileReductions(RewriterBase &rewriter, linalg::LinalgOp anchor,
                             ArrayRef<int64_t> tiles) {
  return success(succeeded(tileWithLoops(rewriter, anchor, tiles)));
}

/// Step 3a: 2-D convs and pools with unit OH and KH become 1-D.
LogicalResult decompose(Operation *scope) {
  RewritePatternSet patterns(scope->getContext());
  linalg::populateDecomposeConvolutionPatterns(patterns);
  return applyPatternsGreedily(scope, std::move(patterns));
}

/// Step 3b: vectorize every linalg op in the layer's tiles.
LogicalResult vectorizeTiles(RewriterBase &rewriter, scf::ForallOp forall) {
  SmallVector<linalg::LinalgOp> ops;
  forall.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
  for (linalg::LinalgOp op : ops) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> result =
        linalg::vectorize(rewriter, op);
    if (failed(result))
      return op.emitError("resnet-tile: cannot vectorize this tile"),
             failure();
    if (op->getNumResults())
      rewriter.replaceOp(op, result->replacements);
    else
      rewriter.eraseOp(op);
  }
  return success();
}

LogicalResult canonicalize(Operation *scope) {
  MLIRContext *ctx = scope->getContext();
  RewritePatternSet canonical(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(canonical);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(canonical, ctx);
  return applyPatternsGreedily(scope, std::move(canonical));
}

/// Step 3c: cleanups after vectorization. Canonicalization runs in its own
/// greedy driver: mixed with vector lowering patterns it may not converge.
LogicalResult cleanUpVectors(Operation *scope) {
  MLIRContext *ctx = scope->getContext();
  RewritePatternSet patterns(ctx);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateSinkVectorOpsPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
  if (failed(applyPatternsGreedily(scope, std::move(patterns))))
    return failure();
  return canonicalize(scope);
}

/// Step 3e, after hoisting: conv accumulators are 3-D vectors, epilogue
/// tiles 4-D; with the unit dims gone the epilogue reads the accumulators
/// straight from registers (the write/read pair folds).
LogicalResult dropUnitDims(Operation *scope) {
  MLIRContext *ctx = scope->getContext();
  RewritePatternSet patterns(ctx);
  vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
  if (failed(applyPatternsGreedily(scope, std::move(patterns))))
    return failure();
  return canonicalize(scope);
}

/// Step 3d: keep the accumulators in registers across the reduction loops.
void hoistAccumulators(RewriterBase &rewriter, scf::ForallOp forall) {
  SmallVector<scf::ForOp> loops;
  // Post-order: inner loops first, so subsets climb loop by loop.
  forall.walk([&](scf::ForOp loop) { loops.push_back(loop); });
  for (scf::ForOp loop : loops)
    hoistLoopInvariantSubsets(rewriter,
                              cast<LoopLikeOpInterface>(loop.getOperation()));
}

/// Bytes of weights one output tile reads over its reduction: the conv's
/// filter, the matmul's right operand, one batch of a batch matmul's.
int64_t weightBytesPerBatch(linalg::LinalgOp anchor) {
  if (!isa<linalg::Conv2DNhwcHwcfOp, linalg::MatmulOp, linalg::BatchMatmulOp>(
          anchor.getOperation()))
    return 0;
  auto type = cast<RankedTensorType>(anchor.getDpsInputs()[1].getType());
  int64_t bytes = type.getNumElements() * 4;
  if (isa<linalg::BatchMatmulOp>(anchor.getOperation()))
    bytes /= type.getDimSize(0);
  return bytes;
}

/// Multiply-adds (or window steps) of an anchor: the product of its loop
/// ranges.
int64_t workOf(linalg::LinalgOp anchor) {
  int64_t work = 1;
  for (int64_t range : anchor.getStaticLoopRanges())
    work *= range;
  return work;
}

DictionaryAttr describeTiles(Builder &b, linalg::LinalgOp anchor,
                             ArrayRef<int64_t> tiles,
                             ArrayRef<int64_t> reduction, bool fused,
                             bool parallel) {
  return b.getDictionaryAttr({
      b.getNamedAttr("parallel", b.getBoolAttr(parallel)),
      b.getNamedAttr("op", b.getStringAttr(anchor->getName().stripDialect())),
      b.getNamedAttr("tiles", b.getDenseI64ArrayAttr(tiles)),
      b.getNamedAttr("reduction_tiles", b.getDenseI64ArrayAttr(reduction)),
      b.getNamedAttr("fused_epilogue", b.getBoolAttr(fused)),
  });
}

struct TilePass : public resnet::impl::TileBase<TilePass> {
  using TileBase::TileBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (vectorWidth != 4 && vectorWidth != 8 && vectorWidth != 16) {
      func.emitError() << "resnet-tile: vector-width must be 4, 8 or 16 "
                          "(f32 lanes), got "
                       << static_cast<int64_t>(vectorWidth);
      return signalPassFailure();
    }
    RegisterBudget budget = budgetFor(vectorWidth);

    // Each root with the anchors that it may fuse.
    llvm::MapVector<Operation *, llvm::DenseSet<Operation *>> roots;
    func.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::Conv2DNhwgcGfhwcOp>(op)) {
        op.emitRemark("resnet-tile: grouped convolution left untiled "
                      "(naive loops)");
        return;
      }
      if (!isAnchor(op) || !op.hasPureTensorSemantics() ||
          op.hasDynamicShape())
        return;
      Operation *root = rootOf(op);
      roots[root].insert(op);
    });

    IRRewriter rewriter(&getContext());
    SmallVector<scf::ForallOp> foralls;
    for (auto &[root, fusable] : roots) {
      int64_t work = 0;
      for (Operation *anchor : fusable)
        work += workOf(cast<linalg::LinalgOp>(anchor));
      auto shape =
          cast<RankedTensorType>(root->getResult(0).getType()).getShape();
      SmallVector<int64_t> tiles = outputTiles(shape, budget);
      Location loc = root->getLoc();
      int64_t weightBytes = 0;
      for (Operation *anchor : fusable)
        weightBytes += weightBytesPerBatch(cast<linalg::LinalgOp>(anchor));
      bool channelsOutermost = weightBytes > cacheBytes;
      bool rowBlocked =
          channelsOutermost && wantsRowBlocking(fusable, shape, tiles);
      if (rowBlocked)
        tiles[1] = shape[1];
      FailureOr<TiledLayer> layer = tileLayer(rewriter, root, tiles, fusable,
                                              channelsOutermost);
      if (failed(layer) || !layer->tiledAnchor) {
        emitError(loc, "resnet-tile: cannot tile and fuse this layer");
        return signalPassFailure();
      }
      SmallVector<int64_t> reduction = reductionTiles(layer->tiledAnchor);
      layer->forall->setAttr(
          "resnet.tile", describeTiles(rewriter, layer->tiledAnchor, tiles,
                                       reduction, !isAnchor(root),
                                       work >= kMinParallelWork));
      // Every anchor fused into this tile gets its reductions tiled.
      SmallVector<linalg::LinalgOp> tiledAnchors;
      layer->forall.walk([&](linalg::LinalgOp op) {
        if (isAnchor(op))
          tiledAnchors.push_back(op);
      });
      for (linalg::LinalgOp anchor : tiledAnchors)
        if (isa<linalg::Conv2DNhwcHwcfOp, linalg::MatmulOp,
                linalg::BatchMatmulOp>(*anchor))
          packWeights(rewriter, anchor);
      if (rowBlocked && !isAnchor(root))
        accumulateInOutput(*layer);
      for (linalg::LinalgOp anchor : tiledAnchors) {
        linalg::LinalgOp inner = anchor;
        if (rowBlocked) {
          FailureOr<linalg::LinalgOp> row =
              rowBlock(rewriter, anchor, tiles.back());
          if (failed(row)) {
            emitError(loc, "resnet-tile: cannot row-block this layer");
            return signalPassFailure();
          }
          inner = *row;
        }
        if (failed(tileReductions(rewriter, inner, reductionTiles(inner)))) {
          emitError(loc, "resnet-tile: cannot tile the reductions");
          return signalPassFailure();
        }
      }
      foralls.push_back(layer->forall);
    }

    for (scf::ForallOp forall : foralls) {
      if (failed(decompose(forall)) ||
          failed(vectorizeTiles(rewriter, forall)))
        return signalPassFailure();
      // Max pooling without NaN propagation, like ReLU (--resnet-to-linalg).
      forall.walk([](arith::MaximumFOp max) {
        max.setFastmath(max.getFastmath() | arith::FastMathFlags::nnan);
      });
    }
    if (failed(cleanUpVectors(func)))
      return signalPassFailure();
    func.walk([&](scf::ForallOp forall) {
      if (forall->hasAttr("resnet.tile"))
        hoistAccumulators(rewriter, forall);
    });
    if (failed(dropUnitDims(func)))
      return signalPassFailure();
    // No silent scalar fallback: a tiled layer must be all vectors now.
    WalkResult leftover = func.walk([&](scf::ForallOp forall) {
      if (!forall->hasAttr("resnet.tile"))
        return WalkResult::advance();
      WalkResult inner = forall.walk([&](linalg::LinalgOp op) {
        op.emitError("resnet-tile: a linalg op is left in a tiled layer "
                     "(it would run as scalar loops)");
        return WalkResult::interrupt();
      });
      return inner;
    });
    if (leftover.wasInterrupted())
      return signalPassFailure();
  }
};
} // namespace
