//===- PadInPlace.cpp - producers write into padded buffers ---------------===//
//
// A tensor.pad before a conv or pool bufferizes to a new buffer, a fill and
// a copy of the whole activation: a full extra pass over memory per layer.
// This pass makes the producer write its result straight into the interior
// of the padded buffer instead:
//
//   %f = tensor.empty with its border filled (before the producer)
//   %x = producer ...   %p = tensor.insert_slice %x into %f  (at the pad)
//
// and then lets upstream empty-tensor elimination replace the producer's
// tensor.empty destination with the slice of %f that it is inserted into;
// one-shot bufferization then writes the producer's tiles in place and the
// insert_slice is a no-op: each element is written once.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PADINPLACE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// The tensor.empty in `block` that `value` is, or reshapes (through
/// expand_shape and collapse_shape); null when there is none.
Operation *reshapedEmpty(Value value, Block *block) {
  while (Operation *def = value.getDefiningOp()) {
    if (def->getBlock() != block)
      return nullptr;
    if (isa<tensor::EmptyOp>(def))
      return def;
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def))
      return nullptr;
    value = def->getOperand(0);
  }
  return nullptr;
}

/// Where the padded buffer goes: before `producer`, or for a layer computed
/// in parts (a peeled remainder: each part inserted into the previous
/// one's insert, the first into the layer's destination), before that
/// destination, so that it dominates every part it will replace. A loop
/// writing a reshaped view of an empty tensor (a layout transpose in
/// cache-line blocks, --resnet-block-transposes) starts at that empty
/// tensor, which the padded buffer's interior then replaces.
Operation *layerStart(Operation *producer) {
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(producer)) {
    Value source = producer->getOperand(0);
    if (auto loop = source.getDefiningOp<scf::ForallOp>())
      if (Operation *empty = reshapedEmpty(
              loop.getTiedOpOperand(cast<OpResult>(source))->get(),
              producer->getBlock()))
        return empty;
  }
  Operation *start = producer;
  while (auto insert = dyn_cast<tensor::InsertSliceOp>(start)) {
    Operation *destination = insert.getDest().getDefiningOp();
    if (!destination || destination->getBlock() != producer->getBlock())
      break;
    start = destination;
  }
  return start;
}

/// Rewrites `pad` as fill + insert_slice with the fill placed before the
/// source's producer; false when the pad does not qualify.
bool decomposeBeforeProducer(RewriterBase &rewriter, tensor::PadOp pad) {
  Value padValue = pad.getConstantPaddingValue();
  Operation *producer = pad.getSource().getDefiningOp();
  if (!padValue || !padValue.getDefiningOp<arith::ConstantOp>() ||
      !producer || !pad.getResultType().hasStaticShape() ||
      producer->getBlock() != pad->getBlock() ||
      isa<arith::ConstantOp>(producer))
    return false;
  SmallVector<int64_t> low = llvm::to_vector(pad.getStaticLow());
  SmallVector<int64_t> high = llvm::to_vector(pad.getStaticHigh());
  if (llvm::any_of(low, ShapedType::isDynamic) ||
      llvm::any_of(high, ShapedType::isDynamic))
    return false;
  // The border is filled with the producer (and timed with its layer); the
  // interior is left to the producer.
  Location loc = producer->getLoc();
  RankedTensorType type = pad.getResultType();
  Operation *start = layerStart(producer);
  rewriter.setInsertionPoint(start);
  Value constant = rewriter.clone(*padValue.getDefiningOp())->getResult(0);
  Value filled = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
  auto fillRegion = [&](int64_t dim, int64_t offset, int64_t size) {
    if (size == 0)
      return;
    SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes;
    for (int64_t d : type.getShape())
      sizes.push_back(rewriter.getIndexAttr(d));
    offsets[dim] = rewriter.getIndexAttr(offset);
    sizes[dim] = rewriter.getIndexAttr(size);
    SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
    Value slice = tensor::ExtractSliceOp::create(rewriter, loc, filled, offsets,
                                                 sizes, strides);
    Value border =
        linalg::FillOp::create(rewriter, loc, constant, slice).getResult(0);
    filled = tensor::InsertSliceOp::create(rewriter, loc, border, filled,
                                           offsets, sizes, strides);
  };
  for (int64_t d = 0; d < type.getRank(); ++d) {
    fillRegion(d, 0, low[d]);
    fillRegion(d, type.getDimSize(d) - high[d], high[d]);
  }
  auto sourceType = cast<RankedTensorType>(pad.getSource().getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : sourceType.getShape())
    sizes.push_back(rewriter.getIndexAttr(d));
  SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
  // A layer in parts: each part slices the destination, which empty-tensor
  // elimination would replace in the last insert only (the parts would be
  // copied). The interior of the padded buffer replaces it everywhere.
  if (start != producer && isa<tensor::EmptyOp>(start) &&
      start->getResult(0).getType() == sourceType) {
    Value interior = tensor::ExtractSliceOp::create(
        rewriter, loc, filled, pad.getMixedLowPad(), sizes, strides);
    rewriter.replaceAllUsesWith(start->getResult(0), interior);
  }
  rewriter.setInsertionPoint(pad);
  rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
      pad, pad.getSource(), filled, pad.getMixedLowPad(), sizes, strides);
  return true;
}

struct PadInPlacePass : public resnet::impl::PadInPlaceBase<PadInPlacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<tensor::PadOp> pads;
    func.walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    IRRewriter rewriter(&getContext());
    bool changed = false;
    for (tensor::PadOp pad : pads)
      changed |= decomposeBeforeProducer(rewriter, pad);
    if (changed && failed(bufferization::eliminateEmptyTensors(rewriter, func)))
      return signalPassFailure();
  }
};
} // namespace
