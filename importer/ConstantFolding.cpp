//===- ConstantFolding.cpp - arithmetic on ONNX constants at import -------===//
#include "importer/ConstantFolding.h"

#include <cmath>

using namespace mlir::resnet;
using llvm::ArrayRef;
using llvm::SmallVector;

std::optional<SmallVector<int64_t, 4>>
mlir::resnet::broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t, 4> result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1)
      return std::nullopt;
    result[rank - 1 - i] = x == 1 ? y : x;
  }
  return result;
}

bool mlir::resnet::broadcastsTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
  std::optional<SmallVector<int64_t, 4>> shape = broadcastShapes(from, to);
  return shape && ArrayRef<int64_t>(*shape) == to;
}

std::vector<double> mlir::resnet::broadcastValues(const FoldedConstant &c,
                                                  ArrayRef<int64_t> shape) {
  int64_t rank = shape.size(), cRank = c.shape.size();
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  std::vector<double> result(count);
  SmallVector<int64_t, 4> index(rank, 0);
  for (int64_t k = 0; k < count; ++k) {
    // c's dimensions align with the last ones of `shape`; size 1 reads 0.
    int64_t at = 0;
    for (int64_t d = 0; d < cRank; ++d) {
      int64_t size = c.shape[d];
      at = at * size + (size == 1 ? 0 : index[rank - cRank + d]);
    }
    result[k] = c.values[at];
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return result;
}

std::optional<FoldedConstant>
mlir::resnet::combineConstants(const FoldedConstant &a, const FoldedConstant &b,
                               llvm::function_ref<double(double, double)> f) {
  std::optional<SmallVector<int64_t, 4>> shape =
      broadcastShapes(a.shape, b.shape);
  if (!shape)
    return std::nullopt;
  FoldedConstant result{*shape, broadcastValues(a, *shape)};
  std::vector<double> other = broadcastValues(b, *shape);
  for (size_t k = 0; k < result.values.size(); ++k)
    result.values[k] = f(result.values[k], other[k]);
  return result;
}

std::optional<std::vector<double>>
mlir::resnet::perChannelValues(const FoldedConstant &c, int64_t rank,
                               int64_t channels) {
  int64_t cRank = c.shape.size();
  if (rank < 2 || cRank > rank)
    return std::nullopt;
  // Only axis 1 (dimension rank - 1 - (rank - 2) of c, when c has it) may
  // be larger than one.
  int64_t channelDim = cRank - (rank - 1);
  for (int64_t d = 0; d < cRank; ++d) {
    int64_t size = c.shape[d];
    if (size != 1 && !(d == channelDim && size == channels))
      return std::nullopt;
  }
  bool varies = channelDim >= 0 && c.shape[channelDim] == channels;
  std::vector<double> result(channels);
  for (int64_t k = 0; k < channels; ++k)
    result[k] = c.values[varies ? k : 0];
  return result;
}

namespace {
/// The input channel that weight [f, c, ., .] reads.
int64_t inputChannel(const ConvParameters &conv, int64_t f, int64_t c) {
  int64_t filtersPerGroup = conv.weightShape[0] / conv.groups;
  return (f / filtersPerGroup) * conv.weightShape[1] + c;
}
} // namespace

bool mlir::resnet::foldAffineIntoConvInput(ConvParameters &conv,
                                           ArrayRef<double> a,
                                           ArrayRef<double> b) {
  int64_t filters = conv.weightShape[0], perGroup = conv.weightShape[1];
  int64_t taps = conv.weightShape[2] * conv.weightShape[3];
  int64_t channels = perGroup * conv.groups;
  ConvParameters folded = conv;
  if (folded.bias.empty())
    folded.bias.assign(filters, 0.0);
  if (folded.padValue.empty())
    folded.padValue.assign(channels, 0.0);
  for (int64_t c = 0; c < channels; ++c) {
    if (a[c] == 0.0)
      return false;
    folded.padValue[c] = (folded.padValue[c] - b[c]) / a[c];
    if (!std::isfinite(folded.padValue[c]))
      return false;
  }
  for (int64_t f = 0; f < filters; ++f)
    for (int64_t c = 0; c < perGroup; ++c) {
      int64_t channel = inputChannel(conv, f, c);
      double *w = &folded.weight[(f * perGroup + c) * taps];
      for (int64_t t = 0; t < taps; ++t) {
        folded.bias[f] += w[t] * b[channel];
        w[t] *= a[channel];
      }
    }
  conv = std::move(folded);
  return true;
}

void mlir::resnet::foldAffineIntoConvOutput(ConvParameters &conv,
                                            ArrayRef<double> a,
                                            ArrayRef<double> b) {
  int64_t filters = conv.weightShape[0];
  int64_t perFilter = static_cast<int64_t>(conv.weight.size()) / filters;
  if (conv.bias.empty())
    conv.bias.assign(filters, 0.0);
  for (int64_t f = 0; f < filters; ++f) {
    for (int64_t k = 0; k < perFilter; ++k)
      conv.weight[f * perFilter + k] *= a[f];
    conv.bias[f] = conv.bias[f] * a[f] + b[f];
  }
}
