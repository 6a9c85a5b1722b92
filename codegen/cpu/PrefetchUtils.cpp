//===- PrefetchUtils.cpp - what the prefetch passes share -----------------===//
#include "codegen/cpu/PrefetchUtils.h"
#include "codegen/cpu/IndexArith.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using resnet::indexConstant;

bool resnet::isConstantGlobal(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (isa<memref::GetGlobalOp>(def))
      return true;
    auto view = dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      return false;
    value = view.getViewSource();
  }
  return false;
}

scf::ForOp resnet::reductionLoop(scf::ForallOp forall) {
  for (Operation &op : *forall.getBody())
    if (auto loop = dyn_cast<scf::ForOp>(op))
      return loop;
  return {};
}

bool resnet::materializeBefore(Value value, Operation *point, IRMapping &map,
                               OpBuilder &b, bool recompute) {
  if (map.contains(value))
    return true;
  Block *block = point->getBlock();
  Operation *def = value.getDefiningOp();
  if (!def)
    return value.getParentBlock() == block ||
           !block->getParentOp()->isAncestor(
               value.getParentBlock()->getParentOp());
  if (def->getBlock() != block)
    return !block->getParentOp()->isAncestor(def);
  if (def->isBeforeInBlock(point) && !recompute)
    return true;
  if (!isPure(def) || def->getNumRegions() != 0)
    return false;
  for (Value operand : def->getOperands())
    if (!materializeBefore(operand, point, map, b, recompute))
      return false;
  b.clone(*def, map);
  return true;
}

bool resnet::mapToNextTile(scf::ForallOp forall, int64_t inner, int64_t outer,
                           OpBuilder &b, IRMapping &map) {
  std::optional<SmallVector<int64_t>> lbs =
      getConstantIntValues(forall.getMixedLowerBound());
  std::optional<SmallVector<int64_t>> ubs =
      getConstantIntValues(forall.getMixedUpperBound());
  std::optional<SmallVector<int64_t>> steps =
      getConstantIntValues(forall.getMixedStep());
  if (!lbs || !ubs || !steps)
    return false;
  Location loc = forall.getLoc();
  SmallVector<Value> ivs = forall.getInductionVars();
  Value ahead = arith::AddIOp::create(b, loc, ivs[inner],
                                      indexConstant(b, loc, (*steps)[inner]));
  Value wraps = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, ahead,
                                      indexConstant(b, loc, (*ubs)[inner]));
  map.map(ivs[inner],
          arith::SelectOp::create(b, loc, wraps,
                                  indexConstant(b, loc, (*lbs)[inner]), ahead));
  if (outer < 0)
    return true;
  int64_t lastOut = (*lbs)[outer] + ((*ubs)[outer] - (*lbs)[outer] - 1) /
                                        (*steps)[outer] * (*steps)[outer];
  Value outAhead = arith::AddIOp::create(
      b, loc, ivs[outer],
      arith::SelectOp::create(b, loc, wraps,
                              indexConstant(b, loc, (*steps)[outer]),
                              indexConstant(b, loc, 0)));
  map.map(ivs[outer], arith::MinUIOp::create(b, loc, outAhead,
                                             indexConstant(b, loc, lastOut)));
  return true;
}

bool resnet::mapToNextIteration(scf::ForallOp forall, OpBuilder &b,
                                IRMapping &map) {
  int64_t rank = forall.getRank();
  if (rank < 2)
    return false;
  return mapToNextTile(forall, rank - 1, rank - 2, b, map);
}
