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

namespace {
/// `resnet.element_type` on argument or result `index` of a function: a
/// type the f32 computation carries exactly. Inputs are data (uint8 or
/// int8); outputs may also be MaxPool's indices or Dropout's mask.
LogicalResult verifyElementTypeAttr(Operation *op, StringRef what,
                                    unsigned index, NamedAttribute attr,
                                    bool isResult) {
  if (attr.getName() != kElementTypeAttrName)
    return op->emitError() << "unknown " << what << " attribute '"
                           << attr.getName().getValue() << "' on " << what << " "
                           << index << " (the resnet dialect defines '"
                           << kElementTypeAttrName << "')";
  auto typeAttr = dyn_cast<TypeAttr>(attr.getValue());
  Type type = typeAttr ? typeAttr.getValue() : Type();
  bool allowed = type && (type.isUnsignedInteger(8) ||
                          type.isSignedInteger(8) ||
                          (isResult && (type.isSignedInteger(64) ||
                                        type.isSignlessInteger(1))));
  if (allowed)
    return success();
  return op->emitError() << "'" << kElementTypeAttrName << "' of " << what
                         << " " << index << " must be "
                         << (isResult ? "ui8, si8, si64 or i1" : "ui8 or si8")
                         << " (the ONNX type its f32 values hold), got "
                         << attr.getValue();
}
} // namespace

LogicalResult ResNetDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                      unsigned argIndex,
                                                      NamedAttribute attr) {
  return verifyElementTypeAttr(op, "argument", argIndex, attr,
                               /*isResult=*/false);
}

LogicalResult ResNetDialect::verifyRegionResultAttribute(Operation *op,
                                                         unsigned,
                                                         unsigned resultIndex,
                                                         NamedAttribute attr) {
  return verifyElementTypeAttr(op, "result", resultIndex, attr,
                               /*isResult=*/true);
}
