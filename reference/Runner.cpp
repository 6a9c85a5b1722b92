//===- Runner.cpp - resnet-run as a library -------------------------------===//
#include "reference/Runner.h"

#include "dialect/InputFiles.h"
#include "dialect/ResNetDialect.h"
#include "dialect/ResourceLimits.h"
#include "dialect/TraceNames.h"
#include "reference/Interpreter.h"
#include "reference/Npy.h"
#include "runtime/random.h"
#include "support/AtomicFile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

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
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> file =
      readInputFile(options.modelPath, "model",
                    /*requiresNullTerminator=*/true);
  if (!file) {
    runError(file.takeError());
    return {};
  }
  if (llvm::Error error =
          checkNestingDepth((*file)->getBuffer(), options.modelPath)) {
    runError(std::move(error));
    return {};
  }
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
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

/// Prints how far `got` is from `expected` (same shape); 0 when every
/// element is within tolerance, else 1.
template <typename T, typename U>
static int compareValues(const TensorOf<T> &got, const TensorOf<U> &expected,
                         double rtol, double atol) {
  double maxAbs = 0.0, maxRel = 0.0;
  int64_t mismatches = 0, first = -1;
  for (int64_t i = 0; i < got.size(); ++i) {
    double a = got.data[i], b = expected.data[i];
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
               << llvm::format("%g", expected.data[first]) << "\n";
  return 1;
}

/// The reference may be f32 or f64 (resnet-run --f64 --output).
template <typename T>
static int compareWithFile(const TensorOf<T> &got, StringRef path,
                           double rtol, double atol) {
  llvm::Expected<Tensor64> expected = readNpy64(path);
  if (!expected)
    return runError(expected.takeError());
  if (expected->shape != got.shape)
    return runError(path + ": shape mismatch: expected " +
                    shapeToString(got.shape) + ", got " +
                    shapeToString(expected->shape));
  return compareValues(got, *expected, rtol, atol);
}

int compareWithNpy(const Tensor &got, StringRef path, double rtol,
                   double atol) {
  return compareWithFile(got, path, rtol, atol);
}

int compareWithNpy(const Tensor64 &got, StringRef path, double rtol,
                   double atol) {
  return compareWithFile(got, path, rtol, atol);
}

//===----------------------------------------------------------------------===//
// Numerics trace
//===----------------------------------------------------------------------===//

namespace {
/// Writes a trace directory as runtime/trace.c does: NNN_<name>.npy per
/// layer, index.txt with a `<file>\t<name>` line each.
class TraceWriter {
public:
  /// Creates `dir` and its index.
  llvm::Error open(StringRef directory) {
    dir = directory.str();
    if (std::error_code ec = llvm::sys::fs::create_directories(dir))
      return llvm::createStringError(dir + ": cannot create the trace "
                                           "directory: " + ec.message());
    std::error_code ec;
    index.emplace(indexPath(), ec, llvm::sys::fs::OF_Text);
    if (ec)
      return llvm::createStringError(indexPath() +
                                     ": cannot create: " + ec.message());
    return llvm::Error::success();
  }

  template <typename T> void write(StringRef name, const TensorOf<T> &tensor) {
    if (!error.empty())
      return;
    std::string file = traceFileName(written, name);
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, file);
    if (llvm::Error err = writeNpy(path, tensor)) {
      error = llvm::toString(std::move(err));
      return;
    }
    // Names are one line each in the index.
    std::string line = name.str();
    std::replace_if(line.begin(), line.end(),
                    [](char c) { return c == '\n' || c == '\t'; }, ' ');
    *index << file << "\t" << line << "\n";
    ++written;
  }

  /// The first error, if any.
  llvm::Error close() {
    index->close();
    if (error.empty() && index->has_error())
      error = indexPath() + ": cannot write: " + index->error().message();
    if (error.empty())
      return llvm::Error::success();
    return llvm::createStringError(error);
  }

private:
  std::string indexPath() const {
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, kTraceIndexFile);
    return path.str().str();
  }

  std::string dir;
  std::optional<llvm::raw_fd_ostream> index;
  int64_t written = 0;
  /// The first error.
  std::string error;
};

/// One line of a trace's index.
struct TraceEntry {
  std::string file, name;
};

/// Reads DIR/index.txt; a name written twice keeps its last file.
llvm::Expected<std::vector<TraceEntry>> readTraceIndex(StringRef dir) {
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, kTraceIndexFile);
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return llvm::createStringError(path.str() +
                                   ": cannot read the trace index: " +
                                   buffer.getError().message());
  std::vector<TraceEntry> entries;
  llvm::StringMap<size_t> byName;
  SmallVector<StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (auto [number, line] : llvm::enumerate(lines)) {
    auto [file, name] = line.rtrim('\r').split('\t');
    if (file.empty() || name.empty() || file.contains('/'))
      return llvm::createStringError(
          path.str() + ":" + llvm::Twine(number + 1) +
          ": expected '<file>\\t<layer name>', got '" + line + "'");
    llvm::SmallString<128> filePath(dir);
    llvm::sys::path::append(filePath, file);
    auto [it, added] = byName.try_emplace(name, entries.size());
    if (added)
      entries.push_back({filePath.str().str(), name.str()});
    else
      entries[it->second].file = filePath.str().str();
  }
  return entries;
}

/// How far one layer of trace A is from trace B.
struct LayerDifference {
  double maxAbs = 0, maxRel = 0, maxRef = 0;
  int64_t outside = 0;
};

LayerDifference differenceOf(const Tensor64 &a, const Tensor64 &b, double rtol,
                             double atol) {
  LayerDifference d;
  for (int64_t i = 0; i < a.size(); ++i) {
    double x = a.data[i], y = b.data[i], diff = std::fabs(x - y);
    if (!(diff <= atol + rtol * std::fabs(y)))
      ++d.outside;
    if (std::isnan(diff))
      diff = INFINITY;
    d.maxAbs = std::max(d.maxAbs, diff);
    d.maxRef = std::max(d.maxRef, std::fabs(y));
    if (y != 0.0)
      d.maxRel = std::max(d.maxRel, diff / std::fabs(y));
  }
  return d;
}
} // namespace

int compareTraces(StringRef dirA, StringRef dirB, double rtol, double atol) {
  llvm::Expected<std::vector<TraceEntry>> a = readTraceIndex(dirA);
  if (!a)
    return runError(a.takeError());
  llvm::Expected<std::vector<TraceEntry>> b = readTraceIndex(dirB);
  if (!b)
    return runError(b.takeError());
  llvm::StringMap<const TraceEntry *> inB;
  for (const TraceEntry &entry : *b)
    inB[entry.name] = &entry;

  llvm::raw_ostream &os = llvm::outs();
  os << llvm::format("%-40s %-16s %11s %11s %11s %s\n", "layer", "shape",
                     "max_abs", "max_rel", "abs/max|b|", "outside");
  std::string firstAbove;
  int64_t compared = 0, onlyInA = 0;
  for (const TraceEntry &entry : *a) {
    auto it = inB.find(entry.name);
    if (it == inB.end()) {
      ++onlyInA;
      continue;
    }
    llvm::Expected<Tensor64> x = readNpy64(entry.file);
    if (!x)
      return runError(x.takeError());
    llvm::Expected<Tensor64> y = readNpy64(it->second->file);
    if (!y)
      return runError(y.takeError());
    if (x->shape != y->shape)
      return runError("layer '" + entry.name + "': shape " +
                      shapeToString(x->shape) + " in " + entry.file +
                      " but " + shapeToString(y->shape) + " in " +
                      it->second->file);
    LayerDifference d = differenceOf(*x, *y, rtol, atol);
    os << llvm::format("%-40s %-16s %11.4g %11.4g %11.4g %lld/%lld\n",
                       entry.name.c_str(), shapeToString(x->shape).c_str(),
                       d.maxAbs, d.maxRel,
                       d.maxRef > 0 ? d.maxAbs / d.maxRef : d.maxAbs,
                       (long long)d.outside, (long long)x->size());
    if (d.outside && firstAbove.empty())
      firstAbove = entry.name;
    ++compared;
  }
  if (compared == 0)
    return runError("no layer of " + dirA + " is in " + dirB +
                    " (the traces name their layers differently)");
  os << compared << " layers compared";
  if (onlyInA)
    os << ", " << onlyInA << " only in " << dirA;
  if (int64_t onlyInB = b->size() - compared)
    os << ", " << onlyInB << " only in " << dirB
       << " (fused or not traced by the other)";
  os << "\n";
  os << "tolerance |a - b| <= " << llvm::format("%g", atol) << " + "
     << llvm::format("%g", rtol) << " * |b|: ";
  if (firstAbove.empty()) {
    os << "every layer within\n";
    return 0;
  }
  os << "first layer above: " << firstAbove << "\n";
  return 1;
}

/// Evaluates `func` in T, writing the trace when options.traceDir is set.
template <typename T>
static FailureOr<SmallVector<TensorOf<T>>>
evaluateAndTrace(func::FuncOp func, ArrayRef<Tensor> inputs,
                 const RunOptions &options) {
  SmallVector<TensorOf<T>> converted;
  for (const Tensor &input : inputs)
    converted.push_back(convertTensor<T>(input));
  if (options.traceDir.empty())
    return evaluate(func, converted);
  TraceWriter writer;
  if (llvm::Error err = writer.open(options.traceDir)) {
    runError(std::move(err));
    return failure();
  }
  TraceFn<T> trace = [&](StringRef name, const TensorOf<T> &tensor) {
    writer.write(name, tensor);
  };
  FailureOr<SmallVector<TensorOf<T>>> results =
      evaluate(func, converted, &trace);
  if (llvm::Error err = writer.close()) {
    runError(std::move(err));
    return failure();
  }
  return results;
}

/// Writes, prints and compares the results as `options` say.
template <typename T>
static int reportResults(func::FuncOp entry,
                         ArrayRef<TensorOf<T>> results,
                         const RunOptions &options) {
  if (options.outputPaths.size() > results.size() ||
      options.comparePaths.size() > results.size())
    return runError("'" + entry.getSymName() + "' returns " +
                    llvm::Twine(results.size()) +
                    " results, fewer than the --output/--compare files");
  for (auto [path, result] : llvm::zip_first(options.outputPaths, results))
    if (llvm::Error err = writeNpy(path, result))
      return runError(std::move(err));
  for (auto [index, result] : llvm::enumerate(results)) {
    Tensor printed = convertTensor<float>(result);
    if (options.print)
      printTensor(index, printed);
    if (options.topK)
      printTop(printed, options.topK);
  }
  int status = 0;
  for (auto [path, result] : llvm::zip_first(options.comparePaths, results))
    status |= compareWithNpy(result, path, options.rtol, options.atol);
  return status;
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

  if (options.f64) {
    auto results = evaluateAndTrace<double>(*entry, *inputs, options);
    if (failed(results))
      return 1;
    return reportResults<double>(*entry, *results, options);
  }
  auto results = evaluateAndTrace<float>(*entry, *inputs, options);
  if (failed(results))
    return 1;
  return reportResults<float>(*entry, *results, options);
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
