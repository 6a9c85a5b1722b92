//===- ResNetDialect.h - the resnet dialect ---------------------*- C++ -*-===//
#ifndef RESNET_DIALECT_RESNETDIALECT_H
#define RESNET_DIALECT_RESNETDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/ResNetOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "dialect/ResNetOps.h.inc"

#endif // RESNET_DIALECT_RESNETDIALECT_H
