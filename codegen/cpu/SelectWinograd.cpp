//===- SelectWinograd.cpp - record Winograd choices as #resnet.tile -------===//
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/TileSelection.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_SELECTWINOGRAD
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
struct SelectWinogradPass
    : public resnet::impl::SelectWinogradBase<SelectWinogradPass> {
  using SelectWinogradBase::SelectWinogradBase;

  void runOnOperation() override {
    if (outputTile != 0 && outputTile != 2 && outputTile != 4) {
      getOperation().emitError()
          << "resnet-select-winograd: output-tile must be 0 (auto), 2 or 4, "
             "got "
          << static_cast<int64_t>(outputTile);
      return signalPassFailure();
    }
    if (filter != "auto" && filter != "stored" && filter != "run-time" &&
        filter != "run-time-blocks") {
      getOperation().emitError()
          << "resnet-select-winograd: filter must be auto, stored, run-time "
             "or run-time-blocks, got '"
          << filter << "'";
      return signalPassFailure();
    }
    if (blockRows < 0) {
      getOperation().emitError(
          "resnet-select-winograd: block-rows must be 0 or positive");
      return signalPassFailure();
    }
    llvm::Expected<resnet::CpuTarget> cpu =
        resnet::CpuTarget::get(target, vectorWidth, l1Bytes, l2Bytes);
    if (!cpu) {
      getOperation().emitError("resnet-select-winograd: ")
          << llvm::toString(cpu.takeError());
      return signalPassFailure();
    }
    resnet::WinogradSelectionOptions options;
    options.outputTile = outputTile;
    options.emitRemarks = emitRemarks;
    options.memoryBudget = memoryBudget;
    options.runtimeBytes = runtimeBytes;
    options.blockRows = blockRows;
    options.storedFilters = filter == "auto" || filter == "stored";
    options.runtimeFilters = filter == "auto" || filter == "run-time";
    options.filterBlocks = filter == "auto" || filter == "run-time-blocks";
    resnet::selectWinogradLayers(getOperation(), *cpu, options);
  }
};
} // namespace
