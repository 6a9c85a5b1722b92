//===- ModelFormat.cpp - what kind of model a file holds ------------------===//
#include "importer/ModelFormat.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Path.h"

#include <optional>

namespace mlir::resnet {

namespace {
/// Reads a protobuf varint at `pos`; std::nullopt past the end or when
/// longer than 10 bytes.
std::optional<uint64_t> readVarint(llvm::StringRef bytes, size_t &pos) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
    auto byte = static_cast<uint8_t>(bytes[pos++]);
    value |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return value;
  }
  return std::nullopt;
}

/// Whether `bytes` parses as a sequence of ModelProto's top-level fields
/// (onnx.proto: 1 ir_version, 2-4 and 6 strings, 5 model_version, 7 graph,
/// 8 opset_import, 14 metadata_props, 20 training_info, 25 functions), one
/// of them the graph. Walks the fields without reading the messages, so a
/// large model costs as many steps as it has top-level fields.
bool looksLikeOnnx(llvm::StringRef bytes) {
  enum WireType { Varint = 0, Length = 2 };
  bool graph = false;
  size_t pos = 0;
  while (pos < bytes.size()) {
    std::optional<uint64_t> key = readVarint(bytes, pos);
    if (!key)
      return false;
    uint64_t field = *key >> 3, wire = *key & 7;
    bool varintField = field == 1 || field == 5;
    bool lengthField = (field >= 2 && field <= 4) ||
                       (field >= 6 && field <= 8) || field == 14 ||
                       field == 20 || field == 25;
    if (varintField && wire == Varint) {
      if (!readVarint(bytes, pos))
        return false;
      continue;
    }
    if (!lengthField || wire != Length)
      return false;
    std::optional<uint64_t> length = readVarint(bytes, pos);
    if (!length || *length > bytes.size() - pos)
      return false;
    pos += *length;
    graph |= field == 7;
  }
  return graph;
}

/// An 8-byte little-endian header length that fits the file, then `{`.
bool looksLikeSafetensors(llvm::StringRef bytes) {
  if (bytes.size() < 10)
    return false;
  uint64_t length = llvm::support::endian::read64le(bytes.data());
  return length >= 2 && length <= bytes.size() - 8 && bytes[8] == '{';
}

/// No NUL or control bytes (other than whitespace) in the first 4 KiB:
/// text, perhaps UTF-8 (or empty), which the MLIR parser then reads.
bool looksLikeText(llvm::StringRef bytes) {
  for (char c : bytes.take_front(4096)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t' &&
        byte != '\f' && byte != '\v')
      return false;
  }
  return true;
}
} // namespace

ModelFormat detectModelFormat(llvm::StringRef contents, llvm::StringRef path) {
  if (contents.starts_with("ML\xef\x52"))
    return ModelFormat::MlirBytecode;
  if (looksLikeSafetensors(contents))
    return ModelFormat::Safetensors;
  if (looksLikeOnnx(contents))
    return ModelFormat::Onnx;
  // Damaged or truncated binary models: their reader says what is wrong.
  ModelFormat claimed =
      llvm::StringSwitch<ModelFormat>(llvm::sys::path::extension(path).lower())
          .Case(".onnx", ModelFormat::Onnx)
          .Case(".safetensors", ModelFormat::Safetensors)
          .Case(".mlirbc", ModelFormat::MlirBytecode)
          .Default(ModelFormat::Unknown);
  if (claimed != ModelFormat::Unknown)
    return claimed;
  if (looksLikeText(contents))
    return ModelFormat::MlirText;
  return ModelFormat::Unknown;
}

llvm::StringRef modelFormatName(ModelFormat format) {
  switch (format) {
  case ModelFormat::Onnx: return "ONNX";
  case ModelFormat::Safetensors: return "safetensors";
  case ModelFormat::MlirBytecode: return "MLIR bytecode";
  case ModelFormat::MlirText: return "MLIR text";
  case ModelFormat::Unknown: return "unknown";
  }
  return "unknown";
}

llvm::StringRef acceptedModelFormats() {
  return "an ONNX model (.onnx), safetensors weights with --arch NAME "
         "(.safetensors), MLIR bytecode (.mlirbc) or MLIR text (.mlir) in "
         "the resnet dialect";
}

} // namespace mlir::resnet
