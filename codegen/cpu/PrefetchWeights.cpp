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
// swept by many register tiles) the loads get no prefetches of their own:
// each iteration of an innermost reduction loop prefetches one line of the
// next channel tile, line s * I + i for the i-th of the sweep's I
// iterations in sweep s (the register tile's index among the tile's, from
// the forall's other induction variables), so the next tile is asked for
// once, spread over the current one's sweeps, at a cost of one prefetch
// and a few integer operations per iteration.
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

/// The index of the register tile an iteration of `forall` computes among
/// those of its channel tile: its induction variables other than the
/// channel tile's, linearized (normalized by their bounds and steps); null
/// when the bounds are not constant.
Value sweepIndex(OpBuilder &b, scf::ForallOp forall, resnet::TileAttr config) {
  int64_t rank = config.getTiles().size();
  ArrayRef<int64_t> interchange = config.getInterchange();
  // The forall's loops follow the interchange; the channel dimension is
  // the last of the output.
  int64_t channelLoop = rank - 1;
  for (auto [loop, dim] : llvm::enumerate(interchange))
    if (dim == rank - 1)
      channelLoop = loop;
  Location loc = forall.getLoc();
  SmallVector<OpFoldResult> lower = forall.getMixedLowerBound();
  SmallVector<OpFoldResult> upper = forall.getMixedUpperBound();
  SmallVector<OpFoldResult> steps = forall.getMixedStep();
  Value sweep = indexConstant(b, loc, 0);
  for (auto [loop, iv] : llvm::enumerate(forall.getInductionVars())) {
    if (static_cast<int64_t>(loop) == channelLoop)
      continue;
    std::optional<int64_t> lb = getConstantIntValue(lower[loop]);
    std::optional<int64_t> ub = getConstantIntValue(upper[loop]);
    std::optional<int64_t> step = getConstantIntValue(steps[loop]);
    if (!lb || !ub || !step || *step <= 0)
      return {};
    Value index = arith::DivUIOp::create(
        b, loc, arith::SubIOp::create(b, loc, iv, indexConstant(b, loc, *lb)),
        indexConstant(b, loc, *step));
    sweep = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(
            b, loc, sweep,
            indexConstant(b, loc, llvm::divideCeil(*ub - *lb, *step))),
        index);
  }
  return sweep;
}

/// Spread prefetching (see the file comment): before the first weight load
/// of each innermost reduction loop, one prefetch of the next channel
/// tile's line `sweep * I + i`, clamped to the tile's last line and to the
/// global.
void prefetchSpread(scf::ForallOp forall, resnet::TileAttr config,
                    ArrayRef<std::pair<vector::LoadOp, Value>> loads) {
  OpBuilder b = OpBuilder::atBlockBegin(forall.getBody());
  Value sweep = sweepIndex(b, forall, config);
  if (!sweep)
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
    // A channel tile: everything after the leading tile dimension.
    int64_t blockElements = 1;
    for (int64_t size : packed.getShape().drop_front())
      blockElements *= size;
    int64_t elementBytes = packed.getElementTypeBitWidth() / 8;
    int64_t lineElements =
        std::max<int64_t>(resnet::CpuTarget::kCacheLineBytes / elementBytes, 1);
    int64_t perIteration = static_cast<int64_t>(group.size()) *
                           load.getVectorType().getNumElements();
    int64_t iterations = std::max<int64_t>(blockElements / perIteration, 1);
    int64_t lines = std::max<int64_t>(blockElements / lineElements, 1);
    Value linear = flatIndex(lb, load);
    Value inBlock = arith::RemUIOp::create(
        lb, loc, linear, indexConstant(lb, loc, blockElements));
    Value iteration = arith::DivUIOp::create(
        lb, loc, inBlock, indexConstant(lb, loc, perIteration));
    Value line = arith::AddIOp::create(
        lb, loc,
        arith::MulIOp::create(lb, loc, sweep,
                              indexConstant(lb, loc, iterations)),
        iteration);
    line = arith::MinUIOp::create(lb, loc, line,
                                  indexConstant(lb, loc, lines - 1));
    Value nextBlock = arith::AddIOp::create(
        lb, loc, arith::SubIOp::create(lb, loc, linear, inBlock),
        indexConstant(lb, loc, blockElements));
    Value index = arith::AddIOp::create(
        lb, loc, nextBlock,
        arith::MulIOp::create(lb, loc, line,
                              indexConstant(lb, loc, lineElements)));
    int64_t last = cast<MemRefType>(flat.getType()).getNumElements() - 1;
    index =
        arith::MinUIOp::create(lb, loc, index, indexConstant(lb, loc, last));
    memref::PrefetchOp::create(lb, loc, flat, ValueRange{index},
                               /*isWrite=*/false, kWeightLocality,
                               /*isDataCache=*/true);
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
