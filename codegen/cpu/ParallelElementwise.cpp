//===- ParallelElementwise.cpp - elementwise ops outside tiles on threads -===//
//
// The layers' tile loops run on every core. An elementwise op that no tile
// loop holds (an epilogue the tiling could not fuse, the bias and ReLU
// around a grouped convolution in its grouped layout, a layout transpose)
// would run on the calling thread alone, the others waiting for the next
// layer: at 2 threads such an op costs twice its share. This pass tiles
// each of them over its leading loops with an scf.forall, which the
// pipeline turns into an OpenMP worksharing loop as it does the layers'.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PARALLELELEMENTWISE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-parallel-elementwise"

using namespace mlir;

namespace {
/// Iterations of the forall, at least: a few chunks per thread, so that a
/// late thread (a virtual CPU taken away) costs a small part of the op.
constexpr int64_t kMinIterations = 16;

/// Tile sizes that split the leading loops one index per iteration, as
/// many of them as make kMinIterations; the inner loops stay whole.
SmallVector<OpFoldResult> leadingTileSizes(OpBuilder &b,
                                           ArrayRef<int64_t> ranges) {
  SmallVector<OpFoldResult> sizes;
  int64_t iterations = 1;
  for (int64_t range : ranges) {
    bool split = iterations < kMinIterations && range > 1;
    sizes.push_back(b.getIndexAttr(split ? 1 : 0));
    if (split)
      iterations *= range;
  }
  return sizes;
}

/// Whether `op` is an elementwise op worth threads: on tensors, every loop
/// parallel, static, with at least `minElements` iterations, not already
/// inside a tile loop.
bool worthThreads(linalg::LinalgOp op, int64_t minElements) {
  if (isa<linalg::FillOp, linalg::CopyOp>(op) ||
      !op.hasPureTensorSemantics() || op.getNumReductionLoops() != 0 ||
      op->getParentOfType<scf::ForallOp>())
    return false;
  int64_t elements = 1;
  for (int64_t range : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(range))
      return false;
    elements *= range;
  }
  return elements >= minElements;
}

struct ParallelElementwisePass
    : public resnet::impl::ParallelElementwiseBase<ParallelElementwisePass> {
  using ParallelElementwiseBase::ParallelElementwiseBase;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (worthThreads(op, minElements))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      rewriter.setInsertionPoint(op);
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      options.setTileSizes(
          leadingTileSizes(rewriter, op.getStaticLoopRanges()));
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled)) {
        // Left on one thread: slower, still correct.
        LLVM_DEBUG(llvm::dbgs() << "not tiled: " << *op << "\n");
        continue;
      }
      LLVM_DEBUG(llvm::dbgs() << "on threads: " << op->getName() << " at "
                              << op->getLoc() << "\n");
      rewriter.replaceOp(op, tiled->replacements);
    }
  }
};
} // namespace
