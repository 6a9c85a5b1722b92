//===- TileAndDistribute.cpp - block/thread tiling of linalg ops ----------===//
//
// Linalg on tensors -> per root op: scf.forall over output tiles (GPU blocks)
// with the producers fused in, workgroup-memory copies of the reused input
// tiles, and an inner scf.forall over the threads' register tiles, as the
// root's #resnet_gpu.tile says.
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/Passes.h"
#include "codegen/gpu/TileSelection.h"

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

/// The reduction loops of `op` outermost, the (register-tiled) parallel
/// ones inside them: lowered to loops, each step of the reduction loads its
/// operands once and updates every output of the thread's tile, which stay
/// in registers once the short inner loops are unrolled.
FailureOr<linalg::LinalgOp> reductionsOutermost(RewriterBase &rewriter,
                                                linalg::LinalgOp op) {
  if (op.getNumReductionLoops() == 0)
    return op;
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
  FailureOr<linalg::GenericOp> interchanged =
      linalg::interchangeGenericOp(rewriter, generic, order);
  if (failed(interchanged))
    return failure();
  return cast<linalg::LinalgOp>(interchanged->getOperation());
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
/// into workgroup memory when they fit in `budget` bytes (which is reduced
/// by what they take), the copy spread over the block's threads. These
/// tiles are read by many threads.
LogicalResult promoteInputTiles(RewriterBase &rewriter, linalg::LinalgOp op,
                                int64_t &budget) {
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
  budget -= bytes;
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
    // Decided before tiling: tiling adds uses to the producers. The set is
    // per run: a pass instance runs on many functions, and ops of an
    // earlier one are erased by then.
    fused.clear();
    SmallVector<linalg::LinalgOp> roots;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (resnet::fusesIntoConsumer(op))
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

  /// The root's configuration, checked against its loops.
  static FailureOr<resnet::GpuTileAttr> configOf(linalg::LinalgOp root) {
    auto config =
        root->getAttrOfType<resnet::GpuTileAttr>(resnet::GpuTileAttr::kName);
    if (!config)
      return root->emitOpError("has no #resnet_gpu.tile (run "
                               "--resnet-gpu-select-tiles first)");
    SmallVector<int64_t> ranges = root.getStaticLoopRanges();
    SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
    if (config.getBlock().size() != ranges.size())
      return root->emitOpError("has ")
             << ranges.size() << " loops but its #resnet_gpu.tile has "
             << config.getBlock().size() << " tile sizes";
    for (auto [i, size] : llvm::enumerate(config.getBlock())) {
      bool reduction = iterators[i] == utils::IteratorType::reduction;
      if (reduction ? size != 0 : (size == 0 || ranges[i] % size != 0))
        return root->emitOpError("#resnet_gpu.tile block size ")
               << size << " of loop " << i << " must "
               << (reduction ? "be 0 (a reduction loop)"
                             : "divide its range " + Twine(ranges[i]).str());
    }
    return config;
  }

  LogicalResult distribute(RewriterBase &rewriter, linalg::LinalgOp root) {
    if (!root.hasPureTensorSemantics() || root.hasDynamicShape())
      return root->emitOpError(
          "needs static shapes and tensor semantics on the GPU path");
    FailureOr<resnet::GpuTileAttr> config = configOf(root);
    if (failed(config))
      return failure();
    root->removeAttr(resnet::GpuTileAttr::kName);
    rewriter.setInsertionPoint(root);
    SmallVector<Operation *> blockOps =
        tileAndFuse(rewriter, cast<TilingInterface>(root.getOperation()),
                    config->getBlock(), /*blocks=*/true, fused);
    if (blockOps.empty())
      return failure();
    Operation *blockTileOp = blockOps.front();
    auto blockForall = blockTileOp->getParentOfType<scf::ForallOp>();
    SmallVector<linalg::LinalgOp> reducing;
    blockForall.walk([&](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() > 0)
        reducing.push_back(op);
    });
    // One budget for the kernel: a block's conv and its projection shortcut
    // share the block's shared memory.
    int64_t budget = sharedMemoryBytes;
    for (linalg::LinalgOp op : reducing)
      if (failed(promoteInputTiles(rewriter, op, budget)))
        return failure();
    rewriter.setInsertionPoint(blockTileOp);
    DenseSet<Operation *> producers(blockOps.begin() + 1, blockOps.end());
    SmallVector<Operation *> threadOps =
        tileAndFuse(rewriter, cast<TilingInterface>(blockTileOp),
                    config->getThread(), /*blocks=*/false, producers);
    if (threadOps.empty())
      return failure();
    Operation *threadRoot = nullptr;
    for (Operation *op : threadOps) {
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (!linalgOp)
        continue;
      FailureOr<linalg::LinalgOp> ordered =
          reductionsOutermost(rewriter, linalgOp);
      if (failed(ordered))
        return failure();
      if (!threadRoot)
        threadRoot = *ordered;
    }
    // Where resnet-gpu-map-to-launch finds the kernel's configuration.
    if (threadRoot)
      threadRoot->setAttr(resnet::GpuTileAttr::kName, *config);
    return success();
  }

  /// Producers that are fused into their consumer's tiles (this run).
  DenseSet<Operation *> fused;
};

} // namespace
