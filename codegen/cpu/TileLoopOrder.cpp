//===- TileLoopOrder.cpp - channel-innermost loop order -------------------===//
//
// Named convolutions, pools and matmuls lower to loops whose innermost loop
// is a reduction (input channels, window): a scalar accumulator chain that
// LLVM may not vectorize without reassociating floats. Making the output's
// contiguous dimension (the NHWC channel, the matmul column) the innermost
// loop turns the body into independent multiply-adds over unit-stride
// memory, which LLVM vectorizes to the target's full vector width.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_TILELOOPORDER
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// The loop dimension that walks the (first) output's last, contiguous
/// dimension, when it is a parallel loop; else -1.
int64_t contiguousOutputDim(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1)
    return -1;
  AffineMap map = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (map.getNumResults() == 0)
    return -1;
  auto dim = dyn_cast<AffineDimExpr>(map.getResults().back());
  if (!dim || !linalg::isParallelIterator(
                  op.getIteratorTypesArray()[dim.getPosition()]))
    return -1;
  return dim.getPosition();
}

struct TileLoopOrderPass
    : public resnet::impl::TileLoopOrderBase<TileLoopOrderPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::FillOp, linalg::TransposeOp, linalg::CopyOp>(op) &&
          op.hasPureTensorSemantics())
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      int64_t inner = contiguousOutputDim(op);
      unsigned loops = op.getNumLoops();
      if (inner < 0 || inner == static_cast<int64_t>(loops) - 1)
        continue;
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      SmallVector<unsigned> order;
      for (unsigned d = 0; d < loops; ++d)
        if (d != inner)
          order.push_back(d);
      order.push_back(inner);
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order)))
        return signalPassFailure();
    }
  }
};
} // namespace
