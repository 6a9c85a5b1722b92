//===- Pipeline.h - linalg on tensors to the LLVM dialect for CPUs -*- C++ -*-===//
#ifndef RESNET_CODEGEN_CPU_PIPELINE_H
#define RESNET_CODEGEN_CPU_PIPELINE_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir::resnet {

struct CpuPipelineOptions {
  /// 0: naive loops; 1: graph passes + channel-innermost loops; 2-3: layers
  /// register-tiled and vectorized (--resnet-tile), threads; 3: Winograd.
  unsigned optLevel = 3;
  /// The target description the tile selection reads (codegen/cpu/
  /// Target.h): x86-64, x86-64-v2, x86-64-v3, x86-64-v4, znver1 or native.
  std::string target = "native";
  /// At -O2+: each layer's tile loop runs on OpenMP threads (the object
  /// then needs the LLVM OpenMP runtime, libomp); else sequentially.
  bool openmp = true;
  /// The OpenMP schedule of each layer's tiles: guided, static or dynamic.
  std::string ompSchedule = "guided";
  /// Time each layer: resnet_prof_begin/end calls and the layer table
  /// (runtime/profile.h); needs the layers named by
  /// buildResNetToLinalgPipeline(..., profileLayers = true).
  bool profileLayers = false;
  /// The model writes each layer's output (--trace): of one whole batch,
  /// so its batch is not split into image groups.
  bool traceLayers = false;
  /// At -O3: stride-1 3x3 convolutions as Winograd F(4x4,3x3) / F(2x2,3x3)
  /// (--resnet-winograd); -O2 keeps every convolution direct.
  bool winograd = true;
  /// Winograd's transformed filters may grow the weights to this many
  /// times their size (0: no limit).
  double memoryBudget = 1.25;
  /// Winograd's output tile m: 0 chooses per layer, 2 or 4 forces it.
  int64_t winogradTile = 0;
  /// Tile rows per block of Winograd's phases forced (0: per layer).
  int64_t winogradRows = 0;
  /// Winograd's filters: auto, stored or run-time.
  std::string winogradFilter = "auto";
  /// Reduction elements summed into fresh accumulators before they are
  /// added to the running sum (--resnet-tile's accumulator-block; 0: one
  /// accumulator over the whole reduction).
  int64_t accumulatorBlock = 64;
  /// At -O2+: bottleneck blocks computed in row bands (--resnet-band-fuse)
  /// where the cost model says it pays ("auto"), wherever the bands fit
  /// ("on"), or never ("off", the default: measured slower so far, see
  /// BandSelection.cpp).
  std::string bandFusion = "off";
  /// Band height forced on every block it divides (0: the cost model's).
  int64_t bandRows = 0;
  /// Groups of images a batch runs as (1: the whole batch; 0: the cost
  /// model's).
  int64_t imageGroups = 0;
  /// The L1 data cache the tile selection plans for, bytes per core (0:
  /// the target's).
  int64_t l1Bytes = 0;
};

/// The CPU path's passes on the resnet dialect, before the conversion to
/// linalg: (-O2+) a batch run as groups of images, one after the other,
/// where its layers overflow L2 (--resnet-select-image-groups).
void buildCpuModelPipeline(OpPassManager &pm,
                           const CpuPipelineOptions &options);

/// The configuration stage on linalg on tensors: elementwise fusion, then
/// (-O2+) each layer's `#resnet.tile` chosen from the target description,
/// with Winograd applied where chosen (-O3). The layers' configurations
/// can be read from the IR after it (the report does).
void buildCpuConfigurationPipeline(OpPassManager &pm,
                                   const CpuPipelineOptions &options);

/// The code generation stage: applies the configurations (tile, vectorize),
/// bufferizes and lowers to the LLVM dialect.
void buildCpuCodegenPipeline(OpPassManager &pm,
                             const CpuPipelineOptions &options);

/// linalg on tensors -> LLVM dialect: both stages. The public functions
/// take bare pointers: `void f(const float *in0, ..., float *out0, ...)`
/// (results become trailing out-parameters).
void buildCpuLoweringPipeline(OpPassManager &pm,
                              const CpuPipelineOptions &options);

/// Registers the CPU passes and the pipeline
/// `--resnet-cpu-pipeline="opt-level=3 target=native"`: resnet dialect to
/// the LLVM dialect, as resnet-compile runs it.
void registerCpuPipelines();

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_PIPELINE_H
