//===- JoinGroupsInPlace.cpp - groups of images write the joined batch ----===//
//
// A model's prefix run as groups of images (--resnet-group-prefix) ends in
// a tensor.concat of the groups' results along the batch. Bufferized as it
// is, each group's last layer writes a buffer of its own and the concat
// copies them all into the joined one at the end: the copy costs a pass
// over the joined activations, and the groups' results stay live until
// it, so that each group's layers find their buffers elsewhere in the
// arena (out of cache) rather than where the group before left them.
//
// This pass makes each group's last layer write its slice of the joined
// batch instead: the concat becomes a chain of tensor.insert_slice, one
// right after each group's result, into a tensor.empty of the whole
// batch, and the tensor.empty that the group's result was computed in
// (found back through the layers' destination operands: an epilogue's
// output is its conv's, a conv's its fill's, a tiled layer's its loop's
// shared output) is replaced by the matching
// tensor.extract_slice of the chain. One-shot bufferization then computes
// the group in place, in the joined buffer.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_JOINGROUPSINPLACE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {

/// The destination operand through which `value` was first written: the
/// use of the tensor.empty its producers' destinations lead back to, or
/// null when the chain leaves destination-passing ops before one.
OpOperand *emptyDestinationOf(Value value) {
  while (auto result = dyn_cast<OpResult>(value)) {
    OpOperand *init = nullptr;
    if (auto forall = dyn_cast<scf::ForallOp>(result.getOwner()))
      init = forall.getTiedOpOperand(result);
    else if (auto dps =
                 dyn_cast<DestinationStyleOpInterface>(result.getOwner());
             dps && dps.hasPureTensorSemantics())
      init = dps.getTiedOpOperand(result);
    if (!init)
      return nullptr;
    if (init->get().getDefiningOp<tensor::EmptyOp>())
      return init;
    value = init->get();
  }
  return nullptr;
}

/// Rewrites one concat of the groups' results (dimension 0, each operand
/// the result of an op of the concat's block, in program order).
void joinInPlace(tensor::ConcatOp concat) {
  if (concat.getDim() != 0)
    return;
  Block *block = concat->getBlock();
  Operation *previous = nullptr;
  for (Value part : concat.getInputs()) {
    Operation *def = part.getDefiningOp();
    if (!def || def->getBlock() != block ||
        (previous && !previous->isBeforeInBlock(def)))
      return;
    previous = def;
  }
  auto type = cast<RankedTensorType>(concat.getType());
  // The joined buffer is allocated where the first group's result is
  // first written: the arena then holds it from there on, not from the
  // start of the groups.
  Value first = concat.getInputs().front();
  OpOperand *firstDestination = emptyDestinationOf(first);
  OpBuilder builder(firstDestination ? firstDestination->getOwner()
                                     : first.getDefiningOp());
  Location loc = concat.getLoc();
  Value joined = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                         type.getElementType());
  int64_t offset = 0;
  for (Value part : concat.getInputs()) {
    auto partType = cast<RankedTensorType>(part.getType());
    BatchSlice slice = batchSlice(builder, type.getShape(), offset,
                                  partType.getDimSize(0));
    if (OpOperand *destination = emptyDestinationOf(part)) {
      builder.setInsertionPoint(destination->getOwner());
      destination->set(tensor::ExtractSliceOp::create(
          builder, loc, partType, joined, slice.offsets, slice.sizes,
          slice.strides));
    }
    builder.setInsertionPointAfter(part.getDefiningOp());
    joined = tensor::InsertSliceOp::create(builder, loc, part, joined,
                                           slice.offsets, slice.sizes,
                                           slice.strides);
    offset += partType.getDimSize(0);
  }
  concat.replaceAllUsesWith(joined);
  concat.erase();
}

struct JoinGroupsInPlacePass
    : public resnet::impl::JoinGroupsInPlaceBase<JoinGroupsInPlacePass> {
  void runOnOperation() override {
    SmallVector<tensor::ConcatOp> concats;
    getOperation().walk([&](tensor::ConcatOp op) { concats.push_back(op); });
    for (tensor::ConcatOp concat : concats)
      joinInPlace(concat);
  }
};
} // namespace
