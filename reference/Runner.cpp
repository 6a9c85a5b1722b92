//===- Runner.cpp - resnet-run as a library -------------------------------===//
#include "reference/Runner.h"

#include "dialect/ResNetDialect.h"
#include "dialect/ResourceLimits.h"
#include "reference/Interpreter.h"
#include "reference/Npy.h"
#include "runtime/random.h"
#include "support/AtomicFile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlir::resnet::reference {

int runError(const llvm::Twine &message) {
  llvm::errs() << "resnet-run: error: " << message << "\n";
  return 1;
}

static int runError(llvm::Error error) {
  return runError(llvm::toString(std::move(error)));
}

OwningOpRef<ModuleOp> loadModel(MLIRContext &context,
                                llvm::SourceMgr &sourceMgr,
                                const RunOptions &options) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(options.modelPath, &error);
  if (!file) {
    runError(error);
    return {};
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
}

FailureOr<func::FuncOp> findEntry(ModuleOp module, const RunOptions &options) {
  if (!options.entryName.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(options.entryName);
    if (!func) {
      runError("no function named '" + options.entryName + "' in " +
               options.modelPath);
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
    runError("no public function with a body in " + options.modelPath);
  else
    runError("entry is ambiguous: " + llvm::Twine(candidates.size()) +
             " public functions (" + names +
             ") and none named 'main'; pick one with --entry");
  return failure();
}

FailureOr<SmallVector<Tensor>> makeInputs(func::FuncOp func,
                                          const RunOptions &options) {
  ArrayRef<Type> types = func.getArgumentTypes();
  const std::vector<std::string> &paths = options.inputPaths;
  if (!paths.empty() && paths.size() != types.size()) {
    runError("'" + func.getSymName() + "' takes " + llvm::Twine(types.size()) +
             " inputs, got " + llvm::Twine(paths.size()) + " --input files");
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
      runError("input " + llvm::Twine(index) + " of '" + func.getSymName() +
               "' must be a static f32 tensor, got " + s);
      return failure();
    }
    if (paths.empty()) {
      Tensor tensor(tensorType.getShape());
      resnet_fill_random(tensor.data.data(), tensor.data.size(),
                         options.seed + index);
      inputs.push_back(std::move(tensor));
      continue;
    }
    llvm::Expected<Tensor> tensor = readNpy(paths[index], tensorType.getShape());
    if (!tensor) {
      runError(tensor.takeError());
      return failure();
    }
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

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
    llvm::outs() << "image " << n << " top-" << k << ":";
    for (int64_t i = 0; i < std::min<int64_t>(k, row); ++i)
      llvm::outs() << " " << order[i] << "="
                   << llvm::format("%g", scores[order[i]]);
    llvm::outs() << "\n";
  }
}

int compareWithNpy(const Tensor &got, StringRef path, double rtol,
                   double atol) {
  llvm::Expected<Tensor> expected = readNpy(path, got.shape);
  if (!expected)
    return runError(expected.takeError());
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

int runModule(ModuleOp module, const RunOptions &options) {
  FailureOr<func::FuncOp> entry = findEntry(module, options);
  if (failed(entry) || failed(checkResourceLimits(module)))
    return 1;
  const std::vector<std::string> &writeInputPaths = options.writeInputPaths;
  if (writeInputPaths.size() > entry->getNumArguments())
    return runError("--write-input given " +
                    llvm::Twine(writeInputPaths.size()) + " times, but '" +
                    entry->getSymName() + "' takes " +
                    llvm::Twine(entry->getNumArguments()) + " inputs");
  FailureOr<SmallVector<Tensor>> inputs = makeInputs(*entry, options);
  if (failed(inputs))
    return 1;
  for (auto [path, input] : llvm::zip_first(writeInputPaths, *inputs))
    if (llvm::Error err = writeNpy(path, input))
      return runError(std::move(err));

  FailureOr<SmallVector<Tensor>> results = evaluate(*entry, *inputs);
  if (failed(results))
    return 1;
  if (options.outputPaths.size() > results->size() ||
      options.comparePaths.size() > results->size())
    return runError("'" + entry->getSymName() + "' returns " +
                    llvm::Twine(results->size()) +
                    " results, fewer than the --output/--compare files");
  for (auto [path, result] : llvm::zip_first(options.outputPaths, *results))
    if (llvm::Error err = writeNpy(path, result))
      return runError(std::move(err));
  for (auto [index, result] : llvm::enumerate(*results)) {
    if (options.print)
      printTensor(index, result);
    if (options.topK)
      printTop(result, options.topK);
  }
  int status = 0;
  for (auto [path, result] : llvm::zip_first(options.comparePaths, *results))
    status |= compareWithNpy(result, path, options.rtol, options.atol);
  return status;
}

int runModel(const RunOptions &options) {
  DialectRegistry registry;
  registry.insert<ResNetDialect, func::FuncDialect, arith::ArithDialect>();
  MLIRContext context(registry);
  // Diagnostics point at the source line; the generic op dump adds nothing.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = loadModel(context, sourceMgr, options);
  if (!module)
    return 1;
  int status = runModule(*module, options);
  if (llvm::Error error = flushStdout()) {
    llvm::errs() << "resnet-run: error: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  return status;
}

} // namespace mlir::resnet::reference
