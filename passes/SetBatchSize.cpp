//===- SetBatchSize.cpp - re-specialize a model to another batch size -----===//
//
// A model function has static shapes; its batch size is the first dimension
// of its arguments. Every resnet op infers its result type from its operands
// and attributes (InferTypeOpAdaptor), so a new batch size is a new argument
// type followed by one inference per op, in program order: an op's operands
// are defined before it in the single block of the function body.
//
//===----------------------------------------------------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_SETBATCHSIZE
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

LogicalResult resnet::reinferResultTypes(Operation *op, int64_t batch) {
  // A constant (a weight) does not depend on the batch.
  if (op->hasTrait<OpTrait::ConstantLike>())
    return success();
  auto infer = dyn_cast<InferTypeOpInterface>(op);
  if (!infer)
    return op->emitOpError("cannot be re-specialized to batch size ")
           << batch << ": it does not infer its result types";
  SmallVector<Type> types;
  if (failed(infer.inferReturnTypes(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), types)))
    return op->emitOpError("has no valid result type at batch size ") << batch;
  for (auto [result, type] : llvm::zip_equal(op->getResults(), types))
    result.setType(type);
  return success();
}

/// Sets the batch of `func`'s arguments to `batch` and re-infers every
/// result type of its body; emits an error and fails on the first op that
/// cannot follow.
LogicalResult resnet::setBatchSize(func::FuncOp func, int64_t batch) {
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("has ")
           << func.getBody().getBlocks().size()
           << " blocks; resnet-set-batch needs a single-block body";
  Block &body = func.getBody().front();
  for (BlockArgument arg : body.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || type.getRank() == 0)
      return func.emitOpError("argument #")
             << arg.getArgNumber() << " has type " << arg.getType()
             << "; a batch size needs ranked tensor arguments of rank >= 1";
    SmallVector<int64_t> shape(type.getShape());
    shape[0] = batch;
    arg.setType(type.clone(shape));
  }
  for (Operation &op : body.without_terminator())
    if (failed(reinferResultTypes(&op, batch)))
      return failure();
  func.setFunctionType(
      FunctionType::get(func.getContext(), body.getArgumentTypes(),
                        body.getTerminator()->getOperandTypes()));
  return success();
}

namespace {
struct SetBatchSizePass
    : public resnet::impl::SetBatchSizeBase<SetBatchSizePass> {
  using SetBatchSizeBase::SetBatchSizeBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    int64_t size = batch;
    if (size <= 0) {
      func.emitError("resnet-set-batch: batch must be positive, got ") << size;
      return signalPassFailure();
    }
    if (failed(setBatchSize(func, size)))
      return signalPassFailure();
  }
};
} // namespace
