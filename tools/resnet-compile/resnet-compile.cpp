//===- resnet-compile.cpp - ahead-of-time compiler for resnet models ------===//
//
//   resnet-compile model.onnx|.mlir|.mlirbc -o model [-O0..-O3] [...]
//   resnet-compile weights.safetensors --arch NAME -o model
//
// Everything up to the object file happens in this process, the import of
// ONNX and safetensors models included (with resnet-import's options,
// defined once in importer/Import.h); executables and shared libraries
// are linked by the system C driver (`cc`, or $CC).
// The stages live in codegen/Compiler.h; this file reads the command line.
//
//===----------------------------------------------------------------------===//
#include "codegen/Compiler.h"
#include "dialect/InputFiles.h"
#include "importer/Import.h"
#include "tools/resnet-compile/PreprocessOptions.h"
#include "tools/resnet-compile/ScheduleOptions.h"
#include "tools/ToolSupport.h"

#include "llvm/Pass.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

using namespace llvm;
using mlir::resnet::EmitKind;

namespace {
cl::OptionCategory category("resnet-compile options");
cl::opt<std::string> inputPath(
    cl::Positional, cl::desc("<model.onnx|.mlir|.mlirbc|.safetensors>"),
    cl::init("-"), cl::cat(category));
cl::opt<std::string> outputPath(
    "o", cl::value_desc("file"), cl::cat(category),
    cl::desc("output file, replaced only when complete (default: from the "
             "input's name and --emit; '-': stdout, for "
             "mlir/llvm/asm/obj/ptx)"));
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
cl::opt<std::string> target(
    "target", cl::init("native"), cl::cat(category),
    cl::desc("x86-64[-v2|-v3|-v4], znver1 (AMD Zen / Zen+), native "
             "(default), cuda, or cuda-host-check (the GPU tiling run on "
             "the CPU)"));
cl::opt<std::string> gpuArch(
    "gpu-arch", cl::init("sm_80"), cl::cat(category),
    cl::desc("with --target=cuda: the GPU architecture (default sm_80)"));
cl::opt<std::string> modelName(
    "name", cl::cat(category),
    cl::desc("C name of the model: symbols resnet_<name>_* (default: the "
             "entry function's name)"));
cl::opt<std::string> reportPath(
    "report", cl::cat(category), cl::value_desc("file.json"),
    cl::desc("write a JSON report (layers, FLOPs, sizes, times; default "
             "none)"));
cl::opt<bool> profileLayers(
    "profile", cl::init(false), cl::cat(category),
    cl::desc("time each layer: the executable's --profile prints them "
             "(CPU executables; default false)"));
cl::opt<bool> traceLayers(
    "trace", cl::init(false), cl::cat(category),
    cl::desc("per-layer numerics trace: the executable's --trace DIR writes "
             "every layer's output as .npy (CPU executables; default false)"));
cl::opt<bool> openmp(
    "openmp", cl::init(true), cl::cat(category),
    cl::desc("at -O2/-O3, run each layer's tiles on threads (OpenMP "
             "worksharing loops on resnet's own thread pool; default on, "
             "except for --emit=static-lib: pass --openmp to get it)"));
cl::opt<unsigned> jobs("j", cl::init(0), cl::cat(category), cl::value_desc("N"),
                       cl::desc("LLVM codegen threads (default 0: all cores)"));
cl::opt<std::string> runtimeLib(
    "runtime-lib", cl::Hidden, cl::cat(category),
    cl::desc("libresnet_runtime.a to link executables with (default: "
             "../lib/ next to this tool)"));
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::resnet::setVersionPrinter();
  mlir::resnet::registerImportCLOptions();
  cl::HideUnrelatedOptions({&category, &mlir::resnet::importCLOptionCategory(),
                            &scheduleCategory(), &imagePreprocessCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "resnet-compile: compile a resnet model ahead of time to an "
      "executable or a library\n(--time-passes times every step)\n");
  mlir::resnet::CompileOptions options;
  mlir::resnet::readImportCLOptions(options.import, &options.importFlags);
  options.batch = options.import.batch;
  options.inputPath = inputPath;
  options.outputPath = outputPath;
  options.optLevel = optLevel;
  options.emit = emitKind;
  options.target = target;
  options.gpuArch = gpuArch;
  options.gpuArchGiven = gpuArch.getNumOccurrences() > 0;
  options.name = modelName;
  options.reportPath = reportPath;
  options.profile = profileLayers;
  options.trace = traceLayers;
  options.openmp = mlir::resnet::optionalValue(openmp);
  options.runtimeLib = runtimeLib;
  options.jobs = jobs;
  options.argv0 = argv[0];
  options.preprocess = readPreprocessOptions();
  readScheduleOptions(options);
  // --time-passes is LLVM's own flag: it times LLVM's passes and ours.
  options.timePasses = llvm::TimePassesIsEnabled;
  // Deeply nested input recurses in the parser: parse on a large stack.
  return mlir::resnet::runOnLargeStack(
      [&] { return mlir::resnet::compileModel(options); });
}
