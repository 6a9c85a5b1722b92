//===- Passes.h - graph-level resnet passes ---------------------*- C++ -*-===//
#ifndef RESNET_PASSES_PASSES_H
#define RESNET_PASSES_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Registers the graph-level passes and the `--resnet-optimize` pipeline.
void registerResNetGraphPasses();

/// Re-specializes `func` (resnet dialect, one block) to `batch` images:
/// the batch dimension of its arguments, then every op's inferred result
/// types (what resnet-set-batch does); fails with an error on an op that
/// cannot follow.
LogicalResult setBatchSize(func::FuncOp func, int64_t batch);

/// Re-infers `op`'s result types from its operands, which now carry
/// `batch` images (a constant is left alone); emits an error and fails
/// where the op cannot follow. One step of setBatchSize.
LogicalResult reinferResultTypes(Operation *op, int64_t batch);

/// The graph optimizations of `--resnet-optimize` on a module: expand the
/// blocks, fold the batch norms, trim the kernel taps that read only
/// padding, fuse conv epilogues, canonicalize, CSE.
void buildResNetOptimizePipeline(OpPassManager &pm);

/// The graph-level front half every target shares: at optLevel >= 1 the
/// optimizations above, else only the block expansion; with
/// `profileLayers`, each layer then named in its location (for the
/// per-layer profile, see --resnet-profile-mark-layers); with
/// `traceLayers`, each layer's output marked for the numerics trace
/// (--resnet-trace-layers).
void buildResNetGraphPipeline(OpPassManager &pm, unsigned optLevel,
                              bool profileLayers = false,
                              bool traceLayers = false);

/// Applies `patterns` greedily with folding and constant CSE off: the graph
/// passes rewrite only their own ops; folding is canonicalize's job.
inline LogicalResult applyRewritesWithoutFolding(Operation *op,
                                                 RewritePatternSet &&patterns) {
  GreedyRewriteConfig config;
  config.enableFolding(false).enableConstantCSE(false);
  return applyPatternsGreedily(op, std::move(patterns), config);
}

} // namespace mlir::resnet

#endif // RESNET_PASSES_PASSES_H
