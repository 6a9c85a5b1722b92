//===- WeightUtils.h - reading and making f32 weight constants --*- C++ -*-===//
//
// Weights are `arith.constant`s holding either a dense elements attribute
// (small tensors, splats) or a `dense_resource` blob (large tensors). These
// helpers read both forms without copying where possible and make new
// constants on raw buffers, so compile-time weight rewriting never goes
// through per-element attributes.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_DIALECT_WEIGHTUTILS_H
#define RESNET_DIALECT_WEIGHTUTILS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace mlir::resnet {

/// Tensors with more elements than this become `dense_resource` blobs.
constexpr int64_t kResourceThreshold = 64;

/// Returns the f32 contents of `attr` (dense, splat or dense_resource). The
/// result points into the attribute when it can, else into `storage`.
/// Returns std::nullopt when `attr` is not an f32 elements attribute, a
/// resource blob has no data, or a dense attribute (a splat) would expand
/// to more than maxTensorBytes().
std::optional<llvm::ArrayRef<float>>
getF32Data(Attribute attr, llvm::SmallVectorImpl<float> &storage);

/// Same for the value of a constant-defined SSA value.
std::optional<llvm::ArrayRef<float>>
getConstantF32Data(Value value, llvm::SmallVectorImpl<float> &storage);

/// Makes an elements attribute of `type` holding `values`: a dense_resource
/// blob named after `nameHint` when large, a dense attribute otherwise.
ElementsAttr makeF32Attr(RankedTensorType type, llvm::ArrayRef<float> values,
                         llvm::StringRef nameHint);

} // namespace mlir::resnet

#endif // RESNET_DIALECT_WEIGHTUTILS_H
