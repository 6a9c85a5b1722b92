//===- GroupedConv.h - grouped convolutions as CPU layers -------*- C++ -*-===//
//
// What the tile selection, --resnet-grouped-conv and the report share about
// a linalg.conv_2d_nhwgc_gfhwc: its shape, whether the vector kernel of
// GroupedConv.cpp applies, and the layer around it (the NHWC view of its
// result and the elementwise epilogue consuming that view).
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_GROUPEDCONV_H
#define RESNET_CODEGEN_CPU_GROUPEDCONV_H

#include "codegen/cpu/VectorEpilogue.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <string>

namespace mlir::resnet {

/// The sizes of a grouped convolution: input [N, H, W, G, Cg], filter
/// [G, Fg, KH, KW, Cg], output [N, OH, OW, G, Fg].
struct GroupedConvShape {
  int64_t batch, outHeight, outWidth;
  int64_t groups, groupChannels, groupFilters;
  int64_t kernelHeight, kernelWidth;
  int64_t strideH, strideW, dilationH, dilationW;

  int64_t filters() const { return groups * groupFilters; }
};

/// The shape of `conv` when the vector kernel can compute it: static
/// shapes on tensors, a zero-filled accumulator, constant weights (through
/// reshapes); else failure with the reason in `why`.
FailureOr<GroupedConvShape> matchGroupedConv(linalg::Conv2DNhwgcGfhwcOp conv,
                                             std::string &why);

/// The constant weights of `conv` ([G, Fg, KH, KW, Cg], row-major), looked
/// up through the reshapes between them and their constant.
std::optional<ArrayRef<float>>
getGroupedConvWeights(linalg::Conv2DNhwgcGfhwcOp conv,
                      SmallVectorImpl<float> &storage);

/// The input channels one output vector of `width` lanes reads for one
/// filter tap (`width / Fg` whole groups of Cg channels when Fg < width;
/// one channel, broadcast, otherwise).
int64_t groupedInputSpan(const GroupedConvShape &shape, int64_t width);

/// Whether output vectors of `width` lanes fit `shape`: they tile the
/// output channels, hold whole groups or lie within one, and their inputs
/// are at most two vectors (one shuffle).
bool groupedVectorWidthFits(const GroupedConvShape &shape, int64_t width);

/// The layer of a grouped conv: the NHWC view of its result (the
/// tensor.collapse_shape its only user makes of the NHWGC result; null
/// when there is none), the elementwise epilogue consuming that view when
/// it can run on vectors, and the root the layer replaces.
struct GroupedConvLayer {
  Value nhwcResult;
  linalg::GenericOp epilogue;
  SmallVector<EpilogueInput> kinds;
  Operation *root = nullptr;
};
GroupedConvLayer getGroupedConvLayer(linalg::Conv2DNhwgcGfhwcOp conv);

/// The conv's input as NHWC: the source of its NHW(GC) -> NHWGC
/// expansion, or a collapse of the NHWGC input.
Value groupedNhwcInput(OpBuilder &b, linalg::Conv2DNhwgcGfhwcOp conv);

/// The per-channel operands of the layer's epilogue (bias, scale) as
/// vectors of `width` output channels from `f0`, where `fused`; null
/// entries for its other operands.
SmallVector<Value> groupedEpilogueChannels(OpBuilder &b, Location loc,
                                           const GroupedConvLayer &layer,
                                           bool fused, Value f0, int64_t width);

/// `value` (a vector of output channels of the NHWC output pixel `pixel`:
/// n, row, column, first channel) after the layer's epilogue where
/// `fused`; `channelInputs` from groupedEpilogueChannels.
Value applyGroupedEpilogue(OpBuilder &b, Location loc,
                           const GroupedConvLayer &layer, bool fused,
                           Value value, ArrayRef<Value> channelInputs,
                           ValueRange pixel);

/// Whether Winograd F(2x2, 3x3) with vectors of `lanes` output channels
/// applies to `shape` (GroupedWinograd.cpp): a stride-1 3x3 on an input
/// padded by one, and groups of whole vectors of input and output channels
/// (at most four output vectors a group); else the reason in `why`.
bool groupedWinogradApplies(const GroupedConvShape &shape, int64_t inputHeight,
                            int64_t inputWidth, int64_t lanes,
                            std::string &why);

/// The grouped conv `conv` of `shape` as Winograd F(2x2, 3x3) layer with
/// the configuration `config` (tiles [1, 2, 2 * T, 1, lanes]: T output
/// tiles of one group a step, all its output channels, in vectors of
/// `lanes`); returns its NHWC result. `weights` are the conv's [G, Fg, 3,
/// 3, Cg] weights, transformed here.
Value buildGroupedWinograd(OpBuilder &b, Location loc,
                           linalg::Conv2DNhwgcGfhwcOp conv,
                           const GroupedConvShape &shape,
                           const GroupedConvLayer &layer, bool fused,
                           TileAttr config, ArrayRef<float> weights);

/// The name of grouped layers in reports.
inline constexpr llvm::StringLiteral kGroupedConvName = "grouped_conv_2d";
/// Marks the scf.forall --resnet-grouped-conv emits.
inline constexpr llvm::StringLiteral kGroupedConvAttr = "resnet.grouped_conv";

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_GROUPEDCONV_H
