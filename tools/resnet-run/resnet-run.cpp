//===- resnet-run.cpp - run a resnet model with the reference interpreter -===//
//
//   resnet-run model.mlir [--input x.npy ...] [--output y.npy ...]
//              [--entry name] [--seed N] [--write-input x.npy ...]
//              [--compare ref.npy ... --rtol R --atol A] [--print] [--top K]
//
// Without --input, every argument of the entry function gets a deterministic
// pseudo-random tensor (runtime/random.h; argument k uses seed + k).
// --compare passes when every element satisfies |got - ref| <= atol +
// rtol * |ref|; the tool exits with 1 otherwise, and on any error.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "dialect/ResourceLimits.h"
#include "reference/Interpreter.h"
#include "reference/Npy.h"
#include "runtime/random.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::resnet::reference;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory runCategory("resnet-run options");
cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                               cl::desc("<model.mlir or model.mlirbc>"),
                               cl::cat(runCategory));
cl::list<std::string> inputPaths("input",
                                 cl::desc("input .npy, one per argument"),
                                 cl::value_desc("file"), cl::cat(runCategory));
cl::list<std::string> outputPaths("output",
                                  cl::desc("write result k to the k-th file"),
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
                    cl::desc("save the k-th (generated) input to a .npy"),
                    cl::value_desc("file"), cl::cat(runCategory));
cl::list<std::string>
    comparePaths("compare", cl::desc("compare result k against the k-th .npy"),
                 cl::value_desc("file"), cl::cat(runCategory));
cl::opt<double> rtol("rtol", cl::desc("relative tolerance of --compare"),
                     cl::init(1e-4), cl::cat(runCategory));
cl::opt<double> atol("atol", cl::desc("absolute tolerance of --compare"),
                     cl::init(1e-5), cl::cat(runCategory));
cl::opt<bool> printResults("print", cl::desc("print the result values"),
                           cl::cat(runCategory));
cl::opt<unsigned> topK("top",
                       cl::desc("print the K largest scores per batch row"),
                       cl::init(0), cl::cat(runCategory));

int fail(const llvm::Twine &message) {
  llvm::errs() << "resnet-run: error: " << message << "\n";
  return 1;
}

int fail(llvm::Error error) { return fail(llvm::toString(std::move(error))); }

/// The --entry function, else the only public function with a body, else
/// `main`.
FailureOr<func::FuncOp> findEntry(ModuleOp module) {
  if (!entryName.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(entryName);
    if (!func) {
      fail("no function named '" + entryName + "' in " + modelPath);
      return failure();
    }
    return func;
  }
  SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal())
      candidates.push_back(func);
  if (candidates.size() == 1)
    return candidates.front();
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main;
  std::string names;
  for (func::FuncOp func : candidates)
    names += (names.empty() ? "@" : ", @") + func.getSymName().str();
  if (candidates.empty())
    fail("no public function with a body in " + modelPath);
  else
    fail("entry is ambiguous: " + llvm::Twine(candidates.size()) +
         " public functions (" + names +
         ") and none named 'main'; pick one with --entry");
  return failure();
}

/// Reads the --input files, or generates inputs, for the arguments of `func`.
FailureOr<SmallVector<Tensor>> makeInputs(func::FuncOp func) {
  ArrayRef<Type> types = func.getArgumentTypes();
  if (!inputPaths.empty() && inputPaths.size() != types.size()) {
    fail("'" + func.getSymName() + "' takes " + llvm::Twine(types.size()) +
         " inputs, got " + llvm::Twine(inputPaths.size()) + " --input files");
    return failure();
  }
  SmallVector<Tensor> inputs;
  for (auto [index, type] : llvm::enumerate(types)) {
    auto tensorType = dyn_cast<RankedTensorType>(type);
    if (!tensorType || !tensorType.hasStaticShape() ||
        !tensorType.getElementType().isF32()) {
      std::string s;
      llvm::raw_string_ostream os(s);
      os << type;
      fail("input " + llvm::Twine(index) + " of '" + func.getSymName() +
           "' must be a static f32 tensor, got " + s);
      return failure();
    }
    if (inputPaths.empty()) {
      Tensor tensor(tensorType.getShape());
      resnet_fill_random(tensor.data.data(), tensor.data.size(), seed + index);
      inputs.push_back(std::move(tensor));
      continue;
    }
    llvm::Expected<Tensor> tensor =
        readNpy(inputPaths[index], tensorType.getShape());
    if (!tensor) {
      fail(tensor.takeError());
      return failure();
    }
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

/// Prints one line per innermost row: `[i, j, k]: v0 v1 ...`.
void printTensor(unsigned index, const Tensor &tensor) {
  llvm::outs() << "result " << index << ": " << shapeToString(tensor.shape)
               << "\n";
  int64_t row = tensor.shape.empty() ? 1 : tensor.shape.back();
  ArrayRef<int64_t> outer =
      ArrayRef<int64_t>(tensor.shape).drop_back(tensor.shape.empty() ? 0 : 1);
  for (int64_t start = 0; start < tensor.size();
       start += std::max<int64_t>(row, 1)) {
    // Unravel the row number into the outer indices.
    SmallVector<int64_t> idx(outer.size());
    int64_t r = start / std::max<int64_t>(row, 1);
    for (int64_t d = outer.size() - 1; d >= 0; --d) {
      idx[d] = r % outer[d];
      r /= outer[d];
    }
    llvm::outs() << "[";
    llvm::interleaveComma(idx, llvm::outs());
    llvm::outs() << "]:";
    for (int64_t k = 0; k < row; ++k)
      llvm::outs() << " " << llvm::format("%g", tensor.data[start + k]);
    llvm::outs() << "\n";
  }
}

/// Prints the K largest scores of each batch row (ties: lower index first).
void printTop(const Tensor &tensor, unsigned k) {
  int64_t batch = tensor.shape.empty() ? 1 : tensor.shape.front();
  int64_t row = batch ? tensor.size() / batch : 0;
  for (int64_t n = 0; n < batch; ++n) {
    const float *scores = &tensor.data[n * row];
    std::vector<int64_t> order(row);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return scores[a] > scores[b];
    });
    llvm::outs() << "batch " << n << " top-" << k << ":";
    for (int64_t i = 0; i < std::min<int64_t>(k, row); ++i)
      llvm::outs() << " " << order[i] << "="
                   << llvm::format("%g", scores[order[i]]);
    llvm::outs() << "\n";
  }
}

/// Compares `got` with the reference in `path`; returns 0 when every element
/// is within tolerance, 1 otherwise.
int compare(const Tensor &got, StringRef path) {
  llvm::Expected<Tensor> expected = readNpy(path, got.shape);
  if (!expected)
    return fail(expected.takeError());
  double maxAbs = 0.0, maxRel = 0.0;
  int64_t mismatches = 0, first = -1;
  for (int64_t i = 0; i < got.size(); ++i) {
    double a = got.data[i], b = expected->data[i];
    double diff = std::fabs(a - b);
    // NaN anywhere fails the test below and counts as a mismatch.
    if (!(diff <= atol + rtol * std::fabs(b))) {
      ++mismatches;
      if (first < 0)
        first = i;
    }
    if (std::isnan(diff))
      diff = INFINITY;
    maxAbs = std::max(maxAbs, diff);
    if (b != 0.0 || diff != 0.0)
      maxRel = std::max(maxRel, diff / std::fabs(b));
  }
  llvm::outs() << "max_abs_err=" << llvm::format("%g", maxAbs)
               << " max_rel_err=" << llvm::format("%g", maxRel)
               << " mismatches=" << mismatches << "/" << got.size() << "\n";
  if (mismatches == 0)
    return 0;
  llvm::outs() << "first mismatch at flat index " << first << ": got "
               << llvm::format("%g", got.data[first]) << ", expected "
               << llvm::format("%g", expected->data[first]) << "\n";
  return 1;
}

int run(MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(modelPath, &error);
  if (!file)
    return fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return 1;
  FailureOr<func::FuncOp> entry = findEntry(*module);
  if (failed(entry) || failed(resnet::checkResourceLimits(*module)))
    return 1;
  if (writeInputPaths.size() > entry->getNumArguments())
    return fail("--write-input given " + llvm::Twine(writeInputPaths.size()) +
                " times, but '" + entry->getSymName() + "' takes " +
                llvm::Twine(entry->getNumArguments()) + " inputs");
  FailureOr<SmallVector<Tensor>> inputs = makeInputs(*entry);
  if (failed(inputs))
    return 1;
  for (auto [path, input] : llvm::zip_first(writeInputPaths, *inputs))
    if (llvm::Error err = writeNpy(path, input))
      return fail(std::move(err));

  FailureOr<SmallVector<Tensor>> results = evaluate(*entry, *inputs);
  if (failed(results))
    return 1;
  if (outputPaths.size() > results->size() ||
      comparePaths.size() > results->size())
    return fail("'" + entry->getSymName() + "' returns " +
                llvm::Twine(results->size()) +
                " results, fewer than the --output/--compare files");
  for (auto [path, result] : llvm::zip_first(outputPaths, *results))
    if (llvm::Error err = writeNpy(path, result))
      return fail(std::move(err));
  for (auto [index, result] : llvm::enumerate(*results)) {
    if (printResults)
      printTensor(index, result);
    if (topK)
      printTop(result, topK);
  }
  int status = 0;
  for (auto [path, result] : llvm::zip_first(comparePaths, *results))
    status |= compare(result, path);
  return status;
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "resnet-run: evaluate a resnet model with the reference interpreter\n");
  DialectRegistry registry;
  registry
      .insert<resnet::ResNetDialect, func::FuncDialect, arith::ArithDialect>();
  MLIRContext context(registry);
  // Diagnostics point at the source line; the generic op dump adds nothing.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  return run(context, sourceMgr);
}
