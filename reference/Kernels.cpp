//===- Kernels.cpp - naive reference implementations of the layers --------===//
#include "reference/Kernels.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

using namespace mlir::resnet::reference;

namespace {
/// Output size of a window sliding over `in` elements padded by
/// `padBegin + padEnd`.
int64_t slidingOutputSize(int64_t in, int64_t kernel, int64_t stride,
                          int64_t padBegin, int64_t padEnd, int64_t dilation) {
  int64_t window = dilation * (kernel - 1) + 1;
  return (in + padBegin + padEnd - window) / stride + 1;
}

/// Row-major offset of [n, c, y, x] in an NCHW tensor.
struct Nchw {
  int64_t n, c, h, w;
  template <typename T>
  explicit Nchw(const TensorOf<T> &t)
      : n(t.dim(0)), c(t.dim(1)), h(t.dim(2)), w(t.dim(3)) {}
  int64_t plane(int64_t in, int64_t ic) const { return (in * c + ic) * h * w; }
};
} // namespace

template <typename T>
TensorOf<T> mlir::resnet::reference::conv2d(const TensorOf<T> &input,
                                            const TensorOf<T> &weight,
                                            const NoDeduce<T> *bias,
                                            const ConvParams &p) {
  Nchw in(input);
  int64_t filters = weight.dim(0), channelsPerGroup = weight.dim(1);
  int64_t kh = weight.dim(2), kw = weight.dim(3);
  int64_t filtersPerGroup = filters / p.groups;
  int64_t oh = slidingOutputSize(in.h, kh, p.strides[0], p.pads[0], p.pads[2],
                                 p.dilations[0]);
  int64_t ow = slidingOutputSize(in.w, kw, p.strides[1], p.pads[1], p.pads[3],
                                 p.dilations[1]);
  TensorOf<T> output({in.n, filters, oh, ow});
  std::vector<double> acc(oh * ow);
  for (int64_t n = 0; n < in.n; ++n) {
    for (int64_t f = 0; f < filters; ++f) {
      int64_t group = f / filtersPerGroup;
      std::fill(acc.begin(), acc.end(), bias ? double(bias->data[f]) : 0.0);
      // Accumulate one (channel, tap) at a time over the whole output plane:
      // the same sum as the definition, in a cache-friendly order.
      for (int64_t c = 0; c < channelsPerGroup; ++c) {
        const T *plane =
            &input.data[in.plane(n, group * channelsPerGroup + c)];
        for (int64_t i = 0; i < kh; ++i) {
          for (int64_t j = 0; j < kw; ++j) {
            double w =
                weight.data[((f * channelsPerGroup + c) * kh + i) * kw + j];
            // Padding reads zeros, or the channel's pad value.
            int64_t channel = group * channelsPerGroup + c;
            double pad = p.padValue.empty() ? 0.0 : p.padValue[channel];
            for (int64_t y = 0; y < oh; ++y) {
              int64_t iy = y * p.strides[0] - p.pads[0] + i * p.dilations[0];
              bool rowInside = iy >= 0 && iy < in.h;
              if (!rowInside && pad == 0.0)
                continue;
              for (int64_t x = 0; x < ow; ++x) {
                int64_t ix = x * p.strides[1] - p.pads[1] + j * p.dilations[1];
                if (rowInside && ix >= 0 && ix < in.w)
                  acc[y * ow + x] += w * double(plane[iy * in.w + ix]);
                else
                  acc[y * ow + x] += w * pad;
              }
            }
          }
        }
      }
      T *out = &output.data[(n * filters + f) * oh * ow];
      for (int64_t k = 0; k < oh * ow; ++k)
        out[k] = static_cast<T>(acc[k]);
    }
  }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::batchNorm(
    const TensorOf<T> &input, const TensorOf<T> &scale, const TensorOf<T> &bias,
    const TensorOf<T> &mean, const TensorOf<T> &variance, double epsilon) {
  TensorOf<T> output = input;
  int64_t batch = input.dim(0), channels = input.dim(1);
  int64_t inner = input.size() / std::max<int64_t>(1, batch * channels);
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t c = 0; c < channels; ++c) {
      double factor =
          double(scale.data[c]) / std::sqrt(double(variance.data[c]) + epsilon);
      T *x = &output.data[(n * channels + c) * inner];
      for (int64_t k = 0; k < inner; ++k)
        x[k] =
            static_cast<T>((double(x[k]) - double(mean.data[c])) * factor +
                               double(bias.data[c]));
    }
  }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::relu(const TensorOf<T> &input) {
  TensorOf<T> output = input;
  for (T &x : output.data)
    x = x > T(0) ? x : T(0);
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::add(const TensorOf<T> &lhs,
                                         const TensorOf<T> &rhs) {
  assert(lhs.data.size() == rhs.data.size() && "add operands must match");
  TensorOf<T> output = lhs;
  for (size_t k = 0; k < output.data.size(); ++k)
    output.data[k] =
        static_cast<T>(double(lhs.data[k]) + double(rhs.data[k]));
  return output;
}

namespace {
/// Calls `visit(value)` for each element of the window of output (y, x) in
/// one NCHW plane that lies inside the input, and returns how many it found.
template <typename T, typename Visit>
int64_t forEachInWindow(const T *plane, int64_t h, int64_t w,
                        const PoolParams &p, int64_t y, int64_t x,
                        Visit visit) {
  int64_t count = 0;
  for (int64_t i = 0; i < p.kernel[0]; ++i) {
    int64_t iy = y * p.strides[0] - p.pads[0] + i * p.dilations[0];
    for (int64_t j = 0; j < p.kernel[1]; ++j) {
      int64_t ix = x * p.strides[1] - p.pads[1] + j * p.dilations[1];
      if (iy < 0 || iy >= h || ix < 0 || ix >= w)
        continue;
      visit(plane[iy * w + ix]);
      ++count;
    }
  }
  return count;
}

template <typename T, typename Reduce>
TensorOf<T> pool2d(const TensorOf<T> &input, const PoolParams &p,
                   Reduce reduce) {
  Nchw in(input);
  int64_t oh = slidingOutputSize(in.h, p.kernel[0], p.strides[0], p.pads[0],
                                 p.pads[2], p.dilations[0]);
  int64_t ow = slidingOutputSize(in.w, p.kernel[1], p.strides[1], p.pads[1],
                                 p.pads[3], p.dilations[1]);
  TensorOf<T> output({in.n, in.c, oh, ow});
  for (int64_t n = 0; n < in.n; ++n)
    for (int64_t c = 0; c < in.c; ++c) {
      const T *plane = &input.data[in.plane(n, c)];
      T *out = &output.data[(n * in.c + c) * oh * ow];
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x)
          out[y * ow + x] = reduce(plane, in.h, in.w, y, x);
    }
  return output;
}
} // namespace

template <typename T>
TensorOf<T> mlir::resnet::reference::maxPool2d(const TensorOf<T> &input,
                                               const PoolParams &p) {
  return pool2d(
      input, p,
      [&](const T *plane, int64_t h, int64_t w, int64_t y, int64_t x) {
        T best = -std::numeric_limits<T>::infinity();
        forEachInWindow(plane, h, w, p, y, x,
                        [&](T v) { best = std::max(best, v); });
        return best;
      });
}

template <typename T>
TensorOf<T> mlir::resnet::reference::maxPool2dIndices(const TensorOf<T> &input,
                                                      const PoolParams &p,
                                                      bool columnMajor) {
  return pool2d(
      input, p,
      [&](const T *plane, int64_t h, int64_t w, int64_t y, int64_t x) {
        // The first maximum in the window's row-major order; padding is not
        // visited, so it never wins.
        int64_t planeStart = plane - input.data.data();
        T best = T(0);
        int64_t at = -1;
        for (int64_t i = 0; i < p.kernel[0]; ++i) {
          int64_t iy = y * p.strides[0] - p.pads[0] + i * p.dilations[0];
          for (int64_t j = 0; j < p.kernel[1]; ++j) {
            int64_t ix = x * p.strides[1] - p.pads[1] + j * p.dilations[1];
            if (iy < 0 || iy >= h || ix < 0 || ix >= w)
              continue;
            T v = plane[iy * w + ix];
            if (at < 0 || v > best) {
              best = v;
              at = columnMajor ? ix * h + iy : iy * w + ix;
            }
          }
        }
        return static_cast<T>(planeStart + at);
      });
}

template <typename T>
TensorOf<T> mlir::resnet::reference::avgPool2d(const TensorOf<T> &input,
                                               const PoolParams &p,
                                               bool countIncludePad) {
  return pool2d(
      input, p,
      [&](const T *plane, int64_t h, int64_t w, int64_t y, int64_t x) {
        double sum = 0.0;
        int64_t inside =
            forEachInWindow(plane, h, w, p, y, x, [&](T v) { sum += v; });
        int64_t divisor = countIncludePad ? p.kernel[0] * p.kernel[1] : inside;
        return static_cast<T>(sum / double(divisor));
      });
}

template <typename T>
TensorOf<T> mlir::resnet::reference::globalAvgPool(const TensorOf<T> &input) {
  Nchw in(input);
  TensorOf<T> output({in.n, in.c, 1, 1});
  for (int64_t n = 0; n < in.n; ++n)
    for (int64_t c = 0; c < in.c; ++c) {
      const T *plane = &input.data[in.plane(n, c)];
      double sum = 0.0;
      for (int64_t k = 0; k < in.h * in.w; ++k)
        sum += plane[k];
      output.data[n * in.c + c] = static_cast<T>(sum / double(in.h * in.w));
    }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::transpose(const TensorOf<T> &input,
                                               llvm::ArrayRef<int64_t> perm) {
  size_t rank = input.shape.size();
  llvm::SmallVector<int64_t, 4> shape, inStrides(rank, 1);
  for (int64_t d : perm)
    shape.push_back(input.shape[d]);
  for (size_t d = rank; d-- > 1;)
    inStrides[d - 1] = inStrides[d] * input.shape[d];
  TensorOf<T> output(shape);
  // Walk the output in order, keeping its multi-index in `index`.
  llvm::SmallVector<int64_t, 4> index(rank, 0);
  for (int64_t k = 0; k < output.size(); ++k) {
    int64_t from = 0;
    for (size_t d = 0; d < rank; ++d)
      from += index[d] * inStrides[perm[d]];
    output.data[k] = input.data[from];
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::wrapInteger(const TensorOf<T> &input,
                                                 int64_t bits, bool isSigned) {
  // In double: trunc and fmod are exact, and so is every step below.
  double modulus = std::ldexp(1.0, static_cast<int>(bits));
  TensorOf<T> output = input;
  for (T &x : output.data) {
    double r = std::fmod(std::trunc(double(x)), modulus);
    if (r < 0)
      r += modulus;
    if (isSigned && r >= modulus / 2)
      r -= modulus;
    x = static_cast<T>(r);
  }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::flatten(const TensorOf<T> &input,
                                             int64_t axis) {
  TensorOf<T> output = input;
  int64_t rows = 1;
  for (int64_t d = 0; d < axis; ++d)
    rows *= input.dim(d);
  output.shape = {rows, input.size() / std::max<int64_t>(1, rows)};
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::affine(const TensorOf<T> &input,
                                            const TensorOf<T> &scale,
                                            const TensorOf<T> &shift) {
  int64_t rank = input.shape.size();
  // The offset of input element `index` in a broadcast operand: its
  // dimensions align with the input's last ones, size-1 ones read index 0.
  auto offset = [&](const TensorOf<T> &operand,
                    const std::vector<int64_t> &index) {
    int64_t r = operand.shape.size(), at = 0;
    for (int64_t d = 0; d < r; ++d) {
      int64_t size = operand.dim(d);
      at = at * size + (size == 1 ? 0 : index[rank - r + d]);
    }
    return at;
  };
  TensorOf<T> output = input;
  std::vector<int64_t> index(rank, 0);
  for (size_t k = 0; k < output.data.size(); ++k) {
    output.data[k] = static_cast<T>(
        double(input.data[k]) * double(scale.data[offset(scale, index)]) +
        double(shift.data[offset(shift, index)]));
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < input.dim(d))
        break;
      index[d] = 0;
    }
  }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::linear(const TensorOf<T> &input,
                                            const TensorOf<T> &weight,
                                            const NoDeduce<T> *bias) {
  int64_t batch = input.dim(0), k = input.dim(1), m = weight.dim(0);
  TensorOf<T> output({batch, m});
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t o = 0; o < m; ++o) {
      double sum = bias ? double(bias->data[o]) : 0.0;
      for (int64_t i = 0; i < k; ++i)
        sum += double(input.data[n * k + i]) * double(weight.data[o * k + i]);
      output.data[n * m + o] = static_cast<T>(sum);
    }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::batchMatmul(const TensorOf<T> &lhs,
                                                 const TensorOf<T> &rhs) {
  int64_t lhsRank = lhs.shape.size(), rhsRank = rhs.shape.size();
  int64_t rank = std::max(lhsRank, rhsRank);
  int64_t n = lhs.dim(lhsRank - 2), k = lhs.dim(lhsRank - 1);
  int64_t m = rhs.dim(rhsRank - 1);
  // The batch dimensions of the result: the longer of each aligned pair.
  auto batchDim = [&](const TensorOf<T> &t, int64_t d) -> int64_t {
    int64_t i = d - (rank - static_cast<int64_t>(t.shape.size()));
    return i < 0 ? 1 : t.dim(i);
  };
  llvm::SmallVector<int64_t, 4> shape;
  for (int64_t d = 0; d < rank - 2; ++d)
    shape.push_back(std::max(batchDim(lhs, d), batchDim(rhs, d)));
  int64_t batches = numElements(shape);
  shape.append({n, m});
  TensorOf<T> output(shape);
  // The first element of operand `t`'s matrix for the batch multi-index
  // `index` (a size-1 dimension reads its only index).
  auto matrixOffset = [&](const TensorOf<T> &t,
                          llvm::ArrayRef<int64_t> index) {
    int64_t at = 0;
    for (int64_t d = 0; d < rank - 2; ++d) {
      int64_t size = batchDim(t, d);
      at = at * size + (size == 1 ? 0 : index[d]);
    }
    return at * t.dim(t.shape.size() - 2) * t.dim(t.shape.size() - 1);
  };
  llvm::SmallVector<int64_t, 4> index(std::max<int64_t>(rank - 2, 0), 0);
  for (int64_t b = 0; b < batches; ++b) {
    const T *a = lhs.data.data() + matrixOffset(lhs, index);
    const T *w = rhs.data.data() + matrixOffset(rhs, index);
    T *y = output.data.data() + b * n * m;
    for (int64_t r = 0; r < n; ++r)
      for (int64_t c = 0; c < m; ++c) {
        double sum = 0.0;
        for (int64_t i = 0; i < k; ++i)
          sum += double(a[r * k + i]) * double(w[i * m + c]);
        y[r * m + c] = static_cast<T>(sum);
      }
    for (int64_t d = rank - 3; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return output;
}

template <typename T>
TensorOf<T> mlir::resnet::reference::softmax(const TensorOf<T> &input,
                                             int64_t axis) {
  int64_t rank = input.shape.size();
  if (axis < 0)
    axis += rank;
  // View the tensor as [outer, size, inner] around `axis`.
  int64_t size = input.dim(axis), inner = 1, outer = 1;
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= input.dim(d);
  for (int64_t d = 0; d < axis; ++d)
    outer *= input.dim(d);
  TensorOf<T> output = input;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      auto at = [&](int64_t k) -> T & {
        return output.data[(o * size + k) * inner + i];
      };
      // Subtracting the maximum keeps exp() from overflowing.
      double maximum = -std::numeric_limits<double>::infinity();
      for (int64_t k = 0; k < size; ++k)
        maximum = std::max(maximum, double(at(k)));
      double total = 0.0;
      for (int64_t k = 0; k < size; ++k)
        total += std::exp(double(at(k)) - maximum);
      for (int64_t k = 0; k < size; ++k)
        at(k) = static_cast<T>(std::exp(double(at(k)) - maximum) / total);
    }
  return output;
}

// The two element types the interpreter computes in.
#define RESNET_INSTANTIATE_KERNELS(T)                                          \
  template TensorOf<T> mlir::resnet::reference::conv2d(                        \
      const TensorOf<T> &, const TensorOf<T> &, const NoDeduce<T> *,           \
      const ConvParams &);                                                     \
  template TensorOf<T> mlir::resnet::reference::batchNorm(                     \
      const TensorOf<T> &, const TensorOf<T> &, const TensorOf<T> &,           \
      const TensorOf<T> &, const TensorOf<T> &, double);                       \
  template TensorOf<T> mlir::resnet::reference::relu(const TensorOf<T> &);     \
  template TensorOf<T> mlir::resnet::reference::add(const TensorOf<T> &,       \
                                                    const TensorOf<T> &);      \
  template TensorOf<T> mlir::resnet::reference::maxPool2d(                     \
      const TensorOf<T> &, const PoolParams &);                                \
  template TensorOf<T> mlir::resnet::reference::maxPool2dIndices(              \
      const TensorOf<T> &, const PoolParams &, bool);                          \
  template TensorOf<T> mlir::resnet::reference::transpose(                     \
      const TensorOf<T> &, llvm::ArrayRef<int64_t>);                           \
  template TensorOf<T> mlir::resnet::reference::wrapInteger(                   \
      const TensorOf<T> &, int64_t, bool);                                     \
  template TensorOf<T> mlir::resnet::reference::avgPool2d(                     \
      const TensorOf<T> &, const PoolParams &, bool);                          \
  template TensorOf<T> mlir::resnet::reference::globalAvgPool(                 \
      const TensorOf<T> &);                                                    \
  template TensorOf<T> mlir::resnet::reference::flatten(const TensorOf<T> &,   \
                                                        int64_t);              \
  template TensorOf<T> mlir::resnet::reference::affine(                        \
      const TensorOf<T> &, const TensorOf<T> &, const TensorOf<T> &);          \
  template TensorOf<T> mlir::resnet::reference::linear(                        \
      const TensorOf<T> &, const TensorOf<T> &, const NoDeduce<T> *);          \
  template TensorOf<T> mlir::resnet::reference::batchMatmul(                   \
      const TensorOf<T> &, const TensorOf<T> &);                               \
  template TensorOf<T> mlir::resnet::reference::softmax(const TensorOf<T> &,   \
                                                        int64_t);
RESNET_INSTANTIATE_KERNELS(float)
RESNET_INSTANTIATE_KERNELS(double)
