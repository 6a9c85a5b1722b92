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
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
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

/// Block tile of the parallel loops: the innermost up to `caps[0]`, the
/// next two up to `caps[1]` and `caps[2]`, the outer ones 1. Divisors only,
/// so that every tile, and every workgroup buffer, has a static shape.
/// Reduction loops are not tiled.
SmallVector<int64_t> blockTileSizes(linalg::LinalgOp op,
                                    ArrayRef<int64_t> caps) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes(ranges.size(), 0);
  unsigned seen = 0;
  for (int64_t i = ranges.size() - 1; i >= 0; --i) {
    if (iterators[i] != utils::IteratorType::parallel)
      continue;
    int64_t cap = seen < caps.size() ? caps[seen] : 1;
    sizes[i] = largestDivisorAtMost(ranges[i], cap);
    ++seen;
  }
  return sizes;
}

/// Outputs per thread of an op that reduces (conv, matmul, pooling): a
/// register tile of up to 4 x 4 over the two innermost parallel loops of
/// the block tile (output channels and width, for NHWC), the innermost
/// grown up to `kRegisterTile` outputs when the other does not divide by
/// more than 1 (7x7 feature maps). Elementwise ops: one output per thread.
constexpr int64_t kRegisterTile = 16;
SmallVector<int64_t> threadTileSizes(linalg::LinalgOp op,
                                     ArrayRef<int64_t> blockTile,
                                     int64_t maxOutputs = kRegisterTile) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes;
  for (utils::IteratorType it : iterators)
    sizes.push_back(it == utils::IteratorType::parallel ? 1 : 0);
  if (op.getNumReductionLoops() == 0)
    return sizes;
  SmallVector<unsigned> inner;
  for (int64_t i = iterators.size() - 1; i >= 0 && inner.size() < 2; --i)
    if (iterators[i] == utils::IteratorType::parallel && blockTile[i] > 1)
      inner.push_back(i);
  if (inner.empty())
    return sizes;
  int64_t outputs = 1;
  for (unsigned i : inner) {
    sizes[i] = largestDivisorAtMost(blockTile[i],
                                    std::min<int64_t>(4, maxOutputs / outputs));
    outputs *= sizes[i];
  }
  if (outputs < maxOutputs)
    sizes[inner[0]] = largestDivisorAtMost(
        blockTile[inner[0]], maxOutputs / (outputs / sizes[inner[0]]));
  return sizes;
}

/// The reduction loops of `op` outermost, the (register-tiled) parallel
/// ones inside them: lowered to loops, each step of the reduction loads its
/// operands once and updates every output of the thread's tile, which stay
/// in registers once the short inner loops are unrolled.
LogicalResult reductionsOutermost(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (op.getNumReductionLoops() == 0)
    return success();
  rewriter.setInsertionPoint(op);
  linalg::GenericOp generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic) {
    FailureOr<linalg::GenericOp> generalized =
        linalg::generalizeNamedOp(rewriter, op);
    if (failed(generalized))
      return op->emitOpError("cannot be generalized for the GPU");
    generic = *generalized;
  }
  SmallVector<unsigned> order;
  SmallVector<utils::IteratorType> iterators = generic.getIteratorTypesArray();
  for (unsigned i = 0; i < iterators.size(); ++i)
    if (iterators[i] == utils::IteratorType::reduction)
      order.push_back(i);
  for (unsigned i = 0; i < iterators.size(); ++i)
    if (iterators[i] != utils::IteratorType::reduction)
      order.push_back(i);
  return success(succeeded(linalg::interchangeGenericOp(rewriter, generic,
                                                        order)));
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
  // In operand order (the input before the weights) while they fit.
  SmallVector<OpOperand *> candidates;
  int64_t bytes = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    // Pooling windows only carry a shape: nothing to copy.
    if (!type || !type.hasStaticShape() ||
        !op.payloadUsesValueFromOperand(input) ||
        !input->get().getDefiningOp<tensor::ExtractSliceOp>())
      continue;
    int64_t size = type.getNumElements() * type.getElementTypeBitWidth() / 8;
    if (bytes + size > budget)
      continue;
    bytes += size;
    candidates.push_back(input);
  }
  if (candidates.empty())
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
    // The root reduces, or computes the epilogue of a fused op that does.
    bool reduces = root.getNumReductionLoops() > 0 ||
                   llvm::any_of(root->getOperands(), [&](Value operand) {
                     auto producer = operand.getDefiningOp<linalg::LinalgOp>();
                     return producer && fused.contains(producer) &&
                            producer.getNumReductionLoops() > 0;
                   });
    // Register-tiled ops get blocks of up to 64 x 8 x 4 outputs (up to 128
    // threads of 16 outputs), elementwise ones up to 16 x 4 x 4.
    SmallVector<int64_t> blockTile =
        blockTileSizes(root, reduces ? ArrayRef<int64_t>{64, 8, 4}
                                     : ArrayRef<int64_t>{16, 4, 4});
    SmallVector<Operation *> blockOps =
        tileAndFuse(rewriter, cast<TilingInterface>(root.getOperation()),
                    blockTile, /*blocks=*/true, fused);
    if (blockOps.empty())
      return failure();
    Operation *blockTileOp = blockOps.front();
    auto blockForall = blockTileOp->getParentOfType<scf::ForallOp>();
    SmallVector<linalg::LinalgOp> reducing;
    blockForall.walk([&](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() > 0)
        reducing.push_back(op);
    });
    for (linalg::LinalgOp op : reducing)
      if (failed(promoteInputTiles(rewriter, op, sharedMemoryBytes)))
        return failure();
    // The thread tile: that of the reducing op (the epilogue follows it).
    auto tiled = cast<linalg::LinalgOp>(blockTileOp);
    SmallVector<int64_t> threadTile =
        threadTileSizes(tiled, tiled.getStaticLoopRanges());
    if (!reducing.empty() && reducing.front() != tiled) {
      // Several ops that reduce in one kernel (a block's conv and its
      // projection shortcut) share the registers.
      SmallVector<int64_t> reducingTile = threadTileSizes(
          reducing.front(), reducing.front().getStaticLoopRanges(),
          kRegisterTile / static_cast<int64_t>(reducing.size()));
      threadTile = projectToConsumer(reducing.front(), tiled, reducingTile);
    }
    rewriter.setInsertionPoint(blockTileOp);
    DenseSet<Operation *> producers(blockOps.begin() + 1, blockOps.end());
    SmallVector<Operation *> threadOps =
        tileAndFuse(rewriter, cast<TilingInterface>(blockTileOp), threadTile,
                    /*blocks=*/false, producers);
    if (threadOps.empty())
      return failure();
    for (Operation *op : threadOps)
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
        if (failed(reductionsOutermost(rewriter, linalgOp)))
          return failure();
    return success();
  }

  /// The thread tile of the elementwise consumer of `producer` that gives
  /// the producer the tile `producerTile` (the consumer's output is the
  /// producer's, in the same loop order for the parallel loops).
  static SmallVector<int64_t> projectToConsumer(linalg::LinalgOp producer,
                                                linalg::LinalgOp consumer,
                                                ArrayRef<int64_t> producerTile) {
    SmallVector<int64_t> tile(consumer.getNumLoops(), 1);
    AffineMap map = producer.getIndexingMapMatchingResult(
        cast<OpResult>(producer->getResult(0)));
    // Output dim d of the producer is loop map(d); the consumer's identity
    // output has loop d for dim d.
    for (auto [d, expr] : llvm::enumerate(map.getResults()))
      if (auto dim = dyn_cast<AffineDimExpr>(expr);
          dim && d < tile.size())
        tile[d] = producerTile[dim.getPosition()];
    return tile;
  }

  /// Producers that are fused into their consumer's tiles (this run).
  DenseSet<Operation *> fused;
};

} // namespace
