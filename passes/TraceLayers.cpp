//===- TraceLayers.cpp - mark every layer's output for the numerics trace -===//
//
// The trace records each layer as the binary computes it: the marks go in
// after the graph passes (fused layers are one op by then) and before
// lowering, where a layer's output is still one SSA value. Code generation
// keeps a traced value as it is, so the layers it fuses into their
// consumers are left untraced here: the projection shortcut that the CPU
// code sums into the block's last conv, and the last block's epilogue that
// it computes inside the global average pool. (An extra use keeps a value
// from being fused into its consumer, and the traced binary must compute
// exactly what the untraced one does: test/e2e/trace.test checks that.)
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "dialect/TraceNames.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_TRACELAYERS
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

/// A convolution without ReLU read only as the residual of a fused_conv:
/// code generation folds its bias into that conv's epilogue and lets the
/// two convs share one accumulator, so it never exists on its own.
static bool isSummedIntoFusedConv(Operation *op) {
  auto fusedProducer = dyn_cast<FusedConvOp>(op);
  if (!(isa<Conv2DOp>(op) || (fusedProducer && !fusedProducer.getRelu())) ||
      !op->getResult(0).hasOneUse())
    return false;
  OpOperand &use = *op->getResult(0).getUses().begin();
  auto fused = dyn_cast<FusedConvOp>(use.getOwner());
  return fused && fused.getResidual() == use.get();
}

/// From -O1 on, code generation fuses an elementwise epilogue into the
/// reduction of a global average pool that is its only use: a layer ending
/// in one (fused_conv, a conv's bias, relu, add, batch_norm, avg_pool's
/// division) that only feeds such a pool is part of the pool's layer.
static bool isFusedIntoGlobalPool(Operation *op) {
  if (!op->getResult(0).hasOneUse() ||
      !isa<GlobalAvgPoolOp>(*op->getResult(0).getUsers().begin()))
    return false;
  if (auto conv = dyn_cast<Conv2DOp>(op))
    return static_cast<bool>(conv.getBias());
  return isa<FusedConvOp, ReluOp, AddOp, BatchNormOp, AvgPool2DOp>(op);
}

namespace {
struct TraceLayersPass
    : public resnet::impl::TraceLayersBase<TraceLayersPass> {
  using TraceLayersBase::TraceLayersBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func.isPublic() || func.isExternal())
      return;
    // The layers to trace, by name; a later layer of the same name replaces
    // the earlier one.
    SmallVector<std::pair<Operation *, std::string>> layers;
    llvm::StringMap<size_t> byName;
    int64_t unnamed = 0;
    for (Operation &op : func.getBody().front()) {
      if (!isa<ResNetDialect>(op.getDialect()) || op.getNumResults() != 1 ||
          !isa<RankedTensorType>(op.getResult(0).getType()) ||
          isSummedIntoFusedConv(&op) ||
          (optLevel >= 1 && isFusedIntoGlobalPool(&op)))
        continue;
      std::string name = traceLayerName(op.getLoc());
      if (name.empty())
        name = op.getName().stripDialect().str() + "#" +
               std::to_string(unnamed++);
      auto [it, added] = byName.try_emplace(name, layers.size());
      if (added)
        layers.push_back({&op, name});
      else
        layers[it->second].first = &op;
    }
    for (auto &[op, name] : layers) {
      OpBuilder builder(op->getContext());
      builder.setInsertionPointAfter(op);
      TraceOp::create(builder, op->getLoc(), op->getResult(0),
                      builder.getStringAttr(name));
    }
  }
};
} // namespace
