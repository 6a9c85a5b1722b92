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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cassert>
#include <mutex>
#include <optional>

namespace mlir::resnet {

/// The batch-norm epsilon an op has when none is written (PyTorch's and
/// ONNX's default). ResNetOps.td's `EpsilonAttr` defaults to this constant;
/// printers elide an epsilon equal to it.
inline constexpr double kDefaultBatchNormEpsilon = 1e-5;

/// The argument and result attribute of a model's entry function that names
/// the ONNX element type of an input or output that is not float32. The
/// dialect computes in f32, which holds these values exactly: uint8/int8
/// data (`ui8`, `si8`: inputs and outputs), MaxPool's int64 indices (`si64`)
/// and Dropout's bool mask (`i1`: outputs only).
inline constexpr llvm::StringLiteral kElementTypeAttrName =
    "resnet.element_type";

/// The four vectors of an inference batch norm (`bn %scale, %bias, %mean,
/// %variance`), as a block op holds them.
struct BatchNormParams {
  static constexpr unsigned kNumOperands = 4;

  Value scale, bias, mean, variance;

  static std::optional<BatchNormParams> fromOperands(ValueRange values) {
    if (values.size() != kNumOperands)
      return std::nullopt;
    return BatchNormParams{values[0], values[1], values[2], values[3]};
  }

  /// scale, bias, mean, variance.
  SmallVector<Value, kNumOperands> operands() const {
    return {scale, bias, mean, variance};
  }
};

/// The operands of one convolution unit of a block op, in one of three
/// forms, told apart by the group's size:
///   BatchNorm  `name(%w : type, bn %scale, %bias, %mean, %variance : type)`
///              (5 operands): conv without bias, then batch norm;
///   Bias       `name(%w : type, bias %b : type)` (2): conv with bias, e.g. a
///              batch norm already folded into it by the exporter;
///   Plain      `name(%w : type)` (1): conv alone.
struct ConvUnit {
  enum class Form { Plain, Bias, BatchNorm };

  /// The conv's OIHW weight.
  Value weight;
  /// The conv's bias (Form::Bias only).
  Value bias;
  /// The batch norm after the conv (Form::BatchNorm only).
  std::optional<BatchNormParams> batchNorm;

  /// What a group of `size` operands is, if it is a unit at all.
  static std::optional<Form> formOfSize(size_t size) {
    switch (size) {
    case 1:
      return Form::Plain;
    case 2:
      return Form::Bias;
    case 1 + BatchNormParams::kNumOperands:
      return Form::BatchNorm;
    default:
      return std::nullopt;
    }
  }

  /// The unit stored as consecutive operands: weight, then the bias or the
  /// batch norm's four vectors; nothing when the count fits no form.
  static std::optional<ConvUnit> fromOperands(ValueRange values) {
    std::optional<Form> form = formOfSize(values.size());
    if (!form)
      return std::nullopt;
    ConvUnit unit;
    unit.weight = values[0];
    if (*form == Form::Bias)
      unit.bias = values[1];
    else if (*form == Form::BatchNorm)
      unit.batchNorm = BatchNormParams::fromOperands(values.drop_front());
    return unit;
  }

  static ConvUnit withBatchNorm(Value weight, BatchNormParams bn) {
    return ConvUnit{weight, Value(), bn};
  }
  static ConvUnit withBias(Value weight, Value bias) {
    return ConvUnit{weight, bias, std::nullopt};
  }

  Form form() const {
    if (batchNorm)
      return Form::BatchNorm;
    return bias ? Form::Bias : Form::Plain;
  }

  /// The unit's operands in the order the block op stores them.
  SmallVector<Value, 5> operands() const {
    SmallVector<Value, 5> values = {weight};
    if (bias)
      values.push_back(bias);
    if (batchNorm)
      llvm::append_range(values, batchNorm->operands());
    return values;
  }
};

/// A shape as diagnostics print it: `1x64x56x56`, `scalar` when empty; a
/// negative entry (unknown in an expected shape) prints as `?`.
std::string shapeString(ArrayRef<int64_t> shape);

/// How a `#resnet.tile`'s row tile of at most `tile` (over a conv's output
/// columns, a matmul's M) cuts a dimension of `size` rows: into
/// ceil(size / tile) tiles whose sizes differ by one at most, the
/// `wideTiles` first of `wide` rows, the `narrowTiles` after them of
/// `wide - 1`. No register tile is left with too few accumulators to cover
/// the FMA latency, as the last of equal-sized tiles is (17 in tiles of 5:
/// 5 + 4 + 4 + 4, not 5 + 5 + 5 + 2). Where the sizes differ,
/// --resnet-tile computes the narrow tiles as a layer of their own
/// (peeled).
struct RowSplit {
  int64_t wide = 0;
  int64_t wideTiles = 0;
  int64_t narrowTiles = 0;

  int64_t tiles() const { return wideTiles + narrowTiles; }
  /// The rows of the wide tiles: where the narrow ones start.
  int64_t wideRows() const { return wide * wideTiles; }
  /// Whether there are narrow tiles (a peeled part).
  bool peeled() const { return narrowTiles != 0; }
};

RowSplit splitRows(int64_t size, int64_t tile);

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
