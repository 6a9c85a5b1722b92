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

#include <functional>

namespace mlir::resnet::reference {

/// Told each layer's output by name (resnet-run --trace): every resnet op of
/// the entry function, and inside a block op the layers that
/// --resnet-expand-blocks would make of it, named as the compiled code's
/// (dialect/TraceNames.h).
template <typename T>
using TraceFn = std::function<void(llvm::StringRef name, const TensorOf<T> &)>;

/// Runs `func` on `inputs` (one per argument, shapes as in the signature) and
/// returns its results, computing in f32 (each layer's result rounded to
/// f32, as the models compute) or in f64. Errors are emitted as diagnostics
/// on the offending op (or on `func` for bad inputs) and yield failure.
FailureOr<llvm::SmallVector<Tensor>>
evaluate(func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
         const TraceFn<float> *trace = nullptr);
FailureOr<llvm::SmallVector<Tensor64>>
evaluate(func::FuncOp func, llvm::ArrayRef<Tensor64> inputs,
         const TraceFn<double> *trace = nullptr);

} // namespace mlir::resnet::reference

#endif // RESNET_REFERENCE_INTERPRETER_H
