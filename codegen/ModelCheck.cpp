//===- ModelCheck.cpp - what resnet-compile accepts as a model ------------===//
#include "codegen/ModelCheck.h"

#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::resnet {

namespace {
/// The dialects a model may use: the resnet ops and what their conversion
/// to linalg produces (ResNetToLinalgPass's legal dialects).
bool isModelDialect(Dialect *dialect) {
  return isa_and_nonnull<ResNetDialect, linalg::LinalgDialect,
                         tensor::TensorDialect, arith::ArithDialect,
                         math::MathDialect, func::FuncDialect,
                         BuiltinDialect>(dialect);
}

LogicalResult checkOps(ModuleOp module) {
  // Pre-order: the loop is named, not the first op of its body.
  WalkResult result = module.walk<WalkOrder::PreOrder>([](Operation *op) {
    if (isModelDialect(op->getDialect()))
      return WalkResult::advance();
    op->emitError() << "'" << op->getName()
                    << "' is not supported in a model: resnet-compile takes "
                       "a dataflow graph of resnet, linalg, tensor, arith "
                       "and math ops (no loops or other control flow)";
    return WalkResult::interrupt();
  });
  return failure(result.wasInterrupted());
}

/// Depth-first over the call graph from `func`; `onStack` holds the
/// functions being visited, `done` those fully checked.
LogicalResult checkCalls(func::FuncOp func, SymbolTable &symbols,
                         llvm::DenseSet<Operation *> &onStack,
                         llvm::DenseSet<Operation *> &done) {
  if (done.contains(func))
    return success();
  onStack.insert(func);
  WalkResult result = func.walk([&](func::CallOp call) {
    auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
    if (!callee) {
      call.emitError() << "calls @" << call.getCallee()
                       << ", which is not a function of the model";
      return WalkResult::interrupt();
    }
    if (callee.isExternal()) {
      call.emitError() << "calls @" << callee.getSymName()
                       << ", which is only declared: a model must be "
                          "self-contained (resnet-compile links no "
                          "external functions)";
      return WalkResult::interrupt();
    }
    if (onStack.contains(callee)) {
      call.emitError() << "calls @" << callee.getSymName()
                       << " recursively: a model's calls must not form a "
                          "cycle";
      return WalkResult::interrupt();
    }
    if (failed(checkCalls(callee, symbols, onStack, done)))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  onStack.erase(func);
  done.insert(func);
  return failure(result.wasInterrupted());
}

LogicalResult checkDeclarations(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isExternal())
      return func.emitError()
             << "function @" << func.getSymName()
             << " has no body: a model must be self-contained (resnet-compile "
                "links no external functions)";
  return success();
}

/// Strides are multiplied into the generated index arithmetic; a stride
/// past the padded input gives one output row or column whatever its size,
/// so a huge one is refused with the stride that means the same.
constexpr int64_t kMaxStride = 1 << 16;

LogicalResult checkStrides(ModuleOp module) {
  WalkResult result = module.walk([](Operation *op) {
    if (!isa<ResNetDialect>(op->getDialect()) || op->getNumOperands() == 0)
      return WalkResult::advance();
    auto input = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
    if (!input || input.getRank() != 4)
      return WalkResult::advance();
    SmallVector<int64_t, 2> strides;
    if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>("strides"))
      strides.assign(attr.asArrayRef().begin(), attr.asArrayRef().end());
    else if (auto attr = op->getAttrOfType<IntegerAttr>("stride"))
      strides.assign(2, attr.getInt());
    ArrayRef<int64_t> pads;
    if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>("pads"))
      pads = attr.asArrayRef();
    for (auto [i, stride] : llvm::enumerate(strides)) {
      // Blocks pad their 3x3 convolutions by one on each side.
      int64_t padded = input.getDimSize(2 + i) +
                       (pads.size() == 4 ? pads[i] + pads[i + 2] : 2);
      if (stride <= std::max(padded, kMaxStride))
        continue;
      op->emitError() << "stride " << stride << " is not supported (at most "
                      << kMaxStride << " or the padded input "
                      << (i == 0 ? "height" : "width") << "); with the padded "
                      << (i == 0 ? "height" : "width") << " of " << padded
                      << " a stride of " << padded
                      << " gives the same single output "
                      << (i == 0 ? "row" : "column");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
} // namespace

LogicalResult checkCompilable(ModuleOp module, func::FuncOp entry) {
  if (failed(checkOps(module)) || failed(checkDeclarations(module)))
    return failure();
  SymbolTable symbols(module);
  llvm::DenseSet<Operation *> onStack, done;
  if (failed(checkCalls(entry, symbols, onStack, done)))
    return failure();
  return checkStrides(module);
}

} // namespace mlir::resnet
