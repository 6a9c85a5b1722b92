//===- SelectTiles.cpp - record each CPU layer's #resnet.tile -------------===//
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/TileSelection.h"

#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_SELECTTILES
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-select-tiles"

using namespace mlir;

namespace {
struct SelectTilesPass
    : public resnet::impl::SelectTilesBase<SelectTilesPass> {
  using SelectTilesBase::SelectTilesBase;

  void runOnOperation() override {
    llvm::Expected<resnet::CpuTarget> cpu =
        resnet::CpuTarget::get(target, vectorWidth, l1Bytes, l2Bytes);
    if (!cpu) {
      getOperation().emitError("resnet-select-tiles: ")
          << llvm::toString(cpu.takeError());
      return signalPassFailure();
    }
    LLVM_DEBUG({
      llvm::dbgs() << "target ";
      cpu->print(llvm::dbgs());
      llvm::dbgs() << "\n";
    });
    resnet::selectTiles(getOperation(), *cpu);
  }
};
} // namespace
