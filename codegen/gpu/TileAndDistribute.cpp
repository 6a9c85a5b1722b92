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
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "resnet-gpu-tile-and-distribute"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUTILEANDDISTRIBUTE
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

/// `op`'s K loop (input channels, a matmul's k) 4 steps at a time when it
/// has more than 4 and 4 divide it: the inner 4 steps are unrolled with the
/// register tile, so that the 4 contiguous input channels of each position
/// are one 128-bit load (as the weights of 4 output channels are), which
/// the 4 steps' FMAs share.
linalg::LinalgOp kStepsOfFour(RewriterBase &rewriter, linalg::LinalgOp op) {
  std::optional<unsigned> loop = resnet::kSliceLoop(op);
  if (!loop)
    return op;
  int64_t range = op.getStaticLoopRanges()[*loop];
  // Contiguous in some input (NHWC channels, a matmul's rows of A).
  bool contiguous = llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *in) {
    AffineMap map = op.getMatchingIndexingMap(in);
    return map.getNumResults() > 0 &&
           map.getResults().back() ==
               getAffineDimExpr(*loop, op->getContext());
  });
  // And a register tile whose innermost outputs are whole 128-bit rows of
  // the other operand (a 10-class classifier's tile of 10 is not: unrolled
  // 4 steps at a time, ptxas spills it).
  AffineMap out = op.getIndexingMapMatchingResult(op->getResult(0));
  auto innermost = dyn_cast<AffineDimExpr>(out.getResults().back());
  bool rows = innermost &&
              op.getStaticLoopRanges()[innermost.getPosition()] % 4 == 0;
  if (!contiguous || !rows || range <= 4 || range % 4 != 0)
    return op;
  SmallVector<OpFoldResult> sizes(op.getNumLoops(), rewriter.getIndexAttr(0));
  sizes[*loop] = rewriter.getIndexAttr(4);
  scf::SCFTilingOptions options;
  options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp)
      .setTileSizes(sizes);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled) || tiled->tiledOps.size() != 1)
    return op;
  rewriter.replaceOp(op, tiled->replacements);
  // Counted in groups (k = 4 * step): the offsets are then visibly
  // multiples of 4, so that the loads of 4 steps are 16-byte aligned.
  auto loopOp = cast<scf::ForOp>(tiled->loops.front().getOperation());
  Location loc = loopOp.getLoc();
  rewriter.setInsertionPoint(loopOp);
  Value groups = arith::ConstantIndexOp::create(rewriter, loc, range / 4);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  rewriter.modifyOpInPlace(loopOp, [&] {
    loopOp.setUpperBound(groups);
    loopOp.setStep(one);
  });
  rewriter.setInsertionPointToStart(loopOp.getBody());
  Value iv = loopOp.getInductionVar();
  Value k = arith::MulIOp::create(
      rewriter, loc, iv, arith::ConstantIndexOp::create(rewriter, loc, 4),
      arith::IntegerOverflowFlags::nuw | arith::IntegerOverflowFlags::nsw);
  rewriter.replaceAllUsesExcept(iv, k, k.getDefiningOp());
  return cast<linalg::LinalgOp>(tiled->tiledOps.front());
}

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
  return kStepsOfFour(rewriter,
                      cast<linalg::LinalgOp>(interchanged->getOperation()));
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

/// The name of the unit attribute on a thread-mapped scf.forall after
/// which resnet-gpu-map-to-launch puts no barrier: what it writes is read
/// by no other thread before the next barrier (a K-slice prefetched into
/// the other buffer, a thread's own accumulators).
constexpr StringLiteral kNoBarrier = "resnet_gpu.no_barrier";

Value indexConstant(RewriterBase &rewriter, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(rewriter, loc, value);
}

/// The thread-mapped forall of `op` tiled by 1 (a copy spread over the
/// block's threads); its result replaces `op`'s.
FailureOr<scf::ForallOp> spreadOverThreads(RewriterBase &rewriter,
                                           linalg::LinalgOp op,
                                           ArrayRef<int64_t> sizes,
                                           bool barrier) {
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()),
      forallTiling(op->getContext(), sizes, /*blocks=*/false));
  if (failed(tiled))
    return op->emitOpError("could not be distributed over GPU threads");
  rewriter.replaceOp(op, tiled->replacements);
  auto forall = cast<scf::ForallOp>(tiled->loops.front().getOperation());
  if (!barrier)
    forall->setAttr(kNoBarrier, rewriter.getUnitAttr());
  return forall;
}

/// One reducing op whose reduction is split into K-slices staged in two
/// shared-memory buffers per input (`slice` steps of loop `loop` each).
struct KSlicing {
  linalg::LinalgOp op;
  unsigned loop;
  int64_t slice;
  /// Per input: the position of `loop` among its indices, its block tile.
  SmallVector<unsigned> positions;
  SmallVector<Value> tiles;
  /// The ops left to tile over the threads: the accumulators' fill and
  /// the computation of each slice (with their thread tiles).
  SmallVector<std::pair<Operation *, SmallVector<int64_t>>> threadOps;
};

/// Copies `size` steps from `offset` of every input tile into buffer
/// `slot` of its pair; returns the pairs.
FailureOr<SmallVector<Value>> stageSlice(RewriterBase &rewriter, Location loc,
                                         const KSlicing &k,
                                         ValueRange buffers, Value offset,
                                         Value slot, int64_t size,
                                         bool prefetch) {
  SmallVector<Value> staged;
  for (auto [i, tile] : llvm::enumerate(k.tiles)) {
    auto tileType = cast<RankedTensorType>(tile.getType());
    SmallVector<int64_t> shape(tileType.getShape());
    shape[k.positions[i]] = size;
    unsigned rank = shape.size();
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)),
        sizes, strides(rank, rewriter.getIndexAttr(1));
    for (int64_t d : shape)
      sizes.push_back(rewriter.getIndexAttr(d));
    offsets[k.positions[i]] = offset;
    auto sliceType = RankedTensorType::get(shape, tileType.getElementType());
    Value source = tensor::ExtractSliceOp::create(rewriter, loc, sliceType,
                                                  tile, offsets, sizes,
                                                  strides);
    // Buffer `slot` of the pair, as a tensor of the slice's shape.
    SmallVector<OpFoldResult> bufOffsets(rank + 1, rewriter.getIndexAttr(0)),
        bufSizes{rewriter.getIndexAttr(1)},
        bufStrides(rank + 1, rewriter.getIndexAttr(1));
    bufOffsets[0] = slot;
    llvm::append_range(bufSizes, sizes);
    Value dest = tensor::ExtractSliceOp::create(rewriter, loc, sliceType,
                                                buffers[i], bufOffsets,
                                                bufSizes, bufStrides);
    auto copy = linalg::CopyOp::create(rewriter, loc, source, dest);
    SmallVector<int64_t> ones(rank, 1);
    // The last copy of the first slice is followed by a barrier: every
    // thread reads the slice next.
    bool barrier = !prefetch && i + 1 == k.tiles.size();
    FailureOr<scf::ForallOp> forall = spreadOverThreads(
        rewriter, cast<linalg::LinalgOp>(copy.getOperation()), ones, barrier);
    if (failed(forall))
      return failure();
    staged.push_back(tensor::InsertSliceOp::create(
        rewriter, loc, (*forall)->getResult(0), buffers[i], bufOffsets,
        bufSizes, bufStrides));
  }
  return staged;
}

/// `k.op` computing one slice of `size` steps from buffer `slot` of
/// `buffers` into `acc`; recorded for the thread tiling.
Value computeSlice(RewriterBase &rewriter, Location loc, KSlicing &k,
                   ValueRange buffers, Value slot, int64_t size, Value acc,
                   ArrayRef<int64_t> threadTile) {
  IRMapping mapping;
  for (auto [i, tile] : llvm::enumerate(k.tiles)) {
    auto tileType = cast<RankedTensorType>(tile.getType());
    SmallVector<int64_t> shape(tileType.getShape());
    shape[k.positions[i]] = size;
    unsigned rank = shape.size();
    SmallVector<OpFoldResult> offsets(rank + 1, rewriter.getIndexAttr(0)),
        sizes{rewriter.getIndexAttr(1)},
        strides(rank + 1, rewriter.getIndexAttr(1));
    offsets[0] = slot;
    for (int64_t d : shape)
      sizes.push_back(rewriter.getIndexAttr(d));
    Value view = tensor::ExtractSliceOp::create(
        rewriter, loc, RankedTensorType::get(shape, tileType.getElementType()),
        buffers[i], offsets, sizes, strides);
    mapping.map(tile, view);
  }
  mapping.map(k.op.getDpsInits()[0], acc);
  Operation *clone = rewriter.clone(*k.op, mapping);
  k.threadOps.push_back({clone, SmallVector<int64_t>(threadTile)});
  return clone->getResult(0);
}

/// Splits the reduction of `k.op` (a block tile) into K-slices, the
/// implicit GEMM's main loop: the accumulators (a block-shaped tensor in
/// private memory, of which each thread keeps its register tile) are
/// initialised, the first slice of every input tile is copied into
/// shared buffer 0, then each step prefetches the next slice into the
/// other buffer and computes the current one; a slice that does not
/// divide the reduction leaves a shorter last one. Returns the final
/// accumulators, which replace the op's result.
FailureOr<Value> sliceReduction(RewriterBase &rewriter, KSlicing &k,
                                ArrayRef<int64_t> threadTile,
                                int64_t &budget) {
  linalg::LinalgOp op = k.op;
  Location loc = op.getLoc();
  MLIRContext *ctx = op->getContext();
  int64_t range = op.getStaticLoopRanges()[k.loop];
  int64_t full = range / k.slice, rest = range % k.slice;
  int64_t bytes = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    if (!type || !type.hasStaticShape())
      return failure();
    AffineMap map = op.getMatchingIndexingMap(input);
    std::optional<unsigned> position;
    for (auto [p, e] : llvm::enumerate(map.getResults()))
      if (auto dim = dyn_cast<AffineDimExpr>(e); dim && dim.getPosition() == k.loop)
        position = p;
    if (!position)
      return failure();
    k.positions.push_back(*position);
    k.tiles.push_back(input->get());
    bytes += 2 * type.getNumElements() / type.getDimSize(*position) *
             k.slice * type.getElementTypeBitWidth() / 8;
  }
  if (full == 0 || bytes > budget || op->getNumResults() != 1)
    return failure();
  // Each thread's tile of the accumulators: the thread tile of the loop
  // each output dimension is indexed by.
  SmallVector<int64_t> accTile;
  AffineMap outMap = op.getIndexingMapMatchingResult(op->getResult(0));
  for (AffineExpr e : outMap.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(e);
    if (!dim)
      return failure();
    accTile.push_back(threadTile[dim.getPosition()]);
  }
  budget -= bytes;

  rewriter.setInsertionPoint(op);
  // The accumulators: private to the threads, initialised as the op's own
  // output was.
  Value init = op.getDpsInits()[0];
  auto accType = cast<RankedTensorType>(init.getType());
  auto accAlloc = bufferization::AllocTensorOp::create(rewriter, loc, accType,
                                                       ValueRange{});
  accAlloc.setMemorySpaceAttr(mlir::gpu::AddressSpaceAttr::get(
      ctx, mlir::gpu::GPUDialect::getPrivateAddressSpace()));
  Operation *accInit;
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    accInit = linalg::FillOp::create(rewriter, loc, fill.getInputs()[0],
                                     accAlloc.getResult());
  else
    accInit = linalg::CopyOp::create(rewriter, loc, init, accAlloc.getResult());
  k.threadOps.push_back({accInit, accTile});
  Value acc = accInit->getResult(0);

  // Two buffers per input tile, in workgroup memory.
  auto workgroup = mlir::gpu::AddressSpaceAttr::get(
      ctx, mlir::gpu::GPUDialect::getWorkgroupAddressSpace());
  SmallVector<Value> buffers;
  for (auto [i, tile] : llvm::enumerate(k.tiles)) {
    auto tileType = cast<RankedTensorType>(tile.getType());
    SmallVector<int64_t> shape{2};
    llvm::append_range(shape, tileType.getShape());
    shape[k.positions[i] + 1] = k.slice;
    auto buffer = bufferization::AllocTensorOp::create(
        rewriter, loc, RankedTensorType::get(shape, tileType.getElementType()),
        ValueRange{});
    buffer.setMemorySpaceAttr(workgroup);
    buffers.push_back(buffer);
  }
  Value zero = indexConstant(rewriter, loc, 0);
  FailureOr<SmallVector<Value>> first = stageSlice(
      rewriter, loc, k, buffers, zero, zero, k.slice, /*prefetch=*/false);
  if (failed(first))
    return failure();

  // The main loop: slice s+1 into buffer (s+1)%2 (the short last slice
  // after the last whole one), slice s computed from buffer s%2.
  SmallVector<Value> inits{acc};
  llvm::append_range(inits, *first);
  Value one = indexConstant(rewriter, loc, 1);
  auto loop = scf::ForOp::create(rewriter, loc, zero,
                                 indexConstant(rewriter, loc, full), one,
                                 inits);
  Block *body = loop.getBody();
  rewriter.setInsertionPointToStart(body);
  Value step = loop.getInductionVar();
  ValueRange current = body->getArguments().drop_front(2);
  Value next = arith::AddIOp::create(rewriter, loc, step, one);
  Value two = indexConstant(rewriter, loc, 2);
  Value nextSlot = arith::RemUIOp::create(rewriter, loc, next, two);
  Value slot = arith::RemUIOp::create(rewriter, loc, step, two);
  Value more = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ult,
                                     next, indexConstant(rewriter, loc, full));
  SmallVector<Type> bufferTypes;
  for (Value b : current)
    bufferTypes.push_back(b.getType());
  auto prefetch = scf::IfOp::create(rewriter, loc, bufferTypes, more,
                                    /*withElseRegion=*/true);
  {
    rewriter.setInsertionPointToStart(prefetch.thenBlock());
    Value offset = arith::MulIOp::create(
        rewriter, loc, next, indexConstant(rewriter, loc, k.slice));
    FailureOr<SmallVector<Value>> staged = stageSlice(
        rewriter, loc, k, current, offset, nextSlot, k.slice, true);
    if (failed(staged))
      return failure();
    scf::YieldOp::create(rewriter, loc, *staged);
    rewriter.setInsertionPointToStart(prefetch.elseBlock());
    SmallVector<Value> last(current);
    if (rest > 0) {
      FailureOr<SmallVector<Value>> tail = stageSlice(
          rewriter, loc, k, current,
          indexConstant(rewriter, loc, full * k.slice), nextSlot, rest, true);
      if (failed(tail))
        return failure();
      last = *tail;
    }
    scf::YieldOp::create(rewriter, loc, last);
  }
  rewriter.setInsertionPointAfter(prefetch);
  Value updated =
      computeSlice(rewriter, loc, k, prefetch.getResults(), slot, k.slice,
                   body->getArgument(1), threadTile);
  SmallVector<Value> yielded{updated};
  llvm::append_range(yielded, prefetch.getResults());
  rewriter.setInsertionPointToEnd(body);
  scf::YieldOp::create(rewriter, loc, yielded);

  rewriter.setInsertionPointAfter(loop);
  Value result = loop.getResult(0);
  if (rest > 0)
    result = computeSlice(rewriter, loc, k, loop.getResults().drop_front(),
                          indexConstant(rewriter, loc, full % 2), rest,
                          result, threadTile);
  return result;
}

/// The ops of a block tile that reduce, in the order of the attribute's
/// K-slices: the root itself, or its producers in operand order.
SmallVector<linalg::LinalgOp> orderedReducingOps(Operation *root) {
  auto linalgRoot = cast<linalg::LinalgOp>(root);
  if (linalgRoot.getNumReductionLoops() > 0)
    return {linalgRoot};
  SmallVector<linalg::LinalgOp> ops;
  for (Value operand : root->getOperands())
    if (auto producer = operand.getDefiningOp<linalg::LinalgOp>();
        producer && producer.getNumReductionLoops() > 0)
      ops.push_back(producer);
  return ops;
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
    // share the block's shared memory. The ops the attribute gives a
    // K-slice are split into slices first.
    int64_t budget = sharedMemoryBytes;
    SmallVector<KSlicing> slicings;
    ArrayRef<int64_t> slices = config->getSlices();
    SmallVector<linalg::LinalgOp> sliced = orderedReducingOps(blockTileOp);
    if (!slices.empty() && slices.size() != sliced.size())
      return root->emitOpError("has ")
             << sliced.size() << " ops that reduce but its #resnet_gpu.tile "
             << slices.size() << " K-slices";
    DenseSet<Operation *> producers(blockOps.begin() + 1, blockOps.end());
    for (auto [op, slice] : llvm::zip(sliced, slices)) {
      std::optional<unsigned> loop = resnet::kSliceLoop(op);
      if (slice == 0 || !loop || slice >= op.getStaticLoopRanges()[*loop])
        continue;
      SmallVector<int64_t> threadTile =
          op == blockTileOp
              ? SmallVector<int64_t>(config->getThread())
              : resnet::tileOfProducer(
                    cast<linalg::LinalgOp>(blockTileOp), op,
                    config->getThread());
      KSlicing k{op, *loop, slice, {}, {}, {}};
      FailureOr<Value> acc = sliceReduction(rewriter, k, threadTile, budget);
      if (failed(acc)) {
        LLVM_DEBUG(llvm::dbgs() << "K-slice " << slice << " of " << op
                                << " not applied\n");
        continue;
      }
      Value init = op.getDpsInits()[0];
      if (op == blockTileOp) {
        // The root reduces itself: the accumulators are copied to its
        // output by the threads that hold them.
        rewriter.setInsertionPoint(op);
        Value dest = init;
        if (auto fill = init.getDefiningOp<linalg::FillOp>())
          dest = fill.getOutputs()[0];
        auto copy = linalg::CopyOp::create(rewriter, op.getLoc(), *acc, dest);
        rewriter.replaceOp(op, copy->getResults());
        blockTileOp = copy;
      } else {
        producers.erase(op);
        rewriter.replaceOp(op, *acc);
      }
      if (Operation *fill = init.getDefiningOp<linalg::FillOp>();
          fill && fill->use_empty()) {
        producers.erase(fill);
        rewriter.eraseOp(fill);
      }
      slicings.push_back(std::move(k));
    }
    for (linalg::LinalgOp op : reducing)
      if (llvm::none_of(slicings,
                        [&](const KSlicing &k) { return k.op == op; }) &&
          failed(promoteInputTiles(rewriter, op, budget)))
        return failure();
    rewriter.setInsertionPoint(blockTileOp);
    SmallVector<Operation *> threadOps =
        tileAndFuse(rewriter, cast<TilingInterface>(blockTileOp),
                    config->getThread(), /*blocks=*/false, producers);
    if (threadOps.empty())
      return failure();
    // The slices' accumulators and computations over the same threads.
    for (KSlicing &k : slicings)
      for (auto &[op, tile] : k.threadOps) {
        rewriter.setInsertionPoint(op);
        FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
            rewriter, cast<TilingInterface>(op),
            forallTiling(op->getContext(), tile, /*blocks=*/false));
        if (failed(tiled))
          return op->emitOpError("could not be tiled over GPU threads");
        rewriter.replaceOp(op, tiled->replacements);
        auto forall = cast<scf::ForallOp>(tiled->loops.front().getOperation());
        for (Operation *tiledOp : tiled->tiledOps) {
          auto linalgOp = dyn_cast<linalg::LinalgOp>(tiledOp);
          if (!linalgOp)
            continue;
          if (linalgOp.getNumReductionLoops() == 0) {
            // The accumulators' initial values: no other thread reads them.
            forall->setAttr(kNoBarrier, rewriter.getUnitAttr());
            continue;
          }
          if (failed(reductionsOutermost(rewriter, linalgOp)))
            return failure();
        }
      }
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
