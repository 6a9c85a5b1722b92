//===- ResourceLimits.h - refuse models too large to run --------*- C++ -*-===//
//
// A model's types are user input: `tensor<1x4096x100000x100000xf32>` verifies
// but cannot be allocated, sizes can overflow 64 bits, and a zero-sized
// dimension (batch 0) makes every layer empty. Tools check the
// module once, before compiling or interpreting it, so an absurd model gets a
// diagnostic at the offending op instead of a failed allocation or a wrapped
// size at run time.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_DIALECT_RESOURCELIMITS_H
#define RESNET_DIALECT_RESOURCELIMITS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <cstdint>

namespace mlir::resnet {

/// The largest single tensor (activation, input, output or constant).
constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 35; // 32 GiB
/// The largest sum of all activations of a function (a bound on its arena).
constexpr uint64_t kMaxActivationBytes = uint64_t(1) << 40; // 1 TiB

/// The largest single tensor this process accepts: kMaxTensorBytes, or half
/// the process's address-space or data limit (ulimit -v / -d) when that is
/// smaller, so a tensor that cannot be allocated is refused up front instead
/// of aborting the allocation ("LLVM ERROR: out of memory").
uint64_t maxTensorBytes();

/// Checks one tensor type against maxTensorBytes() and that it has no
/// zero-sized dimension; `what` names it in the error at `loc`.
LogicalResult checkTensorType(Location loc, RankedTensorType type,
                              StringRef what = "tensor");

/// Checks every statically shaped tensor under `root` (function arguments
/// and op results): none may be empty (a zero-sized dimension: the model
/// computes nothing, and code generation divides by such sizes), none
/// larger than maxTensorBytes(), and the activations of a function no more
/// than kMaxActivationBytes. Emits an error at the first value that breaks
/// a rule or whose size overflows 64 bits.
LogicalResult checkResourceLimits(Operation *root);

} // namespace mlir::resnet

#endif // RESNET_DIALECT_RESOURCELIMITS_H
