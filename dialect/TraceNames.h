//===- TraceNames.h - layer names of the numerics trace ---------*- C++ -*-===//
//
// The per-layer numerics trace (`resnet-compile --trace`, `resnet-run
// --trace`) names each layer after its source location, so that a binary's
// trace and the reference interpreter's line up layer by layer:
//
//   "L<line>" of the op in the model file, then the NameLocs around that
//   position, innermost first: "L53/conv1" for the first conv + batch norm
//   of the block at line 53, "L12/resnetv1_conv0" for an ONNX node kept as a
//   NameLoc.
//
// A fused location (a layer made of several ops by the graph passes) is
// named after its last part: conv + batch norm + ReLU is the ReLU's layer.
// A trace directory holds one `NNN_<name>.npy` per layer (NNN: the order of
// the writes) and `index.txt` with one `<file>\t<name>` line per layer.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_DIALECT_TRACENAMES_H
#define RESNET_DIALECT_TRACENAMES_H

#include "mlir/IR/Location.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::resnet {

/// The manifest of a trace directory.
inline constexpr llvm::StringLiteral kTraceIndexFile = "index.txt";

/// The trace name of the layer at `loc`; empty when the location names
/// nothing (unknown locations).
std::string traceLayerName(Location loc);

/// The longest part of a layer name that goes into its file name.
inline constexpr size_t kTraceMaxFileName = 96;

/// The file of the `index`-th layer written, called `name`: "007_L53_conv1.npy"
/// (characters other than letters, digits, '.', '-' become '_'; the name's
/// first kTraceMaxFileName characters).
std::string traceFileName(int64_t index, llvm::StringRef name);

} // namespace mlir::resnet

#endif // RESNET_DIALECT_TRACENAMES_H
