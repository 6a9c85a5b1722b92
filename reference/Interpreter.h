//===- Interpreter.h - the reference evaluator of resnet models -*- C++ -*-===//
//
// Evaluates a func.func of resnet ops, op by op in program order, with the
// naive kernels of Kernels.h. It is the test oracle of the project: blocks
// are implemented here straight from their definitions, independently of the
// passes that expand them.
//
// Supported: arith.constant (f32 dense, splat, dense_resource), every resnet
// op, func.call, func.return. Anything else is an error at the op's location.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_REFERENCE_INTERPRETER_H
#define RESNET_REFERENCE_INTERPRETER_H

#include "reference/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LogicalResult.h"

namespace mlir::resnet::reference {

/// Runs `func` on `inputs` (one per argument, shapes as in the signature) and
/// returns its results. Errors are emitted as diagnostics on the offending
/// op (or on `func` for bad inputs) and yield failure.
FailureOr<llvm::SmallVector<Tensor>> evaluate(func::FuncOp func,
                                              llvm::ArrayRef<Tensor> inputs);

} // namespace mlir::resnet::reference

#endif // RESNET_REFERENCE_INTERPRETER_H
