//===- resnet-run.cpp - run a resnet model with the reference interpreter -===//
//
//   resnet-run model.mlir [--input x.npy ...] [--output y.npy ...]
//              [--entry name] [--seed N] [--write-input x.npy ...]
//              [--compare ref.npy ... --rtol R --atol A] [--print] [--top K]
//              [--f64] [--trace DIR]
//   resnet-run --compare-trace A B [--rtol R --atol A]
//
// Without --input, every argument of the entry function gets a deterministic
// pseudo-random tensor (runtime/random.h; argument k uses seed + k).
// --compare passes when every element satisfies |got - ref| <= atol +
// rtol * |ref|; the tool exits with 1 otherwise, and on any error. The work
// is done by reference/Runner.h; this file only reads the command line.
// --trace writes every layer's output (dialect/TraceNames.h), --f64
// computes in double, --compare-trace compares two trace directories.
//
//===----------------------------------------------------------------------===//
#include "reference/Runner.h"
#include "tools/ToolSupport.h"

#include "dialect/InputFiles.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

namespace cl = llvm::cl;

namespace {
cl::OptionCategory runCategory("resnet-run options");
cl::opt<std::string> modelPath(cl::Positional,
                               cl::desc("<model.mlir or model.mlirbc>"),
                               cl::cat(runCategory));
cl::list<std::string>
    inputPaths("input",
               cl::desc("input .npy, one per argument (default: "
                        "generated, see --seed)"),
               cl::value_desc("file"), cl::cat(runCategory));
cl::list<std::string>
    outputPaths("output",
                cl::desc("write result k to the k-th file (default: "
                         "none)"),
                cl::value_desc("file"), cl::cat(runCategory));
cl::opt<std::string>
    entryName("entry",
              cl::desc("function to run (default: the only public one, or "
                       "'main')"),
              cl::value_desc("name"), cl::cat(runCategory));
cl::opt<uint64_t> seed("seed",
                       cl::desc("seed of the generated inputs (default 0)"),
                       cl::init(0), cl::cat(runCategory));
cl::list<std::string>
    writeInputPaths("write-input",
                    cl::desc("save the k-th (generated) input to a .npy "
                             "(default: none)"),
                    cl::value_desc("file"), cl::cat(runCategory));
cl::list<std::string>
    comparePaths("compare",
                 cl::desc("compare result k against the k-th .npy "
                          "(default: none)"),
                 cl::value_desc("file"), cl::cat(runCategory));
cl::opt<double>
    relTolerance("rtol",
                 cl::desc("relative tolerance of --compare (default 1e-4)"),
                 cl::init(1e-4), cl::cat(runCategory));
cl::opt<double>
    absTolerance("atol",
                 cl::desc("absolute tolerance of --compare (default 1e-5)"),
                 cl::init(1e-5), cl::cat(runCategory));
cl::opt<bool> printResults("print",
                           cl::desc("print the result values (default false)"),
                           cl::cat(runCategory));
cl::opt<unsigned> topK("top",
                       cl::desc("print the K largest scores per image, as the "
                                "binaries do (default 0: none)"),
                       cl::init(0), cl::cat(runCategory));
cl::opt<bool> f64("f64",
                  cl::desc("compute in float64; --output and --trace write "
                           "float64 .npy (default false)"),
                  cl::cat(runCategory));
cl::opt<std::string>
    traceDir("trace",
             cl::desc("write every layer's output to DIR (NNN_<layer>.npy "
                      "and index.txt), as a binary made with resnet-compile "
                      "--trace does (default none)"),
             cl::value_desc("DIR"), cl::cat(runCategory));
cl::list<std::string> compareTrace(
    "compare-trace", cl::multi_val(2),
    cl::desc("compare trace A with trace B layer by layer (max abs/rel "
             "difference, the first layer outside --atol/--rtol); no model "
             "(default none)"),
    cl::value_desc("A B"), cl::cat(runCategory));
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::resnet::setVersionPrinter();
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "resnet-run: evaluate a resnet model with the reference interpreter\n");
  if (!compareTrace.empty()) {
    if (!modelPath.empty())
      return mlir::resnet::reference::runError(
          "--compare-trace takes two trace directories and no model");
    return mlir::resnet::reference::compareTraces(
        compareTrace[0], compareTrace[1], relTolerance, absTolerance);
  }
  if (modelPath.empty())
    return mlir::resnet::reference::runError(
        "no model given (see --help)");
  mlir::resnet::reference::RunOptions options;
  options.modelPath = modelPath;
  options.inputPaths.assign(inputPaths.begin(), inputPaths.end());
  options.outputPaths.assign(outputPaths.begin(), outputPaths.end());
  options.writeInputPaths.assign(writeInputPaths.begin(),
                                 writeInputPaths.end());
  options.comparePaths.assign(comparePaths.begin(), comparePaths.end());
  options.entryName = entryName;
  options.seed = seed;
  options.rtol = relTolerance;
  options.atol = absTolerance;
  options.print = printResults;
  options.topK = topK;
  options.f64 = f64;
  options.traceDir = traceDir;
  // Deeply nested input recurses in the parser: parse on a large stack.
  return mlir::resnet::runOnLargeStack(
      [&] { return mlir::resnet::reference::runModel(options); });
}
