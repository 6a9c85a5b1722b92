//===- PrefetchUtils.h - what the prefetch passes share ---------*- C++ -*-===//
//
// The prefetch passes run after --resnet-lower-vectors on a layer's
// scf.forall of 1-D vector loads. They share how they find a tile's
// reduction loop, tell weights from activations, and compute an address
// for another point of the loops: by cloning the load's index computations
// with some induction variables sent elsewhere (an IRMapping).
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_PREFETCHUTILS_H
#define RESNET_CODEGEN_CPU_PREFETCHUTILS_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::resnet {

/// Whether `value` is (a view of) a constant global: weights, bias.
bool isConstantGlobal(Value value);

/// The first reduction loop of a layer's tile: the first scf.for directly
/// in the forall's body; null when there is none.
scf::ForOp reductionLoop(scf::ForallOp forall);

/// Makes `value` available before `point`: as it is when it is defined
/// above `point`'s block or before `point`, else by cloning (at `b`) the
/// pure ops of the block after `point` that compute it; with `recompute`,
/// the block's ops before `point` are cloned too (`map` then sends the
/// block's arguments to other values). False when it depends on anything
/// else in the block (a loop's result, a load).
bool materializeBefore(Value value, Operation *point, IRMapping &map,
                       OpBuilder &b, bool recompute);

/// Maps induction variable `inner` of `forall` (and `outer`, a loop further
/// out, when it is not negative) to those of the next tile along them: `inner`
/// a step on or, past its end, back at its start with `outer` a step on,
/// clamped to that loop's last iteration (a wrap further out asks for a
/// tile of the current row: harmless for a prefetch). False when the
/// bounds are not static.
bool mapToNextTile(scf::ForallOp forall, int64_t inner, int64_t outer,
                   OpBuilder &b, IRMapping &map);

/// mapToNextTile along the forall's two innermost loops: the iteration a
/// thread runs after this one. False for a forall with a single loop.
bool mapToNextIteration(scf::ForallOp forall, OpBuilder &b, IRMapping &map);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_PREFETCHUTILS_H
