//===- CountingPattern.h - rewrite patterns that count ----------*- C++ -*-===//
//
// The graph passes report what they rewrote as statistics
// (-mlir-pass-statistics): a pattern derived from CountingPattern holds the
// pass's counter and bumps it on each successful rewrite.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_PASSES_COUNTINGPATTERN_H
#define RESNET_PASSES_COUNTINGPATTERN_H

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/Statistic.h"

namespace mlir::resnet {

template <typename OpTy>
struct CountingPattern : public OpRewritePattern<OpTy> {
  CountingPattern(MLIRContext *context, llvm::Statistic &counter)
      : OpRewritePattern<OpTy>(context), counter(counter) {}
  llvm::Statistic &counter;
};

} // namespace mlir::resnet

#endif // RESNET_PASSES_COUNTINGPATTERN_H
