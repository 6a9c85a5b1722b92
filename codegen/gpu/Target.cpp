//===- Target.cpp - what resnet-compile --target=cuda needs ---------------===//
#include "codegen/gpu/Target.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

namespace {
struct GpuArch {
  llvm::StringLiteral name, features;
};
// PTX ISA 8.0 covers Turing to Hopper, Blackwell needs 8.7. CUDA 13's
// ptxas no longer compiles for anything older than Turing.
constexpr GpuArch kGpuArchs[] = {
    {"sm_75", "+ptx80"},  {"sm_80", "+ptx80"},
    {"sm_86", "+ptx80"},  {"sm_87", "+ptx80"},   {"sm_89", "+ptx80"},
    {"sm_90", "+ptx80"},  {"sm_90a", "+ptx80"},  {"sm_100", "+ptx87"},
    {"sm_120", "+ptx87"},
};
} // namespace

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
