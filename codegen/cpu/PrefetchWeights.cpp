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
// the load's element (so LLVM shares the address arithmetic); a prefetch
// never faults, the index is clamped to the global all the same, so the IR
// stays in bounds. (The clamp also keeps LLVM from bunching a loop's
// prefetches ahead of its loads, which a clamp-free address lets it do;
// the bunched form was measured slower on 1x1 layers.)
//
// A row-blocked layer sweeps each block once per output row of its tile,
// all in one thread: there a reduction step's lines of the next block are
// prefetched in one sweep only, the step's index modulo the rows choosing
// which, so the next block goes to memory over the whole block's sweeps
// rather than all during the first one (bench/weightstream.c). The other
// sweeps' prefetches name the line being loaded, which is in L1: a select
// per prefetch on a condition computed once per step. A layer that is not
// row-blocked sweeps a channel tile in forall iterations that threads may
// share, so every sweep prefetches every line: each core needs them in its
// own L2.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PREFETCHWEIGHTS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-prefetch-weights"

using namespace mlir;

namespace {
/// Cache line bytes of x86-64.
constexpr int64_t kLineBytes = 64;
/// Locality hint of the prefetches: 2 (x86 prefetcht1, into L2). A block
/// is prefetched a whole block ahead: L2 holds it, L1 would lose it.
constexpr uint32_t kLocality = 2;

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

/// The loop over the output rows of a row-blocked layer's tile that
/// encloses `load` (the second scf.for under the forall: row blocks of
/// input channels, then rows), when it runs from 0 by 1 over `rows` > 1
/// rows and the load's innermost loop (its reduction steps) has constant
/// bounds; null otherwise.
scf::ForOp rowLoop(vector::LoadOp load, scf::ForallOp forall, int64_t rows) {
  SmallVector<scf::ForOp> loops;
  for (Operation *op = load->getParentOp(); op && op != forall.getOperation();
       op = op->getParentOp())
    if (auto loop = dyn_cast<scf::ForOp>(op))
      loops.push_back(loop);
  if (loops.size() < 3 || rows <= 1)
    return {};
  scf::ForOp loop = loops[loops.size() - 2];
  if (getConstantIntValue(loop.getLowerBound()) != 0 ||
      getConstantIntValue(loop.getStep()) != 1 ||
      getConstantIntValue(loop.getUpperBound()) != rows ||
      !getConstantIntValue(loops.front().getLowerBound()) ||
      !getConstantIntValue(loops.front().getStep()))
    return {};
  return loop;
}

/// Whether the reduction step enclosing `load` is the one the current row
/// prefetches: the step's index in its loop, modulo the rows, is the row.
/// (A 3x3 conv's loop over the channels of one tap may take fewer steps
/// than the tile has rows: the last rows then prefetch nothing and the
/// block goes out over the first ones.)
Value stepIsMine(OpBuilder &b, vector::LoadOp load, scf::ForOp rows) {
  auto steps = load->getParentOfType<scf::ForOp>();
  Location loc = load.getLoc();
  auto constant = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  int64_t lower = *getConstantIntValue(steps.getLowerBound());
  int64_t step = *getConstantIntValue(steps.getStep());
  int64_t count = *getConstantIntValue(rows.getUpperBound());
  Value index = arith::DivUIOp::create(
      b, loc,
      arith::SubIOp::create(b, loc, steps.getInductionVar(), constant(lower)),
      constant(step));
  Value turn = arith::RemUIOp::create(b, loc, index, constant(count));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, turn,
                               rows.getInductionVar());
}

/// Prefetches every line of the copy of `load`'s vector in the next block,
/// one block (all the dimensions after the `blockDims` leading ones) on in
/// the flat global. Blocks are contiguous, so the last row block of a
/// channel tile prefetches the next tile's first. With a `rows` loop, the
/// lines go to memory only in the row stepIsMine picks; in the others the
/// prefetch names the loaded line.
void prefetchNextBlock(vector::LoadOp load, Value flat, int64_t blockDims,
                       scf::ForOp rows) {
  OpBuilder b(load);
  Location loc = load.getLoc();
  auto constant = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  MemRefType packed = load.getMemRefType();
  ArrayRef<int64_t> shape = packed.getShape();
  Value linear;
  int64_t stride = 1;
  for (int64_t d = packed.getRank() - 1; d >= 0; --d) {
    Value term = load.getIndices()[d];
    if (stride != 1)
      term = arith::MulIOp::create(b, loc, term, constant(stride));
    linear = linear ? arith::AddIOp::create(b, loc, linear, term) : term;
    stride *= shape[d];
  }
  int64_t blockElements = 1;
  for (int64_t size : shape.drop_front(blockDims))
    blockElements *= size;
  int64_t last = cast<MemRefType>(flat.getType()).getNumElements() - 1;
  int64_t elementBytes = packed.getElementTypeBitWidth() / 8;
  int64_t lineElements = std::max<int64_t>(kLineBytes / elementBytes, 1);
  int64_t lanes = load.getVectorType().getNumElements();
  Value mine = rows ? stepIsMine(b, load, rows) : Value();
  for (int64_t offset = 0; offset < lanes; offset += lineElements) {
    Value ahead = arith::AddIOp::create(b, loc, linear,
                                        constant(blockElements + offset));
    if (mine)
      ahead = arith::SelectOp::create(
          b, loc, mine, ahead,
          arith::AddIOp::create(b, loc, linear, constant(offset)));
    Value index = arith::MinUIOp::create(b, loc, ahead, constant(last));
    memref::PrefetchOp::create(b, loc, flat, ValueRange{index},
                               /*isWrite=*/false, kLocality,
                               /*isDataCache=*/true);
  }
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
      int64_t rows = config.getRowBlock() && config.getTiles().size() == 4
                         ? config.getTiles()[1]
                         : 0;
      LLVM_DEBUG(if (rows > 1) llvm::dbgs()
                 << "  spread over the tile's " << rows << " row sweeps\n");
      for (auto [load, flat] : loads)
        prefetchNextBlock(
            load, flat,
            blockDimensions(load.getMemRefType(), config.getRowBlock()),
            rowLoop(load, forall, rows));
    });
  }
};
} // namespace
