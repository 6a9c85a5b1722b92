//===- ReferenceTest.cpp - .npy I/O, input generator and kernels ----------===//
#include "reference/Kernels.h"
#include "reference/Npy.h"
#include "runtime/random.h"

#include "llvm/Support/Endian.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace mlir::resnet::reference;

namespace {
/// A .npy file: magic, version, header length (2 or 4 bytes), header padded
/// to 64 bytes and ended by '\n', then `data`.
std::string makeNpy(const std::string &dict, const std::string &data,
                    int major = 1) {
  size_t lengthSize = major == 1 ? 2 : 4;
  std::string header = dict;
  size_t unpadded = 8 + lengthSize + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < lengthSize; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

template <typename T> std::string bytesOf(std::initializer_list<T> values) {
  std::string out(values.size() * sizeof(T), '\0');
  size_t i = 0;
  for (T v : values)
    llvm::support::endian::write<T, llvm::endianness::little>(
        &out[sizeof(T) * i++], v);
  return out;
}

const char kF32Dict[] =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";

/// The message of a failed parse, or "" when it succeeded.
template <typename T> std::string errorOf(llvm::Expected<T> result) {
  if (result)
    return "";
  return llvm::toString(result.takeError());
}

TEST(Npy, RoundTrip) {
  Tensor t({2, 3});
  for (int i = 0; i < 6; ++i)
    t.data[i] = 0.5f * i - 1.0f;
  std::string bytes = serializeNpy(t);
  EXPECT_EQ(bytes.size() % 64, 24u); // 64-byte header, then 24 data bytes.
  llvm::Expected<Tensor> back = parseNpy(bytes, "t.npy");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(llvm::ArrayRef<int64_t>(back->shape),
            llvm::ArrayRef<int64_t>({2, 3}));
  EXPECT_EQ(back->data, t.data);
}

TEST(Npy, RoundTripRanks) {
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{}, {5}, {1, 1, 1}, {2, 0, 3}}) {
    Tensor t(shape);
    for (size_t i = 0; i < t.data.size(); ++i)
      t.data[i] = float(i);
    llvm::Expected<Tensor> back = parseNpy(serializeNpy(t), "t.npy");
    ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(llvm::ArrayRef<int64_t>(back->shape),
              llvm::ArrayRef<int64_t>(shape));
    EXPECT_EQ(back->data, t.data);
  }
}

TEST(Npy, HeaderVersions) {
  std::string data = bytesOf<float>({1, 2, 3, 4});
  for (int major : {1, 2, 3}) {
    llvm::Expected<Tensor> t =
        parseNpy(makeNpy(kF32Dict, data, major), "v.npy");
    ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
    EXPECT_EQ(t->data, (std::vector<float>{1, 2, 3, 4}));
  }
}

TEST(Npy, HeaderSpellings) {
  // numpy writes `(4,)` for rank 1 and `()` for scalars; keys in any order.
  llvm::Expected<Tensor> t = parseNpy(
      makeNpy("{'shape': (4,), 'fortran_order': False, 'descr': '<f4'}",
              bytesOf<float>({1, 2, 3, 4})),
      "s.npy");
  ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(llvm::ArrayRef<int64_t>(t->shape), llvm::ArrayRef<int64_t>({4}));
  llvm::Expected<Tensor> s = parseNpy(
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
              bytesOf<float>({7})),
      "s.npy");
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_TRUE(s->shape.empty());
  EXPECT_EQ(s->data, std::vector<float>{7});
}

TEST(Npy, IntegerLabels) {
  llvm::Expected<IntArray> i64 = parseNpyInt(
      makeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
              bytesOf<int64_t>({7, -1, 1LL << 40})),
      "labels.npy");
  ASSERT_TRUE(static_cast<bool>(i64)) << llvm::toString(i64.takeError());
  EXPECT_EQ(i64->data, (std::vector<int64_t>{7, -1, 1LL << 40}));
  llvm::Expected<IntArray> i32 = parseNpyInt(
      makeNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 1), }",
              bytesOf<int32_t>({3, -5})),
      "labels.npy");
  ASSERT_TRUE(static_cast<bool>(i32)) << llvm::toString(i32.takeError());
  EXPECT_EQ(i32->data, (std::vector<int64_t>{3, -5}));
  EXPECT_EQ(llvm::ArrayRef<int64_t>(i32->shape),
            llvm::ArrayRef<int64_t>({2, 1}));
  EXPECT_EQ(errorOf(parseNpyInt(makeNpy(kF32Dict, bytesOf<float>({1, 2, 3, 4})),
                                "labels.npy")),
            "labels.npy: unsupported dtype '<f4' (expected '<i8' or '<i4', "
            "little-endian int64 or int32)");
}

TEST(Npy, Errors) {
  std::string good = makeNpy(kF32Dict, bytesOf<float>({1, 2, 3, 4}));
  EXPECT_EQ(errorOf(parseNpy("PK\x03\x04 not npy", "a.npy")),
            "a.npy: not a .npy file (bad magic; expected \\x93NUMPY)");
  EXPECT_EQ(errorOf(parseNpy("", "a.npy")),
            "a.npy: not a .npy file (bad magic; expected \\x93NUMPY)");
  EXPECT_EQ(errorOf(parseNpy(good.substr(0, 7), "a.npy")),
            "a.npy: truncated header (no version)");
  EXPECT_EQ(errorOf(parseNpy(good.substr(0, 9), "a.npy")),
            "a.npy: truncated header (no header length)");
  EXPECT_EQ(errorOf(parseNpy(good.substr(0, 20), "a.npy")),
            "a.npy: truncated header: it declares 118 bytes but the file has "
            "10 after the prefix");
  EXPECT_EQ(errorOf(parseNpy(good.substr(0, good.size() - 1), "a.npy")),
            "a.npy: truncated data: shape 2x2 of '<f4' needs 16 bytes, the "
            "file has 15");
  EXPECT_EQ(errorOf(parseNpy(good + "xy", "a.npy")),
            "a.npy: 2 bytes of trailing garbage after the 16 data bytes of "
            "shape 2x2");
  EXPECT_EQ(
      errorOf(parseNpy(
          makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                  bytesOf<double>({1})),
          "a.npy")),
      "a.npy: unsupported dtype '<f8' (expected '<f4', little-endian float32)");
  EXPECT_EQ(
      errorOf(parseNpy(
          makeNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                  bytesOf<float>({1, 2, 3, 4})),
          "a.npy")),
      "a.npy: fortran_order True is not supported; save a C-order array "
      "(numpy.ascontiguousarray)");
  EXPECT_EQ(errorOf(parseNpy(
                makeNpy("{'descr': '<f4', 'shape': (1,)}", bytesOf<float>({1})),
                "a.npy")),
            "a.npy: malformed header: header lacks one of 'descr', "
            "'fortran_order', 'shape'");
  EXPECT_EQ(errorOf(parseNpy(makeNpy("{'descr': '<f4', 'fortran_order': "
                                     "False, 'shape': (-1,)}",
                                     ""),
                             "a.npy")),
            "a.npy: malformed header: shape entries must be non-negative "
            "integers");
  EXPECT_EQ(errorOf(parseNpy(makeNpy("[1, 2]", ""), "a.npy")),
            "a.npy: malformed header: header is not a dict literal");
}

TEST(Npy, MissingFile) {
  std::string message = errorOf(readNpy("/nonexistent-dir/x.npy"));
  EXPECT_EQ(message.rfind("cannot open .npy file '/nonexistent-dir/x.npy': ",
                          0),
            0u)
      << message;
}

TEST(Random, PinnedValues) {
  // The documented splitmix64 formula; compiled models must reproduce these.
  float values[4];
  resnet_fill_random(values, 4, 0);
  EXPECT_FLOAT_EQ(values[0], 0.76662159f);
  EXPECT_FLOAT_EQ(values[1], -0.136944056f);
  EXPECT_FLOAT_EQ(values[2], -0.947132468f);
  EXPECT_FLOAT_EQ(values[3], 0.941763878f);
  uint64_t state = 1;
  EXPECT_FLOAT_EQ(resnet_random_uniform(&state), 0.13312304f);
}

TEST(Random, RangeAndGrid) {
  std::vector<float> values(100000);
  resnet_fill_random(values.data(), values.size(), 123);
  double sum = 0;
  for (float v : values) {
    ASSERT_GE(v, -1.0f);
    ASSERT_LT(v, 1.0f);
    // Every value is a multiple of 2^-23.
    ASSERT_EQ(std::ldexp(double(v), 23), std::round(std::ldexp(double(v), 23)));
    sum += v;
  }
  EXPECT_NEAR(sum / values.size(), 0.0, 0.01);
}

TEST(Kernels, ConvMatchesDefinitionOnRandomData) {
  // conv2d against the formula of ResNetOps.td evaluated element by element.
  Tensor x({1, 4, 6, 5}), w({6, 2, 3, 2}), b({6});
  resnet_fill_random(x.data.data(), x.size(), 1);
  resnet_fill_random(w.data.data(), w.size(), 2);
  resnet_fill_random(b.data.data(), b.size(), 3);
  ConvParams p;
  p.strides[0] = 2;
  p.pads[0] = 1;
  p.pads[1] = 2;
  p.pads[3] = 1;
  p.dilations[1] = 2;
  p.groups = 2;
  Tensor y = conv2d(x, w, &b, p);
  // H: (6 + 1 + 0 - 3) / 2 + 1 = 3; W: (5 + 2 + 1 - 3) / 1 + 1 = 6.
  ASSERT_EQ(llvm::ArrayRef<int64_t>(y.shape),
            llvm::ArrayRef<int64_t>({1, 6, 3, 6}));
  for (int64_t f = 0; f < 6; ++f)
    for (int64_t oy = 0; oy < 3; ++oy)
      for (int64_t ox = 0; ox < 6; ++ox) {
        double sum = b.data[f];
        int64_t g = f / 3;
        for (int64_t c = 0; c < 2; ++c)
          for (int64_t i = 0; i < 3; ++i)
            for (int64_t j = 0; j < 2; ++j) {
              int64_t iy = oy * 2 - 1 + i, ix = ox - 2 + j * 2;
              if (iy < 0 || iy >= 6 || ix < 0 || ix >= 5)
                continue;
              sum += double(x.data[((g * 2 + c) * 6 + iy) * 5 + ix]) *
                     w.data[((f * 2 + c) * 3 + i) * 2 + j];
            }
        EXPECT_EQ(y.data[(f * 3 + oy) * 6 + ox], static_cast<float>(sum));
      }
}

TEST(Npy, RoundTripF64) {
  // resnet-run --f64 writes '<f8'; readNpy64 reads f32 and f64 as f64.
  Tensor64 t({3});
  t.data = {1.0 / 3.0, -2.5, 1e-300};
  std::string bytes = serializeNpy(t);
  EXPECT_NE(bytes.find("'descr': '<f8'"), std::string::npos);
  llvm::Expected<Tensor64> back = parseNpy64(bytes, "t.npy");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->data, t.data);
  Tensor f({2});
  f.data = {0.1f, -3.0f};
  llvm::Expected<Tensor64> widened = parseNpy64(serializeNpy(f), "f.npy");
  ASSERT_TRUE(static_cast<bool>(widened));
  EXPECT_EQ(widened->data, std::vector<double>({double(0.1f), -3.0}));
  // Neither the f32 reader takes f64 nor the f64 reader other types.
  EXPECT_NE(errorOf(parseNpy(bytes, "t.npy")), "");
  EXPECT_EQ(
      errorOf(parseNpy64(
          makeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
                  bytesOf<int64_t>({1})),
          "i.npy")),
      "i.npy: unsupported dtype '<i8' (expected '<f4' or '<f8', "
      "little-endian float32 or float64)");
}

TEST(Kernels, F64KeepsWhatF32Rounds) {
  // The same conv in f32 rounds its output; in f64 it does not.
  Tensor x({1, 1, 1, 3}), w({1, 1, 1, 3});
  x.data = {1.0f, 1e-8f, 1e-8f};
  w.data = {1.0f, 1.0f, 1.0f};
  ConvParams p;
  Tensor y = conv2d(x, w, nullptr, p);
  Tensor64 y64 = conv2d(convertTensor<double>(x), convertTensor<double>(w),
                        nullptr, p);
  EXPECT_EQ(y.data[0], 1.0f);
  EXPECT_EQ(y64.data[0], 1.0 + 2.0 * double(1e-8f));
}

} // namespace
