//===- LowerVectors.cpp - vector ops to LLVM-friendly 1-D vectors ---------===//
//
// After --resnet-tile and bufferization: turns the tile loops of layers
// configured sequential into scf.for, hoists redundant transfers, then
// lowers the vector ops of the tiles in stages, each its own greedy run
// (broadcast lowering and canonicalization in one run need not converge):
//   contractions -> outer products (broadcast + FMA per reduction step, the
//   register-tiled form; the dot and intrinsic strategies reduce
//   horizontally), transfer
//   permutations, multi-reductions (inner-parallel); full/partial transfer
//   splitting; transfers to 1-D (scf, fully unrolled); 1-D transfers,
//   shape casts, transposes, outer products and broadcasts.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/Passes.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorTransforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_LOWERVECTORS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
struct LowerVectorsPass
    : public resnet::impl::LowerVectorsBase<LowerVectorsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    // Layers too small to pay a fork/join (#resnet.tile<parallel = false>)
    // and the loops of a worker loop's iterations (whose threads are the
    // worker loop's) become sequential loops.
    SmallVector<scf::ForallOp> sequential;
    func.walk([&](scf::ForallOp forall) {
      auto tile =
          forall->getAttrOfType<resnet::TileAttr>(resnet::TileAttr::kName);
      if (tile && (!tile.getParallel() || resnet::inWorkerLoop(forall)))
        sequential.push_back(forall);
    });
    IRRewriter rewriter(ctx);
    for (scf::ForallOp forall : sequential) {
      rewriter.setInsertionPoint(forall);
      if (failed(scf::forallToForLoop(rewriter, forall)))
        return signalPassFailure();
    }
    linalg::hoistRedundantVectorTransfers(func, /*verifyNonZeroTrip=*/true);

    auto apply = [&](function_ref<void(RewritePatternSet &)> populate) {
      RewritePatternSet patterns(ctx);
      populate(patterns);
      return applyPatternsGreedily(func, std::move(patterns));
    };
    auto stages = {
        +[](RewritePatternSet &p) {
          vector::populateVectorContractLoweringPatterns(
              p, vector::VectorContractLowering::OuterProduct);
          vector::populateVectorTransferPermutationMapLoweringPatterns(p);
          vector::populateVectorMultiReductionLoweringPatterns(
              p, vector::VectorMultiReductionLowering::InnerParallel);
        },
        +[](RewritePatternSet &p) {
          vector::VectorTransformsOptions options;
          options.setVectorTransferSplit(
              vector::VectorTransferSplit::VectorTransfer);
          vector::populateVectorTransferFullPartialPatterns(p, options);
        },
        +[](RewritePatternSet &p) {
          populateVectorToSCFConversionPatterns(
              p, VectorTransferToSCFOptions().enableFullUnroll().setTargetRank(
                     1));
        },
        +[](RewritePatternSet &p) {
          vector::populateVectorTransferLoweringPatterns(p,
                                                         /*maxRank=*/1);
          vector::populateVectorShapeCastLoweringPatterns(p);
          vector::populateVectorTransposeLoweringPatterns(
              p, vector::VectorTransposeLowering::Shuffle1D);
          vector::populateVectorOuterProductLoweringPatterns(p);
          vector::populateVectorBroadcastLoweringPatterns(p);
        },
    };
    for (auto populate : stages)
      if (failed(apply(populate)))
        return signalPassFailure();
  }
};
} // namespace
