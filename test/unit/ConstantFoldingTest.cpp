//===- ConstantFoldingTest.cpp - the importer's arithmetic on constants ---===//
#include "importer/ConstantFolding.h"
#include "reference/Kernels.h"
#include "runtime/random.h"

#include "gtest/gtest.h"

using namespace mlir::resnet;
using namespace mlir::resnet::reference;
using llvm::ArrayRef;
using llvm::SmallVector;

namespace {
TEST(ConstantFolding, BroadcastShapes) {
  using Shape = SmallVector<int64_t, 4>;
  EXPECT_EQ(broadcastShapes({3, 4, 5}, {5}), Shape({3, 4, 5}));
  EXPECT_EQ(broadcastShapes({1, 3, 1, 1}, {3, 1, 4}), Shape({1, 3, 1, 4}));
  EXPECT_FALSE(broadcastShapes({1, 3, 1, 1}, {2, 1, 4}).has_value());
  EXPECT_EQ(broadcastShapes({}, {2, 2}), Shape({2, 2}));
  EXPECT_FALSE(broadcastShapes({3}, {4}).has_value());
  EXPECT_TRUE(broadcastsTo({3, 1, 1}, {2, 3, 8, 8}));
  EXPECT_FALSE(broadcastsTo({2, 3}, {3}));
}

TEST(ConstantFolding, CombineBroadcasts) {
  FoldedConstant a{{2, 1}, {1, 2}}, b{{3}, {10, 20, 30}};
  std::optional<FoldedConstant> sum =
      combineConstants(a, b, [](double x, double y) { return x + y; });
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(sum->shape, (SmallVector<int64_t, 4>{2, 3}));
  EXPECT_EQ(sum->values, (std::vector<double>{11, 21, 31, 12, 22, 32}));
}

TEST(ConstantFolding, PerChannelValues) {
  // [C, 1, 1], [1, C, 1, 1] and scalars are per channel of NCHW; [C] (the
  // last axis) and [1, 1, H, W] are not.
  EXPECT_EQ(perChannelValues({{3, 1, 1}, {1, 2, 3}}, 4, 3),
            (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(perChannelValues({{1, 3, 1, 1}, {1, 2, 3}}, 4, 3),
            (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(perChannelValues(FoldedConstant::splat(5), 4, 2),
            (std::vector<double>{5, 5}));
  EXPECT_FALSE(perChannelValues({{3}, {1, 2, 3}}, 4, 3).has_value());
  EXPECT_FALSE(perChannelValues({{1, 1, 2, 2}, {1, 2, 3, 4}}, 4, 3));
}

Tensor random(SmallVector<int64_t, 4> shape, uint64_t seed) {
  Tensor t(shape);
  resnet_fill_random(t.data.data(), t.size(), seed);
  return t;
}

ConvParameters parameters(const Tensor &w, const Tensor &b, int64_t groups) {
  ConvParameters p;
  p.weightShape = w.shape;
  p.weight.assign(w.data.begin(), w.data.end());
  p.bias.assign(b.data.begin(), b.data.end());
  p.groups = groups;
  return p;
}

Tensor toTensor(SmallVector<int64_t, 4> shape, ArrayRef<double> values) {
  Tensor t(shape);
  t.data.assign(values.begin(), values.end());
  return t;
}

TEST(ConstantFolding, InputAffineFoldsExactlyAtTheBorders) {
  // conv(pad0(x * a + b)) == conv'(pad_p(x)) on every output, the padded
  // border included: grouped, strided, asymmetric padding.
  Tensor x = random({1, 4, 7, 6}, 1), w = random({6, 2, 3, 3}, 2),
         bias = random({6}, 3);
  std::vector<double> a = {0.5, -2.0, 4.0, 0.25}, b = {-1.0, 3.0, 0.5, -7.0};
  Tensor normalised = x;
  for (int64_t c = 0; c < 4; ++c)
    for (int64_t k = 0; k < 42; ++k)
      normalised.data[c * 42 + k] =
          static_cast<float>(x.data[c * 42 + k] * a[c] + b[c]);
  ConvParams geometry;
  geometry.strides[1] = 2;
  geometry.pads[0] = 2;
  geometry.pads[1] = 1;
  geometry.pads[2] = 1;
  geometry.groups = 2;
  Tensor want = conv2d(normalised, w, &bias, geometry);

  ConvParameters folded = parameters(w, bias, 2);
  ASSERT_TRUE(foldAffineIntoConvInput(folded, a, b));
  for (int64_t c = 0; c < 4; ++c)
    EXPECT_DOUBLE_EQ(folded.padValue[c], -b[c] / a[c]);
  ConvParams withPad = geometry;
  withPad.padValue = folded.padValue;
  Tensor foldedBias = toTensor({6}, folded.bias);
  Tensor got = conv2d(x, toTensor(w.shape, folded.weight), &foldedBias,
                      withPad);
  ASSERT_EQ(got.shape, want.shape);
  for (size_t k = 0; k < got.data.size(); ++k)
    EXPECT_NEAR(got.data[k], want.data[k], 1e-5 * (1 + std::abs(want.data[k])))
        << "at " << k;
}

TEST(ConstantFolding, InputAffineWithAZeroScaleIsNotFolded) {
  Tensor w = random({2, 2, 1, 1}, 4), bias = random({2}, 5);
  ConvParameters p = parameters(w, bias, 1);
  std::vector<double> before = p.weight;
  EXPECT_FALSE(foldAffineIntoConvInput(p, {1.0, 0.0}, {0.0, 1.0}));
  EXPECT_EQ(p.weight, before);
}

TEST(ConstantFolding, OutputAffine) {
  Tensor x = random({1, 2, 5, 5}, 6), w = random({3, 2, 3, 3}, 7),
         bias = random({3}, 8);
  std::vector<double> a = {2.0, -0.5, 1.5}, b = {0.1, 0.2, -0.3};
  ConvParams geometry;
  geometry.pads[0] = geometry.pads[1] = geometry.pads[2] = geometry.pads[3] = 1;
  Tensor y = conv2d(x, w, &bias, geometry);
  ConvParameters p = parameters(w, bias, 1);
  foldAffineIntoConvOutput(p, a, b);
  Tensor foldedBias = toTensor({3}, p.bias);
  Tensor got = conv2d(x, toTensor(w.shape, p.weight), &foldedBias, geometry);
  for (int64_t f = 0; f < 3; ++f)
    for (int64_t k = 0; k < 25; ++k)
      EXPECT_NEAR(got.data[f * 25 + k], y.data[f * 25 + k] * a[f] + b[f],
                  1e-5);
}
} // namespace
