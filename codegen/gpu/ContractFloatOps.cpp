//===- ContractFloatOps.cpp - FMA contraction in the kernels --------------===//
#include "codegen/gpu/Passes.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUCONTRACTFLOATOPS
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

struct GpuContractFloatOps
    : resnet::impl::GpuContractFloatOpsBase<GpuContractFloatOps> {
  void runOnOperation() override {
    for (auto kernels : getOperation().getOps<gpu::GPUModuleOp>()) {
      kernels.walk([](arith::ArithFastMathInterface op) {
        arith::FastMathFlags flags = op.getFastMathFlagsAttr()
                                         ? op.getFastMathFlagsAttr().getValue()
                                         : arith::FastMathFlags::none;
        op->setAttr(op.getFastMathAttrName(),
                    arith::FastMathFlagsAttr::get(
                        op->getContext(), flags | arith::FastMathFlags::contract));
      });
    }
  }
};

} // namespace
