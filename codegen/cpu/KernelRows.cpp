//===- KernelRows.cpp - kernel rows that reach the image ------------------===//
//
// See KernelRows.h. A tile's input is a slice (or a slice of a slice: a
// peeled part, a row block's row) of the layer's padded input, whose row
// offset is a value of the tile loops; with input row r = offset + t *
// stride + kh for output row t of T, kernel row kh reaches the image
// (padded rows [top, top + height)) for some output row when
//   top - offset - (T - 1) * stride <= kh < top + height - offset.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/KernelRows.h"
#include "codegen/cpu/IndexArith.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace {
/// The padded tensor `value` slices, through unit-stride, rank-preserving
/// extract_slices whose row offsets (dimension 1) are appended to
/// `offsets`; null when there is none.
tensor::PadOp paddedSource(Value value,
                           SmallVectorImpl<OpFoldResult> &offsets) {
  while (auto slice = value.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!slice.hasUnitStride() ||
        slice.getSourceType().getRank() != slice.getResultType().getRank())
      return nullptr;
    offsets.push_back(slice.getMixedOffsets()[1]);
    value = slice.getSource();
  }
  return value.getDefiningOp<tensor::PadOp>();
}

bool padsWithZero(tensor::PadOp pad) {
  Value padding = pad.getConstantPaddingValue();
  return padding && matchPattern(padding, m_AnyZeroFloat());
}
} // namespace

std::optional<resnet::KernelRows>
resnet::kernelRowsInside(OpBuilder &b, Location loc, Value input,
                         Value rowOffset, int64_t outputRows, int64_t stride,
                         int64_t kernelRows) {
  if (kernelRows <= 1 || ShapedType::isDynamic(kernelRows) ||
      ShapedType::isDynamic(outputRows))
    return std::nullopt;
  SmallVector<OpFoldResult> offsets;
  tensor::PadOp pad = paddedSource(input, offsets);
  if (!pad || !padsWithZero(pad))
    return std::nullopt;
  std::optional<int64_t> top = getConstantIntValue(pad.getMixedLowPad()[1]);
  std::optional<int64_t> bottom = getConstantIntValue(pad.getMixedHighPad()[1]);
  int64_t height = pad.getSourceType().getDimSize(1);
  if (!top || !bottom || (*top == 0 && *bottom == 0) ||
      ShapedType::isDynamic(height))
    return std::nullopt;
  Value offset = rowOffset ? rowOffset : indexConstant(b, loc, 0);
  for (OpFoldResult part : offsets) {
    if (std::optional<int64_t> constant = getConstantIntValue(part))
      offset = addConstant(b, loc, offset, *constant);
    else
      offset = arith::AddIOp::create(b, loc, offset, cast<Value>(part));
  }
  // first = max(0, top - (T - 1) * stride - offset),
  // end = min(KH, top + height - offset).
  Value first = arith::SubIOp::create(
      b, loc, indexConstant(b, loc, *top - (outputRows - 1) * stride), offset);
  first = arith::MaxSIOp::create(b, loc, first, indexConstant(b, loc, 0));
  Value end = arith::SubIOp::create(
      b, loc, indexConstant(b, loc, *top + height), offset);
  end = arith::MinSIOp::create(b, loc, end, indexConstant(b, loc, kernelRows));
  return KernelRows{first, end};
}

std::optional<resnet::KernelRows>
resnet::kernelRowsInside(OpBuilder &b, linalg::LinalgOp op) {
  auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
  if (!conv || !llvm::all_of(conv.getDilations(),
                             [](const APInt &d) { return d == 1; }))
    return std::nullopt;
  auto output = cast<RankedTensorType>(conv.getResult(0).getType());
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  return kernelRowsInside(b, conv.getLoc(), conv.getInputs()[0],
                          /*rowOffset=*/Value(), output.getDimSize(1),
                          conv.getStrides().getValues<int64_t>()[0],
                          filter.getDimSize(0));
}

void resnet::clipKernelRowLoop(scf::ForOp loop, const KernelRows &rows) {
  loop.getLowerBoundMutable().assign(rows.first);
  loop.getUpperBoundMutable().assign(rows.end);
}
