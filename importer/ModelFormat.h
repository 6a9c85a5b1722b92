//===- ModelFormat.h - what kind of model a file holds ----------*- C++ -*-===//
//
// resnet-compile takes every model format in one step: an ONNX model, the
// safetensors weights of a torchvision architecture, MLIR bytecode or MLIR
// text. The format is recognised from the file's first bytes (a renamed
// file, or a model without an extension, still works); the extension only
// picks which reader explains why a damaged file is not what it claims.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_IMPORTER_MODELFORMAT_H
#define RESNET_IMPORTER_MODELFORMAT_H

#include "llvm/ADT/StringRef.h"

namespace mlir::resnet {

enum class ModelFormat { Onnx, Safetensors, MlirBytecode, MlirText, Unknown };

/// The format of a model file from its contents:
///  - MLIR bytecode: the magic `ML\xefR`;
///  - safetensors: an 8-byte little-endian header length that fits the file,
///    then a JSON object;
///  - ONNX: a protobuf message whose top-level fields are all ModelProto's
///    (numbers 1-25 with their wire types, lengths inside the file), with a
///    graph;
///  - MLIR text: none of those, and no NUL or other control bytes at the
///    start (an empty file is text: the parser says what is missing).
/// A file that matches none is Unknown, except that `path`'s extension
/// (.onnx, .safetensors, .mlirbc) claims one of the binary formats so that
/// its own reader reports the damage.
ModelFormat detectModelFormat(llvm::StringRef contents, llvm::StringRef path);

/// "ONNX", "safetensors", "MLIR bytecode", "MLIR text", "unknown".
llvm::StringRef modelFormatName(ModelFormat format);

/// The formats accepted, for errors: "an ONNX model (.onnx), ...".
llvm::StringRef acceptedModelFormats();

} // namespace mlir::resnet

#endif // RESNET_IMPORTER_MODELFORMAT_H
