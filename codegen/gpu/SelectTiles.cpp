//===- SelectTiles.cpp - configure every GPU kernel -----------------------===//
//
// Marks the root op of every kernel (each linalg op that does not fuse into
// a consumer) with the `#resnet_gpu.tile` that TileSelection chooses for
// the target architecture; an attribute already there (written by hand) is
// kept.
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/Passes.h"
#include "codegen/gpu/TileSelection.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUSELECTTILES
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

/// What a kernel computes, for its name: the op it reduces with, else the
/// root's kind.
StringRef kernelKind(linalg::LinalgOp root) {
  SmallVector<linalg::LinalgOp> reducing = resnet::reducingOpsOf(root);
  Operation *op = reducing.empty() ? root.getOperation()
                                   : reducing.front().getOperation();
  StringRef name = op->getName().getStringRef();
  if (name.contains("pooling"))
    return "pool";
  if (name.contains("conv"))
    return "conv";
  if (name.contains("matmul"))
    return "matmul";
  if (isa<linalg::FillOp>(op))
    return "fill";
  if (!reducing.empty())
    return "reduce";
  bool gathers = false;
  op->walk([&](tensor::ExtractOp) { gathers = true; });
  return gathers ? "gather" : "elementwise";
}

struct GpuSelectTiles : resnet::impl::GpuSelectTilesBase<GpuSelectTiles> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    std::optional<resnet::GpuTarget> target = resnet::GpuTarget::get(chip);
    if (!target) {
      func.emitError() << "unsupported GPU architecture '" << chip
                       << "' (expected one of " << resnet::supportedGpuArchs()
                       << ")";
      return signalPassFailure();
    }
    int64_t budget = sharedMemoryBytes >= 0 ? int64_t(sharedMemoryBytes)
                                            : target->sharedMemoryBudget();
    SmallVector<linalg::LinalgOp> roots;
    func.walk([&](linalg::LinalgOp op) {
      if (!resnet::fusesIntoConsumer(op))
        roots.push_back(op);
    });
    unsigned index = 0;
    for (linalg::LinalgOp root : roots) {
      if (!root.hasPureTensorSemantics() || root.hasDynamicShape()) {
        root->emitOpError(
            "needs static shapes and tensor semantics on the GPU path");
        return signalPassFailure();
      }
      std::string name = (func.getSymName() + "_" + kernelKind(root) + "_" +
                          Twine(index++))
                             .str();
      if (root->hasAttr(resnet::GpuTileAttr::kName))
        continue;
      root->setAttr(resnet::GpuTileAttr::kName,
                    resnet::selectGpuTile(root, *target, budget,
                                          StringAttr::get(&getContext(), name)));
    }
  }
};

} // namespace
