//===- PrefetchWeights.cpp - prefetch the weight block a layer reads next -===//
//
// Applies `#resnet.tile<prefetch_weights = true>` after --resnet-lower-vectors:
// in the layer's reduction loops, every load of a packed weight vector
// (a constant global: [F/f, ..., C, f] per channel tile, [F/f, C/rb, KH,
// KW, rb, f] per row block of a row-blocked conv) is paired with
// prefetches (one per cache line, into L2) of the same position in the
// block the layer reads next: the next row block of input channels when
// the layer is row-blocked, else the next channel tile. The block arrives
// while the current one is computed, so the first sweep over it does not
// wait for memory. The prefetch indexes the flat global one block on from
// the load's element (so LLVM shares the address arithmetic: a Winograd
// product's stored filter, packed [F/f, alpha^2, C, f], one channel tile
// on is the same point's next block, which its loop reads next); a prefetch
// never faults, the index is clamped to the global all the same, so the IR
// stays in bounds. (The clamp also keeps LLVM from bunching a loop's
// prefetches ahead of its loads, which a clamp-free address lets it do;
// the bunched form was measured slower on 1x1 layers.)
//
// With `prefetch_spread` (a layer without row blocks whose channel tile is
// swept by many register tiles, or a Winograd product) the loads get no
// prefetches of their own: each iteration of an innermost reduction loop
// prefetches P lines of the next block, lines P * (s * I + i) + j for the
// i-th of the sweep's I iterations in sweep s (the register tile's index
// among the block's, from the forall's induction variables inside its
// channel loop), so the next block is asked for once, spread over the
// current one's sweeps, at a cost of P prefetches and a few integer
// operations per iteration. P is 1 where the sweeps' iterations cover the
// block's lines, else as many as do (a product's point, 512 lines, swept
// by 7 row tiles of 32 iterations: 3). A product's block is one point's
// [C, f] of the channel tile; the next is the same point's in the next
// channel tile.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/IndexArith.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Target.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PREFETCHWEIGHTS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-prefetch-weights"

using namespace mlir;
using resnet::indexConstant;

namespace {
/// Locality hint of the prefetches: 2 (x86 prefetcht1, into L2). A block
/// is prefetched a whole block ahead: L2 holds it, L1 would lose it.
constexpr uint32_t kWeightLocality = 2;

/// The flat constant global (memref<N x T>, what flattening the constants
/// makes) of which `base` is the expanded, packed view; null otherwise.
Value flatConstantGlobal(Value base) {
  auto expand = base.getDefiningOp<memref::ExpandShapeOp>();
  if (!expand)
    return {};
  auto global = expand.getSrc().getDefiningOp<memref::GetGlobalOp>();
  if (!global || global.getType().getRank() != 1 ||
      !global.getType().hasStaticShape())
    return {};
  return global.getResult();
}

/// Leading dimensions of a packed weight memref that index its blocks, the
/// units a layer streams: channel tiles, [F/f, ..., f], and for a
/// row-blocked conv the row blocks within them, [F/f, C/rb, KH, KW, rb, f];
/// 0 when the layout is not one of those.
int64_t blockDimensions(MemRefType packed, int64_t rowBlock) {
  if (!rowBlock)
    return 1;
  return packed.getRank() == 6 ? 2 : 0;
}

/// The flat index of the element `load` reads in the flat global.
Value flatIndex(OpBuilder &b, vector::LoadOp load) {
  Location loc = load.getLoc();
  ArrayRef<int64_t> shape = load.getMemRefType().getShape();
  Value linear;
  int64_t stride = 1;
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    Value term = load.getIndices()[d];
    if (stride != 1)
      term = arith::MulIOp::create(b, loc, term, indexConstant(b, loc, stride));
    linear = linear ? arith::AddIOp::create(b, loc, linear, term) : term;
    stride *= shape[d];
  }
  return linear;
}

/// Prefetches every line of the copy of `load`'s vector in the next block,
/// one block (all the dimensions after the `blockDims` leading ones) on in
/// the flat global. Blocks are contiguous, so the last row block of a
/// channel tile prefetches the next tile's first.
void prefetchNextBlock(vector::LoadOp load, Value flat, int64_t blockDims) {
  OpBuilder b(load);
  Location loc = load.getLoc();
  MemRefType packed = load.getMemRefType();
  ArrayRef<int64_t> shape = packed.getShape();
  Value linear = flatIndex(b, load);
  int64_t blockElements = 1;
  for (int64_t size : shape.drop_front(blockDims))
    blockElements *= size;
  int64_t last = cast<MemRefType>(flat.getType()).getNumElements() - 1;
  int64_t elementBytes = packed.getElementTypeBitWidth() / 8;
  int64_t lineElements =
      std::max<int64_t>(resnet::CpuTarget::kCacheLineBytes / elementBytes, 1);
  int64_t lanes = load.getVectorType().getNumElements();
  for (int64_t offset = 0; offset < lanes; offset += lineElements) {
    Value ahead = arith::AddIOp::create(
        b, loc, linear, indexConstant(b, loc, blockElements + offset));
    Value index =
        arith::MinUIOp::create(b, loc, ahead, indexConstant(b, loc, last));
    memref::PrefetchOp::create(b, loc, flat, ValueRange{index},
                               /*isWrite=*/false, kWeightLocality,
                               /*isDataCache=*/true);
  }
}

/// The forall loop over the output's channel tiles: the interchange puts
/// the loops in its order, the channel dimension the output's last.
int64_t channelLoop(resnet::TileAttr config) {
  int64_t rank = config.getTiles().size();
  for (auto [loop, dim] : llvm::enumerate(config.getInterchange()))
    if (dim == rank - 1)
      return loop;
  return rank - 1;
}

/// The sweeps of one block of weights: the iterations of the forall's
/// loops inside its channel loop (the register tiles of a channel tile;
/// a Winograd product's row tiles of one point), linearized (normalized
/// by their bounds and steps) into `index` and counted in `count`; false
/// when the bounds are not constant.
bool sweepIndex(OpBuilder &b, scf::ForallOp forall, resnet::TileAttr config,
                Value &index, int64_t &count) {
  int64_t channels = channelLoop(config);
  Location loc = forall.getLoc();
  SmallVector<OpFoldResult> lower = forall.getMixedLowerBound();
  SmallVector<OpFoldResult> upper = forall.getMixedUpperBound();
  SmallVector<OpFoldResult> steps = forall.getMixedStep();
  index = indexConstant(b, loc, 0);
  count = 1;
  for (auto [loop, iv] : llvm::enumerate(forall.getInductionVars())) {
    if (static_cast<int64_t>(loop) <= channels)
      continue;
    std::optional<int64_t> lb = getConstantIntValue(lower[loop]);
    std::optional<int64_t> ub = getConstantIntValue(upper[loop]);
    std::optional<int64_t> step = getConstantIntValue(steps[loop]);
    if (!lb || !ub || !step || *step <= 0)
      return false;
    int64_t trips = llvm::divideCeil(*ub - *lb, *step);
    Value normalized = arith::DivUIOp::create(
        b, loc, arith::SubIOp::create(b, loc, iv, indexConstant(b, loc, *lb)),
        indexConstant(b, loc, *step));
    index = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, index, indexConstant(b, loc, trips)),
        normalized);
    count *= trips;
  }
  return true;
}

/// Elements of one swept block of `load`'s packed weights: the channel
/// tile's (all after its leading dimension), less the dimensions that a
/// forall loop outside the channel loop indexes (a Winograd product's
/// point, [F/f, alpha^2, C, f]: each point's rows sweep its C x f block).
int64_t sweptBlockElements(vector::LoadOp load, scf::ForallOp forall,
                           resnet::TileAttr config) {
  ArrayRef<int64_t> shape = load.getMemRefType().getShape();
  int64_t channels = channelLoop(config);
  SmallVector<Value> ivs = forall.getInductionVars();
  int64_t elements = 1;
  for (int64_t d = 1, e = shape.size(); d < e; ++d) {
    Value index = load.getIndices()[d];
    auto outer = llvm::find(ivs, index);
    if (outer != ivs.end() && outer - ivs.begin() < channels)
      continue;
    elements *= shape[d];
  }
  return elements;
}

/// Spread prefetching (see the file comment): before the first weight load
/// of each innermost reduction loop, P prefetches of the next channel
/// tile's lines (P * (sweep * I + i) + j, j < P), clamped to the block's
/// last line and to the global. P is one where the sweeps' iterations are
/// at least the block's lines, else as many as cover them (a Winograd
/// product: 512 lines of a point's block, 7 sweeps of 32 iterations).
void prefetchSpread(scf::ForallOp forall, resnet::TileAttr config,
                    ArrayRef<std::pair<vector::LoadOp, Value>> loads) {
  OpBuilder b = OpBuilder::atBlockBegin(forall.getBody());
  Value sweep;
  int64_t sweeps;
  if (!sweepIndex(b, forall, config, sweep, sweeps))
    return;
  llvm::MapVector<Operation *, SmallVector<std::pair<vector::LoadOp, Value>>>
      byLoop;
  for (auto [load, flat] : loads)
    byLoop[load->getParentOfType<scf::ForOp>()].push_back({load, flat});
  for (auto &[loop, group] : byLoop) {
    auto [load, flat] = group.front();
    OpBuilder lb(load);
    Location loc = load.getLoc();
    MemRefType packed = load.getMemRefType();
    // The next channel tile's block lies a channel tile on.
    int64_t tileElements = 1;
    for (int64_t size : packed.getShape().drop_front())
      tileElements *= size;
    int64_t blockElements = sweptBlockElements(load, forall, config);
    int64_t elementBytes = packed.getElementTypeBitWidth() / 8;
    int64_t lineElements =
        std::max<int64_t>(resnet::CpuTarget::kCacheLineBytes / elementBytes, 1);
    int64_t perIteration = static_cast<int64_t>(group.size()) *
                           load.getVectorType().getNumElements();
    int64_t iterations = std::max<int64_t>(blockElements / perIteration, 1);
    int64_t lines = std::max<int64_t>(blockElements / lineElements, 1);
    int64_t perStep = llvm::divideCeil(lines, sweeps * iterations);
    Value linear = flatIndex(lb, load);
    Value inBlock = arith::RemUIOp::create(
        lb, loc, linear, indexConstant(lb, loc, blockElements));
    Value iteration = arith::DivUIOp::create(
        lb, loc, inBlock, indexConstant(lb, loc, perIteration));
    Value slot = arith::AddIOp::create(
        lb, loc,
        arith::MulIOp::create(lb, loc, sweep,
                              indexConstant(lb, loc, iterations)),
        iteration);
    if (perStep > 1)
      slot = arith::MulIOp::create(lb, loc, slot,
                                   indexConstant(lb, loc, perStep));
    Value nextBlock;
    int64_t last = cast<MemRefType>(flat.getType()).getNumElements() - 1;
    for (int64_t j = 0; j < perStep; ++j) {
      Value line = j ? arith::AddIOp::create(lb, loc, slot,
                                             indexConstant(lb, loc, j))
                     : slot;
      line = arith::MinUIOp::create(lb, loc, line,
                                    indexConstant(lb, loc, lines - 1));
      if (!nextBlock)
        nextBlock = arith::AddIOp::create(
            lb, loc, arith::SubIOp::create(lb, loc, linear, inBlock),
            indexConstant(lb, loc, tileElements));
      Value index = arith::AddIOp::create(
          lb, loc, nextBlock,
          arith::MulIOp::create(lb, loc, line,
                                indexConstant(lb, loc, lineElements)));
      index = arith::MinUIOp::create(lb, loc, index,
                                     indexConstant(lb, loc, last));
      memref::PrefetchOp::create(lb, loc, flat, ValueRange{index},
                                 /*isWrite=*/false, kWeightLocality,
                                 /*isDataCache=*/true);
    }
    LLVM_DEBUG(llvm::dbgs() << "spread: " << lines << " lines a block over "
                            << sweeps << " sweeps of " << iterations
                            << " iterations, " << perStep
                            << " prefetches an iteration\n");
  }
  LLVM_DEBUG(llvm::dbgs() << "spread prefetches in " << byLoop.size()
                          << " reduction loops of the layer at "
                          << forall.getLoc() << "\n");
}

struct PrefetchWeightsPass
    : public resnet::impl::PrefetchWeightsBase<PrefetchWeightsPass> {
  void runOnOperation() override {
    getOperation().walk([&](scf::ForallOp forall) {
      auto config =
          forall->getAttrOfType<resnet::TileAttr>(resnet::TileAttr::kName);
      if (!config || !config.getPrefetchWeights())
        return;
      SmallVector<std::pair<vector::LoadOp, Value>> loads;
      forall.getBody()->walk([&](vector::LoadOp load) {
        MemRefType type = load.getMemRefType();
        // Packed weights: [F/f, ..., C, f], read in the reduction loops.
        if (type.getRank() < 3 || !type.hasStaticShape() ||
            !load->getParentOfType<scf::ForOp>())
          return;
        if (blockDimensions(type, config.getRowBlock()) == 0)
          return;
        if (Value flat = flatConstantGlobal(load.getBase()))
          loads.push_back({load, flat});
      });
      LLVM_DEBUG(llvm::dbgs() << "prefetching " << loads.size()
                              << " weight loads of the layer at "
                              << forall.getLoc() << "\n");
      if (config.getPrefetchSpread()) {
        prefetchSpread(forall, config, loads);
        return;
      }
      for (auto [load, flat] : loads)
        prefetchNextBlock(
            load, flat,
            blockDimensions(load.getMemRefType(), config.getRowBlock()));
    });
  }
};
} // namespace
