//===- Compiler.h - resnet-compile as a library -----------------*- C++ -*-===//
//
// The stages of resnet-compile, each a function: read the model (MLIR text
// or bytecode parsed; ONNX, safetensors weights with --arch, or --arch alone
// imported in-process by importer/, recognised by the file's contents),
// validate it, re-specialise its batch, build and run the MLIR pipeline (CPU or
// CUDA), translate to LLVM IR and optimise it, emit the object file, link
// (executable, shared or static library + header) and write the report.
// compileModel chains them; the tool only fills CompileOptions. Every file
// is opened before the work starts and replaced only when the whole compile
// succeeded (OutputFiles): a failed or killed compile leaves the old files.
//
// Errors are printed as `resnet-compile: error: ...` (or as MLIR
// diagnostics) where they happen; a failed stage returns failure and
// compileModel then returns exit code 1.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_COMPILER_H
#define RESNET_CODEGEN_COMPILER_H

#include "codegen/common/ModelAbi.h"
#include "codegen/common/ModelReport.h"
#include "importer/Import.h"
#include "importer/ModelFormat.h"
#include "support/AtomicFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <optional>
#include <string>

namespace mlir::resnet {

enum class EmitKind { Mlir, Llvm, Asm, Obj, Exe, StaticLib, SharedLib, Ptx };

/// Image preprocessing as given on the command line (--preprocess, --resize,
/// --crop, --mean, --std, --bgr); resolvePreprocess checks it against the
/// model's input.
struct PreprocessOptions {
  /// "" (none unless another flag is given), "none" or "imagenet".
  std::string preset;
  std::optional<int64_t> resize;
  /// "N" or "HxW": must be the model's input size.
  std::string crop;
  /// Comma-separated, one value or one per channel.
  std::string mean, std;
  std::optional<bool> bgr;

  bool any() const {
    return !preset.empty() || resize || !crop.empty() || !mean.empty() ||
           !std.empty() || bgr;
  }
};

struct CompileOptions {
  /// The model (ONNX, safetensors with import.arch, .mlir or .mlirbc; "-"
  /// is stdin; with import.arch, "-" or empty builds random weights) and
  /// the output file (empty: defaultOutputPath()).
  std::string inputPath = "-";
  std::string outputPath;
  /// 0 naive loops, 1-2 optimized, 3 also Winograd.
  unsigned optLevel = 3;
  EmitKind emit = EmitKind::Exe;
  /// x86-64, x86-64-v2, x86-64-v3, x86-64-v4, znver1, native or cuda.
  std::string target = "native";
  /// With target cuda; set by the user (else "--gpu-arch needs --target=cuda"
  /// is not checked).
  std::string gpuArch = "sm_80";
  bool gpuArchGiven = false;
  /// Re-specialise the model to this batch size (imported models are
  /// built with it).
  std::optional<int64_t> batch;
  /// How ONNX and safetensors models and --arch are imported: resnet-import's
  /// options (inputFile, weightsFile and batch are set from the input).
  ImportOptions import;
  /// The import-only flags given ("--input-size", ...), refused for MLIR
  /// input.
  llvm::SmallVector<std::string> importFlags;
  /// C name of the model (default: the entry function's name).
  std::string name;
  /// Where to write the JSON report (empty: none).
  std::string reportPath;
  /// Time each layer (CPU executables).
  bool profile = false;
  /// Write each layer's output when the executable runs with --trace DIR
  /// (CPU executables).
  bool trace = false;
  /// Threads at -O2+ (OpenMP worksharing loops on runtime/threads.c's
  /// pool); unset: on except for --emit=static-lib.
  std::optional<bool> openmp;
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
  /// Reduction elements a CPU layer sums into fresh accumulators before
  /// adding them to its running sums (--accumulator-block; 0: one
  /// accumulator over each whole reduction).
  int64_t accumulatorBlock = 64;
  std::string ompSchedule = "guided";
  /// The L1 data cache the tile selection plans for, bytes per core (0:
  /// the target's); 48 KiB and more are 12-way, less 8-way.
  int64_t l1Bytes = 0;
  /// Bottleneck blocks in row bands at -O2+: auto, on or off.
  std::string bandFusion = "off";
  /// Band height forced on the blocks it divides (0: per block).
  int64_t bandRows = 0;
  /// Groups of images a batch runs as, one after the other (1: the whole
  /// batch; 0: the cost model's, the whole model's or its first layers',
  /// see --resnet-select-image-groups).
  int64_t imageGroups = 0;
  /// libresnet_runtime.a for executables (empty: defaultRuntimeLibrary of
  /// `argv0`); libresnet_threads.a, which threaded libraries link, is the
  /// one next to it.
  std::string runtimeLib;
  const char *argv0 = "resnet-compile";
  /// Threads for LLVM's optimization and code generation of an executable
  /// or a shared library (0: every core this process may use).
  unsigned jobs = 0;
  /// Time every step (--time-passes).
  bool timePasses = false;
  /// How the executable's image arguments become the input.
  PreprocessOptions preprocess;

  bool isCuda() const { return target == "cuda"; }
  /// The GPU path's tiled IR run on the CPU (resnet-gpu-tiles-to-host), to
  /// check it against the reference without a GPU.
  bool isCudaHostCheck() const { return target == "cuda-host-check"; }
  /// A static or shared library, which comes with a C header.
  bool emitsLibrary() const {
    return emit == EmitKind::StaticLib || emit == EmitKind::SharedLib;
  }
  /// An executable or a library: made from the object file, to a file (not
  /// stdout).
  bool linksOutput() const { return emit == EmitKind::Exe || emitsLibrary(); }
  /// Whether the CPU code uses threads (and links the thread runtime).
  bool useOpenMP() const;
  /// The output file: outputPath, else derived from the input's name.
  std::string output() const;
  /// The default output file for the input and the emit kind.
  std::string defaultOutputPath() const;
};

/// Prints `resnet-compile: error: <message>`; returns failure.
LogicalResult compileError(const llvm::Twine &message);

/// The checks done before the input is read: the opt level, --profile and
/// --trace.
LogicalResult checkOptions(const CompileOptions &options);

/// What may be written where: `-o -` (stdout) takes the textual kinds and
/// objects, executables and libraries need a file; the output, a library's
/// header and the report must be different files.
LogicalResult checkOutputPaths(const CompileOptions &options);

/// The files a compile writes: the output, a library's C header and the
/// --report JSON. Each is an AtomicFile: written under a temporary name in
/// its target's directory and renamed over the target by commit(), so a
/// failed or killed compile leaves every target as it was.
struct OutputFiles {
  std::optional<AtomicFile> output, header, report;
  /// Renames each over its target, the report last, as one
  /// (commitTogether); the first error.
  LogicalResult commit();
};

/// Opens the output files; done before any work, so that an unwritable
/// output or report fails first.
FailureOr<OutputFiles> openOutputFiles(const CompileOptions &options);

/// What --target=cuda needs or refuses (and --emit=ptx/--gpu-arch without it).
LogicalResult checkTargetOptions(const CompileOptions &options);

/// The registry of every dialect, extension and translation compiling needs.
DialectRegistry makeCompilerRegistry();

/// The public function the model is compiled from (one tensor in, one out).
FailureOr<func::FuncOp> findEntry(ModuleOp module);

/// Re-specialises `entry` to options.batch, when given.
LogicalResult respecializeBatch(func::FuncOp entry,
                                const CompileOptions &options);

/// The preprocessing `options` describe for a model whose input has shape
/// `inputShape` (NCHW, 1 or 3 channels), std::nullopt when none is asked
/// for; failure (with a resnet-compile error) on a bad value.
FailureOr<std::optional<Preprocess>>
resolvePreprocess(const PreprocessOptions &options,
                  llvm::ArrayRef<int64_t> inputShape);

/// The model file, read and recognised: MLIR (text or bytecode, in
/// `buffer`) to parse, or a model to import with `import`.
struct ModelSource {
  ModelFormat format = ModelFormat::Unknown;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  ImportOptions import;
  bool isMlir() const {
    return format == ModelFormat::MlirText ||
           format == ModelFormat::MlirBytecode;
  }
};

/// Reads options.inputPath and recognises its format by content
/// (importer/ModelFormat.h); checks that the import flags fit it (--arch
/// with safetensors weights or no file, none of them with MLIR). Errors
/// name the file and, for an unknown format, the formats accepted.
FailureOr<ModelSource> readModelSource(const CompileOptions &options);

/// Imports `source` (not MLIR) in-process, as resnet-import would, and
/// prints the import summary (a dynamic batch axis); null after an error.
OwningOpRef<ModuleOp> importModelSource(MLIRContext &context,
                                        const ModelSource &source,
                                        TimingScope &timing);

/// Finds the entry of `module`, re-specialises the batch, checks resource
/// limits, and renames the entry function to the C ABI's symbol. Returns
/// the model's signature.
FailureOr<ModelSignature> validateModel(MLIRContext &context,
                                        const CompileOptions &options,
                                        ModuleOp module);

/// Parses the model in `sourceMgr`, then validateModel. `module` holds the
/// model.
FailureOr<ModelSignature> parseAndValidate(MLIRContext &context,
                                           llvm::SourceMgr &sourceMgr,
                                           const CompileOptions &options,
                                           OwningOpRef<ModuleOp> &module,
                                           TimingScope &timing);

/// The passes from resnet ops to the LLVM dialect: into `pm` the front half
/// and, for CPUs, the configuration stage (each layer's `#resnet.tile`),
/// into `codegen` the CPU code generation stage that applies them; for
/// CUDA the whole GPU pipeline goes into `pm` and `codegen` stays empty.
void buildPipeline(OpPassManager &pm, OpPassManager &codegen,
                   const CompileOptions &options);

/// For --report: the CPU layers' configurations, read from `module` between
/// the two stages of buildPipeline.
void recordTileReports(ModuleOp module, const CompileOptions &options,
                       ModelReport &report);

/// Runs both stages of buildPipeline on `module` (recordTileReports
/// between them) and reads the arena plan into `signature`.
LogicalResult runPipeline(ModuleOp module, const CompileOptions &options,
                          ModelSignature &signature, ModelReport &report,
                          TimingScope &timing);

/// Writes to `os` what --emit=mlir and --emit=ptx produce from the lowered
/// module.
LogicalResult writeLoweredModule(ModuleOp module,
                                 const CompileOptions &options,
                                 llvm::raw_ostream &os);

/// The lowered module as LLVM IR with the model's descriptor(s).
std::unique_ptr<llvm::Module>
translateToLLVM(ModuleOp module, llvm::LLVMContext &llvmContext,
                const ModelSignature &signature, const CompileOptions &options,
                TimingScope &timing);

/// The host TargetMachine (x86-64 host code for CUDA); then LLVM's
/// optimisation pipeline on `llvmModule`.
FailureOr<std::unique_ptr<llvm::TargetMachine>>
optimizeLLVM(llvm::Module &llvmModule, const CompileOptions &options,
             TimingScope &timing);

/// Emits object code (assembly for --emit=asm) into `bytes`.
LogicalResult emitObject(llvm::Module &llvmModule,
                         llvm::TargetMachine &machine,
                         llvm::SmallVectorImpl<char> &bytes,
                         const CompileOptions &options, TimingScope &timing);

/// libresnet_runtime.a: options.runtimeLib, else the one next to the tool.
std::string runtimeLibrary(const CompileOptions &options);

/// The thread runtime (libresnet_threads.a, next to the runtime library)
/// that threaded shared and static libraries include; empty without
/// threads. Executables get it from libresnet_runtime.a.
std::string threadsLibrary(const CompileOptions &options);

/// Makes the executable, shared or static library (+ C header) from the
/// object files `objects` (one for a static library), into `files`.
LogicalResult linkOutput(llvm::ArrayRef<std::string> objects,
                         const ModelSignature &signature,
                         const CompileOptions &options, OutputFiles &files,
                         TimingScope &timing);

/// Writes the --report JSON (with the output's size) into files.report.
void writeReport(ModelReport &report, const ModelSignature &signature,
                 const CompileOptions &options, OutputFiles &files);

/// Every stage in order; returns the tool's exit code (0 or 1).
int compileModel(const CompileOptions &options);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMPILER_H
