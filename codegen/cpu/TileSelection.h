//===- TileSelection.h - choose each CPU layer's tiles ----------*- C++ -*-===//
//
// The one component that decides how a CPU layer is computed: register
// tile, loop order, reduction blocking, Winograd or direct, threads. It
// reads the layer's shapes and the target description and returns a
// `#resnet.tile` attribute; the passes that apply it (--resnet-winograd,
// --resnet-tile, --resnet-vectorize, --resnet-lower-vectors) read only that
// attribute.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_TILESELECTION_H
#define RESNET_CODEGEN_CPU_TILESELECTION_H

#include "codegen/cpu/Target.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <string>

namespace mlir::resnet {

struct WinogradSelectionOptions {
  /// 0: the output tile m is chosen per layer; 2 or 4: forced.
  int64_t outputTile = 0;
  /// Remark on each 3x3 convolution kept direct, with the reason.
  bool emitRemarks = false;
  /// What the executable keeps resident (weights, transformed filters,
  /// activation arena, runtime) may be this many times the weights' bytes,
  /// or where one image's activations alone exceed that, what it keeps
  /// without Winograd (0: no limit).
  double memoryBudget = 1.25;
  /// The runtime's resident bytes, besides weights and arena: the C
  /// library's pages, stacks, the thread pool, the input and output
  /// buffers (about 1.5 MiB measured with `/usr/bin/time -v` on a small
  /// model, 2.5 MB on a ResNet-18 at 2 threads).
  int64_t runtimeBytes = 3 << 20;
  /// Tile rows per block of the three phases, forced (0: chosen within the
  /// budget).
  int64_t blockRows = 0;
  /// Whether transformed filters may be stored in the executable, and
  /// whether they may be transformed at each run instead, whole or a
  /// block of filters at a time.
  bool storedFilters = true;
  bool runtimeFilters = true;
  bool filterBlocks = true;
};

/// The Winograd output tile m (2 or 4) for `conv`, or failure with the
/// reason in `why`. `requested` 0 chooses F(2x2) when it pays (for
/// accuracy: F(4x4)'s rounding error is several times a direct
/// convolution's), 2 or 4 checks only that the conv is one Winograd
/// applies to. An m that does not divide the output is fine: the
/// last row and column of tiles are padded.
FailureOr<int64_t> selectWinogradTile(linalg::Conv2DNhwcHwcfOp conv,
                                      int64_t requested, int64_t lanes,
                                      std::string &why);

/// Products per (input channel, filter) pair of F(m x m, 3 x 3) over a
/// `height` x `width` output, padded tiles included.
int64_t winogradProducts(int64_t height, int64_t width, int64_t m);

/// Whether F(m x m, 3 x 3) needs few enough products, against the direct
/// convolution's 9 per output, to pay for its transforms (a larger share
/// for layers of 256 channels and more, whose transforms are cheaper per
/// product).
bool winogradPays(linalg::Conv2DNhwcHwcfOp conv, int64_t m);

/// The register tile's rows (output columns of a conv) over a dimension of
/// `size`, with `vectors` channel vectors per row: at most as many rows as
/// the accumulator registers allow (and `maxRows` when positive); of those,
/// the fastest by the cost model (FMA issue, load issue and FMA latency
/// per reduction step, a tile that does not divide priced as equal tiles
/// and a remainder); on a tie the fewest tiles, then a divisor of the size
/// (no peeled part), then the largest remainder, then the largest. The
/// result is the widest tile splitRows cuts with it (a tile of 6 over 13
/// rows cuts 5 + 4 + 4: 5). The narrow tiles are computed apart, costing
/// `passShare` of the rows' time more (their own stream of weights that
/// come from memory; 0 where they stay in cache).
/// `accumulators`: the registers the tile may hold (0:
/// CpuTarget::accumulatorRegisters). `narrowApart`: the narrow tiles form a
/// layer of their own (a peel, which ties count as kPeelTieTiles tiles
/// more); false where they run inside the same tile (`register_rows`).
int64_t selectRowTile(int64_t size, int64_t vectors, const CpuTarget &target,
                      int64_t maxRows = 0, double passShare = 0,
                      int64_t accumulators = 0, bool narrowApart = true);

/// The time of `rows` output rows in register tiles of `tile` rows x
/// `vectors` vectors by the same model, per row, in units of a row at the
/// FMA peak (1: the FMAs are the bound).
double rowTileTime(int64_t rows, int64_t tile, int64_t vectors,
                   const CpuTarget &target);

/// The cycles one core takes for a Winograd transform of `elements`
/// elements (V or U written, M read) by the selection's cost model:
/// kTransformMacsPerElement multiply-adds' time each.
double estimateTransformCycles(int64_t elements, const CpuTarget &target);

/// How a Winograd layer's tiles are grouped into blocks, each running the
/// three phases (input transform, batched product, output transform) on
/// a V and M of its own: `bands` bands of `rows` tile rows within each
/// image (the last one shorter, or reaching past the image when the bands
/// must be equal), or `groups` groups of `images` whole images.
struct WinogradBlocking {
  int64_t images, rows, bands, groups;
  int64_t count() const { return groups * bands; }
  int64_t tiles(int64_t tilesW) const { return images * rows * tilesW; }
};

/// The blocks of a `row_block` of at most `rowBlock` tile rows (0: one
/// block) over `batch` images of `tilesH` tile rows: bands within an image
/// of `rowBlock` rows, or of equal height (`equalBands`: blocks that share
/// one loop; the last may reach past the image, by less than a band), or,
/// from a whole image on, the most images dividing the batch that fit.
WinogradBlocking winogradBlocking(int64_t batch, int64_t tilesH,
                                  int64_t rowBlock, bool equalBands);

/// The configuration of a Winograd layer: output transform tile
/// [1, m, m, lanes], the transforms threaded when they are big enough, the
/// filter transformed at run time when `runtimeFilter`, the three phases
/// run per block of `blockRows` tile rows (0: one block), the blocks on
/// threads when `parallelBlocks` (and the layer is threaded), a filter
/// transformed at run time `filterBlock` filters at a time (0: whole).
TileAttr selectWinogradConfig(linalg::Conv2DNhwcHwcfOp conv, int64_t m,
                              const CpuTarget &target,
                              bool runtimeFilter = false, int64_t blockRows = 0,
                              bool parallelBlocks = false,
                              int64_t filterBlock = 0);

/// The channels a block of U for `filters` filters (a Winograd filter
/// transformed at run time a block at a time) spans per point: one line
/// more where a point's would be a multiple of the L1 set span, since each
/// step of the transform stores one line per point, and those would all
/// fall into one L1 set.
int64_t filterBlockChannels(int64_t channels, int64_t filters);

/// The configuration of the layer rooted at `root` (its epilogue, or the
/// anchor itself) computing `anchor` (one of the layer's `anchors`).
TileAttr selectLayerConfig(Operation *root, linalg::LinalgOp anchor,
                           ArrayRef<linalg::LinalgOp> anchors,
                           const CpuTarget &target);

/// The configuration of a grouped convolution (GroupedConvSelection.cpp):
/// tiles [1, 1, ow, gt, ft] over its NHWGC result, one vector of gt * ft
/// output channels; failure with the reason in `why` when the vector
/// kernel does not apply.
FailureOr<TileAttr> selectGroupedConvConfig(linalg::Conv2DNhwgcGfhwcOp conv,
                                            const CpuTarget &target,
                                            std::string &why);

/// Products per 2x2 output tile and channel pair of a grouped conv in
/// Winograd F(2x2, 3x3) (against 9 direct per output pixel).
inline constexpr int64_t kGroupedWinogradPoints = 16;

/// The Winograd F(2x2) configuration of a grouped convolution
/// (GroupedConvSelection.cpp): tiles [1, 2, 2 * T, 1, lanes], T tiles of
/// one group a step; failure with the reason in `why` where it does not
/// apply or, unless `forced`, where the cost model says it saves too
/// little.
FailureOr<TileAttr> selectGroupedWinogradConfig(linalg::Conv2DNhwgcGfhwcOp conv,
                                                const CpuTarget &target,
                                                bool forced, std::string &why);

/// The cycles one core takes for a grouped conv under its `config` by the
/// selection's cost model: with Winograd F(2x2), groupedWinogradShare of
/// its direct multiply-adds at the FMA peak; direct, those multiply-adds
/// slowed where its register tile (output columns x vectors) holds too few
/// accumulators or issues more loads than FMAs (rowTileTime).
double estimateGroupedConvCycles(linalg::Conv2DNhwgcGfhwcOp conv,
                                 TileAttr config, const CpuTarget &target);

/// The cycles one core takes for `anchor` under `config` by the selection's
/// cost model: its multiply-adds at the target's FMA rate, slowed where the
/// register tile (or the peeled remainder) holds fewer accumulators than the
/// FMA pipeline and where the channel tile does not fill whole vectors.
/// Memory traffic is not modelled.
double estimateCycles(linalg::LinalgOp anchor, TileAttr config,
                      const CpuTarget &target);

/// Records a Winograd configuration on every convolution of `func` that
/// has no configuration and where Winograd applies. Runs before
/// --resnet-winograd; the other layers are configured after it.
void selectWinogradLayers(func::FuncOp func, const CpuTarget &target,
                          const WinogradSelectionOptions &options);

/// Records a configuration on every layer anchor of `func` that has none
/// (a hand-written `#resnet.tile` is kept as it is).
void selectTiles(func::FuncOp func, const CpuTarget &target);

/// The largest divisor of `n` that is at most `bound` (1 if none above 1):
/// a step that tiles `n` without a remainder.
int64_t largestDivisorAtMost(int64_t n, int64_t bound);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_TILESELECTION_H
