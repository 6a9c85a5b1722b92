//===- ResourceLimits.cpp - refuse models too large to run ----------------===//
#include "dialect/ResourceLimits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;

namespace {
/// Bytes of a static tensor type, or nullopt when the size overflows.
std::optional<uint64_t> tensorBytes(RankedTensorType type) {
  unsigned bits = type.getElementType().isIntOrFloat()
                      ? type.getElementType().getIntOrFloatBitWidth()
                      : 64;
  std::optional<uint64_t> bytes = std::max<uint64_t>(bits / 8, 1);
  for (int64_t d : type.getShape())
    if (bytes)
      bytes = llvm::checkedMulUnsigned<uint64_t>(*bytes, d);
  return bytes;
}

/// Checks one value; adds an activation's bytes to `total`.
LogicalResult checkValue(Value value, Location loc, bool isActivation,
                         uint64_t &total) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return success();
  std::optional<uint64_t> bytes = tensorBytes(type);
  if (!bytes)
    return emitError(loc) << "tensor of type " << type
                          << " is too large: its size overflows 64 bits";
  if (*bytes > resnet::kMaxTensorBytes)
    return emitError(loc) << "tensor of type " << type << " needs " << *bytes
                          << " bytes, above the limit of "
                          << resnet::kMaxTensorBytes << " bytes (32 GiB) for "
                          << "one tensor";
  if (!isActivation)
    return success();
  total += *bytes; // both terms are below 2^40: no overflow
  if (total > resnet::kMaxActivationBytes)
    return emitError(loc) << "the activations up to here need " << total
                          << " bytes, above the limit of "
                          << resnet::kMaxActivationBytes
                          << " bytes (1 TiB) for one model";
  return success();
}
} // namespace

LogicalResult resnet::checkResourceLimits(Operation *root) {
  uint64_t total = 0;
  WalkResult result = root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (auto func = dyn_cast<FunctionOpInterface>(op)) {
      total = 0;
      if (!func.isExternal())
        for (BlockArgument arg : func.getArguments())
          if (failed(checkValue(arg, op->getLoc(), true, total)))
            return WalkResult::interrupt();
    }
    bool constant = op->hasTrait<OpTrait::ConstantLike>();
    for (Value v : op->getResults())
      if (failed(checkValue(v, op->getLoc(), !constant, total)))
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
