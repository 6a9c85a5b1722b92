//===- Tensor.h - the reference interpreter's value type --------*- C++ -*-===//
//
// A dense, row-major (C order) tensor: a shape and its elements, f32 (the
// models' type) or f64 (resnet-run --f64). Plain data on purpose: the
// reference must be easy to read, not fast.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_REFERENCE_TENSOR_H
#define RESNET_REFERENCE_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace mlir::resnet::reference {

/// Number of elements of a shape (1 for a scalar).
inline int64_t numElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Formats a shape as `1x3x224x224` (`scalar` for rank 0).
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

template <typename T> struct TensorOf {
  using Element = T;

  llvm::SmallVector<int64_t, 4> shape;
  std::vector<T> data;

  TensorOf() = default;
  /// A zero-filled tensor of `shape`.
  explicit TensorOf(llvm::ArrayRef<int64_t> shape)
      : shape(shape.begin(), shape.end()), data(numElements(shape), T(0)) {}
  explicit TensorOf(std::initializer_list<int64_t> shape)
      : TensorOf(llvm::ArrayRef<int64_t>(shape)) {}

  int64_t size() const { return static_cast<int64_t>(data.size()); }
  int64_t dim(unsigned i) const { return shape[i]; }
};

using Tensor = TensorOf<float>;
/// resnet-run --f64 computes in double.
using Tensor64 = TensorOf<double>;

/// `tensor` with its elements converted to U.
template <typename U, typename T>
TensorOf<U> convertTensor(const TensorOf<T> &tensor) {
  TensorOf<U> result;
  result.shape = tensor.shape;
  result.data.assign(tensor.data.begin(), tensor.data.end());
  return result;
}

} // namespace mlir::resnet::reference

#endif // RESNET_REFERENCE_TENSOR_H
