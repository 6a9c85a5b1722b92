//===- Profile.h - names shared by the per-layer profile passes -*- C++ -*-===//
//
// --resnet-profile-mark-layers wraps each resnet layer's location in a
// FusedLoc whose metadata is a dictionary {resnet.profile_layer = id, name,
// flops}; --resnet-profile-instrument finds it on the lowered code and emits
// calls and the layer table below, which runtime/profile.c reads.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_PASSES_PROFILE_H
#define RESNET_PASSES_PROFILE_H

#include "llvm/ADT/StringRef.h"

namespace mlir::resnet {

/// The key that marks a FusedLoc's metadata dictionary as a layer's.
inline constexpr llvm::StringLiteral kProfileLayerAttr = "resnet.profile_layer";

/// `void resnet_prof_begin(int64_t layer)` / `resnet_prof_end(...)`.
inline constexpr llvm::StringLiteral kProfileBeginFn = "resnet_prof_begin";
inline constexpr llvm::StringLiteral kProfileEndFn = "resnet_prof_end";

/// The layer table: `const int64_t resnet_profile_count`, `const int64_t
/// resnet_profile_flops[count]`, `const char resnet_profile_names[]` (the
/// names one after another, each ended by a NUL).
inline constexpr llvm::StringLiteral kProfileCountSym = "resnet_profile_count";
inline constexpr llvm::StringLiteral kProfileFlopsSym = "resnet_profile_flops";
inline constexpr llvm::StringLiteral kProfileNamesSym = "resnet_profile_names";

} // namespace mlir::resnet

#endif // RESNET_PASSES_PROFILE_H
