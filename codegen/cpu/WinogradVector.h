//===- WinogradVector.h - Winograd transforms as vector code ----*- C++ -*-===//
//
// The vector code of a Winograd transform (L d L^T on a block of channel
// vectors), shared by the dense layers (Winograd.cpp) and the grouped ones
// (GroupedWinograd.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_WINOGRADVECTOR_H
#define RESNET_CODEGEN_CPU_WINOGRADVECTOR_H

#include "mlir/IR/Builders.h"

namespace mlir::resnet::winograd {

/// L in L^T for a square block `in` (cols x cols vectors) and L (rows x
/// cols, `l(row, col)`): out[p][q] = sum_i sum_j L[p][i] in[i][j] L[q][j],
/// one side at a time. Zero coefficients vanish, +-1 are adds and
/// subtracts, the rest FMAs with splat constants.
SmallVector<SmallVector<Value>>
sandwich(OpBuilder &b, Location loc, ArrayRef<SmallVector<Value>> in,
         int64_t rows, int64_t cols, function_ref<double(int64_t, int64_t)> l);

} // namespace mlir::resnet::winograd

#endif // RESNET_CODEGEN_CPU_WINOGRADVECTOR_H
