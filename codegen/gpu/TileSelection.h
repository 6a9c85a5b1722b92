//===- TileSelection.h - the one component that tiles GPU kernels -*- C++ -*-===//
//
// Chooses, from the op's static shapes and the GPU target description, the
// block tile, the per-thread register tile and the thread count of every
// kernel; --resnet-gpu-select-tiles records the choice as a
// `#resnet_gpu.tile` on the kernel's root op, and the passes after it read
// only that attribute.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_GPU_TILESELECTION_H
#define RESNET_CODEGEN_GPU_TILESELECTION_H

#include "codegen/gpu/GpuConfig.h"
#include "codegen/gpu/Target.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::resnet {

/// Fills that initialise linalg ops, and single-use producers of an
/// elementwise op (the conv or matmul under a bias/ReLU epilogue), are
/// computed inside their consumer's tiles; every other linalg op is the
/// root of a kernel.
bool fusesIntoConsumer(Operation *op);

/// The ops that reduce (conv, matmul, pooling) among `root` and the
/// producers that fuse into it, in operand order.
SmallVector<linalg::LinalgOp> reducingOpsOf(linalg::LinalgOp root);

/// The reduction loop a K-slice splits: the longest one that every input
/// indexes by itself (a conv's input channels, a matmul's k); none for
/// pooling, whose window operand carries only a shape.
std::optional<unsigned> kSliceLoop(linalg::LinalgOp op);

/// `consumerTile` (per loop of `consumer`) over the loops of `producer`,
/// whose result `consumer` reads with the same indices as its own output
/// (an epilogue's conv): reduction loops 0, loops that the result does not
/// index 1.
SmallVector<int64_t> tileOfProducer(linalg::LinalgOp consumer,
                                    linalg::LinalgOp producer,
                                    ArrayRef<int64_t> consumerTile);

/// The configuration of the kernel built around `root`, named `kernel`:
///  - ops that reduce (or epilogues of one): a register tile of at least
///    16 outputs (channels x width x height, divisors of the loop ranges)
///    with the fewest shared-memory loads per FMA, then the block of
///    threads that spreads the op over the most SMs with full warps, its
///    input tiles within `sharedMemoryBytes` where possible;
///    then, for each op that reduces and whose block's whole input tiles do
///    not fit, the K-slice whose two buffers do;
///  - elementwise ops: one output per thread, blocks of up to 256 threads.
GpuTileAttr selectGpuTile(linalg::LinalgOp root, const GpuTarget &target,
                          int64_t sharedMemoryBytes, StringAttr kernel);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_GPU_TILESELECTION_H
