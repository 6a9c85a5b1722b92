//===- RollGlueLoops.cpp - loops outside the layers stay rolled -----------===//
//
// Between the layers' tile loops, a model's function fills the borders of
// padded buffers and copies into strided views: one small memset or memcpy
// per row. LLVM fully unrolls such loop nests when their trip counts are
// small constants, and the function's body then becomes one basic block of
// thousands of stores and calls per layer and image (ResNet-50 at batch 8:
// 7786 memsets in one block), on which the machine schedulers spend time
// quadratic in its size. Unrolling a loop whose body is a memset or a
// memcpy saves nothing at run time, so these ops become scf.for loops that
// carry an LLVM loop annotation disabling unrolling (the annotation travels
// with the loop to LLVM IR's !llvm.loop metadata).
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMAttrs.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_ROLLGLUELOOPS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// The loop annotation that keeps LLVM from unrolling a loop.
LLVM::LoopAnnotationAttr keepRolled(MLIRContext *context) {
  auto disable = LLVM::LoopUnrollAttr::get(
      context, /*disable=*/BoolAttr::get(context, true), /*count=*/{},
      /*runtimeDisable=*/{}, /*full=*/{}, /*followupUnrolled=*/{},
      /*followupRemainder=*/{}, /*followupAll=*/{});
  return LLVM::LoopAnnotationAttr::get(
      context, /*disableNonforced=*/{}, /*vectorize=*/{},
      /*interleave=*/{}, /*unroll=*/disable, /*unrollAndJam=*/{},
      /*licm=*/{}, /*distribute=*/{}, /*pipeline=*/{}, /*peeled=*/{},
      /*unswitch=*/{}, /*mustProgress=*/{}, /*isVectorized=*/{},
      /*startLoc=*/{}, /*endLoc=*/{}, /*parallelAccesses=*/{});
}

/// Glue: a fill or a copy at the top level of a function, outside every
/// layer's loops (the layers' own fills and copies are tiled with them).
bool isGlue(Operation *op) {
  return isa<linalg::FillOp, linalg::CopyOp>(op) &&
         isa<FunctionOpInterface>(op->getParentOp());
}

struct RollGlueLoopsPass
    : public resnet::impl::RollGlueLoopsBase<RollGlueLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> glue;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isGlue(op) && op.hasPureBufferSemantics())
        glue.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    LLVM::LoopAnnotationAttr annotation = keepRolled(&getContext());
    for (linalg::LinalgOp op : glue) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::LinalgLoops> loops =
          linalg::linalgOpToLoops(rewriter, op);
      if (failed(loops))
        continue;
      // scf-to-cf moves attributes of the LLVM dialect onto the loop's
      // back edge, where cf-to-llvm makes this one llvm.br's annotation.
      for (Operation *loop : *loops)
        loop->setAttr("loop_annotation", annotation);
      rewriter.eraseOp(op);
    }
  }
};
} // namespace
