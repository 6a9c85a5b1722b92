//===- ResidualInPlace.cpp - fused residual layers write over the residual ===//
//
// A layer whose fused epilogue adds a residual (a bottleneck's expand conv
// adds the block's input; a projection accumulates onto the expand's
// output) reads, in each tile, the residual's elements at exactly the
// positions the tile writes, and is usually the residual's last reader.
// Its output then needs no buffer of its own: each tile can read its
// residual and write its sum over it. A separate output costs a second
// activation's lines (3.2 MB at 56x56x256) that every tile's stores first
// read from memory for ownership; over the residual, the stores hit lines
// the tile has just loaded.
//
// Before bufferization, a layer's scf.forall whose destination is a
// tensor.empty and which reads a tensor R (of the result's type, defined
// in the same block, by an op) only through vector.transfer_reads at its
// tile's own offsets, where nothing reads R after the loop, takes R as its
// destination and reads the residual from its shared output instead; the
// bufferization then writes the layer in place into R's buffer.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_RESIDUALINPLACE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-residual-in-place"

using namespace mlir;

namespace {
/// The forall's single parallel_insert_slice, or null.
tensor::ParallelInsertSliceOp singleInsert(scf::ForallOp forall) {
  auto yielding = forall.getTerminator().getYieldingOps();
  if (!llvm::hasSingleElement(yielding))
    return nullptr;
  return dyn_cast<tensor::ParallelInsertSliceOp>(*yielding.begin());
}

/// Whether `read` reads its source at the slice `insert` writes: the same
/// offsets, the vector the slice's trailing sizes (its leading ones 1), in
/// bounds, minor identity.
bool readsOwnTile(vector::TransferReadOp read,
                  tensor::ParallelInsertSliceOp insert) {
  SmallVector<OpFoldResult> offsets = insert.getMixedOffsets();
  ArrayRef<int64_t> sizes = insert.getStaticSizes();
  VectorType vector = read.getVectorType();
  if (read.getIndices().size() != offsets.size() || read.getMask() ||
      !read.getPermutationMap().isMinorIdentity() ||
      llvm::any_of(read.getInBoundsValues(), [](bool b) { return !b; }) ||
      !llvm::all_of(insert.getStaticStrides(),
                    [](int64_t s) { return s == 1; }))
    return false;
  int64_t leading = static_cast<int64_t>(sizes.size()) - vector.getRank();
  if (leading < 0 ||
      !llvm::equal(sizes.drop_front(leading), vector.getShape()) ||
      llvm::any_of(sizes.take_front(leading),
                   [](int64_t s) { return s != 1; }))
    return false;
  return llvm::all_of(llvm::zip(read.getIndices(), offsets), [](auto pair) {
    return isEqualConstantIntOrValue(getAsOpFoldResult(std::get<0>(pair)),
                                     std::get<1>(pair));
  });
}

/// Whether `slice` is the slice `insert` writes.
bool slicesOwnTile(tensor::ExtractSliceOp slice,
                   tensor::ParallelInsertSliceOp insert) {
  auto same = [](ArrayRef<OpFoldResult> a, ArrayRef<OpFoldResult> b) {
    return a.size() == b.size() &&
           llvm::all_of(llvm::zip(a, b), [](auto pair) {
             return isEqualConstantIntOrValue(std::get<0>(pair),
                                              std::get<1>(pair));
           });
  };
  return same(slice.getMixedOffsets(), insert.getMixedOffsets()) &&
         same(slice.getMixedSizes(), insert.getMixedSizes()) &&
         same(slice.getMixedStrides(), insert.getMixedStrides());
}

/// Whether `user` (in the loop) reads its operand only at the tile
/// `insert` writes.
bool readsOwnTile(Operation *user, tensor::ParallelInsertSliceOp insert) {
  if (auto read = dyn_cast<vector::TransferReadOp>(user))
    return readsOwnTile(read, insert);
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(user))
    return slicesOwnTile(slice, insert);
  return false;
}

/// The residual `forall` can write over: the tensor its body reads, through
/// `reads`, only at its own tiles; null when there is none.
Value residualToOverwrite(scf::ForallOp forall,
                          SmallVectorImpl<OpOperand *> &reads) {
  auto config = forall->getAttrOfType<resnet::TileAttr>(resnet::TileAttr::kName);
  tensor::ParallelInsertSliceOp insert = singleInsert(forall);
  if (!config || !config.getFusedEpilogue() || !insert ||
      forall.getOutputs().size() != 1 ||
      !forall.getOutputs()[0].getDefiningOp<tensor::EmptyOp>())
    return nullptr;
  // The residual: the tensor of the result's type, made in this block, that
  // the body reads at its own tiles (a conv's input of the same type is
  // read at other positions).
  Type resultType = forall.getResult(0).getType();
  Value residual;
  bool unique = true;
  forall.getBody()->walk([&](Operation *op) {
    if (!isa<vector::TransferReadOp, tensor::ExtractSliceOp>(op))
      return;
    Value source = op->getOperand(0);
    if (source.getType() != resultType || !source.getDefiningOp() ||
        source.getParentBlock() != forall->getBlock() ||
        !readsOwnTile(op, insert))
      return;
    if (residual && residual != source)
      unique = false;
    residual = source;
  });
  if (!residual || !unique)
    return nullptr;
  // Every read of it in the loop is of the tile's own elements, and nothing
  // reads it after the loop.
  for (OpOperand &use : residual.getUses()) {
    Operation *user = use.getOwner();
    if (forall->isAncestor(user)) {
      if (use.getOperandNumber() != 0 || !readsOwnTile(user, insert))
        return nullptr;
      reads.push_back(&use);
      continue;
    }
    Operation *at = forall->getBlock()->findAncestorOpInBlock(*user);
    if (!at || !at->isBeforeInBlock(forall))
      return nullptr;
  }
  return residual;
}

struct ResidualInPlacePass
    : public resnet::impl::ResidualInPlaceBase<ResidualInPlacePass> {
  void runOnOperation() override {
    SmallVector<scf::ForallOp> loops;
    getOperation().walk([&](scf::ForallOp forall) { loops.push_back(forall); });
    for (scf::ForallOp forall : loops) {
      SmallVector<OpOperand *> reads;
      Value residual = residualToOverwrite(forall, reads);
      if (!residual)
        continue;
      LLVM_DEBUG(llvm::dbgs() << "layer at " << forall.getLoc()
                              << " writes over its residual\n");
      BlockArgument shared = forall.getRegionIterArgs()[0];
      forall.getOutputsMutable()[0].assign(residual);
      for (OpOperand *read : reads)
        read->assign(shared);
    }
  }
};
} // namespace
