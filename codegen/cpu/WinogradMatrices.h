//===- WinogradMatrices.h - 1-D Winograd transforms F(m, 3) -----*- C++ -*-===//
//
// The minimal-filtering algorithm F(m, r=3) (Lavin & Gray, "Fast Algorithms
// for Convolutional Neural Networks", 2016): m outputs of a 3-tap
// correlation from alpha = m + 2 inputs with alpha multiplications,
//
//   y = A^T [(G g) .* (B^T d)],
//
// and the 2-D F(m x m, 3 x 3) nests it: Y = A^T [(G g G^T) .* (B^T d B)] A.
// Kept in a header of their own so that a unit test checks them against a
// direct correlation.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_PASSES_WINOGRADMATRICES_H
#define RESNET_PASSES_WINOGRADMATRICES_H

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::resnet::winograd {

/// Row-major transform matrices of F(m, 3): B^T is alpha x alpha, G is
/// alpha x 3, A^T is m x alpha.
struct Transforms {
  int64_t m;
  int64_t alpha;
  std::vector<double> bt, g, at;

  double btAt(int64_t row, int64_t col) const { return bt[row * alpha + col]; }
  double gAt(int64_t row, int64_t col) const { return g[row * 3 + col]; }
  double atAt(int64_t row, int64_t col) const { return at[row * alpha + col]; }
};

/// F(2, 3) (interpolation points 0, 1, -1, inf) and F(4, 3) (0, 1, -1,
/// 1/2, -2, inf); nullopt for other m.
///
/// F(4, 3)'s points are chosen for float32 accuracy, not Lavin's 0, +-1,
/// +-2: a point p and its reciprocal's sign-flipped partner -1/p keep the
/// output transform's powers of p (A^T) and the filter transform's 1/f(p)
/// (G) from growing together, so the products' rounding errors are
/// amplified less (Barabasz et al., "Error analysis and improving the
/// accuracy of Winograd convolution for deep neural networks", 2020).
/// Measured with the numerics trace (resnet-run --compare-trace against
/// --f64) on e2e/numerics.test's model: the F(4x4) layers' error is 1.5-3x
/// lower than with 0, +-1, +-2, at the same number of products; the input
/// transform has 26 non-zero coefficients instead of 22. The matrices are
/// the exact Toom-Cook construction for these points: A^T[i][t] = p_t^i,
/// G[t][k] = p_t^k / prod_{s != t} (p_t - p_s), B^T solved from
/// sum_t A^T[i][t] G[t][k] B^T[t][j] = [j == i + k]; unit-tested against
/// a direct correlation.
inline std::optional<Transforms> transformsFor(int64_t m) {
  if (m == 2)
    return Transforms{2,
                      4,
                      {1, 0, -1, 0, //
                       0, 1, 1, 0,  //
                       0, -1, 1, 0, //
                       0, 1, 0, -1},
                      {1, 0, 0,       //
                       0.5, 0.5, 0.5, //
                       0.5, -0.5, 0.5, //
                       0, 0, 1},
                      {1, 1, 1, 0, //
                       0, 1, -1, -1}};
  if (m == 4)
    return Transforms{4,
                      6,
                      {1, -1.5, -2, 1.5, 1, 0,   //
                       0, -1, 0.5, 2.5, 1, 0,    //
                       0, 1, -2.5, 0.5, 1, 0,    //
                       0, -2, -1, 2, 1, 0,       //
                       0, 0.5, -1, -0.5, 1, 0,   //
                       0, 1, -1.5, -2, 1.5, 1},
                      {1, 0, 0,                              //
                       1.0 / 3, 1.0 / 3, 1.0 / 3,            //
                       -1.0 / 3, 1.0 / 3, -1.0 / 3,          //
                       -16.0 / 15, -8.0 / 15, -4.0 / 15,     //
                       1.0 / 15, -2.0 / 15, 4.0 / 15,        //
                       0, 0, 1},
                      {1, 1, 1, 1, 1, 0,          //
                       0, 1, -1, 0.5, -2, 0,      //
                       0, 1, 1, 0.25, 4, 0,       //
                       0, 1, -1, 0.125, -8, 1}};
  return std::nullopt;
}

/// u[xi * alpha + nu] = (G g G^T)[xi][nu] for one 3x3 filter tap block
/// `g`, in double: the filter transform of the dense and the grouped
/// Winograd layers.
inline void transformFilterTaps(const Transforms &t, const double (&g)[3][3],
                                double *u) {
  double gg[6][3];
  for (int64_t xi = 0; xi < t.alpha; ++xi)
    for (int64_t j = 0; j < 3; ++j) {
      gg[xi][j] = 0;
      for (int64_t i = 0; i < 3; ++i)
        gg[xi][j] += t.gAt(xi, i) * g[i][j];
    }
  for (int64_t xi = 0; xi < t.alpha; ++xi)
    for (int64_t nu = 0; nu < t.alpha; ++nu) {
      double sum = 0;
      for (int64_t j = 0; j < 3; ++j)
        sum += gg[xi][j] * t.gAt(nu, j);
      u[xi * t.alpha + nu] = sum;
    }
}

} // namespace mlir::resnet::winograd

#endif // RESNET_PASSES_WINOGRADMATRICES_H
