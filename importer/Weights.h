//===- Weights.h - where an architecture's weights come from ----*- C++ -*-===//
//
// The architecture builder asks for each parameter by its torchvision name
// (`layer1.0.conv1.weight`, `bn1.running_var`, `fc.bias`, ...) and type; a
// provider makes up deterministic random values or reads them from a file.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_IMPORTER_WEIGHTS_H
#define RESNET_IMPORTER_WEIGHTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"

#include <memory>

namespace mlir::resnet {

/// What a parameter is; random providers pick a distribution from it.
enum class WeightKind {
  ConvWeight,     // OIHW; Kaiming scale from the fan-in
  BnScale,        // gamma
  BnResidualScale, // gamma of the BN that ends a residual branch
  BnBias,         // beta
  BnMean,         // running_mean
  BnVariance,     // running_var
  LinearWeight,   // [out, in]
  LinearBias,     // [out]
};

class WeightProvider {
public:
  virtual ~WeightProvider() = default;
  /// The elements of parameter `name` with type `type`, or failure after a
  /// diagnostic at `loc`.
  virtual FailureOr<ElementsAttr> get(Location loc, StringRef name,
                                      RankedTensorType type,
                                      WeightKind kind) = 0;
  /// Called once every parameter has been asked for: reports what the source
  /// held that the model did not use.
  virtual LogicalResult finish(Location loc) { return success(); }
};

/// Deterministic pseudo-random weights: each tensor's values depend only on
/// `seed` and its name. Convolutions use a Kaiming-like scale; BN statistics
/// are random in ranges that keep activations O(1) through deep networks.
std::unique_ptr<WeightProvider> createRandomWeights(uint64_t seed);

/// Weights from a safetensors file with torchvision parameter names (F32;
/// F16 and BF16 are converted). Returns null after a diagnostic at `loc` when
/// the file cannot be read or its header is malformed.
std::unique_ptr<WeightProvider> openSafetensors(Location loc,
                                                llvm::StringRef path);

} // namespace mlir::resnet

#endif // RESNET_IMPORTER_WEIGHTS_H
