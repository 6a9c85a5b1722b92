//===- ModelCheck.h - what resnet-compile accepts as a model ----*- C++ -*-===//
//
// The verifiers accept more than code generation handles: any registered
// op, declarations, recursion, strides that overflow 32-bit index math.
// checkCompilable refuses those up front with an error at the op, in the
// user's terms, instead of a pass's internal message or a linker error.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_MODELCHECK_H
#define RESNET_CODEGEN_MODELCHECK_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::resnet {

/// Checks that `module`, whose entry function is `entry`, is a dataflow
/// graph the pipeline compiles:
///  * ops only from the dialects the resnet -> linalg conversion leaves
///    legal (resnet, linalg, tensor, arith, math, func), so no loops or
///    other control flow;
///  * every function has a body (nothing is linked in from outside) and no
///    call cycles back to a function on the call stack (no recursion);
///  * every stride at most 2^16 or the padded input extent it steps over.
LogicalResult checkCompilable(ModuleOp module, func::FuncOp entry);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_MODELCHECK_H
