//===- Pipeline.cpp - linalg on tensors to the LLVM dialect for CPUs ------===//
#include "codegen/cpu/Pipeline.h"
#include "codegen/common/Passes.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Target.h"
#include "codegen/common/Pipeline.h"
#include "passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

/// Bufferization, then the activations in one arena and the temporaries
/// freed.
static void addBufferization(OpPassManager &pm,
                             const resnet::CpuPipelineOptions &options) {
  resnet::addModelBufferization(pm);
  // Band loops' intermediates: a slot per core, placed in the arena.
  resnet::BandScratchOptions scratch;
  if (llvm::Expected<resnet::CpuTarget> target =
          resnet::CpuTarget::get(options.target))
    scratch.workers = target->cores;
  else
    llvm::consumeError(target.takeError());
  pm.addNestedPass<func::FuncOp>(resnet::createBandScratch(scratch));
  // Activations go to the caller's workspace (no malloc per call); weights
  // become flat, aligned blobs (fast to translate and emit).
  pm.addPass(resnet::createPlanArena());
  pm.addPass(resnet::createFlattenConstantGlobals());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
}

/// The standard lowering of loops, memrefs and scalars to the LLVM dialect.
static void addLowerToLLVM(OpPassManager &pm, bool openmp) {
  pm.addNestedPass<func::FuncOp>(resnet::createCopiesToLinalg());
  pm.addNestedPass<func::FuncOp>(resnet::createRollGlueLoops());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void resnet::buildCpuModelPipeline(OpPassManager &pm,
                                   const CpuPipelineOptions &options) {
  if (options.optLevel < 2 || options.imageGroups == 1 ||
      options.traceLayers)
    return;
  SelectImageGroupsOptions groups;
  groups.target = options.target;
  groups.groups = options.imageGroups;
  groups.winograd = options.optLevel >= 3 && options.winograd;
  pm.addNestedPass<func::FuncOp>(createSelectImageGroups(groups));
  pm.addNestedPass<func::FuncOp>(createGroupPrefix());
}

void resnet::buildCpuConfigurationPipeline(OpPassManager &pm,
                                          const CpuPipelineOptions &options) {
  bool tiled = options.optLevel >= 2;
  if (options.optLevel >= 1)
    pm.addNestedPass<func::FuncOp>(resnet::createFuseElementwise());
  if (tiled && options.optLevel >= 3 && options.winograd) {
    SelectWinogradOptions select;
    select.target = options.target;
    select.memoryBudget = options.memoryBudget;
    select.outputTile = options.winogradTile;
    select.blockRows = options.winogradRows;
    select.filter = options.winogradFilter;
    pm.addNestedPass<func::FuncOp>(createSelectWinograd(select));
    pm.addNestedPass<func::FuncOp>(createWinograd());
  }
  if (tiled) {
    pm.addNestedPass<func::FuncOp>(createChainConvs());
    pm.addNestedPass<func::FuncOp>(createCanonicalizerPass());
    // Off, the blocks' decisions are still recorded (for the report).
    SelectBandsOptions bands;
    bands.target = options.target;
    bool off = options.bandFusion == "off";
    bands.rows = off ? 0 : options.bandRows;
    bands.always = options.bandFusion == "on";
    bands.recordOnly = off;
    pm.addNestedPass<func::FuncOp>(createSelectBands(bands));
    if (!off)
      pm.addNestedPass<func::FuncOp>(createBandFuse());
    SelectTilesOptions select;
    select.target = options.target;
    select.l1Bytes = options.l1Bytes;
    pm.addNestedPass<func::FuncOp>(createSelectTiles(select));
  }
}

void resnet::buildCpuCodegenPipeline(OpPassManager &pm,
                                     const CpuPipelineOptions &options) {
  bool tiled = options.optLevel >= 2;
  if (tiled) {
    pm.addNestedPass<func::FuncOp>(createGroupedConv());
    TileOptions tile;
    tile.accumulatorBlock = options.accumulatorBlock;
    pm.addNestedPass<func::FuncOp>(createTile(tile));
    pm.addNestedPass<func::FuncOp>(createVectorize());
  }
  // What is not tiled (elementwise, global pools, transposes, grouped
  // convs refused by the tile selection) gets channel-innermost loops that
  // LLVM vectorizes; transposes that move the channels, loops over blocks
  // of them.
  if (options.optLevel >= 1) {
    pm.addNestedPass<func::FuncOp>(createTileLoopOrder());
    pm.addNestedPass<func::FuncOp>(createBlockTransposes());
  }
  if (tiled && options.openmp)
    pm.addNestedPass<func::FuncOp>(createParallelElementwise());
  if (tiled)
    pm.addNestedPass<func::FuncOp>(createPadInPlace());
  pm.addNestedPass<func::FuncOp>(createJoinGroupsInPlace());
  // After the two above: a layer that writes into a padded buffer or a
  // joined batch keeps that destination.
  if (tiled)
    pm.addNestedPass<func::FuncOp>(createResidualInPlace());
  addBufferization(pm, options);
  if (options.profileLayers)
    pm.addPass(resnet::createProfileInstrument());
  if (tiled) {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    pm.addNestedPass<func::FuncOp>(resnet::createLowerVectors());
    pm.addNestedPass<func::FuncOp>(resnet::createPrefetchWeights());
    pm.addNestedPass<func::FuncOp>(resnet::createPrefetchResidual());
    pm.addNestedPass<func::FuncOp>(resnet::createPrefetchInput());
    pm.addPass(createCanonicalizerPass());
    // Equal layers share one function: LLVM compiles it once.
    pm.addPass(resnet::createOutlineLayers());
  }
  // One scf.forall per layer: OpenMP threads, or a sequential loop.
  bool openmp = tiled && options.openmp;
  if (openmp) {
    pm.addPass(createForallToParallelLoopPass());
    pm.addPass(createConvertSCFToOpenMPPass());
    resnet::OpenMPScheduleOptions schedule;
    schedule.schedule = options.ompSchedule;
    pm.addPass(resnet::createOpenMPSchedule(schedule));
    // Inlines the memref.alloca_scope around each parallel body (it holds
    // no alloca): scf-to-cf would make it multi-block, which is invalid.
    pm.addPass(createCanonicalizerPass());
  } else {
    pm.addPass(createForallToForLoopPass());
  }
  addLowerToLLVM(pm, openmp);
}

void resnet::buildCpuLoweringPipeline(OpPassManager &pm,
                                      const CpuPipelineOptions &options) {
  buildCpuConfigurationPipeline(pm, options);
  buildCpuCodegenPipeline(pm, options);
}

namespace {
struct CpuPipelineCLOptions
    : public PassPipelineOptions<CpuPipelineCLOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("-O level, 0 to 3"),
                            llvm::cl::init(3)};
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc(
          "x86-64, x86-64-v2, x86-64-v3, x86-64-v4, znver1 or native"),
      llvm::cl::init("native")};
  Option<bool> winograd{*this, "winograd",
                        llvm::cl::desc("Winograd for stride-1 3x3 convs at -O3"),
                        llvm::cl::init(true)};
  Option<double> memoryBudget{
      *this, "memory-budget",
      llvm::cl::desc("the resident set with Winograd may be this many times "
                     "the weights, or what it is without Winograd where the "
                     "activations alone exceed that (0: no limit)"),
      llvm::cl::init(1.25)};
  Option<int64_t> winogradTile{
      *this, "winograd-tile",
      llvm::cl::desc("Winograd output tile: 0 per layer, 2 or 4 forced"),
      llvm::cl::init(0)};
  Option<int64_t> winogradRows{
      *this, "winograd-rows",
      llvm::cl::desc("Winograd tile rows per block of phases (0: per layer)"),
      llvm::cl::init(0)};
  Option<std::string> winogradFilter{
      *this, "winograd-filter",
      llvm::cl::desc("Winograd filters: auto, stored or run-time"),
      llvm::cl::init("auto")};
  Option<int64_t> accumulatorBlock{
      *this, "accumulator-block",
      llvm::cl::desc("products summed into fresh accumulators before the "
                     "running sums (0: one accumulator)"),
      llvm::cl::init(64)};
  Option<std::string> bandFusion{
      *this, "band-fusion",
      llvm::cl::desc("bottleneck blocks in row bands at -O2+: auto (cost "
                     "model), on or off (default)"),
      llvm::cl::init("off")};
  Option<int64_t> bandRows{
      *this, "band-rows",
      llvm::cl::desc("band height forced where it divides (0: per block)"),
      llvm::cl::init(0)};
  Option<int64_t> imageGroups{
      *this, "image-groups",
      llvm::cl::desc("groups of images a batch runs as (1: the whole "
                     "batch; 0: the cost model's, for the whole model or "
                     "its first layers)"),
      llvm::cl::init(0)};
  Option<bool> openmp{*this, "openmp",
                      llvm::cl::desc("OpenMP threads at -O2+"),
                      llvm::cl::init(true)};
  Option<std::string> ompSchedule{
      *this, "omp-schedule",
      llvm::cl::desc("OpenMP schedule: guided, static or dynamic"),
      llvm::cl::init("guided")};
  Option<bool> profile{*this, "profile",
                       llvm::cl::desc("per-layer profile hooks"),
                       llvm::cl::init(false)};
  Option<bool> trace{*this, "trace",
                     llvm::cl::desc("per-layer numerics trace calls"),
                     llvm::cl::init(false)};
};
} // namespace

void resnet::registerCpuPipelines() {
  registerResNetCpuPasses();
  PassPipelineRegistration<CpuPipelineCLOptions>(
      "resnet-cpu-pipeline",
      "resnet dialect to the LLVM dialect for a CPU, as resnet-compile "
      "runs it (graph passes, resnet-to-linalg, CPU lowering)",
      [](OpPassManager &pm, const CpuPipelineCLOptions &cl) {
        CpuPipelineOptions options;
        options.optLevel = cl.optLevel;
        options.target = cl.target;
        options.winograd = cl.winograd;
        options.memoryBudget = cl.memoryBudget;
        options.winogradTile = cl.winogradTile;
        options.winogradRows = cl.winogradRows;
        options.winogradFilter = cl.winogradFilter;
        options.accumulatorBlock = cl.accumulatorBlock;
        options.bandFusion = cl.bandFusion;
        options.bandRows = cl.bandRows;
        options.openmp = cl.openmp;
        options.ompSchedule = cl.ompSchedule;
        options.profileLayers = cl.profile;
        options.imageGroups = cl.imageGroups;
        options.traceLayers = cl.trace;
        buildResNetGraphPipeline(pm, options.optLevel, options.profileLayers,
                                 cl.trace);
        buildCpuModelPipeline(pm, options);
        buildResNetConversionPipeline(pm, cl.trace);
        buildCpuLoweringPipeline(pm, options);
      });
}
