//===- Kernels.h - naive reference implementations of the layers -*- C++
//-*-===//
//
// One function per layer, written from the op definitions in
// dialect/ResNetOps.td with plain loops and double accumulation, for f32
// tensors (each result rounded to f32, as the models compute) and f64
// tensors (resnet-run --f64). They assume shapes the op verifiers accept
// (NCHW activations, OIHW weights).
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_REFERENCE_KERNELS_H
#define RESNET_REFERENCE_KERNELS_H

#include "reference/Tensor.h"

#include <vector>

namespace mlir::resnet::reference {

/// An optional operand (a bias) of a kernel: a TensorOf<T>, with T deduced
/// from the other operands (so that `nullptr` can be passed).
template <typename T> struct NoDeduceHelper { using type = TensorOf<T>; };
template <typename T> using NoDeduce = typename NoDeduceHelper<T>::type;

/// Convolution geometry; `pads` is [top, left, bottom, right].
struct ConvParams {
  int64_t strides[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};
  int64_t dilations[2] = {1, 1};
  int64_t groups = 1;
  /// What padding reads, per input channel; empty: zero.
  std::vector<double> padValue;
};

/// Pooling window; `pads` is [top, left, bottom, right].
struct PoolParams {
  int64_t kernel[2] = {1, 1};
  int64_t strides[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};
  int64_t dilations[2] = {1, 1};
};

/// Grouped, strided, padded, dilated 2-D convolution, NCHW x OIHW; `bias`
/// (one value per output channel) may be null.
template <typename T>
TensorOf<T> conv2d(const TensorOf<T> &input, const TensorOf<T> &weight,
                   const NoDeduce<T> *bias, const ConvParams &params);

/// (x - mean) * scale / sqrt(variance + epsilon) + bias over axis 1.
template <typename T>
TensorOf<T> batchNorm(const TensorOf<T> &input, const TensorOf<T> &scale,
                      const TensorOf<T> &bias, const TensorOf<T> &mean,
                      const TensorOf<T> &variance, double epsilon);

template <typename T>
TensorOf<T> relu(const TensorOf<T> &input);
template <typename T>
TensorOf<T> add(const TensorOf<T> &lhs, const TensorOf<T> &rhs);

/// Max pooling; padding reads -inf.
template <typename T>
TensorOf<T> maxPool2d(const TensorOf<T> &input, const PoolParams &params);

/// Where maxPool2d's maxima are: each output's index into the whole NCHW
/// input, `((n*C + c)*H + h)*W + w`, or `(n*C + c)*H*W + w*H + h` when
/// `columnMajor`; the first maximum in the window's row-major order.
template <typename T>
TensorOf<T> maxPool2dIndices(const TensorOf<T> &input, const PoolParams &params,
                             bool columnMajor);

/// Result dimension d is input dimension perm[d].
template <typename T>
TensorOf<T> transpose(const TensorOf<T> &input, llvm::ArrayRef<int64_t> perm);

/// trunc(x) wrapped modulo 2^bits into the range of a bits-bit integer
/// (signed: two's complement).
template <typename T>
TensorOf<T> wrapInteger(const TensorOf<T> &input, int64_t bits, bool isSigned);

/// Average pooling; the divisor is the whole window with
/// `countIncludePad`, else only the elements inside the input.
template <typename T>
TensorOf<T> avgPool2d(const TensorOf<T> &input, const PoolParams &params,
                      bool countIncludePad);

/// Mean over H and W: NxCxHxW -> NxCx1x1.
template <typename T>
TensorOf<T> globalAvgPool(const TensorOf<T> &input);

/// d0 x ... -> (d0 * ... * d(axis-1)) x (d(axis) * ...).
template <typename T>
TensorOf<T> flatten(const TensorOf<T> &input, int64_t axis = 1);

/// input * scale + shift, scale and shift broadcast to the input's shape
/// (NumPy rules, aligned at the last dimension).
template <typename T>
TensorOf<T> affine(const TensorOf<T> &input, const TensorOf<T> &scale,
                   const TensorOf<T> &shift);

/// y = x * W^T + b, x: N x K, W: M x K, b (may be null): M.
template <typename T>
TensorOf<T> linear(const TensorOf<T> &input, const TensorOf<T> &weight,
                   const NoDeduce<T> *bias);

/// NumPy matmul of rank 2 or more: lhs [batch...] x N x K times rhs
/// [batch...] x K x M, the batch dimensions broadcast (aligned at the last,
/// size 1 read at index 0).
template <typename T>
TensorOf<T> batchMatmul(const TensorOf<T> &lhs, const TensorOf<T> &rhs);

/// Numerically stable softmax along `axis` (negative counts from the end).
template <typename T>
TensorOf<T> softmax(const TensorOf<T> &input, int64_t axis);

} // namespace mlir::resnet::reference

#endif // RESNET_REFERENCE_KERNELS_H
