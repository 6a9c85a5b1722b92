//===- TileSelection.cpp - choose each CPU layer's tiles ------------------===//
//
// Register tiles: the output tile [N=n, OH=1, OW=ow, F=f] (NHWC; [rows, f]
// for matmuls) is chosen by its estimated time per output: f is two vectors
// or one (else the largest divisor up to two vectors, or for a conv or a
// matmul alone in its layer two vectors or one with the last channels peeled
// into a tile of their own, as 1000 classes are), ow at most what the
// target's accumulator registers hold (up to 24 of AVX-512's 32 where the
// layer's weights stream from memory, a strided conv's where that covers its
// row; n > 1 only where a whole output row leaves room: the same row of n
// images, so that small late-stage maps of a batch still fill the
// registers), and a reduction step of the tile costs the longest of its FMA
// issue, its load issue (a load per weight vector, a broadcast per row) and
// the FMA latency. Rows whose inputs map to the same L1 set (wide channel
// counts: a 4 KiB NHWC pixel) are capped at what that set holds. A row tile
// that does not divide OW cuts it into tiles that differ by one row (17 in
// 5 + 4 + 4 + 4, priced as 5 + 5 + 5 + 2: see rowsTime), the narrower ones
// peeled by --resnet-tile, so every tile has a static shape and vectorizes
// and none is too short to cover the FMA latency; the peeled part is a
// layer of its own, which reads the weights once more: what of them does not
// stay in L2 next to the activations is counted against the tile, from L3
// where the weights fit in a core's share of it, else from memory (a
// 13-wide row of a layer with 18 MiB of weights takes one 13 x 1-vector
// tile, not 7 + 6 x 2 vectors).
// Where the L1 sets cap a streamed layer's two-vector tile below the rows its
// accumulators hold (4 KiB-apart pixels on an 8-way L1), the tile takes four
// vectors of a quarter of the accumulators' rows instead.
//
// Loop order: a layer whose weights exceed what stays in L2 sweeps the
// image once per block of output channels (channels outermost), and each
// sweep's read of the input counts against narrow channel tiles; otherwise
// the channel blocks are innermost and the input tile is reused from L1.
// Row blocking, for late layers whose weights per channel tile overflow
// L1, is described in Target.h. Threads: layers with enough work per
// fork/join. Winograd: F(2x2) (F(4x4) only when forced: fewer products,
// 4x the rounding error), the last row and column of tiles padded when m
// does not divide the output; direct where that saves too little, or where
// reading its larger transformed filter from memory takes longer than the
// direct convolution (small maps at batch 1).
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/TileSelection.h"
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/WinogradMatrices.h"
#include "dialect/WeightUtils.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Debug.h"

#include <limits>
#include <tuple>

#define DEBUG_TYPE "resnet-select-tiles"

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// The most input-channel / k elements one reduction step handles: the
/// step unrolls into this many broadcast + FMA rounds, which is enough to
/// hide the FMA latency without growing the loop body further.
constexpr int64_t kReductionStep = 8;
/// The same for a strided conv (see reductionSteps).
constexpr int64_t kStridedReductionStep = 4;

/// Weights are prefetched when the first sweep's wait for them is at least
/// this share of a block's sweeps: below it, the prefetches (one per line,
/// repeated by every sweep) cost about what they save.
constexpr double kPrefetchMinWait = 0.1;

/// Below that, a layer without row blocks whose sweeps are many enough to
/// carry the next block's lines one per reduction-loop iteration
/// (`prefetch_spread`: a prefetch per 16 weight-line loads of a 7 x 2
/// register tile) prefetches them spread over its sweeps where the wait
/// is at least this share. The 1x1 convs of a 14x14 map (128 KiB per
/// channel tile, 28 sweeps, 4.6 % by this model) ran in 0.90 (ResNet-101)
/// and 0.94 (ResNeXt-101) of the time with it, on 1 and on 2 threads
/// (bench/README "Weights prefetched over many sweeps"); 512->512 at 28x28
/// (1.1 %) gained nothing.
constexpr double kPrefetchSpreadMinWait = 0.025;

/// A Winograd transform element is a load, a few adds and a store, a
/// vector lane of each, read and written across the transform's 16
/// planes: about the time of 16 multiply-adds at the target's FMA rate
/// (0.45 cycles an element measured on a core described at 32 a cycle).
/// A transform is worth a fork/join from minParallelMacs / 16 elements;
/// transforms of half that did not gain from threads (bench/README
/// "Winograd transforms on threads").
constexpr int64_t kTransformMacsPerElement = 16;

/// Winograd pays when its products are at most this share of the direct
/// convolution's multiply-adds: the transforms add work of the order of the
/// products on narrow layers, and padded tiles compute outputs that are
/// thrown away. F(2x2) on an odd size pads a row and a column of tiles:
/// 15x15 and 13x13 outputs need 0.51 of the direct products, 11x11 0.53
/// (Winograd still the faster there), 9x9 0.55 and 7x7 0.58 (direct the
/// faster on one thread; bench/README, "Winograd on odd sizes and on
/// threads").
constexpr double kWinogradMaxProductShare = 0.53;
/// ... and this share where the layer has at least kWinogradWideChannels
/// input and output channels: the transforms' work per product falls with
/// the channels (C + F transform elements per tile point against C x F
/// products: at kTransformMacsPerElement, 1/8 of the products at 256
/// channels, 1/2 at 64),
/// and a 7x7 output's F(2x2) (0.58) ran in 0.55-0.64 of the direct conv's
/// time with 256 and 512 channels, batch 1 to 8, on 1 and 2 threads; 5x5
/// (0.64) tied on one thread and lost on two, and 64 channels at 9x9
/// (0.55, batch 4) lost on two (bench/README "Winograd on 7x7 maps of
/// wide layers").
constexpr double kWinogradWideMaxProductShare = 0.6;
constexpr int64_t kWinogradWideChannels = 256;

/// A Winograd filter is transformed at run time (when the stored filters do
/// not fit the memory budget) only where the transform (the weights read, U
/// written) costs at most this share of the cycles Winograd saves: the
/// saving is an upper bound (the input and output transforms are not
/// counted in it) ...
constexpr double kRuntimeFilterMaxShare = 0.25;
/// ... or this share where the layer runs in one block (its V and M in the
/// cores' L2), the products reading U just written. ResNet-152's third
/// stage (14x14, 256 channels, one block, 0.41) ran in 0.82 (1 thread) and
/// 0.78 (2 threads) of the direct conv's time; ResNet-50's at 320x240
/// (20x15 in 3 blocks, 0.28) 0.9-1.0 on 1 thread but 1.45 times on 2
/// (bench/README "Winograd filters transformed at run time").
constexpr double kRuntimeFilterOneBlockMaxShare = 0.5;

/// A Winograd layer runs its three phases per block of tiles (to keep V and
/// M in the memory budget, or in each core's L2) of at least this many
/// tiles: the batched product's rows, each U vector it loads feeds a
/// register tile's rows ...
constexpr int64_t kMinWinogradBlockTiles = 32;
/// ... and, one after the other, in at most this many blocks (each block's
/// code is emitted apart, and on threads each of its phases is a
/// fork/join).
constexpr int64_t kMaxWinogradBlocks = 16;
/// A Winograd block's V and M together may take this share of a core's L2,
/// where U's vectors and the output stream through the rest.
constexpr double kWinogradBlockL2Share = 0.5;

/// Where the estimates of row tiles tie, a peeled part (a loop nest of its
/// own, which sweeps its columns of every row apart from the others) counts
/// as this many more tiles: at one FMA a cycle, 28 and 56 columns ran
/// 3-14 % slower in 5-column tiles and a peel than in 4 x 7 and 4 x 14, and
/// 33 strided columns 10 % slower in 11 x 3 than in 5 x 5 + 4 x 2
/// (bench/README "The first Zen cores").
constexpr int64_t kPeelTieTiles = 2;

/// A max pooling tile reads its input pixels' channels in runs of up to
/// this many bytes (four cache lines: the 64 channels of a ResNet stem).
constexpr int64_t kPoolChannelRunBytes = 256;

/// A conv's input-channel step: the largest multiple of four up to `bound`
/// that divides `channels`, else 1. A step of 2, 3, 6 or 7 channels (an
/// RGB stem's 3) reads neighbouring channels of one pixel in the same
/// unrolled body, and LLVM merges two such loads into one 8-byte load
/// broadcast from registers (vbroadcastss from a register and vpermps:
/// shuffles, on Intel cores issued on the port of the second 512-bit FMA
/// unit); with 1 or a multiple of 4 channels every broadcast stays a load
/// (5 happens to as well, but is not worth a rule of its own: as single
/// steps it costs only loop overhead).
int64_t inputChannelStep(int64_t channels, int64_t bound) {
  for (int64_t step = bound - bound % 4; step >= 4; step -= 4)
    if (channels % step == 0)
      return step;
  return 1;
}

/// Estimated time of `rows` output rows computed in register tiles of
/// `tile` rows x `vectors` vectors, in units of a row at the FMA peak. A
/// tile that does not divide the rows is priced as if the last
/// `rows % tile` rows were one peeled tile, more than the narrow tiles
/// splitRows cuts cost by this model: the difference stands for the peel's
/// own cost (a loop nest of its own, which sweeps its columns of every row
/// apart from the others), so that a tile that divides wins a tie
/// (bench/README "Peeled parts cut evenly"). One reduction step of a
/// tile issues rows x vectors FMAs, a load per weight vector and a
/// broadcast per row, and extends each accumulator's chain by one FMA: it
/// takes the longest of the FMA issue time, the load issue time, the
/// broadcasts' issue time (where they also take a vector-unit slot) and
/// the FMA latency.
double rowsTime(int64_t rows, int64_t tile, int64_t vectors,
                const CpuTarget &target) {
  auto rowCost = [&](int64_t tileRows) {
    double fmaCycles =
        static_cast<double>(tileRows * vectors) / target.fmaUnits;
    double loadCycles =
        static_cast<double>(tileRows + vectors) / target.loadPorts;
    double broadcastCycles = tileRows / target.broadcastsPerCycle;
    double stepCycles = std::max({fmaCycles, loadCycles, broadcastCycles,
                                  static_cast<double>(target.fmaLatency)});
    return stepCycles / fmaCycles;
  };
  int64_t remainder = rows % tile;
  return (rows - remainder) * rowCost(tile) +
         (remainder ? remainder * rowCost(remainder) : 0.0);
}

/// rowsTime plus, when `tile` does not divide the rows, the peeled part's
/// stream of the weights: `passShare` (remainderPassShare) of the rows'
/// time at the FMA peak.
double rowsTimeWithPasses(int64_t rows, int64_t tile, int64_t vectors,
                          const CpuTarget &target, double passShare) {
  double time = rowsTime(rows, tile, vectors, target);
  return rows % tile ? time + passShare * rows : time;
}

} // namespace

double resnet::rowTileTime(int64_t rows, int64_t tile, int64_t vectors,
                           const CpuTarget &target) {
  if (rows <= 0 || tile <= 0 || vectors <= 0)
    return 1.0;
  return rowsTime(rows, tile, vectors, target) / static_cast<double>(rows);
}

double resnet::estimateTransformCycles(int64_t elements,
                                       const CpuTarget &target) {
  return static_cast<double>(elements) * kTransformMacsPerElement /
         target.macsPerCycle();
}

int64_t resnet::largestDivisorAtMost(int64_t n, int64_t bound) {
  for (int64_t d = std::min(n, bound); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

int64_t resnet::selectRowTile(int64_t size, int64_t vectors,
                              const CpuTarget &target, int64_t maxRows,
                              double passShare, int64_t accumulators,
                              bool narrowApart) {
  if (accumulators <= 0)
    accumulators = target.accumulatorRegisters();
  int64_t rowsLimit = std::max<int64_t>(1, accumulators / vectors);
  if (maxRows > 0)
    rowsLimit = std::min(rowsLimit, maxRows);
  rowsLimit = std::min(size, rowsLimit);
  // The fastest; on a tie, the fewest tiles (each streams the weights of
  // its channel block once more), a peeled part (`narrowApart`) counting
  // as kPeelTieTiles more, then no peeled part, then the largest remainder
  // (of 17 rows, 9 rather than 12: both cut 9 + 8, and 9 is priced as it
  // runs).
  int64_t peelTiles = narrowApart ? kPeelTieTiles : 0;
  auto tieBreak = [&](int64_t rows) {
    int64_t remainder = size % rows;
    return std::make_tuple(llvm::divideCeil(size, rows) +
                               (remainder ? peelTiles : 0),
                           remainder != 0, -remainder);
  };
  int64_t best = 0;
  double bestTime = 0;
  for (int64_t rows = rowsLimit; rows >= 1; --rows) {
    double time = rowsTimeWithPasses(size, rows, vectors, target, passShare);
    if (!best || time < bestTime - 1e-9 ||
        (time < bestTime + 1e-9 && tieBreak(rows) < tieBreak(best))) {
      best = rows;
      bestTime = time;
    }
  }
  RowSplit split = splitRows(size, best);
  LLVM_DEBUG(llvm::dbgs() << "rows " << size << " (at most " << rowsLimit
                          << " in a tile): " << split.wideTiles << " x "
                          << split.wide;
             if (split.peeled()) llvm::dbgs()
             << " + " << split.narrowTiles << " x " << split.wide - 1
             << " peeled";
             llvm::dbgs() << ", estimated " << bestTime << " row-times\n");
  return split.wide;
}

namespace {
/// Bytes between the inputs of two neighbouring rows of an anchor's register
/// tile (a conv's output columns, a matmul's rows): the row stride its
/// broadcasts walk; 0 when unknown.
int64_t inputRowStrideBytes(linalg::LinalgOp anchor) {
  auto input = dyn_cast<RankedTensorType>(anchor.getDpsInputs()[0].getType());
  if (!input || !input.hasStaticShape() ||
      !input.getElementType().isIntOrFloat())
    return 0;
  int64_t elementBytes = input.getElementType().getIntOrFloatBitWidth() / 8;
  int64_t innermost = input.getShape().back() * elementBytes;
  if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(anchor.getOperation()))
    return innermost * conv.getStrides().getValues<int64_t>()[1];
  if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(anchor.getOperation()))
    return innermost;
  return 0;
}

/// The most rows a register tile of the layer may have without its input
/// rows evicting each other from L1 (a 1024-channel NHWC row is 4 KiB: on
/// a 48 KiB 12-way L1 every pixel of a row maps to the same set); 0: no
/// limit.
int64_t rowsWithoutSetConflicts(ArrayRef<linalg::LinalgOp> anchors,
                                const CpuTarget &target) {
  int64_t limit = 0;
  for (linalg::LinalgOp anchor : anchors) {
    int64_t rows =
        target.rowsWithoutSetConflicts(inputRowStrideBytes(anchor));
    if (rows > 0)
      limit = limit ? std::min(limit, rows) : rows;
  }
  return limit;
}

/// Bytes of a layer's activations: its anchors' inputs other than the
/// weights, and its output.
int64_t layerActivationBytes(ArrayRef<linalg::LinalgOp> anchors) {
  int64_t bytes = 0;
  for (linalg::LinalgOp op : anchors) {
    if (op.getNumDpsInputs() > 0)
      bytes += tensorBytes(op.getDpsInputs()[0].getType());
    for (Value result : op->getResults())
      bytes += tensorBytes(result.getType());
  }
  return bytes;
}

/// What a peeled remainder's second pass over a layer's weights costs, as
/// a share of the layer's time at the FMA peak. The remainder is a layer of
/// its own over the same weights. Weights that fit in L2 are taken to stay
/// there between the passes (a 1 MiB layer at 15x15 ran no faster without
/// a remainder on a 2 MiB L2); of larger ones the second pass finds in L2
/// what the first left there (L2 less the activations) and reads the rest
/// again from where the whole weights fit: the core's share of L3, else
/// memory (ResNeXt-50's 1x1 512->1024 at 7x7, 2 MiB, ran 9-24 % faster in
/// 4 + 3 columns of two vectors than in 7 columns of one on a 512 KiB L2:
/// bench/README "Seven columns on AVX2").
double remainderPassShare(int64_t work, int64_t weightBytes,
                          int64_t activationBytes, const CpuTarget &target) {
  if (work == 0 || weightBytes <= target.l2Bytes)
    return 0;
  int64_t kept = std::max<int64_t>(0, target.l2Bytes - activationBytes);
  int64_t streamed = weightBytes - kept;
  if (streamed <= 0)
    return 0;
  return static_cast<double>(streamed) /
         target.rereadBytesPerCycle(weightBytes) /
         (work / target.macsPerCycle());
}

/// Images of an NHWC output whose rows one register tile covers together:
/// when a whole output row fits in the tile with room to spare (the late
/// stages of small images, the 2x2 and 4x4 maps of a batch), the tile
/// takes the same row of several images, so that it keeps enough
/// accumulators to cover the FMA latency and each weight vector it loads
/// feeds more multiply-adds. The most images (dividing the batch) whose
/// rows fit the tile and that the cost model finds fastest per output.
int64_t selectImageTile(ArrayRef<int64_t> shape, int64_t rowTile,
                        int64_t vectors, const CpuTarget &target,
                        int64_t maxRows) {
  int64_t images = shape[0], width = shape[2];
  if (rowTile != width)
    return 1;
  int64_t rowsLimit =
      std::max<int64_t>(1, target.accumulatorRegisters() / vectors);
  if (maxRows > 0)
    rowsLimit = std::min(rowsLimit, maxRows);
  int64_t best = 1;
  double bestTime = rowsTime(width, width, vectors, target) / width;
  for (int64_t n = 2; n <= images && n * width <= rowsLimit; ++n) {
    if (images % n != 0)
      continue;
    double time = rowsTime(n * width, n * width, vectors, target) /
                  (n * width);
    if (time < bestTime + 1e-9) {
      best = n;
      bestTime = time;
    }
  }
  LLVM_DEBUG(if (best > 1) llvm::dbgs()
             << "output rows of " << width << ": " << best
             << " images per register tile, estimated " << bestTime
             << " per output\n");
  return best;
}

/// Output rows of a configuration's register tile: its row tile times the
/// images it covers.
int64_t registerTileRows(ArrayRef<int64_t> tiles) {
  int64_t rank = tiles.size();
  if (rank < 2)
    return 1;
  return tiles[rank - 2] * (rank == 4 ? tiles[0] : 1);
}

/// Accumulators of a configuration's register tile: its output rows times
/// the vectors of its channel tile.
int64_t registerTileAccumulators(ArrayRef<int64_t> tiles,
                                 const CpuTarget &target) {
  return registerTileRows(tiles) *
         llvm::divideCeil(tiles.back(), target.vectorLanes);
}

/// Lanes computed per output channel when `channels` are tiled
/// `channelTile` wide, the last `channels % channelTile` in a peeled tile:
/// each tile rounds up to whole vectors.
double laneWork(int64_t channels, int64_t channelTile, int64_t lanes) {
  int64_t remainder = channels % channelTile;
  int64_t lanesComputed =
      (channels - remainder) / channelTile *
          (llvm::divideCeil(channelTile, lanes) * lanes) +
      llvm::divideCeil(remainder, lanes) * lanes;
  return static_cast<double>(lanesComputed) / channels;
}

/// Where a layer's register tiles of two vectors may hold more than
/// CpuTarget::accumulatorRegisters (selectLayerConfig says when).
enum class TallTiles { None, WholeRows, AnyRows };

/// Parallel tile sizes over an NHWC or [M, N] output: of the channel tiles
/// (two vectors, one vector, else the largest divisor up to two vectors,
/// or with `peelChannels` two vectors or one with the remaining channels
/// peeled), with each its row tile (selectRowTile) and, for a
/// convolution's NHWC output (`foldImages`), the images it covers
/// (selectImageTile), the one estimated fastest per output (lanes left
/// empty count as work); on a tie the one whose register tile holds the
/// most outputs. `passShare`: what a peeled remainder's extra stream of the
/// weights costs (remainderPassShare); `sweepShare`: what each channel
/// tile's sweep of the input costs (inputSweepShare, 0 where the channel
/// tiles are not outermost); `tall`: where a tile of two vectors
/// may hold up to CpuTarget::streamingAccumulatorRegisters.
SmallVector<int64_t> outputTiles(ArrayRef<int64_t> shape,
                                 const CpuTarget &target, int64_t maxRows,
                                 bool foldImages, double passShare,
                                 double sweepShare, bool peelChannels,
                                 TallTiles tall) {
  int64_t rank = shape.size();
  int64_t channels = shape[rank - 1];
  int64_t lanes = target.vectorLanes;
  SmallVector<int64_t> candidates;
  for (int64_t tile : {2 * lanes, lanes})
    if (channels % tile == 0)
      candidates.push_back(tile);
  if (candidates.empty()) {
    candidates.push_back(largestDivisorAtMost(channels, 2 * lanes));
    // A channel count with no divisor of whole vectors (1000 classes: 25,
    // which LLVM splits into loads of 16 + 8 + 1 lanes; a prime: 1) keeps
    // vector-wide tiles, its last channels a tile of their own.
    if (peelChannels)
      for (int64_t tile : {2 * lanes, lanes})
        if (tile < channels)
          candidates.push_back(tile);
  }
  SmallVector<int64_t> best;
  double bestTime = 0;
  auto outputs = [&](ArrayRef<int64_t> t) {
    return t[rank - 1] * registerTileRows(t);
  };
  for (int64_t channelTile : candidates) {
    int64_t vectors = llvm::divideCeil(channelTile, lanes);
    SmallVector<int64_t> tiles(rank, 1);
    tiles[rank - 1] = channelTile;
    double time = laneWork(channels, channelTile, lanes) +
                  sweepShare * llvm::divideCeil(channels, channelTile);
    if (rank >= 2) {
      int64_t rows = shape[rank - 2];
      bool tallTiles = tall != TallTiles::None && vectors >= 2;
      int64_t rowTile = selectRowTile(
          rows, vectors, target, maxRows, passShare,
          tallTiles ? target.streamingAccumulatorRegisters()
                    : target.accumulatorRegisters());
      if (tallTiles && tall == TallTiles::WholeRows && rowTile != rows)
        rowTile = selectRowTile(rows, vectors, target, maxRows, passShare,
                                target.accumulatorRegisters());
      tiles[rank - 2] = rowTile;
      if (rank == 4 && foldImages)
        tiles[0] =
            selectImageTile(shape, tiles[rank - 2], vectors, target, maxRows);
      int64_t tileRows = registerTileRows(tiles);
      time *= tileRows == tiles[rank - 2]
                  ? rowsTimeWithPasses(rows, tiles[rank - 2], vectors, target,
                                       passShare) /
                        rows
                  : rowsTime(tileRows, tileRows, vectors, target) / tileRows;
    }
    LLVM_DEBUG(llvm::dbgs() << "channel tile " << channelTile << ": rows "
                            << tiles[std::max<int64_t>(rank - 2, 0)]
                            << " x images " << tiles[0] << ", estimated "
                            << time << " per output\n");
    if (best.empty() || time < bestTime - 1e-9 ||
        (time < bestTime + 1e-9 && outputs(tiles) > outputs(best))) {
      best = tiles;
      bestTime = time;
    }
  }
  return best;
}

bool isStrided(linalg::Conv2DNhwcHwcfOp conv) {
  return llvm::any_of(conv.getStrides().getValues<int64_t>(),
                      [](int64_t stride) { return stride > 1; });
}

/// Whether `op` is a convolution with a stride above 1.
bool isStridedConv(linalg::LinalgOp op) {
  auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
  return conv && isStrided(conv);
}

/// Reduction steps of an anchor (0: the loop stays whole); `channels`
/// bounds a conv's input-channel step (a row block's channels), and
/// `fullTile` asks for 4 input channels a step, as a strided conv takes:
/// for a register tile of all CpuTarget::accumulatorRegisters accumulators
/// in a row-blocked conv or a Winograd product (see selectLayerConfig), or
/// a taller one that prefetches its weights (tallTilePrefetch).
SmallVector<int64_t> reductionSteps(linalg::LinalgOp anchor, int64_t channels,
                                    bool fullTile) {
  SmallVector<int64_t> ranges = anchor.getStaticLoopRanges();
  SmallVector<int64_t> steps(ranges.size(), 0);
  if (isa<linalg::Conv2DNhwcHwcfOp>(anchor)) {
    // (n, oh, ow, f, kh, kw, c): unit kh/kw make the conv decompose to 1-D.
    steps[4] = 1;
    steps[5] = 1;
    // A strided conv's kernel keeps more values live across a step (the
    // step's weight vectors next to the accumulators): with 8 channels per
    // step LLVM spills (59 spill moves against 8 at stride 1 for the same
    // register tile) and its stride-2 layers run 12 % slower than with 4.
    // So do the full and tall register tiles `fullTile` stands for.
    int64_t step = isStridedConv(anchor) || fullTile ? kStridedReductionStep
                                                     : kReductionStep;
    steps[6] = inputChannelStep(channels ? channels : ranges[6], step);
  } else if (isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(anchor)) {
    // (n, oh, ow, c, kh, kw)
    steps[4] = 1;
  } else if (isa<linalg::MatmulOp>(anchor)) {
    // (m, n, k)
    steps[2] = largestDivisorAtMost(ranges[2], kReductionStep);
  } else if (isa<linalg::BatchMatmulOp>(anchor)) {
    // (b, m, n, k): Winograd's products, one per transform point; a full
    // tile steps 4, as a row-blocked conv's (`fullTile`).
    steps[3] = largestDivisorAtMost(ranges[3], fullTile ? kStridedReductionStep
                                                        : kReductionStep);
  }
  return steps;
}

/// Input channels per reduction block of a row-blocked conv (its weights,
/// KH x KW x c x f floats, within the target's L1 block and, with the
/// output tile of `tileBytes` accumulating beside them, within L1); 0 when
/// the conv's weights per channel tile are small enough not to need
/// blocking.
int64_t rowBlockChannels(linalg::LinalgOp anchor, int64_t channelTile,
                         int64_t tileBytes, const CpuTarget &target) {
  auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(anchor.getOperation());
  if (!conv)
    return 0;
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t window = filter.getDimSize(0) * filter.getDimSize(1);
  int64_t channels = filter.getDimSize(2);
  int64_t bytesPerChannel = window * channelTile * sizeof(float);
  if (channels * bytesPerChannel <= target.rowBlockMinWeightBytes())
    return 0;
  int64_t bound =
      std::min(target.rowBlockWeightBytes(), target.l1Bytes - tileBytes) /
      bytesPerChannel;
  for (int64_t c = bound - bound % kReductionStep; c >= kReductionStep;
       c -= kReductionStep)
    if (channels % c == 0)
      return c;
  return 0;
}

/// Whether a register tile leaves room for what a row block (its partial
/// sums reloaded every block) or weight prefetches (their addresses) keep
/// live beside it: at most CpuTarget::accumulatorRegisters accumulators.
/// Taller tiles spill beside prefetches with 8 input channels a step (a
/// row-blocked, prefetched 9 x 2-vector kernel: 273 stack accesses against
/// 74 without either), not with 4 (tallTilePrefetch); beside a row block
/// alone no longer, but they were not consistently faster there
/// (bench/README "A row block is its own accumulator block").
bool leavesRoomForBlocking(ArrayRef<int64_t> tiles, const CpuTarget &target) {
  return registerTileAccumulators(tiles, target) <=
         target.accumulatorRegisters();
}

/// Whether a row-blocked layer's output tile (full height) may span the
/// output's whole width beside its block of weights: where it takes at most
/// a sixth of L1, and up to a quarter where the row is one register tile
/// and either the layer is row-blocked in its own columns anyway (columns
/// capped by the L1 set the input pixels share, selectRowBlockColumns: the
/// wider tile gets its accumulators back) or that register tile leaves
/// accumulators free (7 columns of two vectors: 14 of 16) and covers every
/// image: it streams its weights from L2 at more bytes per FMA than a full
/// one, each block swept by one image's rows, where a block of them in L1
/// pays. A row of 8 full columns ran as fast without a row block, and so
/// did the 7 columns at batch 8, where eight images' rows sweep each block
/// (bench/README "Row-blocked tiles of a 32 KiB L1").
bool tileSpansWidth(ArrayRef<int64_t> shape, ArrayRef<int64_t> tiles,
                    const CpuTarget &target) {
  int64_t columnBytes = tiles[0] * shape[1] * tiles[3] * sizeof(float);
  int64_t wideBytes = columnBytes * shape[2];
  if (wideBytes <= target.rowBlockMaxTileBytes())
    return true;
  int64_t accumulators = tiles[0] * shape[2] *
                         llvm::divideCeil(tiles[3], target.vectorLanes);
  bool blockedAnyway =
      tiles[2] < shape[2] &&
      columnBytes * tiles[2] <= target.rowBlockMaxTileBytes();
  return wideBytes <= target.rowBlockMaxWideTileBytes() &&
         accumulators <= target.accumulatorRegisters() &&
         (blockedAnyway || (accumulators < target.accumulatorRegisters() &&
                            tiles[0] == shape[0]));
}

/// The register tile's columns of a row-blocked layer whose tile can span
/// the output's whole width (its output tile still fits beside a block of
/// weights, tileSpansWidth), or 0 where the tile keeps its own
/// columns (`tiles`, register rows, whole height). Chosen again by
/// selectRowTile with the narrower tiles computed in the same tile: they
/// cost no stream of weights of their own, so 9 columns take 5 + 4 (two
/// sweeps of each block of weights) rather than 3 + 3 + 3.
///
/// Not capped by the L1 set the input pixels share
/// (rowsWithoutSetConflicts): the block of weights fills most of every
/// set, so a few columns do not keep their input lines in L1 across the
/// taps either, and the cap only takes accumulators (ResNet-50's 7-wide
/// stride-2 3x3 512 and 1x1 1024 -> 2048 on an 8-way L1 ran 7-10 % slower
/// in 4 + 3 columns than in 7: bench/README "Row-blocked tiles of a 32 KiB
/// L1").
int64_t selectRowBlockColumns(ArrayRef<int64_t> shape, ArrayRef<int64_t> tiles,
                              const CpuTarget &target) {
  if (shape.size() != 4 || tiles[2] >= shape[2])
    return 0;
  if (!tileSpansWidth(shape, tiles, target))
    return 0;
  int64_t vectors = llvm::divideCeil(tiles[3], target.vectorLanes);
  int64_t columns = selectRowTile(shape[2], vectors, target, /*maxRows=*/0,
                                  /*passShare=*/0,
                                  target.accumulatorRegisters(),
                                  /*narrowApart=*/false);
  LLVM_DEBUG(llvm::dbgs() << "row-blocked tile of " << shape[2]
                          << " columns: register tiles of " << columns
                          << " (own tile " << tiles[2] << ")\n");
  return columns;
}

/// Row blocking applies to a layer of one conv whose weights per channel
/// tile overflow L1 and whose full-height output tile fits next to one
/// block of them (the late, small-image layers), where the register tile
/// leaves room for it.
int64_t selectRowBlock(ArrayRef<linalg::LinalgOp> anchors,
                       ArrayRef<int64_t> shape, ArrayRef<int64_t> tiles,
                       const CpuTarget &target) {
  if (shape.size() != 4 || anchors.size() != 1 ||
      !leavesRoomForBlocking(tiles, target))
    return 0;
  // The tile spans the whole width where that fits (selectRowBlockColumns).
  int64_t columnBytes = tiles[0] * shape[1] * tiles[3] * sizeof(float);
  int64_t tileBytes = columnBytes * tiles[2];
  if (tileSpansWidth(shape, tiles, target))
    tileBytes = columnBytes * shape[2];
  else if (tileBytes > target.rowBlockMaxTileBytes())
    return 0;
  return rowBlockChannels(anchors.front(), tiles.back(), tileBytes, target);
}

/// How a layer whose weights stream from memory (channels outermost)
/// prefetches the next block of them. Each block of weights (one row
/// block, else one channel tile's whole reduction) is swept by every
/// register tile of the output: the first sweep waits for memory, the
/// others read the block from cache. When the image is small (few sweeps
/// per block, the late layers at batch 1) that first wait is a large part
/// of the block's time; prefetching the next block during the current
/// one's sweeps hides it, every sweep asking for every line. Where the
/// sweeps are many, the wait is a small part and prefetches repeated by
/// every sweep cost load slots and L2 room for nothing; one line per
/// reduction-loop iteration, spread over the sweeps, still pays where the
/// wait is a few per cent (`spread`).
///
/// A Winograd product (a batch matmul whose weights are the stored,
/// transformed filter U, [alpha^2, C, F]) streams one block per point and
/// channel tile, swept by that point's row tiles only: few at batch 1 on a
/// small map (7 for 49 tiles). The next channel tile's block of the same
/// point is what its loop reads next; it is asked for spread over the
/// sweeps, as many lines an iteration as cover it (3 for 512 lines over 7
/// sweeps of 32): every line asked for in every sweep, bursts of 512
/// requests at each sweep's start, left the 14x14 products of ResNet-101
/// 7 % slower at 1 thread and 4 % at 2, and a product whose wait is a few
/// per cent (28x28, 128 channels: 1 MiB of U, 25 sweeps a block) gains
/// 5-7 % from the spread (bench/README "Winograd products' filters,
/// prefetched spread").
/// A filter of at most half of L2 stays there across the blocks of tile
/// rows a layer runs in (ResNet-50's 56x56 layers, 256 KiB in 14 blocks):
/// no prefetch.
struct PrefetchChoice {
  bool weights = false;
  bool spread = false;
};

PrefetchChoice selectPrefetch(linalg::LinalgOp anchor,
                              ArrayRef<int64_t> shape, ArrayRef<int64_t> tiles,
                              int64_t rowBlock, ArrayRef<int64_t> steps,
                              const CpuTarget &target) {
  int64_t rank = shape.size();
  int64_t step = 1;
  for (int64_t s : steps)
    step = std::max(step, s);
  // A register tile taller than the accumulators leaves room for the
  // prefetches' addresses with 4 channels a step, not with 8
  // (tallTilePrefetch).
  if (rank < 2 ||
      (!leavesRoomForBlocking(tiles, target) && step > kStridedReductionStep))
    return {};
  bool product = isa<linalg::BatchMatmulOp>(anchor.getOperation());
  if (product &&
      tensorBytes(anchor.getDpsInputs()[1].getType()) <= target.l2Bytes / 2)
    return {};
  int64_t outputs = 1;
  for (int64_t size : shape)
    outputs *= size;
  int64_t reduction = workOf(anchor) / outputs;
  if (rowBlock) {
    auto filter = cast<RankedTensorType>(anchor.getDpsInputs()[1].getType());
    reduction = filter.getDimSize(0) * filter.getDimSize(1) * rowBlock;
  }
  int64_t channelTile = tiles[rank - 1];
  int64_t rows = registerTileRows(tiles);
  int64_t vectors = llvm::divideCeil(channelTile, target.vectorLanes);
  int64_t blockBytes = reduction * channelTile * sizeof(float);
  if (2 * blockBytes > target.l2Bytes / 2)
    return {};
  // A register tile per output row block of each image row, images taken
  // tiles[0] at a time; a batch matmul's block by its batch's row blocks.
  int64_t sweeps =
      product ? llvm::divideCeil(shape[1], tiles[1])
              : outputs / shape[rank - 1] / shape[rank - 2] *
                    llvm::divideCeil(shape[rank - 2], tiles[rank - 2]) /
                    (rank == 4 ? tiles[0] : 1);
  double sweepCycles =
      static_cast<double>(reduction * rows * vectors) / target.fmaUnits;
  double firstWait =
      std::max(0.0, target.streamCycles(blockBytes, /*inL2=*/false) -
                        sweepCycles);
  double share = firstWait / (sweeps * sweepCycles);
  // Spread needs a sweep per weight line one iteration of the innermost
  // reduction loop loads (its step times the vectors), to cover the block
  // with one prefetch an iteration; a product's iterations take as many
  // as cover it.
  PrefetchChoice choice;
  if (share > kPrefetchMinWait) {
    choice.weights = true;
    choice.spread = product;
  } else if (!rowBlock && share >= kPrefetchSpreadMinWait &&
             (product || sweeps >= step * vectors)) {
    choice.weights = true;
    choice.spread = true;
  }
  LLVM_DEBUG(llvm::dbgs() << "weight block " << blockBytes << " B, "
                          << sweeps << " sweeps of " << sweepCycles
                          << " cycles, first sweep waits " << firstWait
                          << " (" << share << " of them): prefetch "
                          << (choice.spread    ? "spread"
                              : choice.weights ? "every sweep"
                                               : "no")
                          << "\n");
  return choice;
}

/// The prefetch of a layer whose register tile is taller than the
/// accumulators (a weight-streaming layer's tall tile, 9 columns of two
/// vectors on a 5x9 or 9x17 map), which selectPrefetch gives none with 8
/// input channels a step: with 4 a step, as strided convs take, when the
/// first sweep's wait calls for it; `steps` becomes those steps then.
/// With 8 a step the prefetches' addresses push the tile's registers onto
/// the stack; with 4 they fit beside it, and the prefetch hides more of the
/// first sweep's wait than the narrower step costs (bench/README "Tall
/// tiles prefetch with 4 channels a step").
PrefetchChoice tallTilePrefetch(linalg::LinalgOp anchor,
                                ArrayRef<int64_t> shape,
                                ArrayRef<int64_t> tiles, int64_t rowBlock,
                                SmallVectorImpl<int64_t> &steps,
                                const CpuTarget &target) {
  if (leavesRoomForBlocking(tiles, target))
    return {};
  SmallVector<int64_t> fourSteps =
      reductionSteps(anchor, rowBlock, /*fullTile=*/true);
  PrefetchChoice choice =
      selectPrefetch(anchor, shape, tiles, rowBlock, fourSteps, target);
  LLVM_DEBUG(llvm::dbgs() << "register tile taller than the accumulators: "
                          << (choice.weights
                                  ? "prefetched, 4 channels a step"
                                  : "no prefetch with 4 a step either")
                          << "\n");
  if (choice.weights)
    steps.assign(fourSteps.begin(), fourSteps.end());
  return choice;
}

/// Whether a layer too small in multiply-adds for a fork/join is worth one
/// for its weights: with its channel tiles outermost (weights beyond what
/// L2 keeps) the threads split them and each core streams its share from
/// memory, so a stream of more than a fork/join's worth of cycles gains
/// from threads whatever the arithmetic (the classifier at batch 1, 512 x
/// 1000: 2 MB for 0.5 M multiply-adds; the late layers of small images).
bool streamWorthThreads(bool channelsOutermost, int64_t weightBytes,
                        const CpuTarget &target) {
  return channelsOutermost &&
         target.streamCycles(weightBytes, /*inL2=*/false) >=
             CpuTarget::kParallelCycles;
}

/// Whether a Winograd product reads a filter stored in the executable (a
/// constant global, which --resnet-prefetch-weights prefetches) rather
/// than one transformed at run time into the arena.
bool readsStoredFilter(linalg::LinalgOp product) {
  return matchPattern(product.getDpsInputs()[1], m_Constant());
}

/// Bytes of a conv's input its windows read: of each image the rows and
/// columns some window covers (a 1x1 stride-2 conv reads every other pixel
/// of every other row, a quarter of its input; a 3x3 stride-2 all of it).
int64_t inputBytesRead(linalg::Conv2DNhwcHwcfOp conv) {
  auto input = cast<RankedTensorType>(conv.getInputs()[0].getType());
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto output = cast<RankedTensorType>(conv.getResultTypes()[0]);
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  int64_t rows = std::min(input.getDimSize(1),
                          output.getDimSize(1) *
                              std::min(filter.getDimSize(0), strides[0]));
  int64_t columns = std::min(input.getDimSize(2),
                             output.getDimSize(2) *
                                 std::min(filter.getDimSize(1), strides[1]));
  return input.getDimSize(0) * rows * columns * input.getDimSize(3) *
         static_cast<int64_t>(sizeof(float));
}

/// What one sweep of a layer's input costs, as a share of the layer's time
/// at the FMA peak, where its channel tiles go outermost and each sweeps
/// the whole input: a tile of one vector sweeps it twice as often as one of
/// two.
double inputSweepShare(ArrayRef<linalg::LinalgOp> anchors, int64_t work,
                       const CpuTarget &target) {
  if (work == 0)
    return 0;
  double cycles = 0;
  for (linalg::LinalgOp op : anchors) {
    auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
    if (!conv)
      continue;
    int64_t bytes = inputBytesRead(conv);
    cycles += static_cast<double>(bytes) / target.rereadBytesPerCycle(bytes);
  }
  return cycles / (work / target.macsPerCycle());
}

/// Whether a conv prefetches each next spatial tile's input.
///
/// A layer that sweeps its spatial tiles outermost (channel tiles
/// innermost: its weights stay in cache) reads the input once per spatial
/// tile, by its first channel tile, from wherever the previous layer left
/// it: mostly beyond L2 once the activation is more than twice L2's size
/// (the last L2-full of what the previous layer wrote may still be there),
/// and then every register tile's rows wait for lines the hardware
/// prefetchers did not ask for in time (bench/README "The next tile's
/// input, prefetched").
///
/// A layer that sweeps the image once per channel tile (channels
/// outermost) reads its input once per sweep. A strided one reads it in
/// runs a pixel long with gaps (a stride-2 1x1) or in rows of several
/// strided streams, which the prefetchers follow poorly. Where a sweep
/// reads more than four L2s the prefetches pay (ResNet-50's stride-2
/// layers of the first stages at batch 8, 6-12 MiB a sweep); below that
/// (the third stage's 1x1 stride-2 projection at batch 8, 3 MiB a sweep)
/// they were measured to cost more than they hide, as they do on stride-1
/// sweeps, whose forward runs the prefetchers follow (bench/README "The
/// next tile's input, prefetched").
///
/// Where a pixel holds less than a cache line of channels (a 3-channel
/// stem) the prefetches cost more than the waits they hide, and row-blocked
/// layers sweep each block's rows, not tiles of the image.
bool selectInputPrefetch(ArrayRef<linalg::LinalgOp> anchors,
                         bool channelsOutermost, int64_t rowBlock,
                         const CpuTarget &target) {
  if (rowBlock)
    return false;
  int64_t bytes = 0;
  for (linalg::LinalgOp op : anchors) {
    auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
    if (!conv || (channelsOutermost && !isStrided(conv)))
      return false;
    auto input = cast<RankedTensorType>(conv.getInputs()[0].getType());
    int64_t channelBytes = input.getShape().back() * sizeof(float);
    if (channelBytes < CpuTarget::kCacheLineBytes)
      return false;
    bytes += channelsOutermost ? inputBytesRead(conv) : tensorBytes(input);
  }
  int64_t threshold = (channelsOutermost ? 4 : 2) * target.l2Bytes;
  bool prefetch = bytes > threshold;
  LLVM_DEBUG(llvm::dbgs() << "input " << bytes << " B read "
                          << (channelsOutermost ? "per sweep" : "once")
                          << " (threshold " << threshold
                          << " B): prefetch the next tile's "
                          << (prefetch ? "input" : "input: no") << "\n");
  return prefetch;
}

/// Whether a layer keeps its weights in cache: its row tiles outermost,
/// each reading the weights from L2 for all its channel tiles. Otherwise
/// the channel tiles go outermost and each sweeps the image, its weights
/// read once from memory and the input once per channel tile.
///
/// Up to a quarter of L2 the weights stay there while the image streams
/// past. Up to half of L2 they still do where a sweep would read more than
/// twice L2 of input: channels outermost would then stream that input from
/// beyond L2 once per channel tile, where rows outermost reads it once
/// (ResNet-50 at batch 8, 512 KiB of weights: its stride-2 1x1 256->512,
/// 6 MiB a sweep, and 1x1 512->256 at 28x28, 12 MiB, ran 10-18 % faster).
/// Closer to L2 the taller register tiles of channels outermost win (a
/// 1x1 256->512 at 23x23, batch 2, 1.1 MiB a sweep: 10 % slower rows
/// outermost).
bool keepsWeightsInCache(ArrayRef<linalg::LinalgOp> anchors,
                         int64_t weightBytes, const CpuTarget &target) {
  if (weightBytes <= target.weightsInCacheBytes())
    return true;
  if (weightBytes > target.weightsInCacheForLargeInputBytes())
    return false;
  int64_t sweepBytes = 0;
  for (linalg::LinalgOp op : anchors) {
    auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
    if (!conv)
      return false;
    sweepBytes += inputBytesRead(conv);
  }
  bool beyondL2 = sweepBytes > 2 * target.l2Bytes;
  LLVM_DEBUG(llvm::dbgs() << "weights " << weightBytes << " B, input "
                          << sweepBytes << " B a sweep (L2 " << target.l2Bytes
                          << " B): " << (beyondL2 ? "rows" : "channels")
                          << " outermost\n");
  return beyondL2;
}

/// Whether a streamed conv's two-vector register tile takes four vectors
/// of a quarter of the accumulators' rows instead (only on a 32-register
/// file, where four vectors leave 16 accumulators): where the L1 sets cap
/// its rows below what its accumulators hold (`maxRows`: its input pixels
/// are a multiple of 4 KiB apart, 1024 channels and more, on a 32 KiB
/// 8-way L1), the wider tile holds as many accumulators with fewer pixels
/// per set. ResNeXt-101's 1x1 1024 -> 1024 at 14x14 and 9x17 in 4 x 4
/// vectors ran 1.6-2.0 % faster than in 5 x 2 and 6 x 2 (bench/README
/// "Four vectors where L1 sets cap the rows"). Elsewhere the wider tile
/// reads twice the weight vectors per multiply-add from L2, which a core
/// issuing two 512-bit FMAs a cycle does not keep up with: 1x1s whose
/// input sweeps from L3 ran 0-25 % slower in it (bench/README "Four
/// vectors where the input sweeps from L3").
void widenStreamedTile(ArrayRef<int64_t> shape,
                       SmallVectorImpl<int64_t> &tiles, int64_t maxRows,
                       const CpuTarget &target) {
  int64_t lanes = target.vectorLanes;
  int64_t rows = target.accumulatorRegisters() / 4;
  // maxRows of 0 sets no cap; one below `rows` caps the wider tile too.
  if (shape.size() != 4 || target.vectorRegisters < 32 ||
      tiles[3] != 2 * lanes || shape[3] % (4 * lanes) != 0 || tiles[0] != 1 ||
      shape[2] < rows || maxRows < rows ||
      maxRows >= target.accumulatorRegisters() / 2)
    return;
  LLVM_DEBUG(llvm::dbgs() << "rows capped at " << maxRows << " by L1 sets: "
                          << rows << " x 4 vectors instead of " << tiles[2]
                          << " x 2\n");
  tiles[2] = rows;
  tiles[3] = 4 * lanes;
}

} // namespace

FailureOr<int64_t> resnet::selectWinogradTile(linalg::Conv2DNhwcHwcfOp conv,
                                              int64_t requested,
                                              int64_t lanes,
                                              std::string &why) {
  auto fail = [&](const char *reason) -> FailureOr<int64_t> {
    why = reason;
    return failure();
  };
  if (!conv.hasPureTensorSemantics() || conv.hasDynamicShape())
    return fail("not a static convolution on tensors");
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  if (filterType.getDimSize(0) != 3 || filterType.getDimSize(1) != 3)
    return fail("not a 3x3 kernel");
  if (!llvm::all_of(conv.getStrides().getValues<int64_t>(),
                    [](int64_t s) { return s == 1; }) ||
      !llvm::all_of(conv.getDilations().getValues<int64_t>(),
                    [](int64_t d) { return d == 1; }))
    return fail("stride or dilation is not 1");
  int64_t channels = filterType.getDimSize(2);
  int64_t filters = filterType.getDimSize(3);
  if (channels % lanes != 0 || filters % lanes != 0)
    return fail("channels are not a multiple of the vector width");
  auto fill = conv.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
    return fail("the accumulator is not zero-filled");
  SmallVector<float> storage;
  if (!getConstantF32Data(conv.getInputs()[1], storage))
    return fail("the weights are not constant");
  if (requested != 0)
    return requested;
  // Chosen for accuracy: F(2x2). F(4x4) needs 1.8x fewer products, but its
  // output transform (powers of the points up to 8) amplifies the rounding
  // of the products' sums: about 4x the error of a direct convolution with
  // blocked accumulators (ResNet-50's first 3x3 layer in the numerics trace
  // against float64: 2.1e-6 of its largest value, direct 4.9e-7, F(2x2)
  // 4.6e-7). Over a ResNet-50 that puts the logits behind ONNX Runtime's
  // (bench/numerics.py); F(4x4) is for a forced m = 4.
  if (!winogradPays(conv, 2)) {
    auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
    why = "Winograd saves too little on a " +
          std::to_string(outputType.getDimSize(1)) + "x" +
          std::to_string(outputType.getDimSize(2)) + " output";
    return failure();
  }
  return 2;
}

int64_t resnet::winogradProducts(int64_t height, int64_t width, int64_t m) {
  int64_t alpha = m + 2;
  return alpha * alpha * llvm::divideCeil(height, m) *
         llvm::divideCeil(width, m);
}

bool resnet::winogradPays(linalg::Conv2DNhwcHwcfOp conv, int64_t m) {
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t oh = outputType.getDimSize(1), ow = outputType.getDimSize(2);
  bool wide = filterType.getDimSize(2) >= kWinogradWideChannels &&
              filterType.getDimSize(3) >= kWinogradWideChannels;
  double share =
      wide ? kWinogradWideMaxProductShare : kWinogradMaxProductShare;
  return winogradProducts(oh, ow, m) <= share * 9 * oh * ow;
}

WinogradBlocking resnet::winogradBlocking(int64_t batch, int64_t tilesH,
                                          int64_t rowBlock, bool equalBands) {
  if (rowBlock <= 0 || rowBlock >= batch * tilesH)
    return {batch, tilesH, 1, 1};
  if (rowBlock < tilesH) {
    int64_t bands = llvm::divideCeil(tilesH, rowBlock);
    int64_t rows = equalBands ? llvm::divideCeil(tilesH, bands) : rowBlock;
    return {1, rows, bands, batch};
  }
  int64_t images = rowBlock / tilesH;
  while (batch % images != 0)
    --images;
  return {images, tilesH, 1, batch / images};
}

int64_t resnet::filterBlockChannels(int64_t channels, int64_t filters) {
  // An x86 L1 is indexed within a 4 KiB page: addresses a multiple of it
  // apart share a set, whatever the target's size and ways.
  constexpr int64_t kL1SetSpanBytes = 4096;
  int64_t rowBytes = filters * static_cast<int64_t>(sizeof(float));
  if (channels * rowBytes % kL1SetSpanBytes != 0)
    return channels;
  return channels + llvm::divideCeil(CpuTarget::kCacheLineBytes, rowBytes);
}

TileAttr resnet::selectWinogradConfig(linalg::Conv2DNhwcHwcfOp conv, int64_t m,
                                      const CpuTarget &target,
                                      bool runtimeFilter, int64_t blockRows,
                                      bool parallelBlocks,
                                      int64_t filterBlock) {
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t alpha = m + 2;
  int64_t tiles = outputType.getDimSize(0) *
                  llvm::divideCeil(outputType.getDimSize(1), m) *
                  llvm::divideCeil(outputType.getDimSize(2), m);
  int64_t channels =
      std::max(filterType.getDimSize(2), filterType.getDimSize(3));
  int64_t elements = alpha * alpha * tiles * channels;
  bool parallel =
      elements * kTransformMacsPerElement >= target.minParallelMacs();
  return TileAttr::get(conv.getContext(), {1, m, m, target.vectorLanes},
                       /*reduction=*/{}, /*interchange=*/{}, blockRows,
                       /*fusedEpilogue=*/static_cast<bool>(epilogueOf(conv)),
                       /*winograd=*/m, parallel, /*prefetchWeights=*/false,
                       /*prefetchSpread=*/false, runtimeFilter,
                       parallel && parallelBlocks && blockRows > 0,
                       /*prefetchInput=*/false, /*registerRows=*/0,
                       filterBlock);
}

double resnet::estimateCycles(linalg::LinalgOp anchor, TileAttr config,
                              const CpuTarget &target) {
  ArrayRef<int64_t> tiles = config.getTiles();
  auto type = dyn_cast<RankedTensorType>(anchor->getResult(0).getType());
  if (!type || tiles.size() != static_cast<size_t>(type.getRank()) ||
      tiles.empty())
    return 0;
  int64_t rank = type.getRank();
  int64_t channelTile = tiles.back();
  int64_t vectors = (channelTile + target.vectorLanes - 1) / target.vectorLanes;
  double rowFactor = 1.0;
  int64_t tileRows = registerTileRows(tiles);
  if (int64_t registerRows = config.getRegisterRows()) {
    // The narrower register tiles run in the same tile: no stream of
    // their own.
    int64_t rows = type.getDimSize(rank - 2);
    rowFactor = rowsTime(rows, registerRows, vectors, target) / rows;
  } else if (rank >= 2 && tileRows != tiles[rank - 2]) {
    rowFactor = rowsTime(tileRows, tileRows, vectors, target) / tileRows;
  } else if (rank >= 2) {
    int64_t rows = type.getDimSize(rank - 2);
    double passShare =
        remainderPassShare(workOf(anchor), weightBytesPerBatch(anchor),
                           layerActivationBytes(anchor), target);
    rowFactor =
        rowsTimeWithPasses(rows, tiles[rank - 2], vectors, target, passShare) /
        rows;
  }
  double laneFactor =
      laneWork(type.getDimSize(rank - 1), channelTile, target.vectorLanes);
  double peakMacsPerCycle =
      static_cast<double>(target.vectorLanes * target.fmaUnits);
  return workOf(anchor) / peakMacsPerCycle * rowFactor * laneFactor;
}

/// A max pooling layer's tile: one output pixel, its channels in runs of up
/// to kPoolChannelRunBytes. A pool does a max per input element it loads:
/// what limits it is how fast its input streams in (at the stem, 3.2 MB an
/// image, from L3 or memory), not its loads or registers. Whole pixels,
/// one output a tile, make each input row a forward run of consecutive
/// lines (the next tile's window starts `stride` pixels on and its other
/// pixels are in L1); wider tiles of half pixels made the rows strided
/// streams, and the stem's max pool ran at half the speed (bench/README
/// "Max pooling in whole pixels").
SmallVector<int64_t> poolingTiles(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> tiles(shape.size(), 1);
  tiles.back() = largestDivisorAtMost(
      shape.back(), kPoolChannelRunBytes / static_cast<int64_t>(sizeof(float)));
  return tiles;
}

TileAttr resnet::selectLayerConfig(Operation *root, linalg::LinalgOp anchor,
                                   ArrayRef<linalg::LinalgOp> anchors,
                                   const CpuTarget &target) {
  auto shape = cast<RankedTensorType>(root->getResult(0).getType()).getShape();
  int64_t rank = shape.size();
  int64_t work = 0, weightBytes = 0;
  for (linalg::LinalgOp op : anchors) {
    work += workOf(op);
    weightBytes += weightBytesPerBatch(op);
  }
  double passShare = remainderPassShare(work, weightBytes,
                                        layerActivationBytes(anchors), target);
  bool maxPool = isa<linalg::PoolingNhwcMaxOp>(anchor.getOperation());
  bool allConvs = llvm::all_of(anchors, [](linalg::LinalgOp op) {
    return isa<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
  });
  // A peeled part is a layer of its own: only a layer of one conv or
  // matmul (a chain of two shares its accumulator) peels its channels.
  bool peelChannels =
      anchors.size() == 1 &&
      isa<linalg::Conv2DNhwcHwcfOp, linalg::MatmulOp>(anchor.getOperation());
  bool channelsOutermost = !keepsWeightsInCache(anchors, weightBytes, target);
  // A layer whose weights stream from memory takes taller register tiles:
  // fewer weight vectors loaded per FMA. A strided conv's kernel keeps more
  // values live per step (reductionSteps), and splitting its rows into
  // taller tiles gained nothing (19 and 38 columns in tiles of 10 instead
  // of 7 and 8) or lost (28 columns as 10 + 10 + 8 instead of 4 x 7 at
  // batch 8): it takes them only where one covers a whole row (10 columns
  // in one tile instead of 5 + 5).
  TallTiles tall = !channelsOutermost ? TallTiles::None
                   : llvm::any_of(anchors, isStridedConv)
                       ? TallTiles::WholeRows
                       : TallTiles::AnyRows;
  double sweepShare =
      channelsOutermost ? inputSweepShare(anchors, work, target) : 0;
  int64_t maxRows = rowsWithoutSetConflicts(anchors, target);
  SmallVector<int64_t> tiles =
      maxPool && rank == 4
          ? poolingTiles(shape)
          : outputTiles(shape, target, maxRows, allConvs, passShare, sweepShare,
                        peelChannels, tall);
  int64_t rowBlock =
      channelsOutermost ? selectRowBlock(anchors, shape, tiles, target) : 0;
  if (channelsOutermost && !rowBlock && anchors.size() == 1 && allConvs)
    widenStreamedTile(shape, tiles, maxRows, target);
  // `tiles` stays the register tile's view (what the prefetch model
  // sweeps) until the attribute is built.
  int64_t registerRows = 0;
  if (rowBlock) {
    tiles[1] = shape[1];
    if (int64_t columns = selectRowBlockColumns(shape, tiles, target)) {
      tiles[2] = columns;
      registerRows = columns < shape[2] ? columns : 0;
    }
  }
  SmallVector<int64_t> interchange;
  // A Winograd product.
  bool product = isa<linalg::BatchMatmulOp>(root);
  if (product) {
    // (batch, channel block, row block): the rows sweep one block of the
    // batch's weights, kept in L1.
    interchange = {0, 2, 1};
  } else if (channelsOutermost) {
    interchange.push_back(rank - 1);
    for (int64_t d = 0; d + 1 < rank; ++d)
      interchange.push_back(d);
  }
  bool parallel = work >= target.minParallelMacs() ||
                  streamWorthThreads(channelsOutermost, weightBytes, target);
  // A register tile of every accumulator in a row-blocked conv or a
  // Winograd product, with 8 channels a step, left LLVM more live values
  // than registers: the step's broadcasts and the weight prefetches' and
  // row block's state beside the accumulators (44 spill moves a step in
  // an 8x8 3x3 512 -> 512, 38-41 in products of 8 rows on 4x4 and 7x7
  // maps); with 4 a step, none, and those layers ran 14-28 % faster, the
  // full tiles that did not spill as fast or a few per cent faster, and 7
  // columns (14 accumulators) gained nothing (bench/README "Full register
  // tiles take 4 channels a step").
  bool fullTile =
      (rowBlock || product) &&
      registerTileAccumulators(tiles, target) >= target.accumulatorRegisters();
  LLVM_DEBUG(if (fullTile) llvm::dbgs()
             << "register tile of every accumulator ("
             << (product ? "a product" : "row-blocked")
             << "): " << kStridedReductionStep << " channels a step\n");
  SmallVector<int64_t> steps = reductionSteps(anchor, rowBlock, fullTile);
  // A Winograd product's channel blocks come before its rows whatever its
  // filter's size: each block is swept by one point's rows, then left
  // (selectPrefetch weighs the first sweep's wait).
  PrefetchChoice prefetch;
  if (anchors.size() == 1 &&
      (product ? readsStoredFilter(anchor) : channelsOutermost)) {
    prefetch = selectPrefetch(anchor, shape, tiles, rowBlock, steps, target);
    if (!prefetch.weights && !fullTile)
      prefetch =
          tallTilePrefetch(anchor, shape, tiles, rowBlock, steps, target);
  }
  LLVM_DEBUG(
      llvm::dbgs()
      << "layer at " << root->getLoc() << ": weights " << weightBytes
      << " B (in L2 up to " << target.weightsInCacheBytes() << "), work "
      << work << " MACs, a remainder's weight stream " << passShare
      << " of it, an input sweep " << sweepShare << " (threads from "
      << target.minParallelMacs() << " or a weight stream of "
      << CpuTarget::kParallelCycles << " cycles: "
      << (parallel ? "threads" : "one thread") << "), row block " << rowBlock
      << " (register tiles of " << registerRows << " columns in whole rows)"
      << ", tiles of up to "
      << (tall == TallTiles::None ? target.accumulatorRegisters()
                                  : target.streamingAccumulatorRegisters())
      << " accumulators"
      << (tall == TallTiles::WholeRows ? " where one covers a whole row" : "")
      << "\n");
  if (registerRows)
    tiles[2] = shape[2];
  return TileAttr::get(
      anchor.getContext(), tiles, steps, interchange, rowBlock,
      /*fusedEpilogue=*/root != anchor.getOperation(),
      /*winograd=*/0, parallel, prefetch.weights, prefetch.spread,
      /*runtimeFilter=*/false,
      /*parallelBlocks=*/false,
      selectInputPrefetch(anchors, channelsOutermost, rowBlock, target),
      registerRows, /*filterBlock=*/0);
}

namespace {
/// How a Winograd layer's tiles are blocked: blocks of at most `rows` tile
/// rows (0: one block), on the threads (`workers`) or one after the other.
struct WinogradBlocks {
  int64_t rows = 0;
  bool workers = false;
};

/// A convolution Winograd applies to, with what it costs and saves.
struct WinogradCandidate {
  linalg::Conv2DNhwcHwcfOp conv;
  int64_t m;
  /// Bytes the transformed filter adds when stored (U replaces the filter:
  /// alpha^2 / 9 times its size).
  int64_t extraBytes;
  /// Bytes of U, the arena's share while the layer runs when U is
  /// transformed at run time.
  int64_t filterBytes;
  /// Cycles of one core to transform the filter at run time: reading the
  /// weights and writing U, or its multiply-adds if more.
  double filterTransformCycles;
  /// Multiply-adds saved: alpha^2 / m^2 per 9 of the direct ones.
  double savedMacs;
  /// Activation bytes of one image in the arena while it runs: its input
  /// and output and the other buffers live across it (a block's input
  /// waiting for the residual add).
  int64_t activationBytes;
  /// Bytes of Winograd's V and M for one tile (in the arena too).
  int64_t transformedBytesPerTile;
  /// The tile grid: images, tile rows per image, tiles per row.
  int64_t batch, tilesH, tilesW;
  /// Images whose arena a filter transformed at run time shares (see
  /// arenaBytes).
  int64_t filterImages;
  /// Whether the layer runs on threads, and on how many cores: blocks that
  /// run in parallel each have their own V and M.
  bool parallel;
  int64_t cores;
  /// Filters per block where the filter may be transformed at run time a
  /// block at a time (0: it may not): the products' register tile width,
  /// two vectors.
  int64_t filterBlock = 0;
  /// Output channels.
  int64_t filters = 0;
  /// Bytes of the weights, of one block's U (its channels padded a line
  /// apart where they would share an L1 set) and of the layer's V.
  int64_t weightBytes = 0, blockFilterBytes = 0, vBytes = 0;
  /// Cycles of one core for the filter transform's arithmetic alone, its
  /// nonzero terms.
  double filterMacCycles = 0;

  /// The arena of a layer whose filter is transformed a block at a time:
  /// its activations, V and M whole, and a block of U per core.
  int64_t filterBlocksArenaBytes() const {
    return activationBytes + transformedBytes({0, false}) +
           cores * blockFilterBytes;
  }
  /// Cycles of one core the filter costs transformed a block at a time:
  /// the weights read once (blocked: one run of memory per block), the
  /// arithmetic, and V read again by every block after the first.
  double filterBlocksCycles(const CpuTarget &target) const {
    int64_t blocks = filterBlock ? filters / filterBlock : 1;
    double vRereads = static_cast<double>(std::max<int64_t>(blocks - 1, 0)) *
                      static_cast<double>(vBytes) /
                      static_cast<double>(target.rereadBytesPerCycle(vBytes));
    return std::max(target.streamCycles(weightBytes, /*inL2=*/false),
                    filterMacCycles) +
           vRereads;
  }
  /// ... and transformed whole before the products: U written, then read
  /// again by the products.
  double wholeFilterCycles(const CpuTarget &target) const {
    return filterTransformCycles +
           target.streamCycles(filterBytes, filterBytes <= target.l2Bytes);
  }
  /// Whether the filter transformed a block at a time costs at most
  /// kRuntimeFilterOneBlockMaxShare of what Winograd saves (the layer runs
  /// in one block of tiles).
  bool filterBlocksPay(const CpuTarget &target) const {
    double share =
        filterBlocksCycles(target) / (savedMacs / target.macsPerCycle());
    LLVM_DEBUG(llvm::dbgs()
               << "filter in blocks of " << filterBlock << " at run time for "
               << conv.getLoc() << ": " << share << " of the saving (whole: "
               << wholeFilterCycles(target) << " cycles, in "
               << "blocks " << filterBlocksCycles(target) << ")\n");
    return share <= kRuntimeFilterOneBlockMaxShare;
  }

  WinogradBlocking blocking(int64_t rowBlock, bool workers) const {
    return winogradBlocking(batch, tilesH, rowBlock, workers);
  }
  /// Blocks that run at the same time, each on its V and M: one per core
  /// when the blocks are the threads' work (`workers`).
  int64_t slots(const WinogradBlocking &blocks, bool workers) const {
    return workers && blocks.count() > 1 ? std::min(cores, blocks.count()) : 1;
  }
  /// Bytes of V and M with `blocks` (0 rows: one block, counted per image
  /// like the other activations, since a batch multiplies them whatever
  /// the schedule).
  int64_t transformedBytes(const WinogradBlocks &blocks) const {
    if (blocks.rows == 0)
      return transformedBytesPerTile * tilesH * tilesW;
    WinogradBlocking grid = blocking(blocks.rows, blocks.workers);
    return transformedBytesPerTile * grid.tiles(tilesW) *
           slots(grid, blocks.workers);
  }
  /// The arena the layer needs with `blocks`, with U there when the filter
  /// is transformed at run time: one U serves the batch, so like the
  /// activations it counts per image (a batch's arena peak is its images'
  /// peaks together; U stays within it where its share does). Not in a
  /// function whose first layers run as groups of images: its peak is a
  /// group's, and U counts whole.
  int64_t arenaBytes(const WinogradBlocks &blocks, bool runtimeFilter) const {
    return activationBytes + transformedBytes(blocks) +
           (runtimeFilter ? filterBytes / filterImages : 0);
  }

  /// The block sizes (in tile rows, largest first) a layer may use: groups
  /// of whole images dividing the batch, then bands within an image (of
  /// equal height on the threads), each of at least kMinWinogradBlockTiles
  /// tiles (or the whole layer when it has fewer) and, one after the other
  /// (not `workers`), at most kMaxWinogradBlocks of them.
  SmallVector<int64_t> blockSizes(bool workers) const {
    SmallVector<int64_t> sizes;
    int64_t all = batch * tilesH * tilesW;
    auto allowed = [&](int64_t rowBlock) {
      WinogradBlocking blocks = blocking(rowBlock, workers);
      return blocks.tiles(tilesW) >= std::min(kMinWinogradBlockTiles, all) &&
             (workers || blocks.count() <= kMaxWinogradBlocks);
    };
    for (int64_t images = batch - 1; images >= 1; --images)
      if (batch % images == 0 && allowed(images * tilesH))
        sizes.push_back(images * tilesH);
    for (int64_t rows = tilesH - 1; rows >= 1; --rows) {
      // On the threads the bands are equal: the height `rows` comes to
      // for its number of bands, once.
      int64_t height = workers ? llvm::divideCeil(
                                     tilesH, llvm::divideCeil(tilesH, rows))
                               : rows;
      if ((sizes.empty() || height < sizes.back()) && allowed(height))
        sizes.push_back(height);
    }
    return sizes;
  }

  /// The blocks of the fewest bytes the layer may use.
  WinogradBlocks smallestBlocks() const {
    SmallVector<int64_t> sizes = blockSizes(/*workers=*/false);
    return {sizes.empty() ? 0 : sizes.back(), /*workers=*/false};
  }

  /// What a core runs of blocks on the threads, whole blocks shared out:
  /// ceil(blocks / cores) of them (5 blocks of 42 tiles keep a core of two
  /// busy for 126 tiles, 4 of 56 for 112), then the blocks (each reads U
  /// once more): less is sooner done.
  std::tuple<int64_t, int64_t> workerCost(const WinogradBlocking &blocks) const {
    int64_t rounds = llvm::divideCeil(blocks.count(), cores);
    return {rounds * blocks.tiles(tilesW), blocks.count()};
  }

  /// The blocks that keep the layer's arena within `room` bytes and, where
  /// blocks allow, within the `arena` the other layers already need
  /// (blocks leave the rest of the budget to the layers that come next):
  /// one block when the whole layer fits, else of the blocks on the
  /// threads (a threaded layer) that fit the ones the cores finish first
  /// (workerCost: 14 tile rows in 4 bands, 8 on the busier core, rather
  /// than in 3, 10 on it), else the largest one after the other; failure
  /// when not even the smallest fit.
  FailureOr<WinogradBlocks> blocksWithin(double room, double arena,
                                         bool runtimeFilter) const {
    double smallest =
        static_cast<double>(arenaBytes(smallestBlocks(), runtimeFilter));
    double limit = std::min(room, std::max(arena, smallest));
    auto fits = [&](const WinogradBlocks &blocks) {
      return static_cast<double>(arenaBytes(blocks, runtimeFilter)) <= limit;
    };
    if (fits({0, false}))
      return WinogradBlocks{0, false};
    if (parallel) {
      std::optional<WinogradBlocks> best;
      std::tuple<int64_t, int64_t> bestCost;
      for (int64_t rowBlock : blockSizes(/*workers=*/true)) {
        if (!fits({rowBlock, true}))
          continue;
        auto cost = workerCost(blocking(rowBlock, /*workers=*/true));
        if (!best || cost < bestCost) {
          best = WinogradBlocks{rowBlock, true};
          bestCost = cost;
        }
      }
      if (best)
        return *best;
    }
    for (int64_t rowBlock : blockSizes(/*workers=*/false))
      if (fits({rowBlock, false}))
        return WinogradBlocks{rowBlock, false};
    return failure();
  }

  /// The blocks on the threads whose V and M stay in a core's L2 (their
  /// share of it), at least a block per core; none on one thread or when
  /// the whole layer's V and M fit there. Of those, the ones the threads
  /// finish first (workerCost), then the fewest tile rows computed below
  /// the image.
  std::optional<WinogradBlocks> blocksInCache(const CpuTarget &target) const {
    double cache = kWinogradBlockL2Share * static_cast<double>(target.l2Bytes);
    int64_t all = batch * tilesH * tilesW;
    if (!parallel || transformedBytesPerTile * all <= cache)
      return std::nullopt;
    auto cost = [&](const WinogradBlocking &blocks) {
      auto [busiest, count] = workerCost(blocks);
      return std::make_tuple(busiest, count, blocks.bands * blocks.rows);
    };
    std::optional<WinogradBlocks> best;
    std::tuple<int64_t, int64_t, int64_t> bestCost;
    for (int64_t rowBlock : blockSizes(/*workers=*/true)) {
      WinogradBlocking blocks = blocking(rowBlock, /*workers=*/true);
      if (blocks.count() < cores ||
          transformedBytesPerTile * blocks.tiles(tilesW) > cache)
        continue;
      if (!best || cost(blocks) < bestCost) {
        best = WinogradBlocks{rowBlock, true};
        bestCost = cost(blocks);
      }
    }
    LLVM_DEBUG(if (best) llvm::dbgs()
               << "Winograd blocks in L2: " << best->rows << " tile rows, "
               << std::get<1>(bestCost) << " blocks, a core runs "
               << std::get<0>(bestCost) << " tiles\n");
    return best;
  }
};

/// Images per run of `op`: the leading dimension of its first result
/// (every activation is batch-major: NHWC, NHWGC or the head's NC).
int64_t batchOf(linalg::LinalgOp op) {
  if (op->getNumResults() == 0)
    return 1;
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || type.getRank() == 0 || type.isDynamicDim(0) ||
      type.getDimSize(0) < 1)
    return 1;
  return type.getDimSize(0);
}

/// Whether `value`'s buffer becomes its only user's result: the init a
/// linalg op accumulates into, a layer's output its fused epilogue takes
/// over, a producer's result a zero pad holds (written in place by
/// --resnet-pad-in-place).
bool handsOverBuffer(Value value) {
  if (!value.hasOneUse())
    return false;
  OpOperand &use = *value.getUses().begin();
  Operation *user = use.getOwner();
  if (isa<tensor::PadOp>(user))
    return true;
  if (auto consumer = dyn_cast<linalg::LinalgOp>(user))
    if (consumer.isDpsInit(&use))
      return true;
  auto anchor = value.getDefiningOp<linalg::LinalgOp>();
  return anchor && isLayerAnchor(anchor) && epilogueOf(anchor) == user;
}

/// Whether the arena holds `value` as a buffer of its own: a linalg op's or
/// a pad's result that does not become its user's. `groups`: the function's
/// first layers run as groups of images (--resnet-group-prefix), whose
/// clones of one layer accumulate into one fill (their equal fills merged
/// by CSE): the tile loops initialize their own accumulators, and the
/// fill, counted until its last consumer, would hold every group's arena
/// at once. (Elsewhere such a fill is counted as before: the estimate
/// stays the one the memory budget was measured with.)
bool isArenaBuffer(Value value, bool groups) {
  Operation *def = value.getDefiningOp();
  if (!def || !isa<linalg::LinalgOp, tensor::PadOp, tensor::ConcatOp>(def) ||
      !isa<RankedTensorType>(value.getType()) || handsOverBuffer(value))
    return false;
  return !(groups && isa<linalg::FillOp>(def) && !value.hasOneUse() &&
           llvm::all_of(value.getUses(), [](OpOperand &use) {
             auto consumer = dyn_cast<linalg::LinalgOp>(use.getOwner());
             return consumer && consumer.isDpsInit(&use);
           }));
}

/// Whether `func`'s first layers run as groups of images
/// (--resnet-group-prefix), joined by a tensor.concat.
bool runsImageGroups(func::FuncOp func) {
  return !func.getBody().empty() &&
         llvm::any_of(func.getBody().front(), [](Operation &op) {
           return isa<tensor::ConcatOp>(op);
         });
}

/// The activation bytes of one image the arena holds at each op of
/// `func`'s body, in program order: every arena buffer from the first op
/// that writes it (a fill, a conv, then its epilogue write one buffer) to
/// its last reader (a reshape's readers read it too). Function arguments
/// and the returned buffers live outside the arena.
DenseMap<Operation *, int64_t> liveActivationBytes(func::FuncOp func) {
  DenseMap<Operation *, int64_t> live;
  if (func.getBody().empty())
    return live;
  Block &body = func.getBody().front();
  DenseMap<Operation *, int64_t> position;
  for (auto [index, op] : llvm::enumerate(body))
    position[&op] = static_cast<int64_t>(index);
  bool groups = runsImageGroups(func);
  // The last position at which `value` (or a view of it) is read.
  std::function<int64_t(Value)> lastUse = [&](Value value) {
    int64_t last = -1;
    for (OpOperand &use : value.getUses()) {
      Operation *user = body.findAncestorOpInBlock(*use.getOwner());
      if (!user)
        continue;
      if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(user))
        last = std::max(last, lastUse(user->getResult(0)));
      last = std::max(last, position.lookup(user));
    }
    return last;
  };
  // Where the buffer of each op's results was first written.
  DenseMap<Operation *, int64_t> firstWrite;
  SmallVector<int64_t> delta(body.getOperations().size() + 1, 0);
  for (Operation &op : body) {
    int64_t first = position[&op];
    for (Value operand : op.getOperands())
      if (Operation *def = operand.getDefiningOp();
          def && def->getBlock() == &body && handsOverBuffer(operand))
        first = std::min(first, firstWrite.lookup(def));
    firstWrite[&op] = first;
    for (Value result : op.getResults()) {
      if (!isArenaBuffer(result, groups) ||
          llvm::any_of(result.getUsers(), [](Operation *user) {
            return isa<func::ReturnOp>(user);
          }))
        continue;
      auto type = cast<RankedTensorType>(result.getType());
      // A group's part of a batch joined again (--resnet-group-prefix)
      // counts as its share of the joined batch's images.
      Type perImage = type;
      if (result.hasOneUse())
        if (auto join = dyn_cast<tensor::ConcatOp>(*result.getUsers().begin()))
          perImage = join.getType();
      auto imagesOf = cast<RankedTensorType>(perImage);
      int64_t images = imagesOf.getRank() > 0 && imagesOf.getDimSize(0) > 0
                           ? imagesOf.getDimSize(0)
                           : 1;
      int64_t last = std::max(position[&op], lastUse(result));
      delta[first] += tensorBytes(type) / images;
      delta[last + 1] -= tensorBytes(type) / images;
    }
  }
  int64_t bytes = 0;
  for (auto [index, op] : llvm::enumerate(body)) {
    bytes += delta[index];
    live[&op] = bytes;
  }
  return live;
}

/// The activation arena of one image: the most bytes live at one op.
int64_t activationBytes(const DenseMap<Operation *, int64_t> &live) {
  int64_t bytes = 0;
  for (auto &entry : live)
    bytes = std::max(bytes, entry.second);
  return bytes;
}

WinogradCandidate describeCandidate(linalg::Conv2DNhwcHwcfOp conv, int64_t m,
                                    const CpuTarget &target, int64_t liveBytes,
                                    bool imageGroups) {
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto output = cast<RankedTensorType>(conv->getResult(0).getType());
  int64_t filterBytes = filter.getNumElements() * sizeof(float);
  int64_t alpha = m + 2;
  int64_t uBytes = filterBytes * alpha * alpha / 9;
  // G g G^T per channel pair: alpha x 3 x 3, then alpha x alpha x 3.
  double transformMacs = static_cast<double>(alpha * 9 + alpha * alpha * 3) *
                         filter.getDimSize(2) * filter.getDimSize(3);
  // ... of which the nonzero terms of G are done: G's rows once for each
  // of g's 3 rows, then for each of the alpha rows of G g. The filter
  // blocks' estimate counts these; the whole U's keeps the dense count its
  // bounds (kRuntimeFilterMaxShare...) were measured with.
  int64_t terms = 0;
  if (std::optional<winograd::Transforms> t = winograd::transformsFor(m))
    for (int64_t row = 0; row < alpha; ++row)
      for (int64_t col = 0; col < 3; ++col)
        terms += t->gAt(row, col) != 0.0;
  double transformTerms = static_cast<double>((3 + alpha) * terms) *
                          filter.getDimSize(2) * filter.getDimSize(3);
  double transformCycles = std::max(
      target.streamCycles(filterBytes + uBytes,
                          /*inL2=*/filterBytes + uBytes <= target.l2Bytes),
      transformMacs / target.macsPerCycle());
  double direct = static_cast<double>(workOf(conv));
  double products = static_cast<double>(winogradProducts(
      output.getDimSize(1), output.getDimSize(2), m));
  double directProducts =
      9.0 * output.getDimSize(1) * output.getDimSize(2);
  int64_t tilesW = llvm::divideCeil(output.getDimSize(2), m);
  int64_t tilesH = llvm::divideCeil(output.getDimSize(1), m);
  int64_t transformedPerTile = alpha * alpha *
                               (filter.getDimSize(2) + filter.getDimSize(3)) *
                               static_cast<int64_t>(sizeof(float));
  bool parallel = selectWinogradConfig(conv, m, target).getParallel();
  WinogradCandidate candidate{conv,
                              m,
                              filterBytes * (alpha * alpha - 9) / 9,
                              uBytes,
                              transformCycles,
                              direct * (1.0 - products / directProducts),
                              liveBytes,
                              transformedPerTile,
                              output.getDimSize(0),
                              tilesH,
                              tilesW,
                              imageGroups ? 1 : output.getDimSize(0),
                              parallel,
                              target.cores};
  int64_t channels = filter.getDimSize(2), filters = filter.getDimSize(3);
  int64_t block = 2 * target.vectorLanes;
  if (filters % block == 0 && filters > block) {
    candidate.filterBlock = block;
    candidate.blockFilterBytes = alpha * alpha *
                                 filterBlockChannels(channels, block) * block *
                                 static_cast<int64_t>(sizeof(float));
  }
  candidate.filters = filters;
  candidate.weightBytes = filterBytes;
  candidate.vBytes = alpha * alpha * output.getDimSize(0) * tilesH * tilesW *
                     channels * static_cast<int64_t>(sizeof(float));
  candidate.filterMacCycles = transformTerms / target.macsPerCycle();
  return candidate;
}

/// Whether Winograd beats the direct convolution once each is bound by the
/// larger of its multiply-adds and its filter's stream from memory (a
/// layer's weights come from beyond L2 on every run: a model's exceed it).
/// U is alpha^2 / 9 times the weights (16 / 9 for F(2x2)); on small maps,
/// 4x4 at batch 1, the stream is the bound and U's makes Winograd slower
/// although it saves multiply-adds. `why` says so when it does not pay.
bool winogradBeatsWeightStream(linalg::Conv2DNhwcHwcfOp conv, int64_t m,
                               const CpuTarget &target, std::string &why) {
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t images = outputType.getDimSize(0);
  int64_t oh = outputType.getDimSize(1), ow = outputType.getDimSize(2);
  int64_t pairs = filterType.getDimSize(2) * filterType.getDimSize(3);
  int64_t elementBytes = filterType.getElementTypeBitWidth() / 8;
  int64_t alpha = m + 2;
  int64_t tiles =
      images * llvm::divideCeil(oh, m) * llvm::divideCeil(ow, m);
  double macsPerCycle = target.macsPerCycle();
  double direct =
      std::max(images * oh * ow * 9 * pairs / macsPerCycle,
               target.streamCycles(9 * pairs * elementBytes, /*inL2=*/false));
  int64_t filterBytes = alpha * alpha * pairs * elementBytes;
  double winograd = std::max(
      images * winogradProducts(oh, ow, m) * pairs / macsPerCycle,
      target.streamCycles(filterBytes, /*inL2=*/false));
  LLVM_DEBUG(llvm::dbgs() << "Winograd at " << conv.getLoc() << ": "
                          << winograd << " cycles (products or U's stream) "
                          << "against direct " << direct << "\n");
  if (winograd < direct)
    return true;
  why = "the transformed filter (" + std::to_string(filterBytes) +
        " B) takes longer to read from memory than the direct convolution "
        "runs, for " + std::to_string(tiles) + " tiles";
  return false;
}

/// Bytes of the tensor constants of `func`: the model's weights as lowered.
int64_t weightBytes(func::FuncOp func) {
  int64_t bytes = 0;
  func.walk([&](arith::ConstantOp constant) {
    if (auto type = dyn_cast<RankedTensorType>(constant.getType()))
      if (type.hasStaticShape())
        bytes += type.getNumElements() *
                 type.getElementType().getIntOrFloatBitWidth() / 8;
  });
  return bytes;
}
} // namespace

void resnet::selectWinogradLayers(func::FuncOp func, const CpuTarget &target,
                                  const WinogradSelectionOptions &options) {
  DenseMap<Operation *, int64_t> live = liveActivationBytes(func);
  bool imageGroups = runsImageGroups(func);
  SmallVector<WinogradCandidate> candidates;
  // Convs of the same shape on the same weights (a layer's clones, one per
  // group of images: --resnet-group-prefix) share their transformed
  // filter: the first is the candidate, the others take its choice.
  DenseMap<std::pair<Value, Type>, linalg::Conv2DNhwcHwcfOp> leaders;
  SmallVector<std::pair<linalg::Conv2DNhwcHwcfOp, linalg::Conv2DNhwcHwcfOp>>
      followers;
  func.walk([&](linalg::Conv2DNhwcHwcfOp conv) {
    if (conv->hasAttr(TileAttr::kName))
      return;
    auto [leader, first] = leaders.try_emplace(
        {conv.getInputs()[1], conv->getResult(0).getType()}, conv);
    if (!first) {
      followers.push_back({conv, leader->second});
      return;
    }
    std::string why;
    FailureOr<int64_t> m = selectWinogradTile(conv, options.outputTile,
                                              target.vectorLanes, why);
    if (succeeded(m) && options.outputTile == 0 &&
        !winogradBeatsWeightStream(conv, *m, target, why))
      m = failure();
    if (failed(m)) {
      LLVM_DEBUG(llvm::dbgs() << "direct conv at " << conv.getLoc() << ": "
                              << why << "\n");
      if (options.emitRemarks && conv.getStaticLoopRanges()[4] == 3)
        conv.emitRemark("resnet-select-winograd: direct convolution kept: ")
            << why;
      return;
    }
    int64_t liveBytes = live.lookup(conv);
    candidates.push_back(
        describeCandidate(conv, *m, target, liveBytes, imageGroups));
  });
  // What the executable keeps resident for one image (the weights, the
  // transformed filters that replace some, the activation arena, the
  // runtime) may be `memoryBudget` times the weights: the convs that save
  // the most multiply-adds per added byte go first. A conv's V and M live
  // in the arena: they grow it when they outgrow the other activations.
  // The activations count per image: a batch multiplies them whatever the
  // schedule (V and M included), so a batch model gets the choice of its
  // one-image model rather than none once its arena alone outgrows the
  // weights. The budget bounds what Winograd adds: where one image's
  // activations alone exceed it (a large image), Winograd may still use
  // what the model needs without it, the arena's peak. A layer whose
  // filter is transformed at run time (U, V and M in the arena beside its
  // own activations) adds nothing where it stays under the peak that the
  // early, large layers set; a stored filter would grow the executable,
  // and none fits.
  double allowed = std::numeric_limits<double>::infinity();
  int64_t weights = weightBytes(func);
  int64_t arena = activationBytes(live);
  if (options.memoryBudget > 0)
    allowed = std::max((options.memoryBudget - 1.0) * weights -
                           options.runtimeBytes,
                       static_cast<double>(arena));
  LLVM_DEBUG(llvm::dbgs() << "Winograd budget: weights " << weights
                          << " B may grow by " << allowed
                          << " B including a one-image arena of at least " << arena
                          << " B\n");
  double used = 0;
  // The blocks that fit, or failure.
  auto fitsStored = [&](const WinogradCandidate &candidate) {
    double room = allowed - used - candidate.extraBytes;
    if (arena > room)
      return FailureOr<WinogradBlocks>(failure());
    return candidate.blocksWithin(room, arena, /*runtimeFilter=*/false);
  };
  // A filter transformed at run time adds nothing to the executable; its U
  // lives in the arena next to the layer's activations, V and M, and is
  // dropped after the layer.
  auto fitsAtRunTime = [&](const WinogradCandidate &candidate) {
    double room = allowed - used;
    if (arena > room)
      return FailureOr<WinogradBlocks>(failure());
    return candidate.blocksWithin(room, arena, /*runtimeFilter=*/true);
  };
  // A layer run in one block reads U right after writing it; one run in
  // blocks (`blocks`, or the blocks its cores' L2 holds) reads it again
  // for each block.
  auto runtimePays = [&](const WinogradCandidate &candidate,
                         WinogradBlocks blocks) {
    bool oneBlock = blocks.rows == 0 && !candidate.blocksInCache(target);
    double share = candidate.filterTransformCycles /
                   (candidate.savedMacs / target.macsPerCycle());
    LLVM_DEBUG(llvm::dbgs() << "filter at run time for "
                            << candidate.conv->getLoc() << ": " << share
                            << " of the saving"
                            << (oneBlock ? ", one block" : ", in blocks")
                            << "\n");
    return share <= (oneBlock ? kRuntimeFilterOneBlockMaxShare
                              : kRuntimeFilterMaxShare);
  };
  // A filter transformed a block of filters at a time: one block of tiles
  // (V and M whole) and a block of U per core in the arena.
  auto fitsInFilterBlocks = [&](const WinogradCandidate &candidate) {
    if (!candidate.filterBlock || !candidate.parallel)
      return false;
    double room = allowed - used;
    return arena <= room &&
           static_cast<double>(candidate.filterBlocksArenaBytes()) <= room;
  };
  struct Choice {
    WinogradCandidate candidate;
    WinogradBlocks blocks;
    bool runtimeFilter;
    int64_t filterBlock;
  };
  SmallVector<Choice> chosen;
  auto choose = [&](const WinogradCandidate &candidate, WinogradBlocks blocks,
                    bool runtimeFilter, int64_t filterBlock = 0) {
    arena = std::max(arena, filterBlock
                                ? candidate.filterBlocksArenaBytes()
                                : candidate.arenaBytes(blocks, runtimeFilter));
    chosen.push_back({candidate, blocks, runtimeFilter, filterBlock});
  };
  llvm::stable_sort(candidates, [](const WinogradCandidate &a,
                                   const WinogradCandidate &b) {
    return a.savedMacs * b.extraBytes > b.savedMacs * a.extraBytes;
  });
  // Stored filters first: they cost nothing per run. The convs left over
  // then try a filter transformed at each run, which costs arena only
  // while they run.
  SmallVector<WinogradCandidate> leftOver;
  for (const WinogradCandidate &candidate : candidates) {
    FailureOr<WinogradBlocks> blocks =
        options.storedFilters ? fitsStored(candidate)
                              : FailureOr<WinogradBlocks>(failure());
    if (failed(blocks)) {
      leftOver.push_back(candidate);
      continue;
    }
    used += candidate.extraBytes;
    choose(candidate, *blocks, /*runtimeFilter=*/false);
  }
  for (WinogradCandidate candidate : leftOver) {
    FailureOr<WinogradBlocks> blocks =
        options.runtimeFilters ? fitsAtRunTime(candidate)
                               : FailureOr<WinogradBlocks>(failure());
    // Forced (no stored filters): wherever it fits.
    bool pays = succeeded(blocks) &&
                (!options.storedFilters || runtimePays(candidate, *blocks));
    // Transformed a block of filters at a time: where the whole U does not
    // fit or its round trip through memory costs more than re-reading V
    // once per block.
    bool blocked =
        options.filterBlocks && fitsInFilterBlocks(candidate) &&
        (!options.storedFilters || candidate.filterBlocksPay(target)) &&
        (!pays || candidate.filterBlocksCycles(target) <
                      candidate.wholeFilterCycles(target));
    if (blocked) {
      choose(candidate, WinogradBlocks{0, false}, /*runtimeFilter=*/true,
             candidate.filterBlock);
      continue;
    }
    if (pays) {
      choose(candidate, *blocks, /*runtimeFilter=*/true);
      continue;
    }
    LLVM_DEBUG(llvm::dbgs()
               << "direct conv at " << candidate.conv.getLoc()
               << ": its transformed filter (+" << candidate.extraBytes
               << " B, arena "
               << candidate.arenaBytes(candidate.smallestBlocks(), false)
               << " B) exceeds the memory budget"
               << (failed(blocks) ? ", at run time too"
                                  : "; at run time it costs too much")
               << "\n");
    if (options.emitRemarks)
      candidate.conv.emitRemark(
          "resnet-select-winograd: direct convolution kept: the "
          "transformed filter (or its transformed activations) exceeds "
          "the memory budget")
          << (!options.runtimeFilters ? ""
              : failed(blocks)
                  ? ", also when transformed at run time"
                  : "; transforming it at each run costs more than a "
                    "quarter of what Winograd saves (half in one block)");
  }
  // Grouped 3x3 convs (ResNeXt's) take Winograd F(2x2) in what the dense
  // layers left of the budget: their U, stored, is 16/9 of their weights;
  // V and M are a few tiles' scratch per worker. Clones of a layer (image
  // groups) share one U. output-tile=2 forces it wherever it applies.
  llvm::DenseSet<Value> groupedFilters;
  func.walk([&](linalg::Conv2DNhwgcGfhwcOp conv) {
    if (conv->hasAttr(TileAttr::kName) || options.outputTile == 4)
      return;
    std::string why;
    FailureOr<TileAttr> config = selectGroupedWinogradConfig(
        conv, target, /*forced=*/options.outputTile == 2, why);
    if (failed(config)) {
      LLVM_DEBUG(llvm::dbgs() << "direct grouped conv at " << conv.getLoc()
                              << ": " << why << "\n");
      return;
    }
    double extra = 0;
    if (!groupedFilters.contains(conv.getInputs()[1]))
      extra = (kGroupedWinogradPoints - 9) / 9.0 *
              static_cast<double>(weightBytesPerBatch(conv));
    if (used + extra > allowed) {
      LLVM_DEBUG(llvm::dbgs() << "direct grouped conv at " << conv.getLoc()
                              << ": its transformed filter (+" << extra
                              << " B) exceeds the memory budget\n");
      return;
    }
    used += extra;
    groupedFilters.insert(conv.getInputs()[1]);
    conv->setAttr(TileAttr::kName, *config);
  });
  // The layers were chosen with the smallest blocks that keep the arena
  // where it was, to leave the budget to the next ones. What is left of
  // it now goes to larger blocks: all of them may grow the arena to the
  // same peak. A layer on threads then takes blocks as the threads' work,
  // no larger than its cores' L2 holds (each core's V and M stay in it
  // between the phases), where the budget allows them.
  double peak = allowed - used;
  for (Choice &choice : chosen) {
    const WinogradCandidate &candidate = choice.candidate;
    if (choice.filterBlock) {
      LLVM_DEBUG(llvm::dbgs() << "Winograd at " << candidate.conv.getLoc()
                              << ": filter at run time in blocks of "
                              << choice.filterBlock << " filters\n");
      candidate.conv->setAttr(
          TileAttr::kName,
          selectWinogradConfig(candidate.conv, candidate.m, target,
                               /*runtimeFilter=*/true, /*blockRows=*/0,
                               /*parallelBlocks=*/false, choice.filterBlock));
      continue;
    }
    if (choice.blocks.rows > 0) {
      FailureOr<WinogradBlocks> larger =
          candidate.blocksWithin(peak, peak, choice.runtimeFilter);
      if (succeeded(larger))
        choice.blocks = *larger;
    }
    std::optional<WinogradBlocks> inCache = candidate.blocksInCache(target);
    if (inCache &&
        (choice.blocks.rows == 0 || !choice.blocks.workers ||
         inCache->rows < choice.blocks.rows) &&
        static_cast<double>(
            candidate.arenaBytes(*inCache, choice.runtimeFilter)) <=
            std::max(peak, static_cast<double>(candidate.arenaBytes(
                               choice.blocks, choice.runtimeFilter))))
      choice.blocks = *inCache;
    if (options.blockRows > 0)
      choice.blocks = {options.blockRows < candidate.batch * candidate.tilesH
                           ? options.blockRows
                           : 0,
                       candidate.parallel};
    LLVM_DEBUG(llvm::dbgs()
               << "Winograd at " << choice.candidate.conv.getLoc()
               << ": blocks of " << choice.blocks.rows << " tile rows (0: one)"
               << (choice.blocks.workers ? " on the threads" : "")
               << ", filter "
               << (choice.runtimeFilter ? "at run time" : "stored") << "\n");
    choice.candidate.conv->setAttr(
        TileAttr::kName,
        selectWinogradConfig(candidate.conv, candidate.m, target,
                             choice.runtimeFilter, choice.blocks.rows,
                             choice.blocks.workers));
  }
  for (auto [follower, leader] : followers)
    if (Attribute config = leader->getAttr(TileAttr::kName))
      follower->setAttr(TileAttr::kName, config);
}

namespace {
/// `config` with its tile loops in `interchange`'s order and on the
/// threads or not (`parallel`): what the selection revises once the
/// layers around a layer are known.
TileAttr withOrderAndThreads(TileAttr config, ArrayRef<int64_t> interchange,
                             bool parallel) {
  return TileAttr::get(config.getContext(), config.getTiles(),
                       config.getReduction(), interchange, config.getRowBlock(),
                       config.getFusedEpilogue(), config.getWinograd(),
                       parallel, config.getPrefetchWeights(),
                       config.getPrefetchSpread(), config.getRuntimeFilter(),
                       config.getParallelBlocks(), config.getPrefetchInput(),
                       config.getRegisterRows(), config.getFilterBlock());
}

/// `config` with the input prefetch `prefetch`.
TileAttr withInputPrefetch(TileAttr config, bool prefetch) {
  return TileAttr::get(
      config.getContext(), config.getTiles(), config.getReduction(),
      config.getInterchange(), config.getRowBlock(), config.getFusedEpilogue(),
      config.getWinograd(), config.getParallel(), config.getPrefetchWeights(),
      config.getPrefetchSpread(), config.getRuntimeFilter(),
      config.getParallelBlocks(), prefetch, config.getRegisterRows(),
      config.getFilterBlock());
}

/// A conv chained onto another (its init is the other's result, see
/// --resnet-chain-convs) reads and rewrites every element the other wrote.
/// On threads, the outermost tile loop is what they split: when the two
/// convs order their loops differently, each thread accumulates onto
/// elements the other thread wrote, and every such cache line moves
/// between cores (a first block's expand, rows outermost, under its
/// projection, channels outermost: half of a 28x28x512 tensor). The conv
/// whose order is the default (rows outermost, no row block) takes the
/// other's, so both split the output channels, or both the rows, alike;
/// only a configuration this pass chose (in `chosen`) changes, one written
/// by hand stays as it is. The input prefetch of the conv that follows is
/// chosen again for its new order (selectInputPrefetch).
void alignChainedLoopOrders(func::FuncOp func,
                            const llvm::SmallPtrSetImpl<Operation *> &chosen,
                            const CpuTarget &target) {
  func.walk([&](linalg::Conv2DNhwcHwcfOp second) {
    auto first =
        second.getDpsInits()[0].getDefiningOp<linalg::Conv2DNhwcHwcfOp>();
    if (!first)
      return;
    auto a = first->getAttrOfType<TileAttr>(TileAttr::kName);
    auto b = second->getAttrOfType<TileAttr>(TileAttr::kName);
    if (!a || !b || a.getWinograd() != 0 || b.getWinograd() != 0 ||
        !a.getParallel() || !b.getParallel() ||
        a.getInterchange() == b.getInterchange())
      return;
    auto mayFollow = [&](Operation *conv, TileAttr config) {
      return chosen.contains(conv) && config.getInterchange().empty() &&
             config.getRowBlock() == 0;
    };
    auto follow = [&](linalg::Conv2DNhwcHwcfOp conv, TileAttr config,
                      ArrayRef<int64_t> interchange) {
      TileAttr moved =
          withOrderAndThreads(config, interchange, config.getParallel());
      linalg::LinalgOp anchor = conv;
      bool prefetch = selectInputPrefetch(anchor, !interchange.empty(),
                                          moved.getRowBlock(), target);
      conv->setAttr(TileAttr::kName, withInputPrefetch(moved, prefetch));
    };
    if (mayFollow(first, a)) {
      LLVM_DEBUG(llvm::dbgs() << "conv at " << first.getLoc()
                              << " takes the loop order of the conv chained "
                                 "onto it\n");
      follow(first, a, b.getInterchange());
    } else if (mayFollow(second, b)) {
      LLVM_DEBUG(llvm::dbgs() << "conv at " << second.getLoc()
                              << " takes the loop order of the conv it is "
                                 "chained onto\n");
      follow(second, b, a.getInterchange());
    }
  });
}
} // namespace

void resnet::selectTiles(func::FuncOp func, const CpuTarget &target) {
  func.walk([&](linalg::Conv2DNhwgcGfhwcOp conv) {
    if (conv->hasAttr(TileAttr::kName))
      return;
    std::string why;
    FailureOr<TileAttr> config = selectGroupedConvConfig(conv, target, why);
    if (succeeded(config)) {
      conv->setAttr(TileAttr::kName, *config);
      return;
    }
    LLVM_DEBUG(llvm::dbgs() << "grouped conv at " << conv.getLoc()
                            << " left untiled: " << why << "\n");
    conv.emitRemark("resnet-select-tiles: grouped convolution left untiled "
                    "(naive loops): ")
        << why;
  });
  LayerMap layers = collectLayers(
      func,
      [](linalg::LinalgOp op) { return !op->hasAttr(TileAttr::kName); },
      [](linalg::LinalgOp) { return true; });
  llvm::SmallPtrSet<Operation *, 32> chosen;
  for (auto &[root, anchors] : layers) {
    // In a worker loop (bands, Winograd blocks) its iterations are the
    // threads' work.
    bool inBand = inWorkerLoop(root);
    for (linalg::LinalgOp anchor : anchors) {
      TileAttr config = selectLayerConfig(root, anchor, anchors, target);
      if (inBand && config.getParallel())
        config = withOrderAndThreads(config, config.getInterchange(),
                                     /*parallel=*/false);
      anchor->setAttr(TileAttr::kName, config);
      chosen.insert(anchor);
    }
  }
  alignChainedLoopOrders(func, chosen, target);
}
