//===- TileSelection.cpp - the one component that tiles GPU kernels -------===//
//
// A kernel computes the output tile of a block of threads; each thread keeps
// a register tile of outputs and, at every step of the reduction, loads the
// operand values that tile needs (from shared memory where the block's
// input tiles fit) and does one FMA per output. The register tile sets the
// FMAs per load (its product over the loads of its rows and columns), the
// block of threads the parallelism across SMs and the reuse of the
// shared-memory tiles.
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/TileSelection.h"

#include "llvm/Support/Debug.h"
#include "llvm/Support/InterleavedRange.h"

#include <tuple>

#define DEBUG_TYPE "resnet-gpu-select-tiles"

using namespace mlir;
using namespace mlir::resnet;

namespace {

bool isElementwise(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  return generic && generic.getNumLoops() == generic.getNumParallelLoops();
}

SmallVector<int64_t> divisorsAtMost(int64_t n, int64_t cap) {
  SmallVector<int64_t> divisors;
  for (int64_t d = 1; d <= std::min(n, cap); ++d)
    if (n % d == 0)
      divisors.push_back(d);
  return divisors;
}

/// The (up to three) parallel loops of `op` with more than one iteration,
/// innermost first: for NHWC, output channels, width, height.
SmallVector<unsigned> innerParallelLoops(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<unsigned> loops;
  for (int64_t i = ranges.size() - 1; i >= 0 && loops.size() < 3; --i)
    if (iterators[i] == utils::IteratorType::parallel && ranges[i] > 1)
      loops.push_back(i);
  return loops;
}

/// Values of each input of `op` that one tile of `tile` (per loop; 0 for a
/// whole loop) touches, summed over the inputs the payload reads. With
/// `perStep`, reduction loops count as one step; else `slice` steps of the
/// reduction loop `sliceLoop` (a K-slice) when given.
int64_t inputFootprint(linalg::LinalgOp op, ArrayRef<int64_t> tile,
                       bool perStep, std::optional<unsigned> sliceLoop = {},
                       int64_t slice = 0) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> last(ranges.size());
  for (unsigned i = 0; i < ranges.size(); ++i) {
    bool reduction = iterators[i] == utils::IteratorType::reduction;
    int64_t size = reduction ? (perStep ? 1 : ranges[i])
                             : (tile[i] ? tile[i] : ranges[i]);
    if (!perStep && sliceLoop == i)
      size = slice;
    last[i] = size - 1;
  }
  int64_t total = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (!op.payloadUsesValueFromOperand(input))
      continue;
    AffineMap map = op.getMatchingIndexingMap(input);
    int64_t values = 1;
    if (perStep) {
      // Distinct values: a strided index touches one value per iteration.
      for (AffineExpr expr : map.getResults()) {
        int64_t distinct = 1;
        expr.walk([&](AffineExpr e) {
          if (auto dim = dyn_cast<AffineDimExpr>(e))
            distinct *= last[dim.getPosition()] + 1;
        });
        values *= distinct;
      }
    } else {
      // The extent of the window (halo included) of monotone indices.
      for (int64_t extent : map.compose(last))
        values *= extent + 1;
    }
    total += values;
  }
  return total;
}

/// Shared-memory loads per reduction step: the input values one thread
/// tile reads, 4 to a 128-bit load along a contiguous tiled dimension.
double loadsPerStep(linalg::LinalgOp op, ArrayRef<int64_t> tile) {
  double loads = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (!op.payloadUsesValueFromOperand(input))
      continue;
    AffineMap map = op.getMatchingIndexingMap(input);
    double values = 1;
    for (AffineExpr expr : map.getResults()) {
      int64_t distinct = 1;
      expr.walk([&](AffineExpr e) {
        if (auto dim = dyn_cast<AffineDimExpr>(e))
          distinct *= std::max<int64_t>(tile[dim.getPosition()], 1);
      });
      values *= distinct;
    }
    // Contiguous along the innermost index: 4 values to a load, whether
    // the thread tile spans 4 of them or 4 steps of the reduction are
    // unrolled (input channels of an NHWC conv).
    if (map.getNumResults() > 0)
      if (auto innermost = dyn_cast<AffineDimExpr>(map.getResults().back());
          innermost && (tile[innermost.getPosition()] == 0 ||
                        tile[innermost.getPosition()] % 4 == 0))
        values /= 4;
    loads += values;
  }
  return std::max(loads, 1.0);
}

int64_t product(ArrayRef<int64_t> sizes) {
  int64_t p = 1;
  for (int64_t s : sizes)
    p *= std::max<int64_t>(s, 1);
  return p;
}

/// The register tile of `op` (per loop, reduction loops 0): at least
/// `minOutputs` and at most `maxOutputs` outputs where the shape allows;
/// then the most FMAs per load, or, for an op too small to give every SM
/// two warps (`plentiful` false), the fewest outputs: the threads are few,
/// and each runs fewer instructions.
SmallVector<int64_t> selectThreadTile(linalg::LinalgOp op, int64_t minOutputs,
                                      int64_t maxOutputs, bool plentiful) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> base;
  for (utils::IteratorType it : iterators)
    base.push_back(it == utils::IteratorType::parallel ? 1 : 0);
  SmallVector<unsigned> loops = innerParallelLoops(op);
  loops.resize(3, ~0u);
  const int64_t caps[3] = {32, 8, 4};
  auto options = [&](unsigned i) {
    return loops[i] == ~0u ? SmallVector<int64_t>{1}
                           : divisorsAtMost(ranges[loops[i]], caps[i]);
  };
  SmallVector<int64_t> best = base;
  // (reaches minOutputs, FMAs per load, -outputs)
  std::tuple<bool, double, int64_t> bestScore{false, 0.0, 0};
  for (int64_t t0 : options(0))
    for (int64_t t1 : options(1))
      for (int64_t t2 : options(2)) {
        int64_t outputs = t0 * t1 * t2;
        if (outputs > maxOutputs)
          continue;
        SmallVector<int64_t> tile = base;
        const int64_t sizes[3] = {t0, t1, t2};
        for (unsigned i = 0; i < 3; ++i)
          if (loops[i] != ~0u)
            tile[loops[i]] = sizes[i];
        bool enough = outputs >= minOutputs;
        double perLoad = static_cast<double>(outputs) / loadsPerStep(op, tile);
        // Below the minimum, more outputs is better.
        std::tuple<bool, double, int64_t> score =
            !enough ? std::make_tuple(false, static_cast<double>(outputs),
                                      int64_t(0))
            : plentiful
                ? std::make_tuple(true, perLoad, -outputs)
                : std::make_tuple(true, static_cast<double>(-outputs),
                                  static_cast<int64_t>(perLoad * 1000));
        if (score > bestScore) {
          bestScore = score;
          best = tile;
        }
      }
  return best;
}

/// The block tile of `op` for the thread tile `thread`: the block spread
/// over the most SMs (up to 4 warps each), then input tiles that fit in
/// shared memory, full warps, more threads, more threads along channels.
SmallVector<int64_t> selectBlockTile(linalg::LinalgOp op,
                                     ArrayRef<int64_t> thread,
                                     const GpuTarget &target,
                                     int64_t sharedMemoryBytes,
                                     int64_t maxThreads) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<unsigned> loops = innerParallelLoops(op);
  loops.resize(3, ~0u);
  const int64_t caps[3] = {32, 16, 16};
  auto options = [&](unsigned i) {
    return loops[i] == ~0u
               ? SmallVector<int64_t>{1}
               : divisorsAtMost(ranges[loops[i]] / thread[loops[i]], caps[i]);
  };
  int64_t outputs = 1;
  for (auto [range, t] : llvm::zip(ranges, thread))
    if (t != 0)
      outputs *= range;
  int64_t elementBytes = 4;
  SmallVector<int64_t> best(thread);
  std::tuple<int64_t, bool, bool, int64_t, int64_t> bestScore{-1, false,
                                                              false, 0, 0};
  for (int64_t k0 : options(0))
    for (int64_t k1 : options(1))
      for (int64_t k2 : options(2)) {
        int64_t threads = k0 * k1 * k2;
        if (threads > maxThreads)
          continue;
        SmallVector<int64_t> block(thread);
        const int64_t counts[3] = {k0, k1, k2};
        for (unsigned i = 0; i < 3; ++i)
          if (loops[i] != ~0u)
            block[loops[i]] = thread[loops[i]] * counts[i];
        int64_t blocks = outputs / product(block);
        int64_t spread = std::min(blocks, target.smCount) *
                         std::min(threads, 4 * target.warpSize);
        bool fits = op.getNumReductionLoops() == 0 ||
                    inputFootprint(op, block, /*perStep=*/false) *
                            elementBytes <=
                        sharedMemoryBytes;
        std::tuple<int64_t, bool, bool, int64_t, int64_t> score{
            spread, fits, threads % target.warpSize == 0, threads, k0};
        if (score > bestScore) {
          bestScore = score;
          best = block;
        }
      }
  return best;
}

/// The K-slice of `op` (steps of its resnet::kSliceLoop) for the block tile
/// `block`: 0 when the whole reduction fits in `budget` bytes (staged at
/// once) or when not even one step fits twice (read from global memory);
/// else the most steps whose two buffers fit, a multiple of 4 (whole
/// 128-bit rows of input channels) from 4 up, or a divisor of the
/// reduction not much smaller (no short last slice).
int64_t selectKSlice(linalg::LinalgOp op, ArrayRef<int64_t> block,
                     int64_t budget) {
  constexpr int64_t elementBytes = 4;
  std::optional<unsigned> loop = kSliceLoop(op);
  if (!loop ||
      inputFootprint(op, block, /*perStep=*/false) * elementBytes <= budget)
    return 0;
  int64_t range = op.getStaticLoopRanges()[*loop];
  auto fits = [&](int64_t slice) {
    return 2 * inputFootprint(op, block, /*perStep=*/false, loop, slice) *
               elementBytes <=
           budget;
  };
  int64_t most = 0;
  for (int64_t slice = 1; slice < range && fits(slice); ++slice)
    most = slice;
  if (most >= 4)
    most -= most % 4;
  for (int64_t d = most; d > 0 && 4 * d >= 3 * most; --d)
    if (range % d == 0 && (d % 4 == 0 || d < 4))
      return d;
  return most;
}

/// `producerTile` (per loop of `producer`) over the loops of its
/// elementwise consumer, whose identity output is the producer's result.
SmallVector<int64_t> projectToConsumer(linalg::LinalgOp producer,
                                       linalg::LinalgOp consumer,
                                       ArrayRef<int64_t> producerTile) {
  SmallVector<int64_t> tile(consumer.getNumLoops(), 1);
  AffineMap map = producer.getIndexingMapMatchingResult(
      cast<OpResult>(producer->getResult(0)));
  for (auto [d, expr] : llvm::enumerate(map.getResults()))
    if (auto dim = dyn_cast<AffineDimExpr>(expr); dim && d < tile.size())
      tile[d] = producerTile[dim.getPosition()];
  return tile;
}

} // namespace

SmallVector<int64_t> resnet::tileOfProducer(linalg::LinalgOp consumer,
                                            linalg::LinalgOp producer,
                                            ArrayRef<int64_t> consumerTile) {
  SmallVector<int64_t> tile(producer.getNumLoops(), 0);
  SmallVector<utils::IteratorType> iterators =
      producer.getIteratorTypesArray();
  for (auto [i, it] : llvm::enumerate(iterators))
    if (it == utils::IteratorType::parallel)
      tile[i] = 1;
  for (OpOperand &operand : consumer->getOpOperands()) {
    if (operand.get().getDefiningOp() != producer.getOperation())
      continue;
    AffineMap consumerMap = consumer.getMatchingIndexingMap(&operand);
    AffineMap producerMap = producer.getIndexingMapMatchingResult(
        cast<OpResult>(operand.get()));
    for (auto [c, p] :
         llvm::zip(consumerMap.getResults(), producerMap.getResults())) {
      auto cd = dyn_cast<AffineDimExpr>(c);
      auto pd = dyn_cast<AffineDimExpr>(p);
      if (cd && pd)
        tile[pd.getPosition()] = consumerTile[cd.getPosition()];
    }
    break;
  }
  return tile;
}

std::optional<unsigned> resnet::kSliceLoop(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  std::optional<unsigned> best;
  for (unsigned loop = 0; loop < iterators.size(); ++loop) {
    if (iterators[loop] != utils::IteratorType::reduction || ranges[loop] < 2)
      continue;
    bool everywhere = true, anyInput = false;
    for (OpOperand *input : op.getDpsInputOperands()) {
      if (!op.payloadUsesValueFromOperand(input)) {
        // Pooling: the window operand only carries a shape.
        everywhere = false;
        break;
      }
      anyInput = true;
      AffineMap map = op.getMatchingIndexingMap(input);
      everywhere &= llvm::any_of(map.getResults(), [&](AffineExpr e) {
        auto dim = dyn_cast<AffineDimExpr>(e);
        return dim && dim.getPosition() == loop;
      });
    }
    if (everywhere && anyInput && (!best || ranges[loop] > ranges[*best]))
      best = loop;
  }
  return best;
}

bool resnet::fusesIntoConsumer(Operation *op) {
  if (isa<linalg::FillOp>(op))
    return !op->use_empty() &&
           llvm::all_of(op->getUsers(), llvm::IsaPred<linalg::LinalgOp>);
  if (!isa<linalg::LinalgOp>(op) || isa<linalg::CopyOp>(op) ||
      op->getNumResults() != 1 || !op->getResult(0).hasOneUse())
    return false;
  return isElementwise(*op->getResult(0).getUsers().begin());
}

SmallVector<linalg::LinalgOp> resnet::reducingOpsOf(linalg::LinalgOp root) {
  if (root.getNumReductionLoops() > 0)
    return {root};
  SmallVector<linalg::LinalgOp> reducing;
  for (Value operand : root->getOperands()) {
    auto producer = operand.getDefiningOp<linalg::LinalgOp>();
    if (producer && producer.getNumReductionLoops() > 0 &&
        fusesIntoConsumer(producer))
      reducing.push_back(producer);
  }
  return reducing;
}

GpuTileAttr resnet::selectGpuTile(linalg::LinalgOp root,
                                  const GpuTarget &target,
                                  int64_t sharedMemoryBytes,
                                  StringAttr kernel) {
  MLIRContext *ctx = root->getContext();
  const int64_t maxThreads = std::min<int64_t>(256, target.maxThreadsPerBlock);
  SmallVector<linalg::LinalgOp> reducing = reducingOpsOf(root);
  SmallVector<int64_t> block, thread, slices;
  int64_t outputs = 1;
  if (reducing.empty()) {
    // Elementwise: one output per thread, blocks of up to 16 x 4 x 4.
    SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
    SmallVector<int64_t> ranges = root.getStaticLoopRanges();
    thread.assign(ranges.size(), 1);
    block.assign(ranges.size(), 1);
    SmallVector<unsigned> loops = innerParallelLoops(root);
    const int64_t caps[3] = {16, 4, 4};
    for (auto [i, loop] : llvm::enumerate(loops))
      block[loop] = divisorsAtMost(ranges[loop], caps[i]).back();
  } else {
    // Several ops that reduce into one epilogue (a block's last conv and
    // its projection shortcut) keep one accumulator tile each.
    linalg::LinalgOp op = reducing.front();
    int64_t maxOutputs = std::max<int64_t>(16, 32 / reducing.size());
    int64_t opOutputs = 1;
    for (auto [range, it] :
         llvm::zip(op.getStaticLoopRanges(), op.getIteratorTypesArray()))
      if (it == utils::IteratorType::parallel)
        opOutputs *= range;
    bool plentiful = opOutputs / 16 >= 2 * target.smCount * target.warpSize;
    SmallVector<int64_t> opThread =
        selectThreadTile(op, 16, maxOutputs, plentiful);
    SmallVector<int64_t> opBlock = selectBlockTile(
        op, opThread, target, sharedMemoryBytes, maxThreads);
    outputs = product(opThread);
    // The kernel's shared memory is split between its reducing ops (a
    // block's last conv and its projection shortcut).
    int64_t share = sharedMemoryBytes / static_cast<int64_t>(reducing.size());
    SmallVector<int64_t> rootBlock =
        op == root ? opBlock : projectToConsumer(op, root, opBlock);
    for (linalg::LinalgOp reduce : reducing) {
      SmallVector<int64_t> reduceBlock =
          reduce == root ? rootBlock
                         : tileOfProducer(root, reduce, rootBlock);
      slices.push_back(selectKSlice(reduce, reduceBlock, share));
    }
    if (llvm::all_of(slices, [](int64_t s) { return s == 0; }))
      slices.clear();
    if (op == root) {
      thread = opThread;
      block = opBlock;
    } else {
      thread = projectToConsumer(op, root, opThread);
      block = projectToConsumer(op, root, opBlock);
    }
  }
  int64_t threads = 1;
  for (auto [b, t] : llvm::zip(block, thread))
    if (t != 0)
      threads *= b / t;
  LLVM_DEBUG(llvm::dbgs() << kernel.getValue() << ": block ["
                          << llvm::interleaved(block) << "] thread ["
                          << llvm::interleaved(thread) << "], " << threads
                          << " threads, " << outputs
                          << " outputs per thread, K-slices ["
                          << llvm::interleaved(slices) << "]\n");
  return GpuTileAttr::get(ctx, kernel, block, thread, threads, outputs,
                          slices);
}
