//===- TileAndDistribute.cpp - block/thread tiling of linalg ops ----------===//
//
// Linalg on tensors -> per root op: scf.forall over output tiles (GPU blocks)
// with the producers fused in, workgroup-memory copies of the reused input
// tiles, and an inner scf.forall with one output element per GPU thread.
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUTILEANDDISTRIBUTE
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

bool isElementwise(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  return generic && generic.getNumLoops() == generic.getNumParallelLoops();
}

/// Fills that initialise linalg ops, and single-use producers of an elementwise op (the conv or matmul
/// under a bias/ReLU epilogue), are computed inside their consumer's tiles.
bool fusesIntoConsumer(Operation *op) {
  if (isa<linalg::FillOp>(op))
    return !op->use_empty() &&
           llvm::all_of(op->getUsers(), llvm::IsaPred<linalg::LinalgOp>);
  if (!isa<linalg::LinalgOp>(op) || isa<linalg::CopyOp>(op) ||
      op->getNumResults() != 1 || !op->getResult(0).hasOneUse())
    return false;
  return isElementwise(*op->getResult(0).getUsers().begin());
}

int64_t largestDivisorAtMost(int64_t n, int64_t cap) {
  for (int64_t d = std::min(n, cap); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Block tile of the parallel loops: the innermost up to 16, the next two up
/// to 4 (at most 256 output elements, i.e. threads, per block), the outer
/// ones 1. Divisors only, so that every tile, and every workgroup buffer, has
/// a static shape. Reduction loops are not tiled.
SmallVector<int64_t> blockTileSizes(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes(ranges.size(), 0);
  const int64_t caps[] = {16, 4, 4};
  unsigned seen = 0;
  for (int64_t i = ranges.size() - 1; i >= 0; --i) {
    if (iterators[i] != utils::IteratorType::parallel)
      continue;
    int64_t cap = seen < 3 ? caps[seen] : 1;
    sizes[i] = largestDivisorAtMost(ranges[i], cap);
    ++seen;
  }
  return sizes;
}

SmallVector<Attribute> linearMapping(MLIRContext *ctx, unsigned count,
                                     bool blocks) {
  SmallVector<Attribute> mapping;
  // linear_dim_0 varies fastest: give it the innermost loop.
  for (unsigned i = 0; i < count; ++i) {
    auto id = static_cast<mlir::gpu::MappingId>(
        static_cast<uint64_t>(mlir::gpu::MappingId::LinearDim0) + count - 1 -
        i);
    mapping.push_back(blocks ? Attribute(mlir::gpu::GPUBlockMappingAttr::get(
                                   ctx, id))
                             : Attribute(mlir::gpu::GPUThreadMappingAttr::get(
                                   ctx, id)));
  }
  return mapping;
}

scf::SCFTilingOptions forallTiling(MLIRContext *ctx, ArrayRef<int64_t> sizes,
                                   bool blocks) {
  SmallVector<OpFoldResult> tileSizes;
  unsigned tiled = 0;
  for (int64_t size : sizes) {
    tileSizes.push_back(IntegerAttr::get(IndexType::get(ctx), size));
    tiled += size != 0;
  }
  scf::SCFTilingOptions options;
  options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp)
      .setTileSizes(tileSizes)
      .setMapping(linearMapping(ctx, tiled, blocks));
  return options;
}

/// Tiles `root` with `sizes`, fusing the producers in `fuse`; returns the
/// tiled root followed by the fused producers, or nothing after a diagnostic.
SmallVector<Operation *> tileAndFuse(RewriterBase &rewriter,
                                     TilingInterface root,
                                     ArrayRef<int64_t> sizes, bool blocks,
                                     const DenseSet<Operation *> &fuse) {
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(forallTiling(root->getContext(), sizes, blocks));
  options.setFusionControlFn(
      [&fuse](tensor::ExtractSliceOp, OpResult producer, bool)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        if (!fuse.contains(producer.getOwner()))
          return std::nullopt;
        return scf::SCFTileAndFuseOptions::ControlFnResult{};
      });
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
  if (failed(result)) {
    root->emitOpError("could not be tiled for the GPU");
    return {};
  }
  for (OpResult res : root->getResults())
    rewriter.replaceAllUsesWith(res, result->replacements.lookup(res));
  rewriter.eraseOp(root);
  return SmallVector<Operation *>(result->tiledAndFusedOps.begin(),
                                  result->tiledAndFusedOps.end());
}

/// Copies the block's input tiles of the reducing op (conv/matmul/pooling)
/// into workgroup memory when they fit in `budget` bytes, the copy spread
/// over the block's threads. These tiles are read by many threads.
LogicalResult promoteInputTiles(RewriterBase &rewriter, linalg::LinalgOp op,
                                int64_t budget) {
  if (op.getNumReductionLoops() == 0)
    return success();
  SmallVector<OpOperand *> candidates;
  int64_t bytes = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    // Pooling windows only carry a shape: nothing to copy.
    if (!type || !type.hasStaticShape() ||
        !op.payloadUsesValueFromOperand(input) ||
        !input->get().getDefiningOp<tensor::ExtractSliceOp>())
      continue;
    bytes += type.getNumElements() * type.getElementTypeBitWidth() / 8;
    candidates.push_back(input);
  }
  if (candidates.empty() || bytes > budget)
    return success();
  MLIRContext *ctx = op->getContext();
  auto workgroup = mlir::gpu::AddressSpaceAttr::get(
      ctx, mlir::gpu::GPUDialect::getWorkgroupAddressSpace());
  for (OpOperand *input : candidates) {
    auto type = cast<RankedTensorType>(input->get().getType());
    Location loc = input->get().getLoc();
    rewriter.setInsertionPoint(op);
    auto buffer = bufferization::AllocTensorOp::create(rewriter, loc, type,
                                                       ValueRange{});
    buffer.setMemorySpaceAttr(workgroup);
    auto copy = linalg::CopyOp::create(rewriter, loc, input->get(),
                                       buffer.getResult());
    SmallVector<int64_t> ones(type.getRank(), 1);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(copy.getOperation()),
        forallTiling(ctx, ones, /*blocks=*/false));
    if (failed(tiled))
      return copy->emitOpError("could not be distributed over GPU threads");
    rewriter.modifyOpInPlace(op, [&] { input->set(tiled->replacements[0]); });
    rewriter.eraseOp(copy);
  }
  return success();
}

/// tensor.pad (static, one padding value) -> a linalg.generic that gathers
/// from the source with clamped indices and selects the padding value
/// outside it, so that padding is a kernel like any other op.
struct PadToGather : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    RankedTensorType resultType = pad.getResultType();
    RankedTensorType sourceType = pad.getSourceType();
    Value padding = pad.getConstantPaddingValue();
    if (!padding || !resultType.hasStaticShape() ||
        !sourceType.hasStaticShape())
      return rewriter.notifyMatchFailure(pad, "dynamic or non-constant pad");
    SmallVector<OpFoldResult> lows = pad.getMixedLowPad();
    Location loc = pad.getLoc();
    int64_t rank = resultType.getRank();
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          resultType.getElementType());
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value source = pad.getSource();
    auto gather = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, ValueRange{empty}, maps,
        iterators, [&](OpBuilder &b, Location loc, ValueRange) {
          Value inside = arith::ConstantIntOp::create(b, loc, 1, 1);
          Value zero = arith::ConstantIndexOp::create(b, loc, 0);
          SmallVector<Value> indices;
          for (int64_t d = 0; d < rank; ++d) {
            Value low = getValueOrCreateConstantIndexOp(b, loc, lows[d]);
            Value size = arith::ConstantIndexOp::create(
                b, loc, sourceType.getDimSize(d));
            Value last = arith::ConstantIndexOp::create(
                b, loc, sourceType.getDimSize(d) - 1);
            Value index = arith::SubIOp::create(
                b, loc, linalg::IndexOp::create(b, loc, d), low);
            // Negative indices wrap to large unsigned ones: one compare.
            inside = arith::AndIOp::create(
                b, loc, inside,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                      index, size));
            indices.push_back(arith::MinSIOp::create(
                b, loc, arith::MaxSIOp::create(b, loc, index, zero), last));
          }
          Value value = tensor::ExtractOp::create(b, loc, source, indices);
          Value result =
              arith::SelectOp::create(b, loc, inside, value, padding);
          linalg::YieldOp::create(b, loc, result);
        });
    rewriter.replaceOp(pad, gather.getResults());
    return success();
  }
};

struct GpuTileAndDistribute
    : resnet::impl::GpuTileAndDistributeBase<GpuTileAndDistribute> {
  using Base::Base;

  // The pipeline's later gpu-module-to-binary translates gpu.modules to LLVM
  // IR for NVPTX: its first pass brings the interfaces that needs, so that
  // any tool that registers the pipeline can run it.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerAllToLLVMIRTranslations(registry);
    NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  }

  void runOnOperation() override {
    RewritePatternSet padPatterns(&getContext());
    padPatterns.add<PadToGather>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(padPatterns))))
      return signalPassFailure();
    // Decided before tiling: tiling adds uses to the producers. The set is
    // per run: a pass instance runs on many functions, and ops of an
    // earlier one are erased by then.
    fused.clear();
    SmallVector<linalg::LinalgOp> roots;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (fusesIntoConsumer(op))
        fused.insert(op);
      else
        roots.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // Consumers first: their tiles pull their producers in.
    for (linalg::LinalgOp root : llvm::reverse(roots))
      if (failed(distribute(rewriter, root)))
        return signalPassFailure();
  }

  LogicalResult distribute(RewriterBase &rewriter, linalg::LinalgOp root) {
    if (!root.hasPureTensorSemantics() || root.hasDynamicShape())
      return root->emitOpError(
          "needs static shapes and tensor semantics on the GPU path");
    rewriter.setInsertionPoint(root);
    SmallVector<Operation *> blockOps =
        tileAndFuse(rewriter, cast<TilingInterface>(root.getOperation()),
                    blockTileSizes(root), /*blocks=*/true, fused);
    if (blockOps.empty())
      return failure();
    Operation *blockTile = blockOps.front();
    auto blockForall = blockTile->getParentOfType<scf::ForallOp>();
    SmallVector<linalg::LinalgOp> reducing;
    blockForall.walk([&](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() > 0)
        reducing.push_back(op);
    });
    for (linalg::LinalgOp op : reducing)
      if (failed(promoteInputTiles(rewriter, op, sharedMemoryBytes)))
        return failure();
    // One output element per thread.
    auto tiled = cast<linalg::LinalgOp>(blockTile);
    SmallVector<int64_t> ones;
    for (utils::IteratorType it : tiled.getIteratorTypesArray())
      ones.push_back(it == utils::IteratorType::parallel ? 1 : 0);
    rewriter.setInsertionPoint(blockTile);
    DenseSet<Operation *> producers(blockOps.begin() + 1, blockOps.end());
    return success(!tileAndFuse(rewriter, cast<TilingInterface>(blockTile),
                                ones, /*blocks=*/false, producers)
                        .empty());
  }

  /// Producers that are fused into their consumer's tiles (this run).
  DenseSet<Operation *> fused;
};

} // namespace
