//===- ResNetDialect.cpp - the resnet dialect -----------------------------===//
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::resnet;

#include "dialect/ResNetInterfaces.cpp.inc"
#include "dialect/ResNetOpsDialect.cpp.inc"

void ResNetDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialect/ResNetOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *ResNetDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, typed);
}
