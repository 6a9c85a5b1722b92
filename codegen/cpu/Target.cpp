//===- Target.cpp - what the CPU heuristics know about a target -----------===//
#include "codegen/cpu/Target.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/TargetParser/Host.h"

#include <thread>

using namespace llvm;
using namespace mlir::resnet;

/// The presets describe a typical core of each x86-64 level: an AVX-512
/// server core (v4), an AVX2 core (v3), an SSE-only one (baseline, v2).
static CpuTarget preset(StringRef name, int64_t lanes, int64_t registers,
                        int64_t l1, int64_t l2, int64_t l3) {
  CpuTarget target;
  target.name = name.str();
  target.vectorLanes = lanes;
  target.vectorRegisters = registers;
  target.l1Bytes = l1;
  target.l2Bytes = l2;
  target.l3Bytes = l3;
  return target;
}

/// A cache size from sysfs ("48K", "2048K", "32M"), or 0.
static int64_t readCacheSize(const Twine &path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFileAsStream(path);
  if (!file)
    return 0;
  StringRef text = (*file)->getBuffer().trim();
  int64_t scale = 1;
  if (text.consume_back("K"))
    scale = 1024;
  else if (text.consume_back("M"))
    scale = 1024 * 1024;
  int64_t value = 0;
  if (text.getAsInteger(10, value))
    return 0;
  return value * scale;
}

static std::string readTrimmed(const Twine &path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFileAsStream(path);
  return file ? (*file)->getBuffer().trim().str() : std::string();
}

/// Fills the data and unified cache sizes of `target` from cpu0's sysfs
/// entries; levels the host does not report keep the preset's size.
static void readHostCaches(CpuTarget &target) {
  for (int index = 0; index < 8; ++index) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    std::string type = readTrimmed(dir + "/type");
    if (type.empty())
      break;
    if (type == "Instruction")
      continue;
    int64_t size = readCacheSize(dir + "/size");
    if (size <= 0)
      continue;
    std::string level = readTrimmed(dir + "/level");
    if (level == "1")
      target.l1Bytes = size;
    else if (level == "2")
      target.l2Bytes = size;
    else if (level == "3")
      target.l3Bytes = size;
  }
}

static CpuTarget hostTarget() {
  StringMap<bool> features = sys::getHostCPUFeatures();
  CpuTarget target;
  if (features.lookup("avx512f"))
    target = preset("native", 16, 32, 48 << 10, 2 << 20, 32 << 20);
  else if (features.lookup("avx2") || features.lookup("avx"))
    target = preset("native", 8, 16, 32 << 10, 1 << 20, 16 << 20);
  else
    target = preset("native", 4, 16, 32 << 10, 256 << 10, 8 << 20);
  readHostCaches(target);
  if (unsigned threads = std::thread::hardware_concurrency())
    target.cores = threads;
  return target;
}

Expected<CpuTarget> CpuTarget::get(StringRef name) {
  if (name == "native")
    return hostTarget();
  if (name == "x86-64-v4")
    return preset(name, 16, 32, 48 << 10, 2 << 20, 32 << 20);
  if (name == "x86-64-v3")
    return preset(name, 8, 16, 32 << 10, 1 << 20, 16 << 20);
  if (name == "x86-64" || name == "x86-64-v2")
    return preset(name, 4, 16, 32 << 10, 256 << 10, 8 << 20);
  return createStringError(inconvertibleErrorCode(),
                           "unknown target '" + name +
                               "' (expected x86-64, x86-64-v2, x86-64-v3, "
                               "x86-64-v4, native or cuda)");
}

Expected<CpuTarget> CpuTarget::get(StringRef name, int64_t lanes,
                                   int64_t l1Bytes, int64_t l2Bytes) {
  Expected<CpuTarget> target = get(name);
  if (!target)
    return target.takeError();
  if (lanes != 0 && lanes != 4 && lanes != 8 && lanes != 16)
    return createStringError(inconvertibleErrorCode(),
                             "vector-width must be 4, 8 or 16 (f32 lanes), "
                             "got " + Twine(lanes));
  if (lanes) {
    target->vectorLanes = lanes;
    target->vectorRegisters = lanes == 16 ? 32 : 16;
  }
  if (l1Bytes)
    target->l1Bytes = l1Bytes;
  if (l2Bytes >= 0)
    target->l2Bytes = l2Bytes;
  return target;
}

void CpuTarget::print(raw_ostream &os) const {
  os << name << ": " << vectorLanes << " f32 lanes x " << vectorRegisters
     << " registers, " << fmaUnits << " FMA/cycle of " << fmaLatency
     << " cycles, L1 " << l1Bytes / 1024
     << " KiB, L2 " << l2Bytes / 1024 << " KiB, L3 " << l3Bytes / 1024
     << " KiB, " << cores << " cores";
}
