//===- PrefetchInput.cpp - prefetch the next tile's input -----------------===//
//
// A layer tiled with spatial tiles outside its channel tiles reads each
// spatial tile's input once from wherever the previous layer left it
// (L3 or memory once the activation outgrows L2) and then from L1 for
// the other channel tiles. The first channel tile of a spatial tile
// waits for those lines inside its reduction loop, a latency per line the
// hardware prefetchers only partly hide (the rows of a register tile are
// separate streams a channel row apart). Where the tile configuration
// says `prefetch_input = true`, every input load of the reduction loops
// gets prefetches of the same lines of the next spatial tile: the next
// tile along the innermost forall loop the load's address depends on,
// computed by cloning the address with that induction variable one step
// on. The prefetches sit before the innermost reduction loop, one per
// line the loop's loads touch, so they cost a few instructions per line
// and arrive one tile ahead. A layer with its channel tiles outermost
// reads the input once per sweep of the image; where it is strided (runs
// with gaps the prefetchers follow poorly) the same prefetches serve each
// sweep.
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
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PREFETCHINPUT
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-prefetch-input"

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// Locality hint of the prefetches: 3 (x86 prefetcht0, into L1). The next
/// spatial tile's input is a few KiB, read within one tile's time.
constexpr uint32_t kInputLocality = 3;

/// Bound on one layer's prefetches (per tile), so that a wide reduction
/// loop does not turn into a long run of them.
constexpr int64_t kMaxPrefetchesPerTile = 512;

/// Adds to `ivs` the induction variables (block arguments) `value` is
/// computed from through the ops inside `scope`.
void collectArguments(Value value, Operation *scope,
                      llvm::SmallSetVector<Value, 8> &ivs,
                      llvm::SmallPtrSetImpl<Operation *> &visited) {
  Operation *def = value.getDefiningOp();
  if (!def) {
    if (scope->isAncestor(value.getParentBlock()->getParentOp()))
      ivs.insert(value);
    return;
  }
  if (!scope->isAncestor(def) || !visited.insert(def).second)
    return;
  for (Value operand : def->getOperands())
    collectArguments(operand, scope, ivs, visited);
}

/// The induction variables `value` is computed from inside `scope`.
llvm::SmallSetVector<Value, 8> argumentsOf(Value value, Operation *scope) {
  llvm::SmallSetVector<Value, 8> ivs;
  llvm::SmallPtrSet<Operation *, 16> visited;
  collectArguments(value, scope, ivs, visited);
  return ivs;
}

/// Clones at `b` what computes `value` inside `forall` through `map`; false
/// when that needs anything but pure ops and the mapped or outer values.
bool cloneThrough(Value value, scf::ForallOp forall, IRMapping &map,
                  OpBuilder &b, Operation *point) {
  if (map.contains(value))
    return true;
  Operation *def = value.getDefiningOp();
  if (!def) {
    // A block argument: usable where it is in scope before `point` (an
    // induction variable of a loop around it, not one of `point`'s own).
    Operation *owner = value.getParentBlock()->getParentOp();
    return owner->isProperAncestor(point);
  }
  if (!forall->isAncestor(def))
    return true;
  if (!isPure(def) || def->getNumRegions() != 0)
    return false;
  for (Value operand : def->getOperands())
    if (!cloneThrough(operand, forall, map, b, point))
      return false;
  b.clone(*def, map);
  return true;
}

/// The forall dimension of each induction variable in `ivs` that is one of
/// `forall`'s.
SmallVector<int64_t> forallDims(scf::ForallOp forall, ArrayRef<Value> ivs) {
  SmallVector<int64_t> dims;
  for (auto [dim, iv] : llvm::enumerate(forall.getInductionVars()))
    if (llvm::is_contained(ivs, iv))
      dims.push_back(dim);
  return dims;
}

/// Prefetches the lines of the next tile that `load` reads over the
/// iterations of its innermost loop, before that loop; the count.
int64_t prefetchNextTile(scf::ForallOp forall, vector::LoadOp load) {
  auto inner = load->getParentOfType<scf::ForOp>();
  if (!inner || !forall->isProperAncestor(inner) ||
      load.getVectorType().getRank() != 1)
    return 0;
  llvm::SmallSetVector<Value, 8> addressIvs =
      argumentsOf(load.getBase(), forall);
  SmallVector<llvm::SmallSetVector<Value, 8>> indexIvs;
  for (Value index : load.getIndices()) {
    indexIvs.push_back(argumentsOf(index, forall));
    addressIvs.insert_range(indexIvs.back());
  }
  SmallVector<int64_t> dims = forallDims(forall, addressIvs.getArrayRef());
  if (dims.empty())
    return 0;
  // The loop's induction variable may only move the innermost index (the
  // channels a row of the tile reads, contiguous).
  Value k = inner.getInductionVar();
  for (auto &ivs : ArrayRef(indexIvs).drop_back())
    if (ivs.contains(k))
      return 0;
  bool alongLoop = indexIvs.back().contains(k);
  std::optional<int64_t> lb = getConstantIntValue(inner.getLowerBound());
  std::optional<int64_t> ub = getConstantIntValue(inner.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(inner.getStep());
  if (alongLoop && (!lb || !ub || !step || *step <= 0))
    return 0;
  int64_t lanes = load.getVectorType().getNumElements();
  int64_t span = alongLoop ? (*ub - *lb - 1) / *step * *step + lanes : lanes;
  int64_t lineElements =
      std::max<int64_t>(CpuTarget::kCacheLineBytes * 8 /
                            load.getMemRefType().getElementTypeBitWidth(),
                        1);

  OpBuilder b(inner);
  IRMapping next;
  if (!mapToNextTile(forall, dims.back(),
                     dims.size() > 1 ? dims[dims.size() - 2] : -1, b, next))
    return 0;
  SmallVector<int64_t> offsets;
  for (int64_t offset = 0; offset < span; offset += lineElements)
    offsets.push_back(offset);
  // The last element's line, where the span is not whole lines (which may
  // then not start on a line).
  if (span % lineElements)
    offsets.push_back(span - 1);
  int64_t count = 0;
  Location loc = load.getLoc();
  for (int64_t offset : offsets) {
    IRMapping map = next;
    Value first;
    if (alongLoop) {
      map.map(k, indexConstant(b, loc, *lb + offset));
    } else if (offset) {
      first = indexConstant(b, loc, offset);
    }
    if (!cloneThrough(load.getBase(), forall, map, b, inner) ||
        !llvm::all_of(load.getIndices(), [&](Value index) {
          return cloneThrough(index, forall, map, b, inner);
        }))
      return count;
    SmallVector<Value> indices =
        llvm::map_to_vector(load.getIndices(), [&](Value index) {
          return map.lookupOrDefault(index);
        });
    if (first)
      indices.back() = arith::AddIOp::create(b, loc, indices.back(), first);
    memref::PrefetchOp::create(b, loc, map.lookupOrDefault(load.getBase()),
                               indices, /*isWrite=*/false, kInputLocality,
                               /*isDataCache=*/true);
    ++count;
  }
  return count;
}

void prefetchInput(scf::ForallOp forall) {
  scf::ForOp loop = reductionLoop(forall);
  if (!loop)
    return;
  SmallVector<vector::LoadOp> loads;
  loop->walk([&](vector::LoadOp load) {
    if (!isConstantGlobal(load.getBase()))
      loads.push_back(load);
  });
  int64_t count = 0;
  for (vector::LoadOp load : loads) {
    if (count >= kMaxPrefetchesPerTile)
      break;
    count += prefetchNextTile(forall, load);
  }
  LLVM_DEBUG(llvm::dbgs() << "prefetching " << count
                          << " input lines of the next tile in the layer at "
                          << forall.getLoc() << "\n");
}

struct PrefetchInputPass
    : public resnet::impl::PrefetchInputBase<PrefetchInputPass> {
  void runOnOperation() override {
    getOperation().walk([&](scf::ForallOp forall) {
      auto config = forall->getAttrOfType<TileAttr>(TileAttr::kName);
      if (config && config.getPrefetchInput())
        prefetchInput(forall);
    });
  }
};
} // namespace
