//===- TileReport.cpp - the CPU layers' configurations in a report --------===//
#include "codegen/cpu/TileReport.h"
#include "codegen/cpu/GroupedConv.h"
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/TileSelection.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::resnet;

static TileReport describe(TileAttr config, StringRef op, Location loc) {
  TileReport entry;
  entry.op = op.str();
  llvm::raw_string_ostream location(entry.location);
  loc.print(location);
  entry.tiles.assign(config.getTiles().begin(), config.getTiles().end());
  entry.reductionTiles.assign(config.getReduction().begin(),
                              config.getReduction().end());
  entry.interchange.assign(config.getInterchange().begin(),
                           config.getInterchange().end());
  entry.rowBlock = config.getRowBlock();
  entry.registerRows = config.getRegisterRows();
  entry.filterBlock = config.getFilterBlock();
  entry.winograd = config.getWinograd();
  entry.fusedEpilogue = config.getFusedEpilogue();
  entry.parallel = config.getParallel();
  entry.prefetchWeights = config.getPrefetchWeights();
  entry.prefetchSpread = config.getPrefetchSpread();
  entry.runtimeFilter = config.getRuntimeFilter();
  entry.parallelBlocks = config.getParallelBlocks();
  entry.prefetchInput = config.getPrefetchInput();
  return entry;
}

/// The blocks of the Winograd worker loop `op` runs in (its estimate is
/// one block's), or 0.
static int64_t workerBlocksAround(Operation *op) {
  if (auto loop = op->getParentOfType<scf::ForallOp>())
    if (auto blocks = loop->getAttrOfType<IntegerAttr>(kWinogradBlocksAttr))
      return blocks.getInt();
  return 0;
}

/// Elements of a Winograd transform loop: the V or U it writes (one
/// alpha^2-point slice per tile and channel), or for the output transform
/// the M it reads (alpha^2 points per m x m output tile of its part of Y).
static int64_t winogradTransformElements(scf::ForallOp loop, TileAttr config,
                                         StringRef role) {
  auto type = dyn_cast<RankedTensorType>(loop->getResult(0).getType());
  if (!type || !type.hasStaticShape())
    return 0;
  int64_t m = config.getWinograd();
  if (role != "output" || m <= 0)
    return type.getNumElements();
  if (type.getRank() != 4)
    return 0;
  int64_t alpha = m + 2;
  return alpha * alpha * type.getDimSize(0) *
         llvm::divideCeil(type.getDimSize(1), m) *
         llvm::divideCeil(type.getDimSize(2), m) * type.getDimSize(3);
}

void resnet::collectTileReports(Operation *op, const CpuTarget &target,
                                ModelReport &report) {
  op->walk([&](Operation *nested) {
    if (auto band = nested->getAttrOfType<BandAttr>(BandAttr::kName)) {
      BandReport entry;
      llvm::raw_string_ostream location(entry.location);
      nested->getLoc().print(location);
      entry.rows = band.getRows();
      entry.scratchBytes = band.getScratch();
      entry.fusedCycles = band.getFused();
      entry.unfusedCycles = band.getUnfused();
      entry.why = band.getWhy().str();
      report.bands.push_back(std::move(entry));
    }
    auto config = nested->getAttrOfType<TileAttr>(TileAttr::kName);
    if (!config)
      return;
    if (auto role =
            nested->getAttrOfType<StringAttr>("resnet.winograd_transform")) {
      TileReport entry =
          describe(config, ("winograd_" + role.getValue() + "_transform").str(),
                   nested->getLoc());
      entry.workerBlocks = workerBlocksAround(nested);
      entry.estimatedCycles = estimateTransformCycles(
          winogradTransformElements(cast<scf::ForallOp>(nested), config,
                                    role.getValue()),
          target);
      report.tiles.push_back(std::move(entry));
      return;
    }
    if (auto grouped = dyn_cast<linalg::Conv2DNhwgcGfhwcOp>(nested)) {
      GroupedConvLayer layer = getGroupedConvLayer(grouped);
      Operation *root = config.getFusedEpilogue() && layer.epilogue
                            ? layer.root
                            : nested;
      TileReport entry = describe(config, kGroupedConvName, root->getLoc());
      entry.estimatedCycles = estimateGroupedConvCycles(grouped, config, target);
      report.tiles.push_back(std::move(entry));
      return;
    }
    if (nested->hasAttr(kGroupedConvAttr)) {
      report.tiles.push_back(
          describe(config, kGroupedConvName, nested->getLoc()));
      return;
    }
    auto anchor = dyn_cast<linalg::LinalgOp>(nested);
    if (!anchor || !isLayerAnchor(nested))
      return;
    Operation *root = nested;
    if (config.getFusedEpilogue())
      if (linalg::GenericOp epilogue = epilogueOf(anchor))
        root = epilogue;
    TileReport entry =
        describe(config, nested->getName().stripDialect(), root->getLoc());
    entry.workerBlocks = workerBlocksAround(nested);
    entry.estimatedCycles = estimateCycles(anchor, config, target);
    report.tiles.push_back(std::move(entry));
  });
}
