//===- ResourceLimits.h - refuse models too large to run --------*- C++ -*-===//
//
// A model's types are user input: `tensor<1x4096x100000x100000xf32>` verifies
// but cannot be allocated, and sizes can overflow 64 bits. Tools check the
// module once, before compiling or interpreting it, so an absurd model gets a
// diagnostic at the offending op instead of a failed allocation or a wrapped
// size at run time.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_DIALECT_RESOURCELIMITS_H
#define RESNET_DIALECT_RESOURCELIMITS_H

#include "mlir/IR/Operation.h"

#include <cstdint>

namespace mlir::resnet {

/// The largest single tensor (activation, input, output or constant).
constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 35; // 32 GiB
/// The largest sum of all activations of a function (a bound on its arena).
constexpr uint64_t kMaxActivationBytes = uint64_t(1) << 40; // 1 TiB

/// Checks every statically shaped tensor under `root` (function arguments
/// and op results) against the limits; emits an error at the first value
/// that exceeds them or whose size overflows 64 bits.
LogicalResult checkResourceLimits(Operation *root);

} // namespace mlir::resnet

#endif // RESNET_DIALECT_RESOURCELIMITS_H
