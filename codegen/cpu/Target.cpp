//===- Target.cpp - what the CPU heuristics know about a target -----------===//
#include "codegen/cpu/Target.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/TargetParser/Host.h"

#include <numeric>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define RESNET_HAVE_CPUID 1
#endif

using namespace llvm;
using namespace mlir::resnet;

/// The associativity of an L1 of `bytes`: 48 KiB L1s (Ice Lake and
/// later, Zen 5) are 12-way, 32 KiB ones 8-way.
static int64_t l1WaysOf(int64_t bytes) { return bytes >= (48 << 10) ? 12 : 8; }

/// The presets describe a typical core of each x86-64 level: an AVX-512
/// server core (v4), an AVX2 core (v3), an SSE-only one (baseline, v2);
/// znver1 one of AMD's first Zen cores (Zen, Zen+).
static CpuTarget preset(StringRef name, int64_t lanes, int64_t registers,
                        int64_t l1, int64_t l2, int64_t l3) {
  CpuTarget target;
  target.name = name.str();
  target.vectorLanes = lanes;
  target.vectorRegisters = registers;
  target.l1Bytes = l1;
  target.l1Ways = l1WaysOf(l1);
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
static bool readHostCaches(CpuTarget &target) {
  bool found = false;
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
    found = true;
    std::string level = readTrimmed(dir + "/level");
    int64_t ways = 0;
    if (level == "1" &&
        !StringRef(readTrimmed(dir + "/ways_of_associativity"))
             .getAsInteger(10, ways) &&
        ways > 0)
      target.l1Ways = ways;
    if (level == "1")
      target.l1Bytes = size;
    else if (level == "2")
      target.l2Bytes = size;
    else if (level == "3")
      target.l3Bytes = size;
  }
  return found;
}

/// A cache as CPUID describes it (Intel leaf 4, AMD leaf 0x8000001D: the
/// same layout), or the AMD legacy leaves 0x80000005/6.
struct CpuidCaches {
  int64_t l1 = 0, l1Ways = 0, l2 = 0, l3 = 0;
};

static CpuidCaches readCpuidCaches() {
  CpuidCaches caches;
#ifdef RESNET_HAVE_CPUID
  unsigned a, b, c, d, maxExtended = 0;
  __get_cpuid(0x80000000, &maxExtended, &b, &c, &d);
  for (unsigned leaf : {4u, 0x8000001Du}) {
    if (leaf > 0x80000000u && maxExtended < leaf)
      continue;
    for (unsigned index = 0; index < 8; ++index) {
      if (!__get_cpuid_count(leaf, index, &a, &b, &c, &d) || (a & 31) == 0)
        break;
      unsigned type = a & 31, level = (a >> 5) & 7;
      if (type == 2) // instruction cache
        continue;
      int64_t ways = (b >> 22) + 1, partitions = ((b >> 12) & 0x3ff) + 1;
      int64_t line = (b & 0xfff) + 1, sets = static_cast<int64_t>(c) + 1;
      int64_t size = ways * partitions * line * sets;
      if (level == 1) {
        caches.l1 = size;
        caches.l1Ways = ways;
      } else if (level == 2) {
        caches.l2 = size;
      } else if (level == 3) {
        caches.l3 = size;
      }
    }
    if (caches.l1)
      return caches;
  }
  if (maxExtended >= 0x80000006) {
    __get_cpuid(0x80000005, &a, &b, &c, &d);
    caches.l1 = static_cast<int64_t>(c >> 24) << 10;
    caches.l1Ways = (c >> 16) & 0xff;
    __get_cpuid(0x80000006, &a, &b, &c, &d);
    caches.l2 = static_cast<int64_t>(c >> 16) << 10;
    caches.l3 = static_cast<int64_t>(d >> 18) * (512 << 10);
  }
#endif
  return caches;
}

/// Where sysfs is silent (virtual machines often are), the caches CPUID
/// reports; levels neither reports keep the preset's.
static void readCpuidCachesInto(CpuTarget &target, bool haveSysfs) {
  if (haveSysfs)
    return;
  CpuidCaches caches = readCpuidCaches();
  if (caches.l1 > 0) {
    target.l1Bytes = caches.l1;
    if (caches.l1Ways > 0 && caches.l1Ways != 0xff) // 0xff: fully associative
      target.l1Ways = caches.l1Ways;
  }
  if (caches.l2 > 0)
    target.l2Bytes = caches.l2;
  if (caches.l3 > 0)
    target.l3Bytes = caches.l3;
}

/// Whether the host is one of AMD's first Zen cores (family 17h below
/// model 30h: Zen, Zen+ and their APUs).
static bool hostIsFirstZen() {
#ifdef RESNET_HAVE_CPUID
  unsigned a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d))
    return false;
  // "AuthenticAMD" in EBX, EDX, ECX.
  if (b != 0x68747541 || d != 0x69746e65 || c != 0x444d4163)
    return false;
  if (!__get_cpuid(1, &a, &b, &c, &d))
    return false;
  unsigned family = ((a >> 8) & 0xf) + ((a >> 20) & 0xff);
  unsigned model = ((a >> 4) & 0xf) | (((a >> 16) & 0xf) << 4);
  return family == 0x17 && model < 0x30;
#else
  return false;
#endif
}

/// The first Zen cores run a 256-bit FMA as two halves on their two
/// 128-bit FMA units (one a cycle, of 5 cycles), and a ymm broadcast from
/// memory takes a vector-unit slot beside its load: a register tile of one
/// vector, a broadcast per FMA, ran at 82 % of the FMA peak and tiles of
/// two vectors at 97-98 % (bench/README "Register tiles and broadcasts").
/// One core streams about half of what the presets take from memory; at
/// the true FMA rate that keeps the weight streams' weight against the
/// multiply-adds (prefetches, peeled remainders) where it was measured
/// (bench/README "The first Zen cores").
static void describeFirstZenCore(CpuTarget &target) {
  target.fmaUnits = 1;
  target.fmaLatency = 5;
  target.broadcastsPerCycle = 0.8;
  target.memoryBytesPerCycle = 4;
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
  readCpuidCachesInto(target, readHostCaches(target));
  if (target.vectorLanes == 8 && hostIsFirstZen())
    describeFirstZenCore(target);
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
  if (name == "znver1") {
    CpuTarget target = preset(name, 8, 16, 32 << 10, 512 << 10, 8 << 20);
    describeFirstZenCore(target);
    return target;
  }
  return createStringError(inconvertibleErrorCode(),
                           "unknown target '" + name +
                               "' (expected x86-64, x86-64-v2, x86-64-v3, "
                               "x86-64-v4, znver1, native or cuda)");
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
  if (l1Bytes) {
    target->l1Bytes = l1Bytes;
    target->l1Ways = l1WaysOf(l1Bytes);
  }
  if (l2Bytes >= 0)
    target->l2Bytes = l2Bytes;
  return target;
}

void CpuTarget::print(raw_ostream &os) const {
  os << name << ": " << vectorLanes << " f32 lanes x " << vectorRegisters
     << " registers, " << fmaUnits << " FMA/cycle of " << fmaLatency
     << " cycles, " << loadPorts << " loads/cycle, " << broadcastsPerCycle
     << " broadcasts/cycle, L1 " << l1Bytes / 1024 << " KiB " << l1Ways
     << "-way, L2 " << l2Bytes / 1024 << " KiB, L3 " << l3Bytes / 1024
     << " KiB, " << cores << " cores";
}

std::vector<std::pair<std::string, int64_t>> CpuTarget::fields() const {
  return {{"vector_lanes", vectorLanes},
          {"vector_registers", vectorRegisters},
          {"fma_units", fmaUnits},
          {"fma_latency", fmaLatency},
          {"load_ports", loadPorts},
          {"broadcasts_per_100_cycles",
           static_cast<int64_t>(broadcastsPerCycle * 100 + 0.5)},
          {"l1_bytes", l1Bytes},
          {"l1_ways", l1Ways},
          {"l2_bytes", l2Bytes},
          {"l3_bytes", l3Bytes},
          {"l2_bytes_per_cycle", l2BytesPerCycle},
          {"l3_bytes_per_cycle", l3BytesPerCycle},
          {"memory_bytes_per_cycle", memoryBytesPerCycle},
          {"cores", cores}};
}

int64_t CpuTarget::rowsWithoutSetConflicts(int64_t strideBytes) const {
  int64_t sets = l1Bytes / (l1Ways * kCacheLineBytes);
  if (strideBytes <= 0 || strideBytes % kCacheLineBytes != 0 || sets <= 0 ||
      l1Ways <= 2)
    return 0;
  // Row i starts (i * stride / line) mod sets sets further: the rows cycle
  // through sets / gcd(stride / line, sets) distinct sets.
  int64_t distinct = sets / std::gcd(strideBytes / kCacheLineBytes, sets);
  return distinct * (l1Ways - 2);
}
