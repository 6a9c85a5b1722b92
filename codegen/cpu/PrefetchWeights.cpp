//===- PrefetchWeights.cpp - prefetch the weight block a layer reads next -===//
//
// Applies `#resnet.tile<prefetch_weights = true>` after --resnet-lower-vectors:
// in the layer's reduction loops, every load of a packed weight vector
// ([F/f, ..., C, f], a constant global) is paired with prefetches (one per
// cache line, into L2) of the same position in the block the layer reads
// next: the next row block of input channels when the layer is row-blocked,
// else the next channel tile. The block arrives while the current one is
// computed, so the first sweep over it does not wait for memory. The
// prefetch indexes the flat global at a constant distance from the load's
// element (so LLVM shares the address arithmetic); a prefetch never faults,
// the index is clamped to the global all the same, so the IR stays in
// bounds.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// Elements from a weight element to the same one in the block read next:
/// one row block of input channels (dimension rank - 2) on when the layer
/// is row-blocked, else one channel tile (dimension 0) on. Past the last
/// row block of a channel tile this lands in the tile's next window
/// position, already read: one block in C / row_block goes unprefetched,
/// for two index operations per load instead of a wrap-around.
int64_t nextBlockDistance(MemRefType packed, int64_t rowBlock) {
  ArrayRef<int64_t> shape = packed.getShape();
  if (rowBlock)
    return rowBlock * shape.back();
  int64_t tile = 1;
  for (int64_t size : shape.drop_front())
    tile *= size;
  return tile;
}

/// Prefetches every line of the next block's copy of `load`'s vector, by
/// the flat global's index (the load's, linearized, plus the distance,
/// clamped to the global).
void prefetchNextBlock(vector::LoadOp load, Value flat, int64_t rowBlock) {
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
  int64_t last = cast<MemRefType>(flat.getType()).getNumElements() - 1;
  int64_t elementBytes = packed.getElementTypeBitWidth() / 8;
  int64_t lineElements = std::max<int64_t>(kLineBytes / elementBytes, 1);
  int64_t lanes = load.getVectorType().getNumElements();
  int64_t distance = nextBlockDistance(packed, rowBlock);
  for (int64_t offset = 0; offset < lanes; offset += lineElements) {
    Value ahead = arith::AddIOp::create(b, loc, linear,
                                        constant(distance + offset));
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
        if (Value flat = flatConstantGlobal(load.getBase()))
          loads.push_back({load, flat});
      });
      LLVM_DEBUG(llvm::dbgs() << "prefetching " << loads.size()
                              << " weight loads of the layer at "
                              << forall.getLoc() << "\n");
      for (auto [load, flat] : loads)
        prefetchNextBlock(load, flat, config.getRowBlock());
    });
  }
};
} // namespace
