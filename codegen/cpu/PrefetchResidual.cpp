//===- PrefetchResidual.cpp - prefetch a tile's residual before its sums --===//
//
// A layer whose epilogue is fused (`#resnet.tile<fused_epilogue = true>`)
// reads, after the reduction loop of each tile, the tensor its epilogue
// adds: the residual of a bottleneck's expand conv. That tensor was written
// layers earlier and, once it is larger than L2, comes from L3 or memory:
// each tile then waits one memory latency for its residual after its
// products, with nothing left to overlap the wait with. Here every such
// load (a vector.load after the first reduction loop of the layer's
// scf.forall, from a memref that is not a constant global, at indices that
// do not depend on the loop) gets prefetches of its lines (into L1) just
// before the loop, so they arrive while the tile computes. Where the
// products accumulate onto the residual (its loads come before the loop,
// as the accumulators' initial values) the tile already waits for its own
// lines there, so the prefetches ask for the next tile's: the loads'
// address computations recomputed from the forall's next induction
// variables. The prefetches use clones of the loads' index computations;
// the loads are unchanged.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/IndexArith.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/PrefetchUtils.h"
#include "codegen/cpu/Target.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PREFETCHRESIDUAL
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-prefetch-residual"

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// Locality hint of the prefetches: 3 (x86 prefetcht0, into L1). A tile's
/// residual is a few lines, read one reduction loop later.
constexpr uint32_t kResidualLocality = 3;

/// Prefetches, before `loop`, every line of `load`'s vector (1-D, as
/// --resnet-lower-vectors leaves them), its address computed through `map`
/// (`recompute`: see materializeBefore); the number of prefetches (0 when
/// its base or indices cannot be had before the loop).
int64_t prefetchBefore(scf::ForOp loop, vector::LoadOp load, IRMapping &map,
                       bool recompute) {
  OpBuilder b(loop);
  if (load.getVectorType().getRank() != 1 ||
      !materializeBefore(load.getBase(), loop, map, b, recompute) ||
      !llvm::all_of(load.getIndices(), [&](Value index) {
        return materializeBefore(index, loop, map, b, recompute);
      }))
    return 0;
  MemRefType type = load.getMemRefType();
  int64_t lineElements = std::max<int64_t>(
      resnet::CpuTarget::kCacheLineBytes * 8 / type.getElementTypeBitWidth(),
      1);
  int64_t lanes = load.getVectorType().getNumElements();
  Location loc = load.getLoc();
  SmallVector<Value> indices =
      llvm::map_to_vector(load.getIndices(), [&](Value index) {
        return map.lookupOrDefault(index);
      });
  Value first = indices.back();
  int64_t count = 0;
  // The vector lies along the innermost dimension, in bounds: each line's
  // first element is too.
  for (int64_t offset = 0; offset < lanes; offset += lineElements, ++count) {
    if (offset)
      indices.back() =
          arith::AddIOp::create(b, loc, first, indexConstant(b, loc, offset));
    memref::PrefetchOp::create(b, loc, map.lookupOrDefault(load.getBase()),
                               indices, /*isWrite=*/false, kResidualLocality,
                               /*isDataCache=*/true);
  }
  return count;
}

/// Prefetches the tensors `forall`'s epilogue reads: those it loads after
/// the reduction loop for this tile, before the loop; those it loads
/// before the loop (a residual the products accumulate onto) for the next
/// tile, since this tile's are already waited for.
void prefetchResidual(scf::ForallOp forall) {
  scf::ForOp loop = reductionLoop(forall);
  if (!loop)
    return;
  auto epilogueLoads = [&](Operation *from, Operation *to) {
    SmallVector<vector::LoadOp> loads;
    for (Operation *op = from; op && op != to; op = op->getNextNode())
      if (auto load = dyn_cast<vector::LoadOp>(op))
        if (!isConstantGlobal(load.getBase()))
          loads.push_back(load);
    return loads;
  };
  int64_t lines = 0;
  IRMapping current;
  for (vector::LoadOp load : epilogueLoads(loop->getNextNode(), nullptr))
    lines += prefetchBefore(loop, load, current, /*recompute=*/false);
  SmallVector<vector::LoadOp> initLoads =
      epilogueLoads(&forall.getBody()->front(), loop);
  OpBuilder b(loop);
  IRMapping next;
  if (!initLoads.empty() && mapToNextIteration(forall, b, next))
    for (vector::LoadOp load : initLoads)
      lines += prefetchBefore(loop, load, next, /*recompute=*/true);
  LLVM_DEBUG(llvm::dbgs() << "prefetching " << lines
                          << " residual lines in the layer at "
                          << forall.getLoc() << "\n");
}

struct PrefetchResidualPass
    : public resnet::impl::PrefetchResidualBase<PrefetchResidualPass> {
  void runOnOperation() override {
    // Winograd's output transform and row-blocked layers have no single
    // reduction loop before their epilogue.
    getOperation().walk([&](scf::ForallOp forall) {
      auto config =
          forall->getAttrOfType<resnet::TileAttr>(resnet::TileAttr::kName);
      if (!config || !config.getFusedEpilogue() || config.getWinograd() ||
          config.getRowBlock())
        return;
      prefetchResidual(forall);
    });
  }
};
} // namespace
