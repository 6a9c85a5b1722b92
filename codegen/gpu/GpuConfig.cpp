//===- GpuConfig.cpp - the GPU path's configuration attribute -------------===//
#include "codegen/gpu/GpuConfig.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::resnet;

#include "codegen/gpu/GpuConfigDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "codegen/gpu/GpuConfigAttrs.cpp.inc"

void ResNetGpuDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "codegen/gpu/GpuConfigAttrs.cpp.inc"
      >();
}

LogicalResult GpuTileAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  StringAttr kernel, ArrayRef<int64_t> block,
                                  ArrayRef<int64_t> thread, int64_t threads,
                                  int64_t outputs, ArrayRef<int64_t> slices) {
  if (!kernel || kernel.getValue().empty())
    return emitError() << "a GPU tile needs a kernel name";
  if (block.size() != thread.size())
    return emitError() << "block and thread tiles must have one entry per "
                          "loop, got "
                       << block.size() << " and " << thread.size();
  int64_t count = 1;
  for (auto [b, t] : llvm::zip(block, thread)) {
    if (b < 0 || t < 0 || (b == 0) != (t == 0))
      return emitError() << "tile sizes must be positive (0 for both on a "
                            "reduction loop)";
    if (b != 0 && b % t != 0)
      return emitError() << "thread tile " << t
                         << " does not divide block tile " << b;
    if (b != 0)
      count *= b / t;
  }
  if (threads != count)
    return emitError() << "threads must be the block tile over the thread "
                          "tile ("
                       << count << "), got " << threads;
  if (outputs <= 0)
    return emitError() << "outputs per thread must be positive";
  if (llvm::any_of(slices, [](int64_t s) { return s < 0; }))
    return emitError() << "K-slices must be positive (0: the whole "
                          "reduction)";
  return success();
}
