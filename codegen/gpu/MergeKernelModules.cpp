//===- MergeKernelModules.cpp - one gpu.module for all kernels ------------===//
//
// gpu-kernel-outlining gives every kernel its own gpu.module, with its own
// copy of every global it reads. A model is one unit: one module makes one
// PTX file that ptxas takes as is, one cubin, one load, and each weight
// declared once.
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/Passes.h"

#include "mlir/IR/SymbolTable.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUMERGEKERNELMODULES
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

struct GpuMergeKernelModules
    : resnet::impl::GpuMergeKernelModulesBase<GpuMergeKernelModules> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernelModules(
        module.getOps<gpu::GPUModuleOp>());
    if (kernelModules.empty())
      return;
    // Outlining names each module uniquely but not the kernel in it: a
    // kernel takes its module's name, and launches name it so.
    for (gpu::GPUModuleOp kernels : kernelModules) {
      SmallVector<gpu::GPUFuncOp> funcs(kernels.getOps<gpu::GPUFuncOp>());
      if (funcs.size() != 1) {
        kernels.emitOpError("has ") << funcs.size()
                                    << " kernels, outlining makes one";
        return signalPassFailure();
      }
      SymbolTable::setSymbolName(funcs.front(), kernels.getSymNameAttr());
    }
    gpu::GPUModuleOp target = kernelModules.front();
    // Kernels are named after what they compute (#resnet_gpu.tile); the
    // module after the host function that launches the first one, as
    // outlining names a function's kernel: `<function>_kernel`.
    StringAttr targetName = target.getSymNameAttr();
    module.walk([&](gpu::LaunchFuncOp launch) {
      auto host = launch->getParentOfType<FunctionOpInterface>();
      if (!host || launch.getKernelModuleName() != targetName)
        return WalkResult::advance();
      auto name = StringAttr::get(module.getContext(),
                                  host.getName() + "_kernel");
      if (!SymbolTable::lookupSymbolIn(module, name))
        targetName = name;
      return WalkResult::interrupt();
    });
    SymbolTable::setSymbolName(target, targetName);
    module.walk([&](gpu::LaunchFuncOp launch) {
      launch.setKernelAttr(SymbolRefAttr::get(
          targetName, {FlatSymbolRefAttr::get(launch.getKernelModuleName())}));
    });
    SymbolTable targetSymbols(target);
    for (gpu::GPUModuleOp source : llvm::drop_begin(kernelModules)) {
      for (Operation &op :
           llvm::make_early_inc_range(source.getBody()->getOperations())) {
        if (failed(moveInto(op, targetSymbols)))
          return signalPassFailure();
      }
      source.erase();
    }
  }

  /// Moves `op` into the target module. A symbol the target already has is
  /// the same global outlined into two kernels' modules (both copies of the
  /// host's one): it is dropped. Kernels have unique names already.
  LogicalResult moveInto(Operation &op, SymbolTable &targetSymbols) {
    auto symbol = dyn_cast<SymbolOpInterface>(op);
    if (symbol && targetSymbols.lookup(symbol.getNameAttr())) {
      if (!isa<memref::GlobalOp>(op))
        return op.emitOpError("has the name of a symbol of another kernel "
                              "module; cannot merge the kernel modules");
      op.erase();
      return success();
    }
    op.remove();
    if (symbol)
      targetSymbols.insert(&op);
    else
      targetSymbols.getOp()->getRegion(0).front().push_back(&op);
    return success();
  }
};

} // namespace
