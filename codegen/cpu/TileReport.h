//===- TileReport.h - the CPU layers' configurations in a report -*- C++ -*-===//
#ifndef RESNET_CODEGEN_CPU_TILEREPORT_H
#define RESNET_CODEGEN_CPU_TILEREPORT_H

#include "codegen/common/ModelReport.h"
#include "codegen/cpu/Target.h"

namespace mlir::resnet {

/// Appends the `#resnet.tile` of every CPU layer in `op` to the report, in
/// program order: each configured anchor (at its layer root's location)
/// and each Winograd transform. Call it after the configuration stage of
/// the CPU pipeline (buildCpuConfigurationPipeline). Each anchor's entry
/// carries the cost model's estimate for `target`.
void collectTileReports(Operation *op, const CpuTarget &target,
                        ModelReport &report);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_TILEREPORT_H
