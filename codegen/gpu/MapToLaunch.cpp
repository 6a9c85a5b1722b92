//===- MapToLaunch.cpp - block/thread foralls on buffers -> gpu.launch ----===//
#include "codegen/gpu/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUMAPTOLAUNCH
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

template <typename MappingAttr> bool isMappedTo(scf::ForallOp forall) {
  std::optional<ArrayAttr> mapping = forall.getMapping();
  return mapping && !mapping->empty() && isa<MappingAttr>((*mapping)[0]);
}

/// Static (lower bound, step, trip count) of every forall dimension.
struct LoopNest {
  SmallVector<int64_t> lbs, steps, counts;
  int64_t total = 1;
};

FailureOr<LoopNest> staticNest(scf::ForallOp forall) {
  LoopNest nest;
  for (auto [lb, ub, step] :
       llvm::zip(forall.getMixedLowerBound(), forall.getMixedUpperBound(),
                 forall.getMixedStep())) {
    std::optional<int64_t> l = getConstantIntValue(lb),
                           u = getConstantIntValue(ub),
                           s = getConstantIntValue(step);
    if (!l || !u || !s || *s <= 0)
      return forall.emitOpError("needs static bounds to map to the GPU");
    nest.lbs.push_back(*l);
    nest.steps.push_back(*s);
    nest.counts.push_back(llvm::divideCeil(*u - *l, *s));
    nest.total *= nest.counts.back();
  }
  if (forall.getNumResults() != 0)
    return forall.emitOpError("must be bufferized before mapping to the GPU");
  return nest;
}

/// Moves the body of `forall` before `point`, its induction variables
/// computed from the linear iteration index `linear` (innermost fastest).
void inlineBody(RewriterBase &rewriter, scf::ForallOp forall,
                const LoopNest &nest, Value linear, Operation *point) {
  Location loc = forall.getLoc();
  rewriter.setInsertionPoint(point);
  SmallVector<Value> ivs(nest.counts.size());
  Value rest = linear;
  for (int64_t i = nest.counts.size() - 1; i >= 0; --i) {
    Value count = arith::ConstantIndexOp::create(rewriter, loc, nest.counts[i]);
    Value index = i == 0 ? rest : arith::RemUIOp::create(rewriter, loc, rest, count);
    rest = arith::DivUIOp::create(rewriter, loc, rest, count);
    Value step = arith::ConstantIndexOp::create(rewriter, loc, nest.steps[i]);
    Value lb = arith::ConstantIndexOp::create(rewriter, loc, nest.lbs[i]);
    ivs[i] = arith::AddIOp::create(
        rewriter, loc, lb, arith::MulIOp::create(rewriter, loc, index, step));
  }
  rewriter.eraseOp(forall.getTerminator());
  rewriter.inlineBlockBefore(forall.getBody(), point, ivs);
  rewriter.eraseOp(forall);
}

/// Spreads a thread-mapped forall over `threads` threads: guarded when it
/// has no more iterations than threads, strided otherwise; then a barrier,
/// since the next forall may read what this one wrote to workgroup memory.
LogicalResult distributeOverThreads(RewriterBase &rewriter,
                                    scf::ForallOp forall, Value tid,
                                    int64_t threads) {
  FailureOr<LoopNest> nest = staticNest(forall);
  if (failed(nest))
    return failure();
  Location loc = forall.getLoc();
  rewriter.setInsertionPoint(forall);
  Value total = arith::ConstantIndexOp::create(rewriter, loc, nest->total);
  Operation *point;
  Value linear;
  if (nest->total <= threads) {
    Value inRange = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::ult, tid, total);
    auto guard = scf::IfOp::create(rewriter, loc, inRange,
                                   /*withElseRegion=*/false);
    point = guard.thenBlock()->getTerminator();
    linear = tid;
  } else {
    Value step = arith::ConstantIndexOp::create(rewriter, loc, threads);
    auto loop = scf::ForOp::create(rewriter, loc, tid, total, step);
    point = loop.getBody()->getTerminator();
    linear = loop.getInductionVar();
  }
  Operation *after = point->getParentOp();
  bool barrier = !forall->hasAttr("resnet_gpu.no_barrier");
  inlineBody(rewriter, forall, *nest, linear, point);
  rewriter.setInsertionPointAfter(after);
  if (barrier)
    mlir::gpu::BarrierOp::create(rewriter, loc);
  return success();
}

bool isPrivateMemory(MemRefType type) {
  auto space =
      dyn_cast_or_null<mlir::gpu::AddressSpaceAttr>(type.getMemorySpace());
  return space && space.getValue() == mlir::gpu::AddressSpace::Private;
}

/// How a thread forall's subview reads a block-shaped private buffer: per
/// dimension, the forall induction variable at its offset (-1: the whole
/// dimension, offset 0).
struct PrivateTileUse {
  memref::SubViewOp view;
  scf::ForallOp forall;
  SmallVector<int64_t> ivOfDim;
};

FailureOr<PrivateTileUse> privateTileUse(Operation *user, MemRefType type) {
  auto view = dyn_cast<memref::SubViewOp>(user);
  scf::ForallOp forall =
      view ? view->getParentOfType<scf::ForallOp>() : scf::ForallOp();
  if (!view || !forall || !isMappedTo<mlir::gpu::GPUThreadMappingAttr>(forall))
    return failure();
  PrivateTileUse use{view, forall, {}};
  for (auto [d, offset, size, stride] :
       llvm::enumerate(view.getMixedOffsets(), view.getStaticSizes(),
                       view.getStaticStrides())) {
    if (stride != 1 || ShapedType::isDynamic(size))
      return failure();
    if (isConstantIntValue(offset, 0) && size == type.getDimSize(d)) {
      use.ivOfDim.push_back(-1);
      continue;
    }
    auto value = dyn_cast<Value>(offset);
    auto iv = dyn_cast_or_null<BlockArgument>(value);
    if (!iv || iv.getOwner() != forall.getBody())
      return failure();
    unsigned j = iv.getArgNumber();
    std::optional<int64_t> lb = getConstantIntValue(forall.getMixedLowerBound()[j]);
    std::optional<int64_t> step = getConstantIntValue(forall.getMixedStep()[j]);
    if (lb != 0 || step != size)
      return failure();
    use.ivOfDim.push_back(j);
  }
  return use;
}

/// A block-shaped buffer in private memory (the accumulators of a K-sliced
/// reduction) of which every thread forall reads and writes only its own
/// tile, at its induction variables, with one same iteration space: each
/// thread gets an alloca of its tile (registers, once the tile's loops are
/// unrolled), kept across the foralls, which map a thread to the same tile.
LogicalResult distributePrivateBuffers(RewriterBase &rewriter,
                                       mlir::gpu::LaunchOp launch) {
  SmallVector<memref::AllocOp> allocs;
  launch.getBody().walk([&](memref::AllocOp alloc) {
    if (isPrivateMemory(alloc.getType()))
      allocs.push_back(alloc);
  });
  for (memref::AllocOp alloc : allocs) {
    MemRefType type = alloc.getType();
    SmallVector<PrivateTileUse> uses;
    SmallVector<Operation *> deallocs;
    for (Operation *user : alloc->getUsers()) {
      if (isa<memref::DeallocOp>(user)) {
        deallocs.push_back(user);
        continue;
      }
      FailureOr<PrivateTileUse> use = privateTileUse(user, type);
      if (failed(use))
        return user->emitOpError(
            "uses a private block buffer other than as its thread's tile");
      uses.push_back(*use);
    }
    for (PrivateTileUse &use : uses) {
      FailureOr<LoopNest> nest = staticNest(use.forall);
      FailureOr<LoopNest> firstNest = staticNest(uses.front().forall);
      if (failed(nest) || failed(firstNest))
        return failure();
      if (nest->lbs != firstNest->lbs || nest->steps != firstNest->steps ||
          nest->counts != firstNest->counts ||
          use.ivOfDim != uses.front().ivOfDim ||
          use.view.getStaticSizes() != uses.front().view.getStaticSizes())
        return use.view->emitOpError(
            "reads a private block buffer with another thread tiling");
    }
    rewriter.setInsertionPointToStart(&launch.getBody().front());
    SmallVector<int64_t> shape(uses.empty()
                                   ? ArrayRef<int64_t>(type.getShape())
                                   : uses.front().view.getStaticSizes());
    auto tile = memref::AllocaOp::create(
        rewriter, alloc.getLoc(),
        MemRefType::get(shape, type.getElementType()));
    for (PrivateTileUse &use : uses) {
      for (Operation *user : use.view->getUsers())
        if (isa<ViewLikeOpInterface>(user))
          return user->emitOpError("views a thread's private tile");
      rewriter.replaceAllUsesWith(use.view.getResult(), tile.getResult());
      rewriter.eraseOp(use.view);
    }
    for (Operation *dealloc : deallocs)
      rewriter.eraseOp(dealloc);
    rewriter.eraseOp(alloc);
  }
  return success();
}

bool isWorkgroupMemory(MemRefType type) {
  auto space = dyn_cast_or_null<mlir::gpu::AddressSpaceAttr>(type.getMemorySpace());
  return space && space.getValue() == mlir::gpu::AddressSpace::Workgroup;
}

/// Allocations inside the kernel: workgroup buffers become attributions of
/// the launch, the rest thread-private allocas.
void placeKernelAllocations(RewriterBase &rewriter, mlir::gpu::LaunchOp launch) {
  SmallVector<memref::AllocOp> allocs;
  launch.getBody().walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
  for (memref::AllocOp alloc : allocs) {
    MemRefType type = alloc.getType();
    rewriter.setInsertionPoint(alloc);
    if (isWorkgroupMemory(type)) {
      BlockArgument buffer = launch.addWorkgroupAttribution(type, alloc.getLoc());
      rewriter.replaceOp(alloc, buffer);
    } else {
      rewriter.replaceOpWithNewOp<memref::AllocaOp>(alloc, type,
                                                    alloc.getDynamicSizes());
    }
  }
}

/// Whether `value` is a global (a weight) or a view of one.
bool isGlobalOrView(Value value) {
  Operation *def = value.getDefiningOp();
  if (isa_and_nonnull<memref::GetGlobalOp>(def))
    return true;
  auto view = dyn_cast_or_null<ViewLikeOpInterface>(def);
  return view && def->getNumResults() == 1 &&
         llvm::all_of(def->getOperands(), [&](Value operand) {
           return operand == view.getViewSource()
                      ? isGlobalOrView(operand)
                      : isa_and_nonnull<arith::ConstantOp>(
                            operand.getDefiningOp());
         });
}

/// Clones the ops that compute `value` (a constant, or a global and the
/// views of it) into the kernel, once; returns the kernel's copy.
Value cloneIntoKernel(RewriterBase &rewriter, Value value, IRMapping &cloned) {
  if (Value copy = cloned.lookupOrNull(value))
    return copy;
  Operation *def = value.getDefiningOp();
  for (Value operand : def->getOperands())
    cloneIntoKernel(rewriter, operand, cloned);
  Operation *clone = rewriter.clone(*def, cloned);
  return clone->getResult(0);
}

/// Erases `op` if nothing uses it, then its operands' producers likewise.
void eraseIfDead(RewriterBase &rewriter, Operation *op) {
  if (!op->use_empty() || !isPure(op))
    return;
  SmallVector<Operation *> producers;
  for (Value operand : op->getOperands())
    if (Operation *def = operand.getDefiningOp())
      producers.push_back(def);
  rewriter.eraseOp(op);
  for (Operation *def : producers)
    eraseIfDead(rewriter, def);
}

/// Constants and the globals (with their views) read by the kernel are
/// computed in it: outlining then declares the globals (the weights) in the
/// device module, which resnet-gpu-extern-weights fills from the host's
/// copy at load time; the kernel never sees a host address.
void sinkConstants(RewriterBase &rewriter, mlir::gpu::LaunchOp launch) {
  SetVector<Value> above;
  getUsedValuesDefinedAbove(launch.getBody(), above);
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  IRMapping cloned;
  for (Value value : above) {
    Operation *def = value.getDefiningOp();
    if (!def || !(isa<arith::ConstantOp>(def) || isGlobalOrView(value)))
      continue;
    Value copy = cloneIntoKernel(rewriter, value, cloned);
    rewriter.replaceUsesWithIf(value, copy, [&](OpOperand &use) {
      return launch->isProperAncestor(use.getOwner());
    });
  }
  // Host ops left unused go now: CSE would otherwise merge the kernel's
  // copies back into them (a host global's view used by another launch is
  // cloned there too).
  for (Value value : llvm::reverse(above))
    if (Operation *def = value.getDefiningOp();
        def && (isa<arith::ConstantOp>(def) || isGlobalOrView(value)))
      eraseIfDead(rewriter, def);
}

struct GpuMapToLaunch : resnet::impl::GpuMapToLaunchBase<GpuMapToLaunch> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<scf::ForallOp> blockLoops;
    func.walk([&](scf::ForallOp forall) {
      if (isMappedTo<mlir::gpu::GPUBlockMappingAttr>(forall))
        blockLoops.push_back(forall);
    });
    for (scf::ForallOp forall : blockLoops)
      if (failed(toLaunch(rewriter, forall)))
        return signalPassFailure();
    allocateHostBuffersOnDevice(rewriter, func);
    if (func.isPublic() && !func.isExternal())
      stageArguments(rewriter, func);
    WalkResult unmapped = func.walk([&](linalg::LinalgOp op) {
      if (op->getParentOfType<mlir::gpu::LaunchOp>())
        return WalkResult::advance();
      op->emitOpError("is not mapped to a GPU kernel");
      return WalkResult::interrupt();
    });
    if (unmapped.wasInterrupted())
      signalPassFailure();
  }

  LogicalResult toLaunch(RewriterBase &rewriter, scf::ForallOp forall) {
    FailureOr<LoopNest> nest = staticNest(forall);
    if (failed(nest))
      return failure();
    // The kernel's configuration, on its root op (the tile selection's
    // thread count; the shared-memory copies are strided over it).
    resnet::GpuTileAttr config;
    forall.walk([&](Operation *op) {
      if (auto attr = op->getAttrOfType<resnet::GpuTileAttr>(
              resnet::GpuTileAttr::kName)) {
        config = attr;
        op->removeAttr(resnet::GpuTileAttr::kName);
      }
    });
    // Else one thread per element of the largest thread forall, within
    // bounds.
    int64_t threads = 1;
    WalkResult walk = forall.walk([&](scf::ForallOp inner) {
      if (!isMappedTo<mlir::gpu::GPUThreadMappingAttr>(inner))
        return WalkResult::advance();
      FailureOr<LoopNest> innerNest = staticNest(inner);
      if (failed(innerNest))
        return WalkResult::interrupt();
      threads = std::max(threads, std::min(innerNest->total,
                                           int64_t(maxThreadsPerBlock)));
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();
    // The configured threads compute; the block is a whole number of warps
    // (the rest of the warp helps with the copies at no cost).
    if (config)
      threads = std::max<int64_t>(
          config.getThreads(),
          std::min<int64_t>(llvm::alignTo(config.getThreads(), 32), threads));
    Location loc = forall.getLoc();
    rewriter.setInsertionPoint(forall);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value grid = arith::ConstantIndexOp::create(rewriter, loc, nest->total);
    Value block = arith::ConstantIndexOp::create(rewriter, loc, threads);
    auto launch = mlir::gpu::LaunchOp::create(rewriter, loc, grid, one, one,
                                              block, one, one);
    if (config) {
      // Outlining names the kernel after it; the report reads the rest.
      launch.setFunctionAttr(
          FlatSymbolRefAttr::get(rewriter.getContext(), config.getKernel()));
      launch->setAttr(resnet::GpuTileAttr::kName, config);
    }
    Block &body = launch.getBody().front();
    rewriter.setInsertionPointToEnd(&body);
    auto terminator = mlir::gpu::TerminatorOp::create(rewriter, loc);
    Value blockId = launch.getBlockIds().x;
    Value threadId = launch.getThreadIds().x;
    inlineBody(rewriter, forall, *nest, blockId, terminator);

    if (failed(distributePrivateBuffers(rewriter, launch)))
      return failure();
    SmallVector<scf::ForallOp> threadLoops;
    launch.walk([&](scf::ForallOp inner) {
      if (isMappedTo<mlir::gpu::GPUThreadMappingAttr>(inner))
        threadLoops.push_back(inner);
    });
    for (scf::ForallOp inner : threadLoops)
      if (failed(distributeOverThreads(rewriter, inner, threadId, threads)))
        return failure();
    placeKernelAllocations(rewriter, launch);
    sinkConstants(rewriter, launch);
    return success();
  }

  /// Callers pass host memory: public functions copy memref arguments into
  /// managed memory on entry, and back on return where kernels write them.
  void stageArguments(RewriterBase &rewriter, func::FuncOp func) {
    Block &entry = func.getBody().front();
    SmallVector<func::ReturnOp> returns;
    func.walk([&](func::ReturnOp ret) { returns.push_back(ret); });
    for (BlockArgument arg : entry.getArguments()) {
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type || arg.use_empty() || !type.hasStaticShape())
        continue;
      Location loc = arg.getLoc();
      rewriter.setInsertionPointToStart(&entry);
      auto staged = mlir::gpu::AllocOp::create(
          rewriter, loc, MemRefType::get(type.getShape(), type.getElementType()),
          /*asyncToken=*/Type(), ValueRange{}, ValueRange{}, ValueRange{},
          /*hostShared=*/true);
      Value buffer = staged.getMemref();
      bool written = isWritten(arg);
      rewriter.replaceAllUsesWith(arg, buffer);
      memref::CopyOp::create(rewriter, loc, arg, buffer);
      for (func::ReturnOp ret : returns) {
        rewriter.setInsertionPoint(ret);
        if (written)
          memref::CopyOp::create(rewriter, loc, buffer, arg);
        freeDeviceBuffer(rewriter, loc, buffer);
      }
    }
  }

  /// Whether `value`, or a view of it, may be written (unknown users count).
  static bool isWritten(Value value) {
    SmallVector<Value> worklist{value};
    while (!worklist.empty()) {
      Value current = worklist.pop_back_val();
      for (Operation *user : current.getUsers()) {
        if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
          worklist.push_back(view->getResult(0));
          continue;
        }
        auto effects = dyn_cast<MemoryEffectOpInterface>(user);
        if (!effects || effects.getEffectOnValue<MemoryEffects::Write>(current))
          return true;
      }
    }
    return false;
  }

  static void freeDeviceBuffer(RewriterBase &rewriter, Location loc,
                               Value buffer) {
    auto tokenType = mlir::gpu::AsyncTokenType::get(rewriter.getContext());
    auto start = mlir::gpu::WaitOp::create(rewriter, loc, tokenType, ValueRange{});
    auto free = mlir::gpu::DeallocOp::create(
        rewriter, loc, tokenType, ValueRange{start.getAsyncToken()}, buffer);
    mlir::gpu::WaitOp::create(rewriter, loc, Type(),
                              ValueRange{free.getAsyncToken()});
  }

  /// Buffers the host allocates (activations between kernels, results) live
  /// in managed memory: kernels write them and the caller can read results.
  /// Buffers not returned are freed before returning.
  void allocateHostBuffersOnDevice(RewriterBase &rewriter, func::FuncOp func) {
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) {
      if (!alloc->getParentOfType<mlir::gpu::LaunchOp>())
        allocs.push_back(alloc);
    });
    SmallVector<func::ReturnOp> returns;
    func.walk([&](func::ReturnOp ret) { returns.push_back(ret); });
    for (memref::AllocOp alloc : allocs) {
      rewriter.setInsertionPoint(alloc);
      auto device = mlir::gpu::AllocOp::create(
          rewriter, alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
          ValueRange{}, alloc.getDynamicSizes(), alloc.getSymbolOperands(),
          /*hostShared=*/true);
      rewriter.replaceOp(alloc, device.getMemref());
      bool returned = llvm::any_of(device.getMemref().getUsers(), [](Operation *user) {
        return isa<func::ReturnOp>(user);
      });
      if (returned)
        continue;
      for (func::ReturnOp ret : returns) {
        rewriter.setInsertionPoint(ret);
        freeDeviceBuffer(rewriter, ret.getLoc(), device.getMemref());
      }
    }
  }
};

} // namespace
