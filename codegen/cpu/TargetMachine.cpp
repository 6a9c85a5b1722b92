//===- TargetMachine.cpp - LLVM IR to optimized object code ---------------===//
#include "codegen/cpu/TargetMachine.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

static void initializeNativeTarget() {
  static bool done = [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
    return true;
  }();
  (void)done;
}

static std::string hostFeatures() {
  SubtargetFeatures features;
  for (const auto &feature : sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  return features.getString();
}

/// Intel CPUs with AVX-512 are tuned to prefer 256-bit vectors: LLVM would
/// split our 512-bit vector code in halves. Ask for full-width registers.
static void preferFullWidthVectors(Module &module, TargetMachine &machine) {
  const MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  if (!info || !info->checkFeatures("+avx512f"))
    return;
  for (Function &function : module)
    if (!function.isDeclaration()) {
      function.addFnAttr("prefer-vector-width", "512");
      function.addFnAttr("min-legal-vector-width", "512");
    }
}

Expected<std::unique_ptr<TargetMachine>>
mlir::resnet::createCpuTargetMachine(StringRef target, unsigned optLevel) {
  initializeNativeTarget();
  std::string cpu, features;
  if (target == "native") {
    cpu = sys::getHostCPUName().str();
    features = hostFeatures();
  } else if (target == "x86-64" || target == "x86-64-v2" ||
             target == "x86-64-v3" || target == "x86-64-v4" ||
             target == "znver1") {
    cpu = target.str();
  } else {
    return createStringError(inconvertibleErrorCode(),
                             "unknown target '" + target +
                                 "' (expected x86-64, x86-64-v2, x86-64-v3, "
                                 "x86-64-v4, znver1 or native)");
  }
  Triple triple(sys::getProcessTriple());
  std::string error;
  const Target *llvmTarget = TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return createStringError(inconvertibleErrorCode(), error);
  if (!triple.isX86() && target != "native")
    return createStringError(inconvertibleErrorCode(),
                             "target '" + target + "' needs an x86-64 host");
  TargetOptions options;
  CodeGenOptLevel level =
      CodeGenOpt::getLevel(static_cast<int>(optLevel)).value_or(
          CodeGenOptLevel::Aggressive);
  std::unique_ptr<TargetMachine> machine(llvmTarget->createTargetMachine(
      triple, cpu, features, options, Reloc::PIC_, std::nullopt, level));
  if (!machine)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for " + cpu);
  return machine;
}

void mlir::resnet::optimizeLLVMModule(Module &module, TargetMachine &machine,
                                      unsigned optLevel) {
  module.setTargetTriple(machine.getTargetTriple());
  module.setDataLayout(machine.createDataLayout());
  preferFullWidthVectors(module, machine);
  if (optLevel == 0)
    return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  OptimizationLevel level = optLevel == 1   ? OptimizationLevel::O1
                            : optLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  llvm::ModulePassManager passes = builder.buildPerModuleDefaultPipeline(level);
  passes.run(module, mam);
}

/// Re-types big constant float arrays (the weights) as byte strings. The
/// AsmPrinter writes a byte string with one call but a float array one
/// element at a time: for ResNet-50's 25 M weights that is seconds. With
/// opaque pointers the uses do not change; the alignment is kept.
static void emitWeightsAsBytes(Module &module) {
  constexpr uint64_t kMinBytes = 4096;
  SmallVector<GlobalVariable *> blobs;
  for (GlobalVariable &global : module.globals()) {
    auto *data = global.hasInitializer()
                     ? dyn_cast<ConstantDataArray>(global.getInitializer())
                     : nullptr;
    if (global.isConstant() && data && !data->isString() &&
        data->getRawDataValues().size() >= kMinBytes)
      blobs.push_back(&global);
  }
  for (GlobalVariable *global : blobs) {
    auto *data = cast<ConstantDataArray>(global->getInitializer());
    Constant *bytes = ConstantDataArray::getRaw(
        data->getRawDataValues(), data->getRawDataValues().size(),
        Type::getInt8Ty(module.getContext()));
    auto *replacement = new GlobalVariable(
        module, bytes->getType(), /*isConstant=*/true, global->getLinkage(),
        bytes, "", global, global->getThreadLocalMode(),
        global->getAddressSpace());
    replacement->copyAttributesFrom(global);
    replacement->takeName(global);
    global->replaceAllUsesWith(replacement);
    global->eraseFromParent();
  }
}

Error mlir::resnet::emitMachineCode(Module &module, TargetMachine &machine,
                                    raw_pwrite_stream &os,
                                    CodeGenFileType fileType) {
  if (fileType == CodeGenFileType::ObjectFile)
    emitWeightsAsBytes(module);
  legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr, fileType))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit this file type");
  passes.run(module);
  return Error::success();
}
