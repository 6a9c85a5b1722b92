//===- Target.h - what the CPU heuristics know about a target ---*- C++ -*-===//
//
// A CPU target description: the few numbers the tile selection needs
// (vector width and register count, FMA issue rate, cache sizes, cores).
// `--target=native` reads them from the host (LLVM's feature detection for
// the ISA, sysfs for the caches, the online CPU count); the x86-64 presets
// fix them to a typical core of that level. Every size a heuristic uses is
// derived from these fields by a formula below, so that a new machine only
// needs a new description.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_TARGET_H
#define RESNET_CODEGEN_CPU_TARGET_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mlir::resnet {

struct CpuTarget {
  /// "native" or the preset name (x86-64, x86-64-v2, x86-64-v3, x86-64-v4,
  /// znver1).
  std::string name = "x86-64-v4";
  /// f32 lanes of the widest vector registers: 16 (AVX-512), 8 (AVX2), 4.
  int64_t vectorLanes = 16;
  /// Architectural vector registers: 32 with AVX-512, else 16.
  int64_t vectorRegisters = 32;
  /// Vector FMAs a core issues per cycle, and the cycles one takes.
  int64_t fmaUnits = 2;
  int64_t fmaLatency = 4;
  /// Loads a core issues per cycle (each broadcast of an input element is
  /// one).
  int64_t loadPorts = 2;
  /// Broadcasts of an input element from memory a core issues per cycle
  /// beside its FMAs: where a broadcast is a load alone, its load ports;
  /// where it also takes a slot of the vector units (Zen and Zen+), fewer.
  double broadcastsPerCycle = 2;
  /// Per-core data caches and the shared last-level cache, in bytes.
  int64_t l1Bytes = 48 * 1024;
  int64_t l2Bytes = 2 * 1024 * 1024;
  /// L1 data cache associativity: lines whose addresses are a multiple of
  /// l1Bytes / l1Ways apart compete for the same l1Ways slots.
  int64_t l1Ways = 12;
  int64_t l3Bytes = 32 * 1024 * 1024;
  /// Cores the threads of a layer can run on.
  int64_t cores = 2;
  /// Bytes per cycle one core streams from its L2, from its share of L3,
  /// and from memory (shared: what one core gets while all stream). L3 is
  /// taken at half of L2's rate; bench/cachebw.c measures a host's three
  /// (bench/README "Seven columns on AVX2").
  int64_t l2BytesPerCycle = 32;
  int64_t l3BytesPerCycle = 16;
  int64_t memoryBytesPerCycle = 8;

  /// The description of `name`: a preset, or "native" read from the host.
  static llvm::Expected<CpuTarget> get(llvm::StringRef name);

  /// Vector registers an output tile may hold as accumulators: the rest
  /// holds the weight vectors of a reduction step, the broadcast input and
  /// the loads the compiler issues ahead: half of a 32-register file (24 or
  /// 28 accumulators ran slower), six of a 16-register one (two weight
  /// vectors, a broadcast and the epilogue's operands; with eight left,
  /// 14-column convs took 7 x 1-vector tiles, and with twelve, 6 x 2
  /// tiles ran slower than 4 x 2: bench/README "Accumulators on AVX2").
  int64_t accumulatorRegisters() const {
    int64_t reserved = vectorRegisters >= 32 ? vectorRegisters / 2 : 6;
    return vectorRegisters - reserved;
  }

  /// Accumulators a register tile of two or more vectors may hold where its
  /// layer's weights stream from memory (channels outermost): each weight
  /// vector loaded from L2 feeds one FMA per row, so taller tiles read the
  /// weights fewer times per output. A quarter of a 32-register file stays
  /// reserved (at least 8 registers: a 16-register file keeps
  /// accumulatorRegisters), enough for a step's two weight vectors and
  /// broadcasts without spills; beside weight prefetches (more live
  /// values) such a tile spills, and it takes no row block either
  /// (leavesRoomForBlocking); a strided conv takes one only where it
  /// covers a whole row. A 1x1 conv 1024 -> 2048 at 5x9 ran in 0.8 of the
  /// time with 9 x 2 vectors than with 9 x 1 (bench/README "Taller
  /// register tiles where weights stream").
  int64_t streamingAccumulatorRegisters() const {
    int64_t reserved = vectorRegisters / 4 > 8 ? vectorRegisters / 4 : 8;
    return std::max(accumulatorRegisters(), vectorRegisters - reserved);
  }

  /// Rows of a register tile whose input rows lie `strideBytes` apart that
  /// stay in L1 together: rows that map to the same L1 set may fill its
  /// ways but for two (the weights' and the outputs' lines); 0 when
  /// nothing limits them.
  int64_t rowsWithoutSetConflicts(int64_t strideBytes) const;

  /// Multiply-adds one core issues per cycle at full FMA rate.
  double macsPerCycle() const {
    return static_cast<double>(fmaUnits * vectorLanes);
  }

  /// Multiply-adds a layer needs to be worth a fork/join across threads:
  /// what one core does in kParallelCycles at full FMA rate.
  int64_t minParallelMacs() const {
    return kParallelCycles * fmaUnits * vectorLanes;
  }

  /// Weight bytes up to which a layer keeps its whole weights in L2 while
  /// the image streams past them: a quarter of L2, the rest holding the
  /// input rows and output tiles in flight.
  int64_t weightsInCacheBytes() const { return l2Bytes / 4; }

  /// Weight bytes up to which a layer still keeps its weights in L2 when
  /// each sweep of the image by one channel tile would read more than
  /// twice L2 of input: half of L2 (see keepsWeightsInCache in
  /// TileSelection.cpp).
  int64_t weightsInCacheForLargeInputBytes() const { return l2Bytes / 2; }

  /// Row blocking (late layers whose weights per output-channel tile do not
  /// fit in L1): the block of weights one reduction step keeps in L1, the
  /// full-height output tile accumulating next to it (together one L1), and
  /// the weights per channel tile above which it pays. The block is at most
  /// five sixths of L1 and what the tile leaves of it (rowBlockChannels in
  /// TileSelection.cpp). The tile takes a sixth of L1, or a quarter where
  /// it spans the output's width in one register tile (a 7x7 map's 32
  /// channels, 6 KiB, on a 32 KiB L1: tileSpansWidth in TileSelection.cpp).
  int64_t rowBlockWeightBytes() const { return l1Bytes * 5 / 6; }
  int64_t rowBlockMaxTileBytes() const { return l1Bytes / 6; }
  int64_t rowBlockMaxWideTileBytes() const { return l1Bytes / 4; }
  int64_t rowBlockMinWeightBytes() const { return l1Bytes * 4 / 3; }

  /// `name`'s description with the given fields replaced (a pass's
  /// options: lanes or L1 of 0, or L2 of -1, keep the target's value).
  static llvm::Expected<CpuTarget> get(llvm::StringRef name, int64_t lanes,
                                       int64_t l1Bytes, int64_t l2Bytes);

  /// Cycles one core takes to stream `bytes` that do (not) fit in its L2.
  double streamCycles(int64_t bytes, bool inL2) const {
    return static_cast<double>(bytes) /
           (inL2 ? l2BytesPerCycle : memoryBytesPerCycle);
  }

  /// Bytes per cycle one core reads again data of `footprint` bytes it has
  /// read before: from L2 where they fit, from its share of L3 where they
  /// fit there, else from memory.
  int64_t rereadBytesPerCycle(int64_t footprint) const {
    if (footprint <= l2Bytes)
      return l2BytesPerCycle;
    if (footprint <= l3Bytes / std::max<int64_t>(cores, 1))
      return l3BytesPerCycle;
    return memoryBytesPerCycle;
  }

  void print(llvm::raw_ostream &os) const;

  /// The description's numbers by name (the report's "cpu_target").
  std::vector<std::pair<std::string, int64_t>> fields() const;

  /// A fork/join of the OpenMP runtime costs about a thousand cycles; a
  /// layer must do a few tens of times that on each core to gain from it.
  static constexpr int64_t kParallelCycles = 32768;
  /// Cycles of one fork/join of the thread pool, for the cost models that
  /// weigh one against the work it spreads.
  static constexpr int64_t kForkJoinCycles = 1024;
  /// Bytes of a cache line of x86-64 (the unit of prefetches and of L1
  /// sets).
  static constexpr int64_t kCacheLineBytes = 64;
  /// Bytes kept between two regions that two cores write: a core's
  /// prefetchers, streaming through its region, fetch a few lines past its
  /// end, which the other core then takes back again and again
  /// (bench/adjacent.c: a few lines apart is enough). A page, for margin.
  static constexpr int64_t kWriterGapBytes = 4096;
};

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_TARGET_H
