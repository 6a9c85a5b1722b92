//===- Target.cpp - what resnet-compile --target=cuda needs ---------------===//
#include "codegen/gpu/Target.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

namespace {
struct GpuArch {
  llvm::StringLiteral name, features;
  // SMs of a representative part, warps and blocks per SM, shared memory
  // per SM in KiB.
  int64_t smCount, maxWarpsPerSM, maxBlocksPerSM, sharedKiBPerSM;
};
// PTX ISA 8.0 covers Turing to Hopper, Blackwell needs 8.7. CUDA 13's
// ptxas no longer compiles for anything older than Turing. Parts: T4,
// A100, A10, Orin, L40S, H100/H200 SXM, B200, RTX 5090.
constexpr GpuArch kGpuArchs[] = {
    {"sm_75", "+ptx80", 40, 32, 16, 64},
    {"sm_80", "+ptx80", 108, 64, 32, 164},
    {"sm_86", "+ptx80", 72, 48, 16, 100},
    {"sm_87", "+ptx80", 16, 48, 16, 164},
    {"sm_89", "+ptx80", 142, 48, 24, 100},
    {"sm_90", "+ptx80", 132, 64, 32, 228},
    {"sm_90a", "+ptx80", 132, 64, 32, 228},
    {"sm_100", "+ptx87", 148, 64, 32, 228},
    {"sm_120", "+ptx87", 170, 48, 32, 128},
};
} // namespace

std::optional<resnet::GpuTarget> resnet::GpuTarget::get(llvm::StringRef arch) {
  for (const GpuArch &known : kGpuArchs) {
    if (known.name != arch)
      continue;
    GpuTarget target;
    target.arch = arch.str();
    target.smCount = known.smCount;
    target.maxWarpsPerSM = known.maxWarpsPerSM;
    target.maxBlocksPerSM = known.maxBlocksPerSM;
    target.sharedMemoryPerSM = known.sharedKiBPerSM * 1024;
    return target;
  }
  return std::nullopt;
}

resnet::GpuTarget::Occupancy
resnet::GpuTarget::occupancy(int64_t registers, int64_t sharedBytes,
                             int64_t threads) const {
  Occupancy result;
  if (threads <= 0)
    return result;
  int64_t warps = llvm::divideCeil(threads, warpSize);
  result.blocksPerSM = maxBlocksPerSM;
  result.limiter = "blocks";
  auto limit = [&](int64_t blocks, llvm::StringRef why) {
    if (blocks < result.blocksPerSM) {
      result.blocksPerSM = blocks;
      result.limiter = why;
    }
  };
  limit(maxWarpsPerSM / warps, "warps");
  int64_t perWarp =
      llvm::alignTo(std::max<int64_t>(registers, 1) * warpSize,
                    registerAllocationUnit);
  limit(registersPerSM / (perWarp * warps), "registers");
  if (sharedBytes > 0)
    limit(sharedMemoryPerSM /
              (sharedBytes + sharedMemoryReservedPerBlock),
          "shared memory");
  result.fraction = static_cast<double>(result.blocksPerSM * warps) /
                    static_cast<double>(maxWarpsPerSM);
  return result;
}

std::optional<std::string> resnet::gpuArchFeatures(llvm::StringRef arch) {
  for (const GpuArch &known : kGpuArchs)
    if (known.name == arch)
      return known.features.str();
  return std::nullopt;
}

std::string resnet::supportedGpuArchs() {
  std::string list;
  for (const GpuArch &known : kGpuArchs)
    list += (list.empty() ? "" : ", ") + known.name.str();
  return list;
}

resnet::CudaToolkit resnet::findCudaToolkit() {
  CudaToolkit toolkit;
  const char *root = std::getenv("CUDA_ROOT");
  toolkit.fromEnvironment = root && *root;
  toolkit.root = toolkit.fromEnvironment ? root : "/usr/local/cuda";
  llvm::SmallString<256> ptxas(toolkit.root);
  llvm::sys::path::append(ptxas, "bin", "ptxas");
  if (llvm::sys::fs::can_execute(ptxas))
    toolkit.ptxas = std::string(ptxas);
  return toolkit;
}

std::string resnet::collectKernelPtx(ModuleOp module) {
  std::string ptx;
  llvm::raw_string_ostream os(ptx);
  module.walk([&](gpu::BinaryOp binary) {
    for (Attribute attr : binary.getObjects()) {
      auto object = dyn_cast<gpu::ObjectAttr>(attr);
      if (!object || object.getFormat() != gpu::CompilationTarget::Assembly)
        continue;
      os << "// gpu.binary @" << binary.getSymName() << "\n"
         << object.getObject().getValue();
      if (!object.getObject().getValue().ends_with("\n"))
        os << "\n";
    }
  });
  return ptx;
}

void resnet::registerGpuTranslations(DialectRegistry &registry) {
  registerBuiltinDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
}
