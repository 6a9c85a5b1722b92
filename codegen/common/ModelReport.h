//===- ModelReport.h - what resnet-compile tells about a model --*- C++ -*-===//
#ifndef RESNET_CODEGEN_COMMON_MODELREPORT_H
#define RESNET_CODEGEN_COMMON_MODELREPORT_H

#include "codegen/common/ModelAbi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mlir::resnet {

struct LayerReport {
  std::string op, location;
  llvm::SmallVector<int64_t, 4> outputShape;
  int64_t flops = 0; // 2 x multiply-adds
};

/// How one CPU layer is computed: its `#resnet.tile` configuration.
struct TileReport {
  std::string op, location;
  llvm::SmallVector<int64_t, 4> tiles, reductionTiles, interchange;
  int64_t rowBlock = 0, winograd = 0;
  /// A row-blocked tile's register tile columns (0: the tile's own).
  int64_t registerRows = 0;
  /// Filters per block of a Winograd filter transformed at run time (0:
  /// the whole filter at once).
  int64_t filterBlock = 0;
  /// One core's cycles by the tile selection's cost model (0: not
  /// estimated).
  double estimatedCycles = 0;
  bool fusedEpilogue = false, parallel = false, prefetchWeights = false;
  bool prefetchSpread = false;
  bool runtimeFilter = false, parallelBlocks = false, prefetchInput = false;
  /// The blocks of the worker loop the layer runs in (a Winograd layer's
  /// blocks of tiles or of filters as the threads' units of work; the
  /// estimate is one block's); 0: none.
  int64_t workerBlocks = 0;
};

/// One GPU kernel: its #resnet_gpu.tile, what ptxas -v says of it, and
/// what its PTX's innermost FMA loop does. -1: not known (no ptxas).
struct KernelReport {
  std::string name, location;
  llvm::SmallVector<int64_t, 4> block, thread;
  int64_t threads = 0, blocks = 0, outputsPerThread = 0;
  /// The K-slice of each op that reduces (empty: whole reductions).
  llvm::SmallVector<int64_t, 2> slices;
  /// Workgroup memory the kernel declares.
  int64_t sharedBytes = 0;
  int64_t registers = -1, spillBytes = -1, stackBytes = -1;
  int64_t blocksPerSM = -1;
  double occupancy = -1;
  std::string occupancyLimiter;
  /// The loop with the most FMAs that holds no other such loop.
  int64_t loopFmas = 0, loopSharedLoads = 0, loopSharedVectorLoads = 0,
          loopGlobalLoads = 0, loopGlobalFmaLoads = 0, loopDivRem = 0;
};

/// Whether one bottleneck block is computed in row bands: its
/// `#resnet.band` decision.
struct BandReport {
  std::string location;
  int64_t rows = 0, scratchBytes = 0;
  /// The cost model's cycles for the block in bands and layer by layer.
  int64_t fusedCycles = 0, unfusedCycles = 0;
  std::string why;
};

struct ModelReport {
  std::vector<LayerReport> layers;
  int64_t totalFlops = 0;
  int64_t weightBytes = 0;
  uint64_t binaryBytes = 0;
  unsigned optLevel = 0;
  std::string target;
  /// The CPU layers' accumulator block (--accumulator-block); -1 where no
  /// CPU tiling runs (GPU targets, -O0/-O1).
  int64_t accumulatorBlock = -1;
  /// What the CPU heuristics assumed of the target (codegen/cpu/Target.h),
  /// field by field; empty for GPU targets.
  std::vector<std::pair<std::string, int64_t>> cpuTarget;
  std::vector<TileReport> tiles; // the CPU layers' configurations
  std::vector<KernelReport> kernels; // the GPU kernels
  std::vector<BandReport> bands; // the CPU bottleneck blocks' band fusion
};

/// Per-layer FLOPs and weight bytes of `module` (block ops are expanded on
/// a copy first, so every convolution is listed).
ModelReport collectModelReport(ModuleOp module);

/// The report as JSON.
void writeModelReport(llvm::raw_ostream &os, const ModelReport &report,
                      const ModelSignature &signature);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMMON_MODELREPORT_H
