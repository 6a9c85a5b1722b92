//===- ResourceLimits.cpp - refuse models too large to run ----------------===//
#include "dialect/ResourceLimits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <sys/resource.h>

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

/// Checks one tensor type; returns its size in bytes.
FailureOr<uint64_t> checkType(Location loc, RankedTensorType type,
                              StringRef what) {
  if (llvm::is_contained(type.getShape(), 0))
    return emitError(loc) << what << " of type " << type
                          << " has a zero-sized dimension: the model would "
                             "compute nothing";
  std::optional<uint64_t> bytes = tensorBytes(type);
  if (!bytes)
    return emitError(loc) << what << " of type " << type
                          << " is too large: its size overflows 64 bits";
  uint64_t limit = resnet::maxTensorBytes();
  if (*bytes > limit) {
    InFlightDiagnostic diag = emitError(loc)
                              << what << " of type " << type << " needs "
                              << *bytes << " bytes, above the limit of "
                              << limit << " bytes";
    if (limit == resnet::kMaxTensorBytes)
      diag << " (32 GiB) for one tensor";
    else
      diag << " for one tensor (half of this process's memory limit)";
    return diag;
  }
  return *bytes;
}

/// Checks one value; adds an activation's bytes to `total`.
LogicalResult checkValue(Value value, Location loc, bool isActivation,
                         uint64_t &total) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return success();
  FailureOr<uint64_t> bytes = checkType(loc, type, "tensor");
  if (failed(bytes))
    return failure();
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

uint64_t resnet::maxTensorBytes() {
  uint64_t limit = kMaxTensorBytes;
  for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    struct rlimit rl;
    if (getrlimit(resource, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
      limit = std::min<uint64_t>(limit, rl.rlim_cur / 2);
  }
  return limit;
}

LogicalResult resnet::checkTensorType(Location loc, RankedTensorType type,
                                      StringRef what) {
  return failure(failed(checkType(loc, type, what)));
}

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
