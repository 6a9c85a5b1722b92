//===- BuildUtils.h - building resnet ops from untrusted input --*- C++ -*-===//
//
// The generated builders of ops with inferred result types abort when the
// inference fails. Importers see shapes they cannot trust, so they build
// through `tryCreate`, which runs the inference first: a bad shape becomes a
// diagnostic at the op's location and a failure instead of a crash.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_IMPORTER_BUILDUTILS_H
#define RESNET_IMPORTER_BUILDUTILS_H

#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace mlir::resnet {

/// Builds `OpT` with `args` (the arguments of its explicit-result-type
/// builder after the type), inferring the result type; on failure emits the
/// inference's diagnostic at `loc` and returns failure.
template <typename OpT, typename... Args>
FailureOr<OpT> tryCreate(OpBuilder &builder, Location loc, Args &&...args) {
  OperationState state(loc, OpT::getOperationName());
  OpT::build(builder, state, builder.getNoneType(),
             std::forward<Args>(args)...);
  state.types.clear();
  SmallVector<Type, 1> types;
  if (failed(OpT::inferReturnTypes(
          builder.getContext(), loc, state.operands,
          state.attributes.getDictionary(builder.getContext()),
          state.getRawProperties(), state.regions, types)))
    return failure();
  state.addTypes(types);
  return cast<OpT>(builder.create(state));
}

/// An f32 weight constant holding `values` (a dense_resource blob when
/// large, named after `name`).
inline Value createWeight(OpBuilder &builder, Location loc,
                          RankedTensorType type, ArrayRef<float> values,
                          StringRef name) {
  auto attr = cast<TypedAttr>(makeF32Attr(type, values, name));
  return arith::ConstantOp::create(builder, loc, attr);
}

} // namespace mlir::resnet

#endif // RESNET_IMPORTER_BUILDUTILS_H
