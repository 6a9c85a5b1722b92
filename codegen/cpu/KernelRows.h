//===- KernelRows.h - kernel rows that reach the image ----------*- C++ -*-===//
//
// A conv tile near the top or bottom of a zero-padded image reads some of
// its kernel rows only from the padding: those rows add zeros. The tile
// pass runs a tile's kernel-row loop over the rows that reach the image
// for at least one of the tile's output rows, so that a 3x3 conv over a
// two-row map does two thirds of the products, and one over a 7x7 map
// 19 of 21 rows' worth.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_KERNELROWS_H
#define RESNET_CODEGEN_CPU_KERNELROWS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::resnet {

/// Kernel rows [first, end) of a conv tile, as index values.
struct KernelRows {
  Value first, end;
};

/// The kernel rows of a conv reading `input` that read a row of the image
/// for at least one of its `outputRows` output rows, the first of which
/// reads from row `rowOffset` of `input` on (null: 0), built at `b`'s
/// insertion point; nullopt when `input` is not a zero-padded tensor.pad
/// (or a unit-stride slice of one) with padded rows, or the kernel has one
/// row.
std::optional<KernelRows> kernelRowsInside(OpBuilder &b, Location loc,
                                           Value input, Value rowOffset,
                                           int64_t outputRows, int64_t stride,
                                           int64_t kernelRows);

/// kernelRowsInside for `conv` (a linalg.conv_2d_nhwc_hwcf, usually a tile
/// of one) built before it; nullopt also for any other op and a dilated
/// kernel.
std::optional<KernelRows> kernelRowsInside(OpBuilder &b, linalg::LinalgOp conv);

/// Runs `loop`, a loop over the kernel rows of step 1 from 0 to their
/// count, over `rows` only.
void clipKernelRowLoop(scf::ForOp loop, const KernelRows &rows);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_KERNELROWS_H
