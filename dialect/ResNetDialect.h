//===- ResNetDialect.h - the resnet dialect ---------------------*- C++ -*-===//
#ifndef RESNET_DIALECT_RESNETDIALECT_H
#define RESNET_DIALECT_RESNETDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/ResNetOpsDialect.h.inc"

namespace mlir::resnet {
/// Parsers and printers of the attribute parameters (ResNetAttrs.td).
FailureOr<SmallVector<int64_t>> parseI64List(AsmParser &parser);
void printI64List(AsmPrinter &printer, ArrayRef<int64_t> values);
FailureOr<bool> parseBool(AsmParser &parser);
} // namespace mlir::resnet

#define GET_ATTRDEF_CLASSES
#include "dialect/ResNetAttrs.h.inc"

#define GET_OP_CLASSES
#include "dialect/ResNetOps.h.inc"

#endif // RESNET_DIALECT_RESNETDIALECT_H
