//===- WinogradTest.cpp - the F(m, 3) transform matrices ------------------===//
//
// A^T [(G g) .* (B^T d)] must equal the direct 3-tap correlation
// y[o] = sum_r d[o + r] g[r] for every input, and the 2-D nesting the
// F(m x m, 3 x 3) of the dialect's Winograd pass.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/WinogradMatrices.h"

#include <gtest/gtest.h>

#include <random>

using mlir::resnet::winograd::Transforms;
using mlir::resnet::winograd::transformsFor;

namespace {

std::vector<double> winograd1D(const Transforms &t, const std::vector<double> &d,
                               const double g[3]) {
  std::vector<double> product(t.alpha);
  for (int64_t i = 0; i < t.alpha; ++i) {
    double gi = 0, di = 0;
    for (int64_t r = 0; r < 3; ++r)
      gi += t.gAt(i, r) * g[r];
    for (int64_t j = 0; j < t.alpha; ++j)
      di += t.btAt(i, j) * d[j];
    product[i] = gi * di;
  }
  std::vector<double> y(t.m);
  for (int64_t o = 0; o < t.m; ++o)
    for (int64_t i = 0; i < t.alpha; ++i)
      y[o] += t.atAt(o, i) * product[i];
  return y;
}

class WinogradMatrices : public ::testing::TestWithParam<int64_t> {};

TEST_P(WinogradMatrices, ShapesMatchTheOutputTile) {
  std::optional<Transforms> t = transformsFor(GetParam());
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->alpha, t->m + 2);
  EXPECT_EQ(static_cast<int64_t>(t->bt.size()), t->alpha * t->alpha);
  EXPECT_EQ(static_cast<int64_t>(t->g.size()), t->alpha * 3);
  EXPECT_EQ(static_cast<int64_t>(t->at.size()), t->m * t->alpha);
}

TEST_P(WinogradMatrices, EqualDirectCorrelation1D) {
  Transforms t = *transformsFor(GetParam());
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uniform(-1, 1);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<double> d(t.alpha);
    for (double &v : d)
      v = uniform(rng);
    double g[3] = {uniform(rng), uniform(rng), uniform(rng)};
    std::vector<double> y = winograd1D(t, d, g);
    for (int64_t o = 0; o < t.m; ++o) {
      double direct = d[o] * g[0] + d[o + 1] * g[1] + d[o + 2] * g[2];
      EXPECT_NEAR(y[o], direct, 1e-12) << "m=" << t.m << " output " << o;
    }
  }
}

TEST_P(WinogradMatrices, EqualDirectCorrelation2D) {
  Transforms t = *transformsFor(GetParam());
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> uniform(-1, 1);
  int64_t a = t.alpha;
  std::vector<double> d(a * a), g(9);
  for (double &v : d)
    v = uniform(rng);
  for (double &v : g)
    v = uniform(rng);
  // U = G g G^T, V = B^T d B, Y = A^T (U .* V) A.
  auto matmul = [](const std::vector<double> &x, int64_t rows, int64_t inner,
                   const std::vector<double> &y, int64_t cols) {
    std::vector<double> z(rows * cols);
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        for (int64_t k = 0; k < inner; ++k)
          z[i * cols + j] += x[i * inner + k] * y[k * cols + j];
    return z;
  };
  auto transpose = [](const std::vector<double> &x, int64_t rows,
                      int64_t cols) {
    std::vector<double> z(rows * cols);
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        z[j * rows + i] = x[i * cols + j];
    return z;
  };
  std::vector<double> u =
      matmul(matmul(t.g, a, 3, g, 3), a, 3, transpose(t.g, a, 3), a);
  std::vector<double> v =
      matmul(matmul(t.bt, a, a, d, a), a, a, transpose(t.bt, a, a), a);
  for (int64_t i = 0; i < a * a; ++i)
    u[i] *= v[i];
  std::vector<double> y =
      matmul(matmul(t.at, t.m, a, u, a), t.m, a, transpose(t.at, t.m, a), t.m);
  for (int64_t p = 0; p < t.m; ++p)
    for (int64_t q = 0; q < t.m; ++q) {
      double direct = 0;
      for (int64_t r = 0; r < 3; ++r)
        for (int64_t s = 0; s < 3; ++s)
          direct += d[(p + r) * a + q + s] * g[r * 3 + s];
      EXPECT_NEAR(y[p * t.m + q], direct, 1e-12);
    }
}

INSTANTIATE_TEST_SUITE_P(OutputTiles, WinogradMatrices,
                         ::testing::Values(2, 4));

TEST(WinogradMatrices, OtherTilesAreUnavailable) {
  EXPECT_FALSE(transformsFor(3).has_value());
  EXPECT_FALSE(transformsFor(6).has_value());
}

} // namespace
