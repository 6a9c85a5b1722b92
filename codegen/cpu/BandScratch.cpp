//===- BandScratch.cpp - band intermediates in one buffer before the loop -===//
//
// One-shot bufferization turns the tensors a band loop's body creates (the
// reduce and 3x3 outputs of one band, the padded rows) into memref.allocs
// inside the loop: a malloc and a free per band, outside the arena. Each
// becomes a view into one i8 buffer allocated before the loop, at the slot
// of the (image, band) iteration, so that --resnet-plan-arena places the
// scratch of all bands in the arena (a slot per iteration, not per thread:
// iterations never share a slot, whatever runs them; a band's slot is
// written and read back while in cache).
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

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
int64_t bytesOf(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace() || !type.getElementType().isIntOrFloat() ||
      type.getElementType().getIntOrFloatBitWidth() % 8)
    return -1;
  return type.getNumElements() * type.getElementType().getIntOrFloatBitWidth() /
         8;
}

LogicalResult hoistScratch(scf::ForallOp forall) {
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
    int64_t bytes = bytesOf(alloc.getType());
    if (bytes < 0 || !alloc.getDynamicSizes().empty())
      return alloc.emitError("resnet-band-scratch: a band intermediate "
                             "without a static size");
    offsets.push_back(slot);
    slot += alignTo(bytes);
  }
  ArrayRef<int64_t> bounds = forall.getStaticUpperBound();
  if (llvm::any_of(forall.getStaticLowerBound(),
                   [](int64_t v) { return v != 0; }) ||
      llvm::any_of(forall.getStaticStep(), [](int64_t v) { return v != 1; }) ||
      llvm::any_of(bounds, ShapedType::isDynamic))
    return forall.emitError("resnet-band-scratch: a band loop without "
                            "static bounds from 0 by 1");
  int64_t iterations = 1;
  for (int64_t bound : bounds)
    iterations *= bound;

  OpBuilder builder(forall);
  Location loc = forall.getLoc();
  auto bufferType = MemRefType::get({iterations * slot}, builder.getI8Type());
  Value buffer = memref::AllocOp::create(builder, loc, bufferType,
                                         builder.getI64IntegerAttr(kAlignment));
  builder.setInsertionPointToStart(forall.getBody());
  // The iteration's slot: its linear index times the slot size.
  Value linear = arith::ConstantIndexOp::create(builder, loc, 0);
  for (auto [iv, bound] :
       llvm::zip(forall.getInductionVars(), bounds)) {
    Value scaled = arith::MulIOp::create(
        builder, loc, linear,
        arith::ConstantIndexOp::create(builder, loc, bound));
    linear = arith::AddIOp::create(builder, loc, scaled, iv);
  }
  Value base = arith::MulIOp::create(
      builder, loc, linear, arith::ConstantIndexOp::create(builder, loc, slot));
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
  void runOnOperation() override {
    SmallVector<scf::ForallOp> loops;
    getOperation().walk([&](scf::ForallOp forall) {
      if (forall->hasAttr(resnet::BandAttr::kName))
        loops.push_back(forall);
    });
    for (scf::ForallOp forall : loops)
      if (failed(hoistScratch(forall)))
        return signalPassFailure();
  }
};
} // namespace
