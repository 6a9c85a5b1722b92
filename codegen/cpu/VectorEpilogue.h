//===- VectorEpilogue.h - a layer's epilogue on vector registers -*- C++ -*-===//
//
// Layers that --resnet-winograd and --resnet-grouped-conv emit as vector
// code (not through --resnet-tile) apply the elementwise op consuming them
// (bias, residual, ReLU) to each output vector in registers, before it is
// stored: the generic's scalar body is cloned onto vectors.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_VECTOREPILOGUE_H
#define RESNET_CODEGEN_CPU_VECTOREPILOGUE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::resnet {

/// How an epilogue reads each of its inputs: the layer's result, a tensor
/// of the output's shape (a residual), or a per-channel vector (a bias).
enum class EpilogueInput { Layer, Full, Channel };

/// The sole user of `result` (an NHWC tensor) when it is an elementwise
/// generic over it whose body can run on vectors: inputs are `result`,
/// tensors of its shape, or per-channel vectors; the body is elementwise
/// scalar ops and constants. `kinds` gets one entry per input.
linalg::GenericOp fusableEpilogue(Value result,
                                  SmallVectorImpl<EpilogueInput> &kinds);

/// Applies `epilogue`'s scalar body to 1-D vectors (`inputs`: one per
/// epilogue input, in order) and returns the vector it yields.
Value applyEpilogue(OpBuilder &b, Location loc, linalg::GenericOp epilogue,
                    ArrayRef<Value> inputs);

/// The per-channel inputs of `epilogue` (`kinds`) as vectors of `width`
/// output channels from `f0`, read once for the pixels that share them;
/// null entries for its other inputs.
SmallVector<Value> epilogueChannelVectors(OpBuilder &b, Location loc,
                                          linalg::GenericOp epilogue,
                                          ArrayRef<EpilogueInput> kinds,
                                          Value f0, int64_t width);

/// `value` (a vector of output channels of the NHWC output pixel `pixel`:
/// image, row, column, first channel) through `epilogue`: the layer's
/// input is `value`, a full input (a residual) is read at `pixel`, a
/// per-channel one taken from `channelInputs` (epilogueChannelVectors).
Value applyEpilogueAt(OpBuilder &b, Location loc, linalg::GenericOp epilogue,
                      ArrayRef<EpilogueInput> kinds, Value value,
                      ArrayRef<Value> channelInputs, ValueRange pixel);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_VECTOREPILOGUE_H
