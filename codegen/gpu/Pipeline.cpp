//===- Pipeline.cpp - linalg on tensors -> CUDA kernels -------------------===//
#include "codegen/gpu/Pipeline.h"
#include "codegen/common/Passes.h"
#include "codegen/common/Pipeline.h"
#include "codegen/gpu/Passes.h"
#include "codegen/gpu/Target.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {
struct GpuPipelineOptions : PassPipelineOptions<GpuPipelineOptions> {
  Option<std::string> chip{*this, "chip", llvm::cl::desc("SM architecture"),
                           llvm::cl::init("sm_80")};
  Option<std::string> features{*this, "features",
                               llvm::cl::desc("NVPTX features (PTX version)"),
                               llvm::cl::init("+ptx80")};
  // An enum, so that a bad value is a parse error: gpu-module-to-binary
  // only reports an invalid format, it does not fail.
  enum class Format { Isa, Bin, Fatbin };
  Option<Format> format{
      *this, "format", llvm::cl::desc("Kernel binary format"),
      llvm::cl::init(Format::Isa),
      llvm::cl::values(
          clEnumValN(Format::Isa, "isa", "PTX text"),
          clEnumValN(Format::Bin, "bin", "cubin, assembled by ptxas"),
          clEnumValN(Format::Fatbin, "fatbin", "fatbin, by ptxas and fatbinary"))};
  Option<int> optLevel{*this, "opt-level",
                       llvm::cl::desc("NVPTX optimisation level"),
                       llvm::cl::init(3)};
  Option<int64_t> sharedMemoryBytes{
      *this, "shared-memory-bytes",
      llvm::cl::desc("Most workgroup memory one block tile may use (-1: "
                     "the target's budget)"),
      llvm::cl::init(-1)};
};
} // namespace

/// Tiles on tensors: pads as gathers, every kernel configured for the
/// target, then blocks, fused epilogues, shared-memory copies, threads.
static void addGpuTiling(OpPassManager &pm, const resnet::GpuOptions &opts) {
  std::optional<resnet::GpuTarget> target = resnet::GpuTarget::get(opts.chip);
  int64_t budget = opts.sharedMemoryBytes >= 0 ? opts.sharedMemoryBytes
                   : target                    ? target->sharedMemoryBudget()
                                               : 0;
  pm.addNestedPass<func::FuncOp>(resnet::createGpuPadToGather());
  resnet::GpuSelectTilesOptions selection;
  selection.chip = opts.chip;
  selection.sharedMemoryBytes = budget;
  pm.addNestedPass<func::FuncOp>(resnet::createGpuSelectTiles(selection));
  resnet::GpuTileAndDistributeOptions tiling;
  tiling.sharedMemoryBytes = budget;
  pm.addNestedPass<func::FuncOp>(resnet::createGpuTileAndDistribute(tiling));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void resnet::buildGpuHostCheckTiling(OpPassManager &pm,
                                     const GpuOptions &opts) {
  addGpuTiling(pm, opts);
  pm.addNestedPass<func::FuncOp>(resnet::createGpuTilesToHost());
}

void resnet::buildGpuPipeline(OpPassManager &pm, const GpuOptions &opts) {
  buildGpuKernelPipeline(pm, opts);
  buildGpuLoweringPipeline(pm, opts);
}

void resnet::buildGpuKernelPipeline(OpPassManager &pm,
                                    const GpuOptions &opts) {
  addGpuTiling(pm, opts);

  // The same entry point as on the CPU: `void f(const float *in, float
  // *out)` on caller memory.
  addModelBufferization(pm);
  // Weights as 1-D, 64-byte aligned globals, as on the CPU.
  pm.addPass(createFlattenConstantGlobals());

  // Foralls -> gpu.launch; what is left of linalg inside becomes loops.
  pm.addNestedPass<func::FuncOp>(resnet::createGpuMapToLaunch());
}

void resnet::buildGpuLoweringPipeline(OpPassManager &pm,
                                      const GpuOptions &opts) {
  // CSE first: it merges the twin subviews of in-place parallel inserts,
  // whose self-copies the canonicalizer then drops.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Constants back into the kernels (the canonicalizer hoisted them out of
  // the launches): sizes and strides stay compile-time constants there.
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  // One module for the model; its weights are device globals that the
  // runtime fills from the host's copies once the module is loaded.
  pm.addPass(resnet::createGpuMergeKernelModules());
  pm.addPass(resnet::createGpuExternWeights());
  pm.addPass(resnet::createGpuContractFloatOps());
  pm.addPass(createSymbolDCEPass());

  // Host functions take bare pointers (kernels keep memref descriptors):
  // upstream's pipeline converts func.func before its own bare-pointer
  // option could apply, so convert them here first.
  ConvertFuncToLLVMPassOptions hostCallConv;
  hostCallConv.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(hostCallConv));

  // The kernels to NVVM first, with 32-bit indices (64-bit integer
  // multiplies are several instructions on a GPU; no buffer of a model has
  // 2^31 elements) and bare pointers for their memrefs (static shapes):
  // upstream's pipeline below would lower their arithmetic with the host's
  // 64-bit index.
  OpPassManager &kernels = pm.nest<mlir::gpu::GPUModuleOp>();
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(memref::createExpandStridedMetadataPass());
  kernels.addPass(createLowerAffinePass());
  ConvertGpuOpsToNVVMOpsOptions kernelLowering;
  kernelLowering.indexBitwidth = 32;
  kernelLowering.useBarePtrCallConv = true;
  kernels.addPass(createConvertGpuOpsToNVVMOps(kernelLowering));
  kernels.addPass(createReconcileUnrealizedCastsPass());

  // NVVM, serialisation and the host side (mgpu* calls), upstream's way.
  mlir::gpu::GPUToNVVMPipelineOptions nvvm;
  nvvm.kernelUseBarePtrCallConv = true;
  nvvm.cubinChip = opts.chip;
  nvvm.cubinFeatures = opts.features;
  nvvm.cubinFormat = opts.format;
  nvvm.optLevel = opts.optLevel;
  mlir::gpu::buildLowerToNVVMPassPipeline(pm, nvvm);
  pm.addPass(resnet::createGpuWeightTable());
}

void resnet::registerGpuPipelines() {
  registerResNetGpuPasses();
  PassPipelineRegistration<GpuPipelineOptions>(
      "resnet-gpu-pipeline",
      "Linalg on tensors to CUDA kernels (NVVM, PTX or cubin) and host code "
      "that calls the mgpu* runtime",
      [](OpPassManager &pm, const GpuPipelineOptions &options) {
        GpuOptions opts;
        opts.chip = options.chip;
        opts.features = options.features;
        opts.format = options.format == GpuPipelineOptions::Format::Isa ? "isa"
                      : options.format == GpuPipelineOptions::Format::Bin
                          ? "bin"
                          : "fatbin";
        opts.optLevel = options.optLevel;
        opts.sharedMemoryBytes = options.sharedMemoryBytes;
        buildGpuPipeline(pm, opts);
      });
}
