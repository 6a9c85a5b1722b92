//===- ConstantFolding.h - arithmetic on ONNX constants at import -*- C++ -*-===//
//
// What the ONNX importer computes on constants: NumPy broadcasting between
// two constants (Add/Sub/Mul/Div/Sum by constants combine into one
// `x * scale + shift`), and folding such an affine map into a neighbouring
// convolution: after it (a per-output-channel scale and shift, a BN written
// as Mul and Add) or before it (an input normalisation such as
// `(x - mean) / std` in front of the stem). All in double precision; the
// results are rounded to float once.
//
// Folding `x * a + b` (per input channel c) into the convolution that reads
// it: `W'[f, c] = W[f, c] * a[c]`, `B'[f] = B[f] + sum_{c,i,j} W[f, c, i, j] *
// b[c]`, and the padding, which read q[c] (zero) in the normalised input,
// must read the raw value that maps to it: `p[c] = (q[c] - b[c]) / a[c]`
// (the mean, for `(x - mean) / std`). That needs a[c] != 0.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_IMPORTER_CONSTANTFOLDING_H
#define RESNET_IMPORTER_CONSTANTFOLDING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::resnet {

/// A constant tensor in double precision, row-major.
struct FoldedConstant {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<double> values;

  static FoldedConstant splat(double value) { return {{}, {value}}; }
};

/// The NumPy broadcast of two shapes (aligned at the last dimension, each
/// pair equal or one of them 1), or nothing when they do not broadcast.
std::optional<llvm::SmallVector<int64_t, 4>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Whether `from` broadcasts to exactly `to`.
bool broadcastsTo(llvm::ArrayRef<int64_t> from, llvm::ArrayRef<int64_t> to);

/// The values of `c` broadcast to `shape` (c must broadcast to it).
std::vector<double> broadcastValues(const FoldedConstant &c,
                                    llvm::ArrayRef<int64_t> shape);

/// `f(a, b)` elementwise over the broadcast of the two shapes, or nothing
/// when they do not broadcast.
std::optional<FoldedConstant>
combineConstants(const FoldedConstant &a, const FoldedConstant &b,
                 llvm::function_ref<double(double, double)> f);

/// `c` as one value per channel (axis 1) of a rank-`rank` tensor with
/// `channels` channels: when it broadcasts to that tensor and is constant
/// along every other axis. Nothing otherwise.
std::optional<std::vector<double>> perChannelValues(const FoldedConstant &c,
                                                    int64_t rank,
                                                    int64_t channels);

/// A convolution's constant parameters (OIHW weight, bias per output
/// channel, what its padding reads per input channel).
struct ConvParameters {
  llvm::SmallVector<int64_t, 4> weightShape;
  std::vector<double> weight, bias, padValue;
  int64_t groups = 1;
};

/// conv(pad_q(x * a + b)) as conv'(pad_p(x)): see the file comment. Returns
/// false (and leaves `conv` as it was) when some a[c] is zero or the result
/// is not finite.
bool foldAffineIntoConvInput(ConvParameters &conv, llvm::ArrayRef<double> a,
                             llvm::ArrayRef<double> b);

/// conv(x) * a + b per output channel as conv'(x): the weights of filter f
/// scaled by a[f], the bias B[f] * a[f] + b[f].
void foldAffineIntoConvOutput(ConvParameters &conv, llvm::ArrayRef<double> a,
                              llvm::ArrayRef<double> b);

} // namespace mlir::resnet

#endif // RESNET_IMPORTER_CONSTANTFOLDING_H
