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

/// Leading dimensions of a packed weight memref that index its blocks, the
/// units a layer streams: channel tiles, [F/f, ..., f], and for a
/// row-blocked conv the row blocks within them, [F/f, C/rb, KH, KW, rb, f];
/// 0 when the layout is not one of those.
int64_t blockDimensions(MemRefType packed, int64_t rowBlock) {
  if (!rowBlock)
    return 1;
  return packed.getRank() == 6 ? 2 : 0;
}

/// Prefetches every line of the copy of `load`'s vector in the next block,
/// one block (all the dimensions after the `blockDims` leading ones) on in
/// the flat global. Blocks are contiguous, so the last row block of a
/// channel tile prefetches the next tile's first.
void prefetchNextBlock(vector::LoadOp load, Value flat, int64_t blockDims) {
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
  for (int64_t offset = 0; offset < lanes; offset += lineElements) {
    Value ahead = arith::AddIOp::create(b, loc, linear,
                                        constant(blockElements + offset));
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
      for (auto [load, flat] : loads)
        prefetchNextBlock(
            load, flat,
            blockDimensions(load.getMemRefType(), config.getRowBlock()));
    });
  }
};
} // namespace
