//===- SelectBands.cpp - record each bottleneck block's #resnet.band ------===//
#include "codegen/cpu/BandSelection.h"
#include "codegen/cpu/Passes.h"

#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_SELECTBANDS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-select-bands"

using namespace mlir;

namespace {
struct SelectBandsPass
    : public resnet::impl::SelectBandsBase<SelectBandsPass> {
  using SelectBandsBase::SelectBandsBase;

  void runOnOperation() override {
    llvm::Expected<resnet::CpuTarget> cpu =
        resnet::CpuTarget::get(target, /*lanes=*/0, /*l1Bytes=*/0, l2Bytes);
    if (!cpu) {
      getOperation().emitError("resnet-select-bands: ")
          << llvm::toString(cpu.takeError());
      return signalPassFailure();
    }
    if (rows < 0) {
      getOperation().emitError("resnet-select-bands: rows must be 0 or "
                               "positive, got ")
          << static_cast<int64_t>(rows);
      return signalPassFailure();
    }
    resnet::BandSelectionOptions options;
    options.rows = rows;
    options.always = always;
    options.recordOnly = recordOnly;
    if (recordOnly && (always || rows)) {
      getOperation().emitError("resnet-select-bands: record-only fuses no "
                               "block: it takes neither always nor rows");
      return signalPassFailure();
    }
    resnet::selectBands(getOperation(), *cpu, options);
  }
};
} // namespace
