//===- Compiler.cpp - resnet-compile as a library -------------------------===//
#include "codegen/Compiler.h"

#include "codegen/ModelCheck.h"
#include "codegen/common/Link.h"
#include "codegen/common/Pipeline.h"
#include "codegen/cpu/ParallelCodegen.h"
#include "codegen/cpu/Pipeline.h"
#include "codegen/cpu/Target.h"
#include "codegen/cpu/TargetMachine.h"
#include "codegen/cpu/TileReport.h"
#include "codegen/gpu/KernelReport.h"
#include "codegen/gpu/Pipeline.h"
#include "codegen/gpu/Target.h"
#include "dialect/InputFiles.h"
#include "dialect/ResNetDialect.h"
#include "dialect/ResourceLimits.h"
#include "passes/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cstdlib>

using namespace llvm;

namespace mlir::resnet {

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

bool CompileOptions::useOpenMP() const {
  if (isCuda() || isCudaHostCheck() || optLevel < 2)
    return false;
  if (!openmp)
    return emit != EmitKind::StaticLib;
  return *openmp;
}

std::string CompileOptions::defaultOutputPath() const {
  bool noFile = inputPath.empty() || inputPath == "-";
  StringRef stem =
      sys::path::stem(!noFile               ? StringRef(inputPath)
                      : import.arch.empty() ? StringRef("model")
                                            : StringRef(import.arch));
  switch (emit) {
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

std::string CompileOptions::output() const {
  return outputPath.empty() ? defaultOutputPath() : outputPath;
}

LogicalResult compileError(const Twine &message) {
  errs() << "resnet-compile: error: " << message << "\n";
  return failure();
}

/// Prints `error` (if any) as a resnet-compile error.
static LogicalResult check(Error error) {
  if (error)
    return compileError(toString(std::move(error)));
  return success();
}

LogicalResult checkOptions(const CompileOptions &options) {
  if (options.optLevel > 3)
    return compileError("optimization level must be -O0, -O1, -O2 or -O3");
  if (options.winogradTile != 0 && options.winogradTile != 2 &&
      options.winogradTile != 4)
    return compileError("--winograd-tile must be 0 (per layer), 2 or 4, got " +
                        std::to_string(options.winogradTile));
  if (options.winogradRows < 0)
    return compileError("--winograd-rows must be 0 (per layer) or positive");
  if (options.winogradFilter != "auto" && options.winogradFilter != "stored" &&
      options.winogradFilter != "run-time" &&
      options.winogradFilter != "run-time-blocks")
    return compileError("--winograd-filter must be auto, stored, run-time or "
                        "run-time-blocks, got '" +
                        options.winogradFilter + "'");
  if (options.memoryBudget < 0)
    return compileError("--memory-budget must be 0 (no limit) or positive");
  if (options.accumulatorBlock < 0)
    return compileError("--accumulator-block must be 0 (one accumulator) or "
                        "positive, got " +
                        std::to_string(options.accumulatorBlock));
  if (options.bandFusion != "auto" && options.bandFusion != "on" &&
      options.bandFusion != "off")
    return compileError("--band-fusion must be auto, on or off, got '" +
                        options.bandFusion + "'");
  if (options.bandRows < 0)
    return compileError("--band-rows must be 0 (per block) or positive");
  if (options.imageGroups < 0)
    return compileError("--image-groups must be 0 (by the cost model) or "
                        "positive");
  if (options.l1Bytes < 0 || (options.l1Bytes > 0 && options.l1Bytes < 4096))
    return compileError("--l1-bytes must be 0 (the target's) or at least "
                        "4096, got " + std::to_string(options.l1Bytes));
  // The layer hooks live in the executables' runtime library.
  if (options.profile &&
      (options.isCuda() || options.emit == EmitKind::StaticLib ||
       options.emit == EmitKind::SharedLib))
    return compileError("--profile is for CPU executables (--emit=exe, or "
                        "obj/asm/llvm/mlir linked with the runtime library)");
  // So is the trace writer.
  if (options.trace &&
      (options.isCuda() || options.emit == EmitKind::StaticLib ||
       options.emit == EmitKind::SharedLib))
    return compileError("--trace is for CPU executables (--emit=exe, or "
                        "obj/asm/llvm/mlir linked with the runtime library)");
  return success();
}

LogicalResult checkTargetOptions(const CompileOptions &options) {
  if (options.isCudaHostCheck()) {
    if (options.emit == EmitKind::Ptx)
      return compileError("--emit=ptx needs --target=cuda");
    return success();
  }
  if (!options.isCuda()) {
    if (llvm::Expected<CpuTarget> target = CpuTarget::get(options.target);
        !target)
      return compileError(llvm::toString(target.takeError()));
    if (options.emit == EmitKind::Ptx)
      return compileError("--emit=ptx needs --target=cuda");
    if (options.gpuArchGiven)
      return compileError("--gpu-arch needs --target=cuda");
    return success();
  }
  if (!gpuArchFeatures(options.gpuArch))
    return compileError("unsupported --gpu-arch '" + options.gpuArch +
                        "' (expected one of " + supportedGpuArchs() + ")");
  if (options.emit == EmitKind::StaticLib ||
      options.emit == EmitKind::SharedLib)
    return compileError(
        "--emit=static-lib and --emit=shared-lib are not supported for "
        "--target=cuda (use --emit=exe, or --emit=obj and link "
        "libresnet_cuda_runtime.a -ldl -lpthread yourself)");
  return success();
}

DialectRegistry makeCompilerRegistry() {
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<ResNetDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  registerGpuTranslations(registry);
  return registry;
}

//===----------------------------------------------------------------------===//
// Parse and validate
//===----------------------------------------------------------------------===//

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

LogicalResult respecializeBatch(func::FuncOp entry,
                                const CompileOptions &options) {
  if (!options.batch)
    return success();
  if (*options.batch <= 0)
    return compileError("--batch must be positive");
  PassManager pm(entry.getContext(), func::FuncOp::getOperationName());
  pm.addPass(createSetBatchSize(SetBatchSizeOptions{*options.batch}));
  return pm.run(entry);
}

/// The error for a model file whose format does not fit the flags.
static LogicalResult sourceError(StringRef path, const Twine &message) {
  return compileError("'" + path + "' " + message);
}

FailureOr<ModelSource> readModelSource(const CompileOptions &options) {
  ModelSource source;
  source.import = options.import;
  source.import.batch = options.batch;
  source.import.errorPrefix = "resnet-compile: error: ";
  StringRef path = options.inputPath;
  // --arch without a file builds the architecture with random weights, or
  // with --weights: imported as safetensors weights are.
  if (!options.import.arch.empty() && (path.empty() || path == "-")) {
    source.format = ModelFormat::Safetensors;
    return source;
  }
  Expected<std::unique_ptr<MemoryBuffer>> file =
      readInputFile(path, "input file", /*requiresNullTerminator=*/true);
  if (!file)
    return check(file.takeError());
  source.format = detectModelFormat((*file)->getBuffer(), path);
  StringRef name = modelFormatName(source.format);
  switch (source.format) {
  case ModelFormat::MlirText:
    if (failed(check(checkNestingDepth((*file)->getBuffer(), path))))
      return failure();
    [[fallthrough]];
  case ModelFormat::MlirBytecode:
    if (!options.importFlags.empty())
      return sourceError(path, "is " + name + ": " +
                                   options.importFlags.front() +
                                   " applies to ONNX, safetensors and --arch "
                                   "models (--batch re-specializes any)");
    source.buffer = std::move(*file);
    return source;
  case ModelFormat::Onnx:
    if (!options.import.arch.empty())
      return sourceError(path, "is an ONNX model: --arch goes with "
                               "safetensors weights or no file");
    source.import.inputFile = path.str();
    // Standard input cannot be read twice: the importer takes these bytes.
    if (path == "-") {
      source.buffer = std::move(*file);
      source.import.inputBytes = source.buffer->getBuffer();
    }
    return source;
  case ModelFormat::Safetensors:
    if (options.import.arch.empty())
      return sourceError(path, "holds safetensors weights: name their "
                               "architecture with --arch (resnet18, "
                               "resnet50, ...)");
    if (!options.import.weightsFile.empty())
      return sourceError(path, "holds the weights already: drop --weights");
    source.import.weightsFile = path.str();
    return source;
  case ModelFormat::Unknown:
    break;
  }
  return sourceError(path, "is not a model resnet-compile reads (judged by "
                           "its contents): give " +
                               acceptedModelFormats());
}

OwningOpRef<ModuleOp> importModelSource(MLIRContext &context,
                                        const ModelSource &source,
                                        TimingScope &timing) {
  TimingScope importTiming = timing.nest("import");
  ImportSummary summary;
  OwningOpRef<ModuleOp> module = importModule(context, source.import, &summary);
  if (module)
    printImportSummary(summary, source.import);
  return module;
}

FailureOr<ModelSignature> parseAndValidate(MLIRContext &context,
                                           SourceMgr &sourceMgr,
                                           const CompileOptions &options,
                                           OwningOpRef<ModuleOp> &module,
                                           TimingScope &timing) {
  TimingScope parseTiming = timing.nest("parse");
  module = parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return failure();
  parseTiming.stop();
  return validateModel(context, options, *module);
}

FailureOr<ModelSignature> validateModel(MLIRContext &context,
                                        const CompileOptions &options,
                                        ModuleOp module) {
  FailureOr<func::FuncOp> entry = findEntry(module);
  if (failed(entry) || failed(checkCompilable(module, *entry)) ||
      failed(respecializeBatch(*entry, options)) ||
      failed(checkResourceLimits(module)))
    return failure();
  ModelSignature signature;
  signature.name = toCIdentifier(options.name.empty()
                                     ? entry->getSymName()
                                     : StringRef(options.name));
  mlir::FunctionType type = entry->getFunctionType();
  ArrayRef<int64_t> input = cast<RankedTensorType>(type.getInput(0)).getShape();
  ArrayRef<int64_t> output =
      cast<RankedTensorType>(type.getResult(0)).getShape();
  signature.inputShape.assign(input.begin(), input.end());
  signature.outputShape.assign(output.begin(), output.end());
  FailureOr<std::optional<Preprocess>> preprocess =
      resolvePreprocess(options.preprocess, signature.inputShape);
  if (failed(preprocess))
    return failure();
  signature.preprocess = *preprocess;
  // A model that declares uint8/int8 input data (ONNX) reads such .npy
  // files; the values reach the entry as exact f32.
  if (auto declared =
          entry->getArgAttrOfType<TypeAttr>(0, kElementTypeAttrName))
    signature.inputDtype =
        declared.getValue().isUnsignedInteger(8) ? "|u1" : "|i1";
  // Recorded in the signature; the code is f32 (and LLVM IR has no such
  // parameter attribute: the translation would warn).
  for (unsigned i = 0; i < entry->getNumArguments(); ++i)
    entry->removeArgAttr(i, kElementTypeAttrName);
  for (unsigned i = 0; i < entry->getNumResults(); ++i)
    entry->removeResultAttr(i, kElementTypeAttrName);
  if (failed(SymbolTable::replaceAllSymbolUses(
          *entry, StringAttr::get(&context, signature.entrySymbol()), module)))
    return compileError("cannot rename the entry function");
  SymbolTable::setSymbolName(*entry, signature.entrySymbol());
  return signature;
}

//===----------------------------------------------------------------------===//
// The MLIR pipeline
//===----------------------------------------------------------------------===//

/// The CUDA path after the shared front half: kernels as a cubin when the
/// toolkit's ptxas is found, else as PTX that the driver compiles at load.
static void addCudaPipeline(OpPassManager &pm, OpPassManager &codegen,
                            const CompileOptions &options) {
  GpuOptions gpu;
  gpu.chip = options.gpuArch;
  gpu.features = *gpuArchFeatures(options.gpuArch);
  gpu.optLevel = options.optLevel;
  gpu.format = "isa";
  if (options.emit != EmitKind::Ptx) {
    CudaToolkit toolkit = findCudaToolkit();
    StringRef origin = toolkit.fromEnvironment ? "$CUDA_ROOT" : "default";
    if (!toolkit.ptxas.empty()) {
      // gpu-module-to-binary looks for ptxas under $CUDA_ROOT. A --report
      // assembles the PTX itself, with ptxas -v (reportGpuKernels).
      setenv("CUDA_ROOT", toolkit.root.c_str(), /*overwrite=*/1);
      gpu.format = options.reportPath.empty() ? "bin" : "isa";
      errs() << "resnet-compile: note: kernels compiled to a "
             << options.gpuArch << " cubin by " << toolkit.ptxas << " ("
             << origin << ")\n";
    } else {
      errs() << "resnet-compile: note: no ptxas in " << toolkit.root << " ("
             << origin << "; set CUDA_ROOT): kernels embedded as PTX, "
             << "compiled by the CUDA driver at load\n";
      // The NVVM serialiser reports a $CUDA_ROOT that does not exist.
      if (!sys::fs::is_directory(toolkit.root))
        unsetenv("CUDA_ROOT");
    }
  }
  // The kernels as named gpu.launches first (the report reads them), then
  // the rest.
  buildGpuKernelPipeline(pm, gpu);
  buildGpuLoweringPipeline(codegen, gpu);
}

void buildPipeline(OpPassManager &pm, OpPassManager &codegen,
                   const CompileOptions &options) {
  CpuPipelineOptions cpu;
  cpu.optLevel = options.optLevel;
  cpu.target = options.target;
  cpu.imageGroups = options.imageGroups;
  cpu.winograd = options.winograd;
  cpu.traceLayers = options.trace;
  buildResNetGraphPipeline(pm, options.optLevel, options.profile,
                           options.trace);
  if (!options.isCuda() && !options.isCudaHostCheck())
    buildCpuModelPipeline(pm, cpu);
  buildResNetConversionPipeline(pm, options.trace);
  if (options.isCuda())
    return addCudaPipeline(pm, codegen, options);
  if (options.isCudaHostCheck()) {
    // The GPU tiling, then the CPU back end at -O0: plain loops, one thread.
    buildGpuHostCheckTiling(pm, GpuOptions());
    CpuPipelineOptions loops;
    loops.optLevel = 0;
    loops.openmp = false;
    loops.target = "native";
    buildCpuCodegenPipeline(codegen, loops);
    return;
  }
  cpu.profileLayers = options.profile;
  cpu.openmp = options.useOpenMP();
  cpu.memoryBudget = options.memoryBudget;
  cpu.winogradTile = options.winogradTile;
  cpu.winogradRows = options.winogradRows;
  cpu.winogradFilter = options.winogradFilter;
  cpu.accumulatorBlock = options.accumulatorBlock;
  cpu.ompSchedule = options.ompSchedule;
  cpu.bandFusion = options.bandFusion;
  cpu.bandRows = options.bandRows;
  cpu.l1Bytes = options.l1Bytes;
  buildCpuConfigurationPipeline(pm, cpu);
  buildCpuCodegenPipeline(codegen, cpu);
}

void recordTileReports(ModuleOp module, const CompileOptions &options,
                       ModelReport &report) {
  if (options.isCuda() || options.isCudaHostCheck() ||
      options.reportPath.empty())
    return;
  // The target was checked with the options; the tile selection's L1.
  if (llvm::Expected<CpuTarget> target = CpuTarget::get(
          options.target, /*lanes=*/0, options.l1Bytes, /*l2Bytes=*/-1)) {
    report.cpuTarget = target->fields();
    if (options.optLevel >= 2)
      report.accumulatorBlock = options.accumulatorBlock;
    collectTileReports(module, *target, report);
  } else
    llvm::consumeError(target.takeError());
}

/// The report's kernel counts from the PTX and from `ptxas -v`; the cubin
/// replaces the PTX unless the PTX is the output.
static LogicalResult reportGpuKernels(ModuleOp module,
                                      const CompileOptions &options,
                                      ModelReport &report) {
  addPtxLoopCounts(collectKernelPtx(module), report.kernels);
  CudaToolkit toolkit = findCudaToolkit();
  std::optional<GpuTarget> target = GpuTarget::get(options.gpuArch);
  if (toolkit.ptxas.empty() || !target) {
    errs() << "resnet-compile: note: no ptxas: the report has no registers, "
              "spills or occupancy\n";
    return success();
  }
  return assembleKernels(module, toolkit.ptxas, *target, options.optLevel,
                         /*embedCubin=*/options.emit != EmitKind::Ptx,
                         report.kernels);
}

LogicalResult runPipeline(ModuleOp module, const CompileOptions &options,
                          ModelSignature &signature, ModelReport &report,
                          TimingScope &timing) {
  // CPU: the layers' configurations are chosen in a first stage and read
  // from the IR for the report; the second stage applies them.
  PassManager pm(module.getContext()), codegen(module.getContext());
  pm.enableTiming(timing);
  codegen.enableTiming(timing);
  buildPipeline(pm, codegen, options);
  if (failed(pm.run(module)))
    return failure();
  bool gpuReport = options.isCuda() && !options.reportPath.empty();
  if (gpuReport)
    report.kernels = collectGpuKernels(module);
  else
    recordTileReports(module, options, report);
  if (failed(codegen.run(module)))
    return failure();
  if (gpuReport && failed(reportGpuKernels(module, options, report)))
    return failure();
  readEntryPlan(module, signature);
  return success();
}

LogicalResult writeLoweredModule(ModuleOp module,
                                 const CompileOptions &options,
                                 raw_ostream &os) {
  if (options.emit == EmitKind::Ptx) {
    std::string ptx = collectKernelPtx(module);
    if (ptx.empty())
      return compileError("the model compiled to no GPU kernel");
    os << ptx;
    return success();
  }
  module.print(os);
  return success();
}

//===----------------------------------------------------------------------===//
// LLVM IR and machine code
//===----------------------------------------------------------------------===//

std::unique_ptr<llvm::Module>
translateToLLVM(ModuleOp module, LLVMContext &llvmContext,
                const ModelSignature &signature, const CompileOptions &options,
                TimingScope &timing) {
  TimingScope translateTiming = timing.nest("translate to LLVM IR");
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, signature.name);
  if (!llvmModule) {
    (void)compileError("translation to LLVM IR failed");
    return nullptr;
  }
  addModelDescriptor(*llvmModule, signature, signature.descriptorSymbol());
  if (options.emit == EmitKind::Exe)
    addModelDescriptor(*llvmModule, signature, "resnet_model");
  bool shared = options.emit == EmitKind::SharedLib;
  if (shared || options.emit == EmitKind::StaticLib)
    addLibraryEntryPoints(*llvmModule, signature, options.useOpenMP(),
                          /*modelOpen=*/shared);
  return llvmModule;
}

/// The CPU target of the host code: --target, except for a CUDA binary (its
/// host code only launches kernels: portable x86-64) and the host check of
/// the GPU tiling (portable too: it checks tiles, not the host's ISA).
static std::string hostTarget(const CompileOptions &options) {
  if (!options.isCuda() && !options.isCudaHostCheck())
    return options.target;
  return Triple(sys::getProcessTriple()).isX86() ? "x86-64" : "native";
}

FailureOr<std::unique_ptr<TargetMachine>>
optimizeLLVM(llvm::Module &llvmModule, const CompileOptions &options,
             TimingScope &timing) {
  Expected<std::unique_ptr<TargetMachine>> machine =
      createCpuTargetMachine(hostTarget(options), options.optLevel);
  if (!machine)
    return compileError(toString(machine.takeError()));
  TimingScope optTiming = timing.nest("LLVM optimization");
  optimizeLLVMModule(llvmModule, **machine, options.optLevel);
  return std::move(*machine);
}

LogicalResult emitObject(llvm::Module &llvmModule, TargetMachine &machine,
                         SmallVectorImpl<char> &bytes,
                         const CompileOptions &options, TimingScope &timing) {
  TimingScope codegenTiming = timing.nest("machine code");
  // In memory: the ELF writer seeks back to patch its headers, which a pipe
  // (-o -) cannot do, and the output is only written once complete.
  raw_svector_ostream os(bytes);
  if (Error error = emitMachineCode(llvmModule, machine, os,
                                    options.emit == EmitKind::Asm
                                        ? CodeGenFileType::AssemblyFile
                                        : CodeGenFileType::ObjectFile))
    return compileError(toString(std::move(error)));
  return success();
}

//===----------------------------------------------------------------------===//
// The output files
//===----------------------------------------------------------------------===//

/// Whether `a` and `b` name one file: the same path, or existing files that
/// are one (links).
static bool sameFile(StringRef a, StringRef b) {
  SmallString<256> absoluteA(a), absoluteB(b);
  if (a != "-" && b != "-") {
    sys::fs::make_absolute(absoluteA);
    sys::fs::make_absolute(absoluteB);
    sys::path::remove_dots(absoluteA, /*remove_dot_dot=*/true);
    sys::path::remove_dots(absoluteB, /*remove_dot_dot=*/true);
  }
  if (absoluteA == absoluteB)
    return true;
  bool equivalent = false;
  return !sys::fs::equivalent(a, b, equivalent) && equivalent;
}

LogicalResult checkOutputPaths(const CompileOptions &options) {
  std::string output = options.output();
  if (output == "-" && options.linksOutput())
    return compileError(
        "-o -: an executable or a library is written to a file, not to "
        "stdout; give a file name (stdout takes --emit=mlir, llvm, asm, obj "
        "and ptx)");
  // Each file written must be a different one, or one would overwrite
  // another (`--emit=static-lib -o lib.h` and its header).
  SmallVector<std::pair<StringRef, std::string>> files = {{"-o", output}};
  if (options.emitsLibrary())
    files.push_back({"the C header", libraryHeaderPath(output)});
  if (!options.reportPath.empty())
    files.push_back({"--report", options.reportPath});
  for (size_t i = 0; i < files.size(); ++i)
    for (size_t j = i + 1; j < files.size(); ++j)
      if (sameFile(files[i].second, files[j].second))
        return compileError(
            files[i].first + " and " + files[j].first + " are the same file '" +
            files[j].second + "': give them different names" +
            (options.emitsLibrary() ? " (the header is the library's name "
                                      "with its extension replaced by .h)"
                                    : ""));
  return success();
}

FailureOr<OutputFiles> openOutputFiles(const CompileOptions &options) {
  OutputFiles files;
  auto open = [](StringRef path, std::optional<AtomicFile> &file) {
    Expected<AtomicFile> opened = AtomicFile::create(path);
    if (!opened)
      return check(opened.takeError());
    file.emplace(std::move(*opened));
    return success();
  };
  std::string output = options.output();
  if (failed(open(output, files.output)) ||
      (options.emitsLibrary() &&
       failed(open(libraryHeaderPath(output), files.header))) ||
      (!options.reportPath.empty() &&
       failed(open(options.reportPath, files.report))))
    return failure();
  return files;
}

LogicalResult OutputFiles::commit() {
  // The report describes the output: it is replaced last.
  SmallVector<AtomicFile *, 3> files;
  for (std::optional<AtomicFile> *file : {&output, &header, &report})
    if (*file)
      files.push_back(&**file);
  return check(commitTogether(files));
}

//===----------------------------------------------------------------------===//
// Linking and the report
//===----------------------------------------------------------------------===//

std::string runtimeLibrary(const CompileOptions &options) {
  return options.runtimeLib.empty() ? defaultRuntimeLibrary(options.argv0)
                                    : options.runtimeLib;
}

std::string threadsLibrary(const CompileOptions &options) {
  if (!options.useOpenMP())
    return "";
  SmallString<256> path(sys::path::parent_path(runtimeLibrary(options)));
  sys::path::append(path, "libresnet_threads.a");
  return std::string(path);
}

/// The runtime libraries were built with sanitizers: link their runtimes.
static void addRuntimeLinkFlags(std::vector<std::string> &args) {
#ifdef RESNET_RUNTIME_LINK_FLAGS
  SmallVector<StringRef> sanitizeFlags;
  StringRef(RESNET_RUNTIME_LINK_FLAGS).split(sanitizeFlags, ' ');
  for (StringRef flag : sanitizeFlags)
    args.push_back(flag.str());
#else
  (void)args;
#endif
}

/// Links an executable with the runtime library (and the CUDA runtime). The
/// runtime library holds the thread runtime too (runtime/threads.c): it is
/// linked in when the model calls it.
static LogicalResult linkExecutable(ArrayRef<std::string> objects,
                                    AtomicFile &output,
                                    const CompileOptions &options) {
  std::string runtime = runtimeLibrary(options);
  if (!sys::fs::exists(runtime))
    return compileError("runtime library '" + runtime + "' not found");
  std::vector<std::string> args = {"-o", output.pathForProgram()};
  args.insert(args.end(), objects.begin(), objects.end());
  for (const char *arg : {runtime.c_str(), "-lm"})
    args.push_back(arg);
  addRuntimeLinkFlags(args);
  if (options.isCuda()) {
    // The mgpu* runtime, next to the runtime library; it dlopens libcuda.
    SmallString<256> cudaRuntime(sys::path::parent_path(runtime));
    sys::path::append(cudaRuntime, "libresnet_cuda_runtime.a");
    if (!sys::fs::exists(cudaRuntime))
      return compileError("CUDA runtime library '" + cudaRuntime +
                          "' not found");
    for (const char *arg : {cudaRuntime.c_str(), "-ldl", "-lpthread"})
      args.push_back(arg);
  }
  if (options.useOpenMP())
    args.push_back("-lpthread");
  return check(runCDriver(args, output));
}

LogicalResult linkOutput(ArrayRef<std::string> objects,
                         const ModelSignature &signature,
                         const CompileOptions &options, OutputFiles &files,
                         TimingScope &timing) {
  TimingScope linkTiming = timing.nest("link");
  // The linker writes a temporary file, renamed over the output at the end.
  if (options.emit == EmitKind::Exe)
    return linkExecutable(objects, *files.output, options);
  std::string threads = threadsLibrary(options);
  if (!threads.empty() && !sys::fs::exists(threads))
    return compileError("thread runtime library '" + threads + "' not found");
  if (options.emit == EmitKind::SharedLib) {
    // The SONAME is the final file's name (not the temporary one the linker
    // writes): a program linked with it finds it on the library path (or
    // its rpath) under that name.
    std::vector<std::string> args = {
        "-shared",
        "-Wl,-soname," + sys::path::filename(options.output()).str(), "-o",
        files.output->pathForProgram()};
    args.insert(args.end(), objects.begin(), objects.end());
    if (!threads.empty()) {
      // Its symbols are hidden: the library exports only the model.
      args.push_back(threads);
      addRuntimeLinkFlags(args);
      args.push_back("-lpthread");
    }
    args.push_back("-lm");
    if (failed(check(runCDriver(args, *files.output))))
      return failure();
  } else if (objects.size() != 1) {
    return compileError("a static library is compiled as one object");
  } else if (failed(check(writeStaticArchive(objects.front(),
                                             files.output->os(),
                                             signature, threads)))) {
    return failure();
  }
  files.header->os() << makeLibraryHeader(
      signature, options.emit == EmitKind::SharedLib);
  return success();
}

void writeReport(ModelReport &report, const ModelSignature &signature,
                 const CompileOptions &options, OutputFiles &files) {
  report.binaryBytes = files.output->size();
  report.optLevel = options.optLevel;
  report.target =
      options.isCuda() ? "cuda:" + options.gpuArch : options.target;
  writeModelReport(files.report->os(), report, signature);
}

//===----------------------------------------------------------------------===//
// Every stage
//===----------------------------------------------------------------------===//

/// Whether the output is linked from objects compiled in parallel: an
/// executable or a shared library, whose symbols other than the entry
/// points may be spread over several objects. A static library keeps one
/// object (its internal symbols stay local to it); the CUDA host code is
/// small.
static bool compilesInParallel(const CompileOptions &options) {
  return !options.isCuda() && (options.emit == EmitKind::Exe ||
                               options.emit == EmitKind::SharedLib);
}

/// Optimizes and compiles `llvmModule` on every core and links the objects.
static LogicalResult emitLinkedInParallel(llvm::Module &llvmModule,
                                          const ModelSignature &signature,
                                          const CompileOptions &options,
                                          OutputFiles &files,
                                          TimingScope &timing) {
  SmallVector<SmallVector<char, 0>> objects;
  {
    TimingScope codegenTiming =
        timing.nest("LLVM optimization and machine code");
    ParallelCodegenOptions codegenOptions;
    codegenOptions.target = hostTarget(options);
    codegenOptions.optLevel = options.optLevel;
    codegenOptions.jobs = options.jobs;
    Expected<SmallVector<SmallVector<char, 0>>> compiled =
        emitObjectsInParallel(llvmModule, codegenOptions);
    if (!compiled)
      return compileError(toString(compiled.takeError()));
    objects = std::move(*compiled);
  }
  std::vector<ObjectFile> objectFiles;
  std::vector<std::string> paths;
  for (const SmallVector<char, 0> &bytes : objects) {
    Expected<ObjectFile> object = ObjectFile::create();
    if (!object)
      return check(object.takeError());
    if (failed(check(object->write(StringRef(bytes.data(), bytes.size())))))
      return failure();
    paths.push_back(object->path().str());
    objectFiles.push_back(std::move(*object));
  }
  objects.clear();
  return linkOutput(paths, signature, options, files, timing);
}

/// From the lowered module to the output files' contents.
static LogicalResult emitOutput(ModuleOp module, ModelSignature &signature,
                                const CompileOptions &options,
                                OutputFiles &files, TimingScope &timing) {
  raw_ostream &os = files.output->os();
  if (options.emit == EmitKind::Ptx || options.emit == EmitKind::Mlir)
    return writeLoweredModule(module, options, os);
  LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateToLLVM(module, llvmContext, signature, options, timing);
  if (!llvmModule)
    return failure();
  if (compilesInParallel(options))
    return emitLinkedInParallel(*llvmModule, signature, options, files,
                                timing);
  FailureOr<std::unique_ptr<TargetMachine>> machine =
      optimizeLLVM(*llvmModule, options, timing);
  if (failed(machine))
    return failure();
  if (options.emit == EmitKind::Llvm) {
    llvmModule->print(os, nullptr);
    return success();
  }
  SmallVector<char, 0> bytes;
  if (failed(emitObject(*llvmModule, **machine, bytes, options, timing)))
    return failure();
  StringRef objectBytes(bytes.data(), bytes.size());
  if (options.emit == EmitKind::Obj || options.emit == EmitKind::Asm) {
    os << objectBytes;
    return success();
  }
  Expected<ObjectFile> object = ObjectFile::create();
  if (!object)
    return check(object.takeError());
  if (failed(check(object->write(objectBytes))))
    return failure();
  std::string path = object->path().str();
  return linkOutput(path, signature, options, files, timing);
}

int compileModel(const CompileOptions &options) {
  if (failed(checkOptions(options)) || failed(checkOutputPaths(options)))
    return 1;
  MLIRContext context(makeCompilerRegistry());
  context.loadAllAvailableDialects();

  FailureOr<ModelSource> source = readModelSource(options);
  if (failed(source))
    return 1;
  // MLIR diagnostics quote the source line; an imported model's name the
  // ONNX node or torchvision layer, as resnet-import prints them.
  SourceMgr sourceMgr;
  std::optional<SourceMgrDiagnosticHandler> mlirDiagnostics;
  std::optional<ScopedDiagnosticHandler> importDiagnostics;
  if (source->isMlir()) {
    sourceMgr.AddNewSourceBuffer(std::move(source->buffer), SMLoc());
    mlirDiagnostics.emplace(sourceMgr, &context);
  } else {
    importDiagnostics.emplace(&context, [](Diagnostic &diag) {
      printImportDiagnostic(diag);
      return success();
    });
  }

  DefaultTimingManager timingManager;
  timingManager.setEnabled(options.timePasses);
  TimingScope timing = timingManager.getRootScope();
  if (failed(checkTargetOptions(options)))
    return 1;
  // Before any work: an unwritable output or report fails first.
  FailureOr<OutputFiles> files = openOutputFiles(options);
  if (failed(files))
    return 1;
  OwningOpRef<ModuleOp> module;
  FailureOr<ModelSignature> signature = failure();
  if (source->isMlir()) {
    signature = parseAndValidate(context, sourceMgr, options, module, timing);
    if (!module && source->format == ModelFormat::MlirText &&
        options.inputPath != "-" &&
        sys::path::extension(options.inputPath) != ".mlir")
      errs() << "resnet-compile: note: '" << options.inputPath
             << "' was read as MLIR text, the one format left by its "
                "contents; the formats accepted are "
             << acceptedModelFormats() << "\n";
  } else if ((module = importModelSource(context, *source, timing))) {
    signature = validateModel(context, options, *module);
  }
  if (failed(signature))
    return 1;
  ModelReport report;
  if (files->report)
    report = collectModelReport(*module);
  if (failed(runPipeline(*module, options, *signature, report, timing)) ||
      failed(emitOutput(*module, *signature, options, *files, timing)))
    return 1;
  if (files->report)
    writeReport(report, *signature, options, *files);
  return failed(files->commit());
}

} // namespace mlir::resnet
