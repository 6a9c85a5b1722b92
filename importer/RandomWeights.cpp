//===- RandomWeights.cpp - deterministic pseudo-random parameters ---------===//
//
// Each tensor gets its own generator, seeded from the user's seed and the
// tensor's name, so a parameter's values do not depend on the order in which
// the builder asks for them (--blocks and --no-blocks models agree).
//
// Scales: convolutions are Kaiming-uniform (variance 2 / fan_in), which with
// ReLU keeps the second moment of activations about constant; BN running
// statistics are random around the identity; the BN that ends a residual
// branch has a small gamma, so the sum x + F(x) grows slowly through 50+
// blocks (the role torchvision's zero_init_residual plays in training).
//
//===----------------------------------------------------------------------===//
#include "importer/BuildUtils.h"
#include "importer/Weights.h"

#include "llvm/ADT/Hashing.h"

#include <cmath>

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// SplitMix64: tiny, fast and good enough for test weights.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi).
  float uniform(float lo, float hi) {
    double unit = static_cast<double>(next() >> 11) * 0x1.0p-53;
    return static_cast<float>(lo + (hi - lo) * unit);
  }

private:
  uint64_t state;
};

/// FNV-1a: a hash that is the same on every platform and build.
uint64_t stableHash(StringRef text, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ (seed * 0x100000001b3ULL);
  for (unsigned char c : text)
    h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

/// The [lo, hi) range of a parameter of `kind` with fan-in `fanIn`.
std::pair<float, float> rangeOf(WeightKind kind, int64_t fanIn) {
  switch (kind) {
  case WeightKind::ConvWeight: {
    float a = std::sqrt(6.0f / static_cast<float>(fanIn));
    return {-a, a};
  }
  case WeightKind::LinearWeight: {
    float a = std::sqrt(3.0f / static_cast<float>(fanIn));
    return {-a, a};
  }
  case WeightKind::BnScale:
    return {0.7f, 1.3f};
  case WeightKind::BnResidualScale:
    return {0.1f, 0.4f};
  case WeightKind::BnBias:
  case WeightKind::BnMean:
  case WeightKind::LinearBias:
    return {-0.1f, 0.1f};
  case WeightKind::BnVariance:
    return {0.5f, 1.5f};
  }
  llvm_unreachable("unknown weight kind");
}

class RandomWeights : public WeightProvider {
public:
  explicit RandomWeights(uint64_t seed) : seed(seed) {}

  FailureOr<ElementsAttr> get(Location, StringRef name, RankedTensorType type,
                              WeightKind kind) override {
    int64_t fanIn = 1;
    for (int64_t d : type.getShape().drop_front())
      fanIn *= d;
    auto [lo, hi] = rangeOf(kind, fanIn);
    SplitMix64 rng(stableHash(name, seed));
    values.resize(type.getNumElements());
    for (float &v : values)
      v = rng.uniform(lo, hi);
    return makeF32Attr(type, values, name);
  }

private:
  uint64_t seed;
  std::vector<float> values;
};
} // namespace

std::unique_ptr<WeightProvider> mlir::resnet::createRandomWeights(uint64_t seed) {
  return std::make_unique<RandomWeights>(seed);
}
