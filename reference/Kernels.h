//===- Kernels.h - naive reference implementations of the layers -*- C++
//-*-===//
//
// One function per layer, written from the op definitions in
// dialect/ResNetOps.td with plain loops and double accumulation. They assume
// shapes the op verifiers accept (NCHW activations, OIHW weights).
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_REFERENCE_KERNELS_H
#define RESNET_REFERENCE_KERNELS_H

#include "reference/Tensor.h"

namespace mlir::resnet::reference {

/// Convolution geometry; `pads` is [top, left, bottom, right].
struct ConvParams {
  int64_t strides[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};
  int64_t dilations[2] = {1, 1};
  int64_t groups = 1;
};

/// Pooling window; `pads` is [top, left, bottom, right].
struct PoolParams {
  int64_t kernel[2] = {1, 1};
  int64_t strides[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};
};

/// Grouped, strided, padded, dilated 2-D convolution, NCHW x OIHW; `bias`
/// (one value per output channel) may be null.
Tensor conv2d(const Tensor &input, const Tensor &weight, const Tensor *bias,
              const ConvParams &params);

/// (x - mean) * scale / sqrt(variance + epsilon) + bias over axis 1.
Tensor batchNorm(const Tensor &input, const Tensor &scale, const Tensor &bias,
                 const Tensor &mean, const Tensor &variance, double epsilon);

Tensor relu(const Tensor &input);
Tensor add(const Tensor &lhs, const Tensor &rhs);

/// Max pooling; padding reads -inf.
Tensor maxPool2d(const Tensor &input, const PoolParams &params);

/// Average pooling; the divisor is the whole window with
/// `countIncludePad`, else only the elements inside the input.
Tensor avgPool2d(const Tensor &input, const PoolParams &params,
                 bool countIncludePad);

/// Mean over H and W: NxCxHxW -> NxCx1x1.
Tensor globalAvgPool(const Tensor &input);

/// N x ... -> N x M.
Tensor flatten(const Tensor &input);

/// y = x * W^T + b, x: N x K, W: M x K, b (may be null): M.
Tensor linear(const Tensor &input, const Tensor &weight, const Tensor *bias);

/// Numerically stable softmax along `axis` (negative counts from the end).
Tensor softmax(const Tensor &input, int64_t axis);

} // namespace mlir::resnet::reference

#endif // RESNET_REFERENCE_KERNELS_H
