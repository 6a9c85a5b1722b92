//===- IndexArith.h - index arithmetic the CPU kernels build ----*- C++ -*-===//
//
// The hand-built kernels (--resnet-winograd, --resnet-grouped-conv) and the
// prefetch passes compute addresses from loop induction variables and shape
// constants; these build the index ops, folding what is known at compile
// time so that the kernels' IR carries no `x * 1` or `x + 0` for later
// passes to clean up.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_INDEXARITH_H
#define RESNET_CODEGEN_CPU_INDEXARITH_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir::resnet {

inline Value indexConstant(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// x * c, folded where x is a constant or c is 1.
inline Value mulConstant(OpBuilder &b, Location loc, Value x, int64_t c) {
  if (std::optional<int64_t> constant = getConstantIntValue(x))
    return indexConstant(b, loc, *constant * c);
  if (c == 1)
    return x;
  return arith::MulIOp::create(b, loc, x, indexConstant(b, loc, c));
}

/// x + c, folded where c is 0.
inline Value addConstant(OpBuilder &b, Location loc, Value x, int64_t c) {
  if (c == 0)
    return x;
  return arith::AddIOp::create(b, loc, x, indexConstant(b, loc, c));
}

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_INDEXARITH_H
