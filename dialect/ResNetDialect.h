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
#include "llvm/ADT/SmallVector.h"

#include <cassert>

namespace mlir::resnet {

/// The batch-norm epsilon an op has when none is written (PyTorch's and
/// ONNX's default). ResNetOps.td's `EpsilonAttr` defaults to this constant;
/// printers elide an epsilon equal to it.
inline constexpr double kDefaultBatchNormEpsilon = 1e-5;

/// The operands of one `conv -> batch_norm` unit of a block op
/// (`name(%weight : type, bn %scale, %bias, %mean, %variance : type)`): the
/// convolution's OIHW weight and the batch norm's four vectors.
struct ConvUnit {
  /// How many operands a unit takes (the size of a `projection` group).
  static constexpr unsigned kNumOperands = 5;

  Value weight, scale, bias, mean, variance;

  /// The unit stored as `kNumOperands` consecutive operands in the order
  /// weight, scale, bias, mean, variance.
  static ConvUnit fromOperands(ValueRange values) {
    assert(values.size() == kNumOperands && "a conv unit has 5 operands");
    return {values[0], values[1], values[2], values[3], values[4]};
  }

  /// weight, scale, bias, mean, variance: the operand order of a unit.
  SmallVector<Value, kNumOperands> operands() const {
    return {weight, scale, bias, mean, variance};
  }

  /// scale, bias, mean, variance.
  SmallVector<Value, 4> batchNorm() const {
    return {scale, bias, mean, variance};
  }
};

} // namespace mlir::resnet

#include "dialect/ResNetInterfaces.h.inc"

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
