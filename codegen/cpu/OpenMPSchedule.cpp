//===- OpenMPSchedule.cpp - how the layers' tiles are shared out ----------===//
//
// scf-to-openmp leaves each worksharing loop to OpenMP's default, static
// schedule: each thread gets a fixed, equal share of a layer's tiles before
// it starts. On a machine where a core may be briefly taken away (a
// virtual CPU, another process), one late thread then stalls every layer.
// A guided schedule hands out chunks as threads finish them, large first
// and shrinking, so a late thread costs little and the dispatch (an atomic
// per chunk) stays rare; dynamic pays one dispatch per tile. (The
// measurements behind the default are in the commit that chose it.)
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "llvm/ADT/StringSwitch.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_OPENMPSCHEDULE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
struct OpenMPSchedulePass
    : public resnet::impl::OpenMPScheduleBase<OpenMPSchedulePass> {
  using OpenMPScheduleBase::OpenMPScheduleBase;

  void runOnOperation() override {
    std::optional<omp::ClauseScheduleKind> kind =
        llvm::StringSwitch<std::optional<omp::ClauseScheduleKind>>(schedule)
            .Case("static", omp::ClauseScheduleKind::Static)
            .Case("dynamic", omp::ClauseScheduleKind::Dynamic)
            .Case("guided", omp::ClauseScheduleKind::Guided)
            .Default(std::nullopt);
    if (!kind) {
      getOperation()->emitError()
          << "resnet-openmp-schedule: schedule must be static, dynamic or "
             "guided, got '"
          << schedule << "'";
      return signalPassFailure();
    }
    getOperation()->walk(
        [&](omp::WsloopOp loop) { loop.setScheduleKind(*kind); });
  }
};
} // namespace
