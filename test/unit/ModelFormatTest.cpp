//===- ModelFormatTest.cpp - recognising model files by content -----------===//
#include "importer/ModelFormat.h"

#include <gtest/gtest.h>

#include <string>

using mlir::resnet::detectModelFormat;
using mlir::resnet::ModelFormat;

namespace {

std::string bytes(std::initializer_list<unsigned char> list) {
  return std::string(list.begin(), list.end());
}

/// A safetensors file: 8-byte little-endian header length, JSON, data.
std::string safetensors(const std::string &json, const std::string &data) {
  std::string file;
  for (int i = 0; i < 8; ++i)
    file += static_cast<char>((json.size() >> (8 * i)) & 0xff);
  return file + json + data;
}

TEST(ModelFormatTest, MlirBytecodeByMagic) {
  EXPECT_EQ(detectModelFormat("ML\xef\x52\x06rest", "model"),
            ModelFormat::MlirBytecode);
}

TEST(ModelFormatTest, SafetensorsByHeader) {
  std::string file = safetensors("{\"a\":{}}", "");
  EXPECT_EQ(detectModelFormat(file, "weights.bin"), ModelFormat::Safetensors);
  // A header length past the end of the file is not a safetensors header.
  file[3] = 1;
  EXPECT_NE(detectModelFormat(file, "weights.bin"), ModelFormat::Safetensors);
}

TEST(ModelFormatTest, OnnxByTopLevelFields) {
  // ir_version 8, producer_name "x", graph (empty), opset_import (empty).
  std::string model =
      bytes({0x08, 0x08, 0x12, 0x01, 'x', 0x3a, 0x00, 0x42, 0x00});
  EXPECT_EQ(detectModelFormat(model, "model"), ModelFormat::Onnx);
  // Without a graph, or with a length past the end: not ONNX.
  EXPECT_EQ(detectModelFormat(bytes({0x08, 0x08}), "model"),
            ModelFormat::Unknown);
  EXPECT_EQ(detectModelFormat(bytes({0x08, 0x08, 0x3a, 0x05, 0x00}), "m"),
            ModelFormat::Unknown);
  // A field ModelProto does not have (9) or a wrong wire type.
  EXPECT_EQ(detectModelFormat(bytes({0x4a, 0x00, 0x3a, 0x00}), "m"),
            ModelFormat::Unknown);
  EXPECT_EQ(detectModelFormat(bytes({0x38, 0x00, 0x3a, 0x00}), "m"),
            ModelFormat::Unknown);
}

TEST(ModelFormatTest, MlirText) {
  EXPECT_EQ(detectModelFormat("module {\n}\n", "m.txt"), ModelFormat::MlirText);
  EXPECT_EQ(detectModelFormat("// comment\nfunc.func @f() { return }", "m"),
            ModelFormat::MlirText);
  // The generic form starts with '"', which is also ONNX's field 4 tag.
  EXPECT_EQ(detectModelFormat("\"builtin.module\"() ({\n}) : () -> ()\n", "m"),
            ModelFormat::MlirText);
  EXPECT_EQ(detectModelFormat("", "empty.mlir"), ModelFormat::MlirText);
}

TEST(ModelFormatTest, UnknownUnlessTheExtensionClaimsIt) {
  std::string binary = bytes({0x00, 0x01, 0x02, 0xff, 0xfe});
  EXPECT_EQ(detectModelFormat(binary, "data.bin"), ModelFormat::Unknown);
  // A damaged model goes to its reader, which says what is wrong.
  EXPECT_EQ(detectModelFormat(binary, "model.onnx"), ModelFormat::Onnx);
  EXPECT_EQ(detectModelFormat(binary, "w.SAFETENSORS"),
            ModelFormat::Safetensors);
  EXPECT_EQ(detectModelFormat(binary, "m.mlirbc"), ModelFormat::MlirBytecode);
  // Text in an .onnx file is a damaged ONNX model, not MLIR.
  EXPECT_EQ(detectModelFormat("module {}", "model.onnx"), ModelFormat::Onnx);
}

} // namespace
