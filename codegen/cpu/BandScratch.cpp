//===- BandScratch.cpp - band intermediates in one buffer before the loop -===//
//
// One-shot bufferization turns the tensors a worker loop's body creates
// (a band's reduce and 3x3 outputs and padded rows, a Winograd block's V
// and M: see isWorkerLoop) into memref.allocs inside the loop: a malloc
// and a free per band, outside the arena. The loop's iterations are dealt
// out to a fixed number of workers (the target's cores: a parallel loop
// over workers, each running a contiguous run of bands in sequence), and
// each allocation becomes a view into one i8 buffer allocated before the
// loop, at the worker's slot: --resnet-plan-arena places it in the arena,
// it holds a few bands' intermediates instead of whole activations, and a
// worker's bands write and read the same slot, which stays in its core's
// L2. Workers never share a slot, whatever thread runs them, and a page
// lies between two slots: a core's prefetchers run past the end of its
// slot, and would take the start of the next one from the core that
// writes it.
//
// Runs, not every other band: the layers around a worker loop give each
// thread one block of rows too, so a worker reads the rows its thread's
// previous layer wrote and writes those its next layer reads. Only the
// rows at the seam between two runs move from core to core (slow: a
// cache line written on one core and read on another), where bands dealt
// in turn moved every band's halo and half of the rows.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Target.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_BANDSCRATCH
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// Slots are aligned like the arena's buffers.
constexpr int64_t kAlignment = 64;

int64_t alignTo(int64_t value) {
  return (value + kAlignment - 1) / kAlignment * kAlignment;
}

/// Bytes of a static, identity-layout f32/int memref, or -1.
int64_t memrefBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace() || !type.getElementType().isIntOrFloat() ||
      type.getElementType().getIntOrFloatBitWidth() % 8)
    return -1;
  return type.getNumElements() * type.getElementType().getIntOrFloatBitWidth() /
         8;
}

/// Iterations per worker when `iterations` are dealt out in contiguous
/// runs to at most `workers`.
int64_t runLength(int64_t iterations, int64_t workers) {
  return llvm::divideCeil(iterations, std::clamp<int64_t>(workers, 1,
                                                          iterations));
}

/// Replaces `forall` by an scf.forall over `slots` workers, worker w
/// running the iterations [w * run, min((w + 1) * run, iterations)) in an
/// scf.for (the original induction variables delinearized from the
/// iteration number); returns the new loop. The body is moved, not cloned.
FailureOr<scf::ForallOp> dealOut(scf::ForallOp forall, int64_t slots,
                                 int64_t run, ArrayRef<int64_t> bounds,
                                 int64_t iterations) {
  auto terminator = cast<scf::InParallelOp>(forall.getBody()->getTerminator());
  if (!forall.getOutputs().empty() || !terminator.getYieldingOps().empty())
    return forall.emitError("resnet-band-scratch: a band loop that still "
                            "has tensor outputs (run after bufferization)");
  OpBuilder builder(forall);
  Location loc = forall.getLoc();
  auto dealt = scf::ForallOp::create(
      builder, loc, ArrayRef<OpFoldResult>{builder.getIndexAttr(slots)},
      ValueRange{}, forall.getMapping());
  dealt->setDiscardableAttrs(forall->getDiscardableAttrDictionary());
  builder.setInsertionPointToStart(dealt.getBody());
  Value worker = dealt.getInductionVars()[0];
  auto index = [&](int64_t value) {
    return arith::ConstantIndexOp::create(builder, loc, value).getResult();
  };
  Value first = arith::MulIOp::create(builder, loc, worker, index(run));
  Value end = arith::AddIOp::create(builder, loc, first, index(run));
  // Only the last run may be shorter.
  if (iterations % run != 0)
    end = arith::MinUIOp::create(builder, loc, end, index(iterations));
  auto loop = scf::ForOp::create(builder, loc, first, end, index(1));
  builder.setInsertionPointToStart(loop.getBody());
  SmallVector<Value> ivs(bounds.size());
  Value rest = loop.getInductionVar();
  for (int64_t d = static_cast<int64_t>(bounds.size()) - 1; d > 0; --d) {
    ivs[d] = arith::RemUIOp::create(builder, loc, rest, index(bounds[d]));
    rest = arith::DivUIOp::create(builder, loc, rest, index(bounds[d]));
  }
  ivs[0] = rest;
  Block *body = forall.getBody();
  terminator->erase();
  for (auto [arg, iv] : llvm::zip(body->getArguments(), ivs))
    arg.replaceAllUsesWith(iv);
  loop.getBody()->getOperations().splice(
      Block::iterator(loop.getBody()->getTerminator()), body->getOperations());
  forall->erase();
  return dealt;
}

LogicalResult hoistScratch(scf::ForallOp forall, int64_t workers) {
  // The allocations made once per iteration: in the body, not in a loop
  // nested in it.
  SmallVector<memref::AllocOp> allocs;
  forall.getBody()->walk([&](memref::AllocOp alloc) {
    if (alloc->getParentOp() == forall.getOperation())
      allocs.push_back(alloc);
  });
  if (allocs.empty())
    return success();
  SmallVector<int64_t> offsets;
  int64_t slot = 0;
  for (memref::AllocOp alloc : allocs) {
    int64_t bytes = memrefBytes(alloc.getType());
    if (bytes < 0 || !alloc.getDynamicSizes().empty())
      return alloc.emitError("resnet-band-scratch: a band intermediate "
                             "without a static size");
    offsets.push_back(slot);
    slot += alignTo(bytes);
  }
  SmallVector<int64_t> bounds(forall.getStaticUpperBound());
  if (llvm::any_of(forall.getStaticLowerBound(),
                   [](int64_t v) { return v != 0; }) ||
      llvm::any_of(forall.getStaticStep(), [](int64_t v) { return v != 1; }) ||
      llvm::any_of(bounds, ShapedType::isDynamic) || bounds.empty())
    return forall.emitError("resnet-band-scratch: a band loop without "
                            "static bounds from 0 by 1");
  int64_t iterations = 1;
  for (int64_t bound : bounds)
    iterations *= bound;
  // As many slots as runs: none left without iterations.
  int64_t run = runLength(iterations, workers);
  int64_t slots = llvm::divideCeil(iterations, run);
  // A gap between two workers' slots: neither core's prefetchers reach
  // lines the other writes.
  if (slots > 1)
    slot += resnet::CpuTarget::kWriterGapBytes;

  OpBuilder builder(forall);
  Location loc = forall.getLoc();
  auto bufferType = MemRefType::get({slots * slot}, builder.getI8Type());
  Value buffer = memref::AllocOp::create(builder, loc, bufferType,
                                         builder.getI64IntegerAttr(kAlignment));
  FailureOr<scf::ForallOp> dealt =
      dealOut(forall, slots, run, bounds, iterations);
  if (failed(dealt))
    return failure();
  // The worker's slot.
  builder.setInsertionPointToStart(dealt->getBody());
  Value base = arith::MulIOp::create(
      builder, loc, dealt->getInductionVars()[0],
      arith::ConstantIndexOp::create(builder, loc, slot));
  for (auto [alloc, offset] : llvm::zip(allocs, offsets)) {
    builder.setInsertionPoint(alloc);
    Value at = arith::AddIOp::create(
        builder, alloc.getLoc(), base,
        arith::ConstantIndexOp::create(builder, alloc.getLoc(), offset));
    Value view = memref::ViewOp::create(builder, alloc.getLoc(),
                                        alloc.getType(), buffer, at,
                                        ValueRange{});
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    alloc.getResult().replaceAllUsesWith(view);
    alloc.erase();
  }
  // The arena planner places the buffer (or, when it cannot, the
  // deallocation pipeline frees it).
  return success();
}

struct BandScratchPass
    : public resnet::impl::BandScratchBase<BandScratchPass> {
  using BandScratchBase::BandScratchBase;

  void runOnOperation() override {
    SmallVector<scf::ForallOp> loops;
    getOperation().walk([&](scf::ForallOp forall) {
      if (resnet::isWorkerLoop(forall))
        loops.push_back(forall);
    });
    for (scf::ForallOp forall : loops)
      if (failed(hoistScratch(forall, workers)))
        return signalPassFailure();
  }
};
} // namespace
