//===- resnet-compile.cpp - ahead-of-time compiler for resnet models ------===//
//
//   resnet-compile model.mlir -o model [-O0..-O3] [--emit=KIND]
//       [--target=x86-64|x86-64-v2|x86-64-v3|x86-64-v4|native] [--batch N]
//       [--name NAME] [--time-passes] [--report FILE.json]
//   resnet-compile model.mlir --target=cuda [--gpu-arch=sm_80|sm_90|...]
//       [--emit=ptx|mlir|llvm|asm|obj|exe] -o model
//
// Everything up to the object file happens in this process (MLIR pipeline,
// translation, LLVM O3, TargetMachine); executables and shared libraries
// are linked by the system C driver (`cc`, or $CC).
//
//===----------------------------------------------------------------------===//
#include "codegen/common/Pipeline.h"
#include "codegen/cpu/Pipeline.h"
#include "codegen/cpu/TargetMachine.h"
#include "codegen/cpu/TileReport.h"
#include "codegen/common/ModelAbi.h"
#include "codegen/common/ModelReport.h"
#include "codegen/gpu/Pipeline.h"
#include "codegen/gpu/Target.h"
#include "dialect/ResNetDialect.h"
#include "dialect/ResourceLimits.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Pass.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/Timer.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <unistd.h>

using namespace mlir;
using namespace llvm;

namespace {
enum class EmitKind { Mlir, Llvm, Asm, Obj, Exe, StaticLib, SharedLib, Ptx };

cl::OptionCategory category("resnet-compile options");
cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.mlir|.mlirbc>"),
                               cl::init("-"), cl::cat(category));
cl::opt<std::string> outputPath("o", cl::desc("output file"),
                                cl::value_desc("file"), cl::cat(category));
cl::opt<unsigned> optLevel(
    "O", cl::Prefix, cl::init(3), cl::cat(category),
    cl::desc("optimization level: 0 naive loops, 1-2 optimized, 3 also "
             "Winograd for stride-1 3x3 convolutions (default 3)"));
cl::opt<EmitKind> emitKind(
    "emit", cl::init(EmitKind::Exe), cl::cat(category),
    cl::desc("what to produce (default exe)"),
    cl::values(clEnumValN(EmitKind::Mlir, "mlir", "LLVM-dialect MLIR"),
               clEnumValN(EmitKind::Llvm, "llvm", "LLVM IR (after LLVM opt)"),
               clEnumValN(EmitKind::Asm, "asm", "assembly"),
               clEnumValN(EmitKind::Obj, "obj", "object file"),
               clEnumValN(EmitKind::Exe, "exe", "standalone executable"),
               clEnumValN(EmitKind::StaticLib, "static-lib",
                          "static library + C header"),
               clEnumValN(EmitKind::SharedLib, "shared-lib",
                          "shared library + C header"),
               clEnumValN(EmitKind::Ptx, "ptx",
                          "the kernels' PTX (--target=cuda)")));
cl::opt<std::string> target("target", cl::init("native"), cl::cat(category),
                            cl::desc("x86-64, x86-64-v2, x86-64-v3, "
                                     "x86-64-v4, native (default) or cuda"));
cl::opt<std::string> gpuArch(
    "gpu-arch", cl::init("sm_80"), cl::cat(category),
    cl::desc("with --target=cuda: the GPU architecture (default sm_80)"));
cl::opt<int64_t> batch("batch", cl::init(0), cl::cat(category),
                       cl::desc("re-specialize the model to this batch size"));
cl::opt<std::string> modelName(
    "name", cl::cat(category),
    cl::desc("C name of the model: symbols resnet_<name>_* (default: the "
             "entry function's name)"));
cl::opt<std::string> reportPath(
    "report", cl::cat(category), cl::value_desc("file.json"),
    cl::desc("write a JSON report (layers, FLOPs, sizes, times)"));
cl::opt<bool> profileLayers(
    "profile", cl::init(false), cl::cat(category),
    cl::desc("time each layer: the executable's --profile prints them "
             "(CPU executables)"));
cl::opt<bool> openmp(
    "openmp", cl::init(true), cl::cat(category),
    cl::desc("at -O2/-O3, run each layer's tiles on OpenMP threads (default "
             "on, except for --emit=static-lib: its users would have to "
             "link libomp; pass --openmp to get it)"));
cl::opt<bool> winograd(
    "winograd", cl::init(true), cl::cat(category),
    cl::desc("at -O3, compute stride-1 3x3 convolutions with Winograd "
             "F(4x4,3x3) / F(2x2,3x3) (default on; --winograd=false keeps "
             "them direct)"));
cl::opt<std::string> ompSchedule(
    "omp-schedule", cl::init("guided"), cl::cat(category),
    cl::desc("with threads: how each layer's tiles are shared out: guided "
             "(default: in shrinking chunks as threads finish them), static "
             "or dynamic"));
cl::opt<std::string> openmpLib(
    "openmp-lib", cl::Hidden, cl::cat(category),
    cl::desc("the LLVM OpenMP runtime to link (default: the one found at "
             "build time, else -lomp)"));
cl::opt<std::string> runtimeLib(
    "runtime-lib", cl::Hidden, cl::cat(category),
    cl::desc("libresnet_runtime.a to link executables with (default: "
             "../lib/ next to this tool)"));

int fail(const Twine &message) {
  errs() << "resnet-compile: error: " << message << "\n";
  return 1;
}

/// The public function the model is compiled from.
FailureOr<func::FuncOp> findEntry(ModuleOp module) {
  func::FuncOp entry;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isPrivate() || func.isExternal())
      continue;
    if (entry) {
      emitError(func.getLoc(), "more than one public function; compile one "
                               "model per module");
      return failure();
    }
    entry = func;
  }
  if (!entry) {
    emitError(module.getLoc(), "no public function to compile");
    return failure();
  }
  mlir::FunctionType type = entry.getFunctionType();
  if (type.getNumInputs() != 1 || type.getNumResults() != 1)
    return entry.emitError("the model function must take one tensor and "
                           "return one tensor"),
           failure();
  for (mlir::Type t :
       llvm::concat<const mlir::Type>(type.getInputs(), type.getResults())) {
    auto tensor = dyn_cast<RankedTensorType>(t);
    if (!tensor || !tensor.hasStaticShape() ||
        !tensor.getElementType().isF32() || tensor.getRank() < 1)
      return entry.emitError("the model's input and result must be static "
                             "f32 tensors, got ")
                 << t,
             failure();
  }
  return entry;
}

std::string defaultOutput() {
  StringRef stem = sys::path::stem(inputPath == "-" ? StringRef("model")
                                                     : StringRef(inputPath));
  switch (emitKind) {
  case EmitKind::Mlir: return (stem + ".ll.mlir").str();
  case EmitKind::Llvm: return (stem + ".ll").str();
  case EmitKind::Asm: return (stem + ".s").str();
  case EmitKind::Obj: return (stem + ".o").str();
  case EmitKind::Exe: return stem.str();
  case EmitKind::StaticLib: return ("lib" + stem + ".a").str();
  case EmitKind::SharedLib: return ("lib" + stem + ".so").str();
  case EmitKind::Ptx: return (stem + ".ptx").str();
  }
  return stem.str();
}

/// Runs the C driver with `args`; returns a non-empty message on failure.
std::string runDriver(ArrayRef<std::string> args) {
  std::string driver = "cc";
  if (const char *cc = getenv("CC"); cc && *cc)
    driver = cc;
  ErrorOr<std::string> program = sys::findProgramByName(driver);
  if (!program)
    return "cannot find the C driver '" + driver + "' on PATH (set CC)";
  SmallVector<StringRef> argv = {*program};
  for (const std::string &arg : args)
    argv.push_back(arg);
  std::string message;
  int rc = sys::ExecuteAndWait(*program, argv, std::nullopt, {}, 0, 0,
                               &message);
  if (rc != 0)
    return "linking with '" + driver + "' failed" +
           (message.empty() ? "" : ": " + message);
  return "";
}

std::string defaultRuntimeLib(const char *argv0) {
  static int anchor;
  std::string exe = sys::fs::getMainExecutable(argv0, &anchor);
  SmallString<256> path(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(path, "lib", "libresnet_runtime.a");
  return std::string(path);
}

int writeFile(StringRef path, llvm::function_ref<void(raw_ostream &)> write) {
  std::error_code ec;
  ToolOutputFile out(path, ec, sys::fs::OF_None);
  if (ec)
    return fail("cannot write '" + path + "': " + ec.message());
  write(out.os());
  out.keep();
  return 0;
}

bool isCudaTarget() { return target == "cuda"; }

/// Whether the CPU code uses OpenMP threads (and links libomp).
bool useOpenMP() {
  if (isCudaTarget() || optLevel < 2)
    return false;
  if (emitKind == EmitKind::StaticLib && !openmp.getNumOccurrences())
    return false;
  return openmp;
}

/// Driver arguments that link the LLVM OpenMP runtime.
std::vector<std::string> openmpLinkArgs() {
  if (!useOpenMP())
    return {};
  std::string lib = openmpLib;
#ifdef RESNET_OPENMP_LIBRARY
  if (lib.empty())
    lib = RESNET_OPENMP_LIBRARY;
#endif
  if (lib.empty())
    return {"-lomp"};
  return {lib, "-Wl,-rpath," + sys::path::parent_path(lib).str()};
}

/// What --target=cuda needs or refuses: a message, or "" when all is fine.
std::string checkCudaOptions() {
  if (!isCudaTarget()) {
    if (emitKind == EmitKind::Ptx)
      return "--emit=ptx needs --target=cuda";
    if (gpuArch.getNumOccurrences())
      return "--gpu-arch needs --target=cuda";
    return "";
  }
  if (!resnet::gpuArchFeatures(gpuArch))
    return "unsupported --gpu-arch '" + gpuArch + "' (expected one of " +
           resnet::supportedGpuArchs() + ")";
  if (emitKind == EmitKind::StaticLib || emitKind == EmitKind::SharedLib)
    return "--emit=static-lib and --emit=shared-lib are not supported for "
           "--target=cuda (use --emit=exe, or --emit=obj and link "
           "libresnet_cuda_runtime.a -ldl -lpthread yourself)";
  return "";
}

/// The CUDA path after the shared front half: kernels as a cubin when the
/// toolkit's ptxas is found, else as PTX that the driver compiles at load.
void addCudaPipeline(OpPassManager &pm) {
  resnet::GpuOptions gpu;
  gpu.chip = gpuArch;
  gpu.features = *resnet::gpuArchFeatures(gpuArch);
  gpu.optLevel = optLevel;
  gpu.format = "isa";
  if (emitKind != EmitKind::Ptx) {
    resnet::CudaToolkit toolkit = resnet::findCudaToolkit();
    StringRef origin = toolkit.fromEnvironment ? "$CUDA_ROOT" : "default";
    if (!toolkit.ptxas.empty()) {
      // gpu-module-to-binary looks for ptxas under $CUDA_ROOT.
      setenv("CUDA_ROOT", toolkit.root.c_str(), /*overwrite=*/1);
      gpu.format = "bin";
      errs() << "resnet-compile: note: kernels compiled to a " << gpuArch
             << " cubin by " << toolkit.ptxas << " (" << origin << ")\n";
    } else {
      errs() << "resnet-compile: note: no ptxas in " << toolkit.root << " ("
             << origin << "; set CUDA_ROOT): kernels embedded as PTX, "
             << "compiled by the CUDA driver at load\n";
      // The NVVM serialiser reports a $CUDA_ROOT that does not exist.
      if (!sys::fs::is_directory(toolkit.root))
        unsetenv("CUDA_ROOT");
    }
  }
  resnet::buildGpuPipeline(pm, gpu);
}

int compile(MLIRContext &context, SourceMgr &sourceMgr, const char *argv0,
            TimingScope &timing) {
  if (std::string error = checkCudaOptions(); !error.empty())
    return fail(error);
  TimingScope parseTiming = timing.nest("parse");
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return 1;
  parseTiming.stop();
  FailureOr<func::FuncOp> entry = findEntry(*module);
  if (failed(entry))
    return 1;
  if (batch.getNumOccurrences()) {
    if (batch <= 0)
      return fail("--batch must be positive");
    if (failed(resnet::setBatchSize(*entry, batch)))
      return 1;
  }
  if (failed(resnet::checkResourceLimits(*module)))
    return 1;
  resnet::ModelSignature signature;
  signature.name =
      resnet::toCIdentifier(modelName.empty() ? entry->getSymName()
                                              : StringRef(modelName));
  mlir::FunctionType type = entry->getFunctionType();
  signature.inputShape.assign(
      cast<RankedTensorType>(type.getInput(0)).getShape().begin(),
      cast<RankedTensorType>(type.getInput(0)).getShape().end());
  signature.outputShape.assign(
      cast<RankedTensorType>(type.getResult(0)).getShape().begin(),
      cast<RankedTensorType>(type.getResult(0)).getShape().end());
  if (failed(SymbolTable::replaceAllSymbolUses(
          *entry, StringAttr::get(&context, signature.entrySymbol()), *module)))
    return fail("cannot rename the entry function");
  SymbolTable::setSymbolName(*entry, signature.entrySymbol());

  resnet::ModelReport report;
  if (!reportPath.empty())
    report = resnet::collectModelReport(*module);

  // CPU: the layers' configurations are chosen in a first stage and read
  // from the IR for the report; the second stage applies them.
  mlir::PassManager pm(&context), codegen(&context);
  pm.enableTiming(timing);
  codegen.enableTiming(timing);
  resnet::buildResNetToLinalgPipeline(pm, optLevel, profileLayers);
  if (isCudaTarget()) {
    addCudaPipeline(pm);
  } else {
    resnet::CpuPipelineOptions cpuOptions;
    cpuOptions.optLevel = optLevel;
    cpuOptions.profileLayers = profileLayers;
    cpuOptions.target = target;
    cpuOptions.openmp = useOpenMP();
    cpuOptions.winograd = winograd;
    cpuOptions.ompSchedule = ompSchedule;
    resnet::buildCpuConfigurationPipeline(pm, cpuOptions);
    resnet::buildCpuCodegenPipeline(codegen, cpuOptions);
  }
  if (failed(pm.run(*module)))
    return 1;
  if (!isCudaTarget()) {
    if (!reportPath.empty())
      resnet::collectTileReports(*module, report);
    if (failed(codegen.run(*module)))
      return 1;
  }
  resnet::readArenaPlan(*module, signature);
  if (emitKind == EmitKind::Ptx) {
    std::string ptx = resnet::collectKernelPtx(*module);
    if (ptx.empty())
      return fail("the model compiled to no GPU kernel");
    return writeFile(outputPath.empty() ? defaultOutput() : outputPath,
                     [&](raw_ostream &os) { os << ptx; });
  }
  if (emitKind == EmitKind::Mlir)
    return writeFile(outputPath.empty() ? defaultOutput() : outputPath,
                     [&](raw_ostream &os) { module->print(os); });

  TimingScope translateTiming = timing.nest("translate to LLVM IR");
  LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, signature.name);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  resnet::addModelDescriptor(*llvmModule, signature,
                             signature.descriptorSymbol());
  if (emitKind == EmitKind::Exe)
    resnet::addModelDescriptor(*llvmModule, signature, "resnet_model");
  translateTiming.stop();

  // A CUDA binary's host code only launches kernels: portable x86-64.
  StringRef hostTarget = target;
  if (isCudaTarget())
    hostTarget = Triple(sys::getProcessTriple()).isX86() ? "x86-64" : "native";
  Expected<std::unique_ptr<TargetMachine>> machine =
      resnet::createCpuTargetMachine(hostTarget, optLevel);
  if (!machine)
    return fail(toString(machine.takeError()));
  {
    TimingScope optTiming = timing.nest("LLVM optimization");
    resnet::optimizeLLVMModule(*llvmModule, **machine, optLevel);
  }
  std::string output = outputPath.empty() ? defaultOutput() : outputPath;
  if (emitKind == EmitKind::Llvm)
    return writeFile(output, [&](raw_ostream &os) { llvmModule->print(os, nullptr); });

  TimingScope codegenTiming = timing.nest("machine code");
  SmallString<128> objectPath;
  std::optional<FileRemover> removeObject;
  if (emitKind == EmitKind::Obj || emitKind == EmitKind::Asm) {
    objectPath = output;
  } else {
    int fd;
    if (std::error_code ec =
            sys::fs::createTemporaryFile("resnet-model", "o", fd, objectPath))
      return fail("cannot create a temporary file: " + ec.message());
    ::close(fd);
    removeObject.emplace(objectPath);
  }
  {
    std::error_code ec;
    ToolOutputFile out(objectPath, ec, sys::fs::OF_None);
    if (ec)
      return fail("cannot write '" + objectPath + "': " + ec.message());
    if (Error error = resnet::emitMachineCode(
            *llvmModule, **machine, out.os(),
            emitKind == EmitKind::Asm ? CodeGenFileType::AssemblyFile
                                      : CodeGenFileType::ObjectFile))
      return fail(toString(std::move(error)));
    out.keep();
  }
  codegenTiming.stop();
  if (emitKind == EmitKind::Obj || emitKind == EmitKind::Asm)
    return 0;

  TimingScope linkTiming = timing.nest("link");
  if (emitKind == EmitKind::Exe) {
    std::string runtime =
        runtimeLib.empty() ? defaultRuntimeLib(argv0) : runtimeLib.getValue();
    if (!sys::fs::exists(runtime))
      return fail("runtime library '" + runtime + "' not found");
    std::vector<std::string> linkArgs = {"-o", output,
                                         std::string(objectPath), runtime,
                                         "-lm"};
#ifdef RESNET_RUNTIME_LINK_FLAGS
    // The runtime library was built with sanitizers: link their runtimes.
    SmallVector<StringRef> sanitizeFlags;
    StringRef(RESNET_RUNTIME_LINK_FLAGS).split(sanitizeFlags, ' ');
    for (StringRef flag : sanitizeFlags)
      linkArgs.push_back(flag.str());
#endif
    if (isCudaTarget()) {
      // The mgpu* runtime, next to the runtime library; it dlopens libcuda.
      SmallString<256> cudaRuntime(sys::path::parent_path(runtime));
      sys::path::append(cudaRuntime, "libresnet_cuda_runtime.a");
      if (!sys::fs::exists(cudaRuntime))
        return fail("CUDA runtime library '" + cudaRuntime + "' not found");
      for (const char *arg : {cudaRuntime.c_str(), "-ldl", "-lpthread"})
        linkArgs.push_back(arg);
    }
    for (std::string &arg : openmpLinkArgs())
      linkArgs.push_back(arg);
    if (std::string error = runDriver(linkArgs); !error.empty())
      return fail(error);
  } else {
    if (emitKind == EmitKind::SharedLib) {
      std::vector<std::string> linkArgs = {"-shared", "-o", output,
                                           std::string(objectPath), "-lm"};
      for (std::string &arg : openmpLinkArgs())
        linkArgs.push_back(arg);
      if (std::string error = runDriver(linkArgs); !error.empty())
        return fail(error);
    } else {
      Expected<NewArchiveMember> member =
          NewArchiveMember::getFile(objectPath, /*Deterministic=*/true);
      if (!member)
        return fail(toString(member.takeError()));
      std::string memberName = signature.name + ".o";
      member->MemberName = memberName;
      sys::fs::remove(output);
      if (Error error = writeArchive(output, {std::move(*member)},
                                     SymtabWritingMode::NormalSymtab,
                                     object::Archive::K_GNU,
                                     /*Deterministic=*/true, /*Thin=*/false))
        return fail(toString(std::move(error)));
    }
    SmallString<128> header(output);
    sys::path::replace_extension(header, "h");
    if (int rc = writeFile(header, [&](raw_ostream &os) {
          os << resnet::makeLibraryHeader(signature);
        }))
      return rc;
  }
  linkTiming.stop();

  if (!reportPath.empty()) {
    uint64_t size = 0;
    sys::fs::file_size(output, size);
    report.binaryBytes = size;
    report.optLevel = optLevel;
    report.target = isCudaTarget() ? "cuda:" + gpuArch : target;
    if (int rc = writeFile(reportPath, [&](raw_ostream &os) {
          resnet::writeModelReport(os, report, signature);
        }))
      return rc;
  }
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "resnet-compile: compile a resnet model ahead "
                              "of time to an executable or a library\n(--time-passes times every step)\n");
  if (optLevel > 3)
    return fail("optimization level must be -O0, -O1, -O2 or -O3");
  // The layer hooks live in the executables' runtime library.
  if (profileLayers && (isCudaTarget() || emitKind == EmitKind::StaticLib ||
                        emitKind == EmitKind::SharedLib))
    return fail("--profile is for CPU executables (--emit=exe, or obj/asm/"
                "llvm/mlir linked with the runtime library)");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<resnet::ResNetDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  resnet::registerGpuTranslations(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string error;
  auto file = openInputFile(inputPath, &error);
  if (!file)
    return fail(error);
  SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  DefaultTimingManager timingManager;
  // --time-passes is LLVM's own flag: it times LLVM's passes and ours.
  timingManager.setEnabled(llvm::TimePassesIsEnabled);
  TimingScope timing = timingManager.getRootScope();
  return compile(context, sourceMgr, argv[0], timing);
}
