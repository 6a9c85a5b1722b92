//===- KernelReport.cpp - what --report says of each GPU kernel -----------===//
#include "codegen/gpu/KernelReport.h"
#include "codegen/gpu/GpuConfig.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::resnet;

std::vector<KernelReport> resnet::collectGpuKernels(ModuleOp module) {
  std::vector<KernelReport> kernels;
  module.walk([&](gpu::LaunchOp launch) {
    auto config = launch->getAttrOfType<GpuTileAttr>(GpuTileAttr::kName);
    if (!config)
      return;
    KernelReport kernel;
    kernel.name = config.getKernel().str();
    llvm::raw_string_ostream loc(kernel.location);
    launch.getLoc().print(loc);
    kernel.block.assign(config.getBlock().begin(), config.getBlock().end());
    kernel.thread.assign(config.getThread().begin(),
                         config.getThread().end());
    kernel.threads = config.getThreads();
    kernel.outputsPerThread = config.getOutputs();
    kernel.slices.assign(config.getSlices().begin(), config.getSlices().end());
    kernel.blocks =
        getConstantIntValue(launch.getGridSizeX()).value_or(-1);
    for (BlockArgument buffer : launch.getWorkgroupAttributions()) {
      auto type = cast<MemRefType>(buffer.getType());
      kernel.sharedBytes +=
          type.getNumElements() * type.getElementTypeBitWidth() / 8;
    }
    kernels.push_back(std::move(kernel));
  });
  return kernels;
}

namespace {

/// A PTX function: its name and body lines.
struct PtxFunction {
  StringRef name;
  SmallVector<StringRef> lines;
};

SmallVector<PtxFunction> splitFunctions(StringRef ptx) {
  SmallVector<PtxFunction> functions;
  SmallVector<StringRef> lines;
  ptx.split(lines, '\n');
  PtxFunction *current = nullptr;
  for (StringRef line : lines) {
    StringRef trimmed = line.trim();
    size_t entry = trimmed.find(".entry ");
    if (entry != StringRef::npos) {
      StringRef rest = trimmed.drop_front(entry + 7).ltrim();
      functions.push_back({rest.take_until([](char c) {
                             return c == '(' || c == ' ';
                           }),
                           {}});
      current = &functions.back();
      continue;
    }
    if (!current)
      continue;
    if (line.starts_with("}")) {
      current = nullptr;
      continue;
    }
    current->lines.push_back(trimmed);
  }
  return functions;
}

struct Loop {
  size_t begin, end; // label line, backward branch line
  int64_t fmas = 0, sharedLoads = 0, sharedVectorLoads = 0, globalLoads = 0,
          globalFmaLoads = 0, divRem = 0;
};

/// The registers an instruction writes (before the first comma, or the
/// braces of a vector) and reads (the rest), e.g. `fma.rn.f32 %r1, %r2,
/// %r3, %r1;`.
std::pair<SmallVector<StringRef>, SmallVector<StringRef>>
registersOf(StringRef line) {
  StringRef operands = line.split(' ').second.trim();
  operands = operands.split(';').first;
  StringRef written, read;
  if (operands.starts_with("{")) {
    auto [vector, rest] = operands.drop_front().split('}');
    written = vector;
    read = rest;
  } else {
    std::tie(written, read) = operands.split(',');
  }
  auto registers = [](StringRef text) {
    SmallVector<StringRef> found;
    while (!text.empty()) {
      size_t at = text.find('%');
      if (at == StringRef::npos)
        break;
      text = text.drop_front(at);
      StringRef name = text.take_while([](char c) {
        return c == '%' || llvm::isAlnum(c) || c == '_';
      });
      found.push_back(name);
      text = text.drop_front(name.size());
    }
    return found;
  };
  return {registers(written), registers(read)};
}

/// Every loop of `lines`: a label and a later branch back to it.
SmallVector<Loop> findLoops(ArrayRef<StringRef> lines) {
  llvm::StringMap<size_t> labels;
  SmallVector<Loop> loops;
  for (auto [i, line] : llvm::enumerate(lines)) {
    if (line.ends_with(":") && line.starts_with("$")) {
      labels[line.drop_back()] = i;
      continue;
    }
    size_t bra = line.find("bra");
    if (bra == StringRef::npos)
      continue;
    StringRef target = line.drop_front(bra).split(' ').second.trim();
    target.consume_back(";");
    auto it = labels.find(target.trim());
    if (it != labels.end())
      loops.push_back({it->second, i});
  }
  for (Loop &loop : loops) {
    // Registers an FMA of the loop reads.
    llvm::StringSet<> fmaOperands;
    for (size_t i = loop.begin; i <= loop.end; ++i)
      if (lines[i].starts_with("fma.") || lines[i].contains(" fma."))
        for (StringRef reg : registersOf(lines[i]).second)
          fmaOperands.insert(reg);
    for (size_t i = loop.begin; i <= loop.end; ++i) {
      StringRef line = lines[i];
      if (line.starts_with("fma.") || line.contains(" fma."))
        ++loop.fmas;
      if (line.contains("ld.shared")) {
        ++loop.sharedLoads;
        if (line.contains("ld.shared.v"))
          ++loop.sharedVectorLoads;
      }
      if (line.contains("ld.global") || line.contains("ld.f32") ||
          line.contains("ld.v")) {
        ++loop.globalLoads;
        // A global value the FMAs use directly (not one copied into
        // shared memory for the next K-slice).
        if (llvm::any_of(registersOf(line).first, [&](StringRef reg) {
              return fmaOperands.contains(reg);
            }))
          ++loop.globalFmaLoads;
      }
      if (line.starts_with("div.") || line.starts_with("rem.") ||
          line.contains(" div.") || line.contains(" rem."))
        ++loop.divRem;
    }
  }
  return loops;
}

} // namespace

void resnet::addPtxLoopCounts(StringRef ptx,
                              std::vector<KernelReport> &kernels) {
  for (const PtxFunction &function : splitFunctions(ptx)) {
    auto kernel = llvm::find_if(kernels, [&](const KernelReport &k) {
      return k.name == function.name;
    });
    if (kernel == kernels.end())
      continue;
    SmallVector<Loop> loops = findLoops(function.lines);
    const Loop *best = nullptr;
    for (const Loop &loop : loops) {
      if (loop.fmas == 0)
        continue;
      bool holdsFmaLoop = llvm::any_of(loops, [&](const Loop &inner) {
        return &inner != &loop && inner.fmas > 0 &&
               inner.begin >= loop.begin && inner.end <= loop.end;
      });
      if (!holdsFmaLoop && (!best || loop.fmas > best->fmas))
        best = &loop;
    }
    if (!best)
      continue;
    kernel->loopFmas = best->fmas;
    kernel->loopSharedLoads = best->sharedLoads;
    kernel->loopSharedVectorLoads = best->sharedVectorLoads;
    kernel->loopGlobalLoads = best->globalLoads;
    kernel->loopGlobalFmaLoads = best->globalFmaLoads;
    kernel->loopDivRem = best->divRem;
  }
}

void resnet::addPtxasCounts(StringRef log, const GpuTarget &target,
                            std::vector<KernelReport> &kernels) {
  SmallVector<StringRef> lines;
  log.split(lines, '\n');
  KernelReport *current = nullptr;
  auto numberBefore = [](StringRef line, StringRef what) -> int64_t {
    size_t at = line.find(what);
    if (at == StringRef::npos)
      return -1;
    StringRef before = line.take_front(at).rtrim();
    StringRef digits = before.drop_front(before.find_last_not_of("0123456789") + 1);
    int64_t value = -1;
    if (digits.getAsInteger(10, value))
      return -1;
    return value;
  };
  for (StringRef line : lines) {
    if (line.contains("Function properties for ")) {
      StringRef name = line.split("Function properties for ").second.trim();
      auto it = llvm::find_if(kernels, [&](const KernelReport &k) {
        return k.name == name;
      });
      current = it == kernels.end() ? nullptr : &*it;
      continue;
    }
    if (!current)
      continue;
    if (line.contains("bytes spill stores")) {
      current->stackBytes = numberBefore(line, "bytes stack frame");
      current->spillBytes = numberBefore(line, "bytes spill stores") +
                            numberBefore(line, "bytes spill loads");
    } else if (line.contains("Used ") && line.contains(" registers")) {
      current->registers = numberBefore(line, "registers");
      GpuTarget::Occupancy occupancy = target.occupancy(
          current->registers, current->sharedBytes, current->threads);
      current->blocksPerSM = occupancy.blocksPerSM;
      current->occupancy = occupancy.fraction;
      current->occupancyLimiter = occupancy.limiter.str();
      current = nullptr;
    }
  }
}

FailureOr<std::string>
resnet::assembleVerbose(StringRef ptxas, StringRef ptx,
                        const GpuTarget &target, int optLevel,
                        std::string &log, std::string &error) {
  SmallString<128> ptxPath, cubinPath, logPath;
  auto cleanup = [&] {
    for (StringRef path : {ptxPath.str(), cubinPath.str(), logPath.str()})
      if (!path.empty())
        llvm::sys::fs::remove(path);
  };
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("resnet-kernels", "ptx", fd,
                                             ptxPath)) {
    error = "cannot create a temporary file: " + ec.message();
    return failure();
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << ptx;
  }
  if (llvm::sys::fs::createTemporaryFile("resnet-kernels", "cubin",
                                         cubinPath) ||
      llvm::sys::fs::createTemporaryFile("resnet-kernels", "log", logPath)) {
    error = "cannot create a temporary file";
    cleanup();
    return failure();
  }
  std::string arch = "-arch=" + target.arch;
  std::string opt = "--opt-level=" + std::to_string(std::clamp(optLevel, 0, 3));
  SmallVector<StringRef> args{ptxas, "-v", arch, opt, ptxPath, "-o",
                              cubinPath};
  std::optional<StringRef> redirects[] = {std::nullopt, logPath.str(),
                                          logPath.str()};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(ptxas, args, std::nullopt, redirects,
                                         0, 0, &message);
  if (auto buffer = llvm::MemoryBuffer::getFile(logPath))
    log = (*buffer)->getBuffer().str();
  if (status != 0) {
    error = "ptxas failed" + (message.empty() ? "" : ": " + message) +
            (log.empty() ? "" : "\n" + log);
    cleanup();
    return failure();
  }
  auto cubin = llvm::MemoryBuffer::getFile(cubinPath, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!cubin) {
    error = "cannot read ptxas's output: " + cubin.getError().message();
    cleanup();
    return failure();
  }
  std::string bytes = (*cubin)->getBuffer().str();
  cleanup();
  return bytes;
}

LogicalResult resnet::assembleKernels(ModuleOp module, StringRef ptxas,
                                      const GpuTarget &target, int optLevel,
                                      bool embedCubin,
                                      std::vector<KernelReport> &kernels) {
  MLIRContext *ctx = module.getContext();
  WalkResult result = module.walk([&](gpu::BinaryOp binary) {
    SmallVector<Attribute> objects;
    for (Attribute attr : binary.getObjects()) {
      auto object = dyn_cast<gpu::ObjectAttr>(attr);
      if (!object || object.getFormat() != gpu::CompilationTarget::Assembly) {
        objects.push_back(attr);
        continue;
      }
      std::string log, error;
      FailureOr<std::string> cubin = assembleVerbose(
          ptxas, object.getObject().getValue(), target, optLevel, log, error);
      if (failed(cubin)) {
        binary.emitError() << error;
        return WalkResult::interrupt();
      }
      addPtxasCounts(log, target, kernels);
      objects.push_back(
          embedCubin ? gpu::ObjectAttr::get(
                           ctx, object.getTarget(),
                           gpu::CompilationTarget::Binary,
                           StringAttr::get(ctx, *cubin),
                           object.getProperties(), object.getKernels())
                     : attr);
    }
    binary.setObjectsAttr(ArrayAttr::get(ctx, objects));
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
