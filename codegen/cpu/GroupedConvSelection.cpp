//===- GroupedConvSelection.cpp - configure grouped convolutions ----------===//
//
// The tile selection's part for linalg.conv_2d_nhwgc_gfhwc (see
// GroupedConv.cpp for the kernel that applies it). A register tile is
// `ow` output columns of one vector of output channels:
//
//  - the vector width is the widest of the target's lanes, half, a
//    quarter (at least 4) that divides the output channels and either
//    holds whole groups (Fg divides it: the inputs of its lanes are one
//    vector load of its groups' input channels, shuffled) or lies in one
//    group (it divides Fg: the input is one broadcast channel), with the
//    input of one tap at most two vectors wide; a strided conv whose group
//    fills at least half the lanes takes vectors of one group rather than
//    shuffle several (stridedOneGroupWidth);
//  - inside one group, two such vectors when the group holds them (each
//    broadcast input then feeds two FMAs), four where the L1 sets cap a
//    strided conv's columns (widenSetCappedTile);
//  - ow is chosen like a dense conv's row tile (selectRowTile): within the
//    target's accumulator registers and the registers left beside a step's
//    KW weight vectors and its input (AVX2's 16 hold 4 columns of two
//    vectors beside 3 x 2 weight vectors and a broadcast), by the
//    FMA-latency cost model, and for a strided conv at most the columns
//    whose input pixels share an L1 set without evicting each other (as a
//    dense conv's rows); a width it does not divide is cut into tiles
//    that differ by one column (splitRows), the narrow ones a loop of their
//    own;
//  - the loop order (interchange [3, 4, 0, 1, 2]: channels outermost) when
//    an output row's working set (the weights, the input rows it reads)
//    would not stay in L2 and the weights read once per row would
//    outweigh the input; the next channel vector's weights are then
//    prefetched while one is computed.
//
// Expressed over the conv's NHWGC result the tile is [1, 1, ow, gt, ft]:
// gt = width / Fg groups of ft = Fg channels, or gt = 1 group and ft =
// width channels of it. Threads: the layer does the target's minimum
// parallel work.
//
// Also the Winograd F(2x2) configuration --resnet-select-winograd gives a
// grouped stride-1 3x3 conv where its cost model (groupedWinogradShare)
// says it pays: T tiles of one tile row of one group a step, as many as
// divide the row within the target's accumulators.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/GroupedConv.h"
#include "codegen/cpu/IndexArith.h"
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/TileSelection.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "resnet-select-tiles"

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// Narrower vectors than this do not pay for the shuffles and loop
/// overhead over the scalar loops LLVM vectorizes.
constexpr int64_t kMinLanes = 4;

/// A grouped layer goes Winograd where the estimate of its time is at most
/// this share of the direct kernel's: the estimate was within 0.1 of the
/// measured share on Zen 4 (bench/README "Grouped convolutions in
/// Winograd F(2x2)"), above it where a group has one output vector.
constexpr double kGroupedWinogradMaxShare = 0.85;

/// Fewer accumulators than this leave the FMA pipes waiting on their
/// latency.
constexpr int64_t kMinWinogradAccumulators = 4;

/// The time of `shape` in Winograd F(2x2) with `tiles` tiles a step, as a
/// share of its direct products at the FMA peak: 16 products per 2x2
/// tile for 36, over the pixels the tiles cover (past an odd side too),
/// times
///  - the product's cycles per FMA: a step's fv U loads and T broadcasts
///    against its T x fv FMAs;
///  - half the cycles of streaming the group's U (16 Cg Fg floats) from L2
///    once a step (it does not stay in L1 between steps), the prefetchers
///    hiding the other half behind the FMAs;
///  - the transforms: about 32 vector operations per tile and input
///    vector, 48 per tile and output vector, at the FMA rate.
double groupedWinogradShare(const GroupedConvShape &s, int64_t lanes,
                            int64_t tiles, const CpuTarget &target) {
  double fv = static_cast<double>(s.groupFilters) / lanes;
  double t = static_cast<double>(tiles);
  double fmaCycles = t * fv / target.fmaUnits;
  double product = std::max(1.0, (t + fv) / target.loadPorts / fmaCycles);
  double filterStream = static_cast<double>(s.groupFilters * sizeof(float)) /
                        target.l2BytesPerCycle / fmaCycles / 2;
  double inputTransform = 32.0 / (kGroupedWinogradPoints * lanes * fv);
  double outputTransform = 48.0 / (kGroupedWinogradPoints * s.groupChannels);
  double covered = 4.0 * llvm::divideCeil(s.outHeight, 2) *
                   llvm::divideCeil(s.outWidth, 2) / (s.outHeight * s.outWidth);
  return 4.0 / 9.0 * covered *
         (product + filterStream + inputTransform + outputTransform);
}
} // namespace

std::optional<ArrayRef<float>>
resnet::getGroupedConvWeights(linalg::Conv2DNhwgcGfhwcOp conv,
                              SmallVectorImpl<float> &storage) {
  // Reshapes keep the row-major order: the constant's data is the filter's.
  Value filter = conv.getInputs()[1];
  while (Operation *def = filter.getDefiningOp()) {
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def))
      break;
    filter = def->getOperand(0);
  }
  return getConstantF32Data(filter, storage);
}

FailureOr<GroupedConvShape>
resnet::matchGroupedConv(linalg::Conv2DNhwgcGfhwcOp conv, std::string &why) {
  auto fail = [&](const char *reason) -> FailureOr<GroupedConvShape> {
    why = reason;
    return failure();
  };
  if (!conv.hasPureTensorSemantics() || conv.hasDynamicShape())
    return fail("not a static convolution on tensors");
  auto fill = conv.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
    return fail("the accumulator is not zero-filled");
  SmallVector<float> storage;
  if (!getGroupedConvWeights(conv, storage))
    return fail("the weights are not constant");
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto output = cast<RankedTensorType>(conv->getResult(0).getType());
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
  GroupedConvShape shape;
  shape.batch = output.getDimSize(0);
  shape.outHeight = output.getDimSize(1);
  shape.outWidth = output.getDimSize(2);
  shape.groups = filter.getDimSize(0);
  shape.groupFilters = filter.getDimSize(1);
  shape.kernelHeight = filter.getDimSize(2);
  shape.kernelWidth = filter.getDimSize(3);
  shape.groupChannels = filter.getDimSize(4);
  shape.strideH = strides[0];
  shape.strideW = strides[1];
  shape.dilationH = dilations[0];
  shape.dilationW = dilations[1];
  return shape;
}

int64_t resnet::groupedInputSpan(const GroupedConvShape &shape,
                                 int64_t width) {
  if (shape.groupFilters >= width)
    return 1;
  return width / shape.groupFilters * shape.groupChannels;
}

bool resnet::groupedVectorWidthFits(const GroupedConvShape &shape,
                                    int64_t width) {
  int64_t fg = shape.groupFilters;
  if (width < 1 || shape.filters() % width != 0)
    return false;
  if (fg % width == 0)
    return true;
  return width % fg == 0 && groupedInputSpan(shape, width) <= 2 * width;
}

GroupedConvLayer resnet::getGroupedConvLayer(linalg::Conv2DNhwgcGfhwcOp conv) {
  GroupedConvLayer layer;
  layer.root = conv;
  Value result = conv->getResult(0);
  if (!result.hasOneUse())
    return layer;
  auto collapse = dyn_cast<tensor::CollapseShapeOp>(*result.getUsers().begin());
  if (!collapse || collapse.getResultType().getRank() != 4 ||
      collapse.getReassociationIndices().back().size() != 2)
    return layer;
  layer.nhwcResult = collapse.getResult();
  layer.root = collapse;
  layer.epilogue = fusableEpilogue(layer.nhwcResult, layer.kinds);
  if (layer.epilogue)
    layer.root = layer.epilogue;
  return layer;
}

/// The bytes of one input row `shape` reads (the columns its output row
/// reads, every channel).
static int64_t inputRowBytes(const GroupedConvShape &shape) {
  int64_t columns = (shape.outWidth - 1) * shape.strideW +
                    (shape.kernelWidth - 1) * shape.dilationW + 1;
  return columns * shape.groups * shape.groupChannels * int64_t(sizeof(float));
}

/// The bytes one output row of `shape` touches with rows outermost: all
/// the weights, the KH input rows it reads and the row it writes.
static int64_t rowWorkingSetBytes(const GroupedConvShape &shape,
                                  int64_t weightBytes) {
  int64_t outputRow = shape.outWidth * shape.filters() * int64_t(sizeof(float));
  return weightBytes + shape.kernelHeight * inputRowBytes(shape) + outputRow;
}

/// The bytes of input one image's output rows read.
static int64_t imageInputBytes(const GroupedConvShape &shape) {
  int64_t rows = (shape.outHeight - 1) * shape.strideH +
                 (shape.kernelHeight - 1) * shape.dilationH + 1;
  return rows * inputRowBytes(shape);
}

/// The most output columns a strided conv's tile may have without the
/// input pixels it reads, a stride of pixels apart, evicting each other
/// from L1 (CpuTarget::rowsWithoutSetConflicts: 512 channels at stride 2
/// are 4 KiB apart, every tap of the tile in one set); 0, no limit, at
/// stride 1, where the capped tiles (5 instead of 7 columns with 1024
/// channels) ran slower (bench/README "Strided grouped convs: columns
/// within an L1 set").
static int64_t stridedColumnsWithoutSetConflicts(const GroupedConvShape &shape,
                                                 const CpuTarget &target) {
  if (shape.strideW == 1)
    return 0;
  int64_t pixelBytes =
      shape.groups * shape.groupChannels * int64_t(sizeof(float));
  return target.rowsWithoutSetConflicts(pixelBytes * shape.strideW);
}

/// The vector width a strided conv takes where a vector of the target's
/// lanes would hold several whole groups: one group's, where it fills at
/// least half the lanes and kMinLanes; 0 otherwise. A strided tile's
/// columns share no input vector between their taps, so the several-group
/// kernel shuffles every input it loads into its groups' lanes, about a
/// shuffle per FMA, and keeps the shuffled spans on the stack; one group a
/// vector broadcasts each input from memory into its FMA, at half the
/// lanes (bench/README "Strided grouped convs: one group a vector").
static int64_t stridedOneGroupWidth(const GroupedConvShape &shape,
                                    const CpuTarget &target) {
  int64_t fg = shape.groupFilters;
  bool strided = shape.strideH > 1 || shape.strideW > 1;
  if (!strided || fg >= target.vectorLanes || 2 * fg < target.vectorLanes ||
      fg < kMinLanes || !groupedVectorWidthFits(shape, fg))
    return 0;
  return fg;
}

/// Whether a tile of two vectors inside one group takes four instead:
/// where the L1 sets cap its columns (a strided conv,
/// stridedColumnsWithoutSetConflicts) below both the output width and half
/// its accumulators, and the group holds four vectors, on a 32-register
/// file. The wider tile holds as many accumulators in fewer columns, each
/// broadcast feeding four FMAs, as a dense conv's tile does where its rows
/// are capped (widenStreamedTile). ResNeXt-101 32x8d's 3x3/2 2048 -> 2048
/// 7x7 g32 (64 a group) ran 8 % faster in 4 x 4 vectors than in 4 x 2
/// (bench/README "Strided grouped convs: four vectors where L1 sets cap
/// the columns").
static bool widenSetCappedTile(const GroupedConvShape &shape, int64_t width,
                               int64_t vectors, int64_t columnCap,
                               int64_t accumulators, const CpuTarget &target) {
  bool widen = vectors == 2 && columnCap > 0 &&
               target.vectorRegisters >= 32 &&
               shape.groupFilters % (4 * width) == 0 &&
               columnCap < std::min(shape.outWidth, accumulators / 2);
  LLVM_DEBUG(if (widen) llvm::dbgs()
             << "columns capped at " << columnCap
             << " by L1 sets: four vectors a column\n");
  return widen;
}

FailureOr<TileAttr>
resnet::selectGroupedConvConfig(linalg::Conv2DNhwgcGfhwcOp conv,
                                const CpuTarget &target, std::string &why) {
  FailureOr<GroupedConvShape> shape = matchGroupedConv(conv, why);
  if (failed(shape))
    return failure();
  int64_t width = stridedOneGroupWidth(*shape, target);
  for (int64_t w = target.vectorLanes; w >= kMinLanes && !width; w /= 2)
    if (groupedVectorWidthFits(*shape, w))
      width = w;
  if (!width) {
    why = "no vector of at least 4 lanes holds whole groups or lies in one "
          "group of the output channels";
    return failure();
  }
  int64_t fg = shape->groupFilters;
  // A tile inside one group broadcasts one input channel per tap; with two
  // vectors of the group's output channels each broadcast feeds two FMAs
  // (as in a dense conv's tile), where one vector leaves the loads (a
  // broadcast per FMA) as the bound.
  int64_t vectors = fg >= width && fg % (2 * width) == 0 ? 2 : 1;
  // The kernel holds the KW weight vectors of a step beside the
  // accumulators, and the broadcast input (or the loaded and the shuffled
  // span).
  int64_t inputRegisters = fg >= width ? 1 : 2;
  auto accumulatorsFor = [&](int64_t vectorCount) {
    int64_t count =
        std::min(target.accumulatorRegisters(),
                 target.vectorRegisters - shape->kernelWidth * vectorCount -
                     inputRegisters);
    return std::max(count, vectorCount);
  };
  int64_t accumulators = accumulatorsFor(vectors);
  int64_t columnCap = stridedColumnsWithoutSetConflicts(*shape, target);
  if (widenSetCappedTile(*shape, width, vectors, columnCap, accumulators,
                         target)) {
    vectors = 4;
    accumulators = accumulatorsFor(vectors);
  }
  int64_t groupTile = fg < width ? width / fg : 1;
  int64_t filterTile = fg < width ? fg : vectors * width;
  int64_t ow = selectRowTile(shape->outWidth, vectors, target, columnCap,
                             /*passShare=*/0, accumulators);
  // Output rows outermost stream all the weights once per row, channel
  // vectors outermost walk the input in narrow slices of each pixel (a
  // vector's groups' channels, a row of channels apart from the next
  // pixel's: a stride the prefetchers follow poorly from beyond L2) once
  // per vector. The channels go outermost only where an output row's
  // working set would not stay in L2, so that rows outermost would read
  // the weights from beyond it once per row, and those reads would outweigh
  // the input's (ResNeXt's last stage, its third on wide images; not the
  // strided convs of large maps, whose input is the larger).
  int64_t weightBytes = weightBytesPerBatch(conv);
  int64_t rowBytes = rowWorkingSetBytes(*shape, weightBytes);
  SmallVector<int64_t> interchange;
  if (rowBytes > target.l2Bytes &&
      weightBytes * shape->outHeight > imageInputBytes(*shape))
    interchange = {3, 4, 0, 1, 2};
  // Channels outermost means the weights do not stay in L2: each channel
  // vector's block comes from beyond it, once, and its first output row
  // would wait for every line of it. The next vector's block is prefetched
  // while this one is computed (--resnet-prefetch-weights).
  bool prefetchWeights = !interchange.empty();
  int64_t work = workOf(conv);
  bool parallel = work >= target.minParallelMacs();
  bool fused = static_cast<bool>(getGroupedConvLayer(conv).epilogue);
  LLVM_DEBUG(llvm::dbgs() << "grouped conv at " << conv.getLoc() << ": "
                          << shape->groups << " groups of "
                          << shape->groupChannels << " -> " << fg
                          << " channels, vectors of " << width
                          << " lanes x " << vectors << " (input span "
                          << groupedInputSpan(*shape, width) << "), " << ow
                          << " columns, weights " << weightBytes
                          << " B, a row's working set " << rowBytes << " B"
                          << (interchange.empty() ? "" : " (channels outermost)")
                          << ", work " << work << " MACs\n");
  return TileAttr::get(conv.getContext(), {1, 1, ow, groupTile, filterTile},
                       /*reduction=*/{}, interchange, /*rowBlock=*/0, fused,
                       /*winograd=*/0, parallel, prefetchWeights,
                       /*prefetchSpread=*/false,
                       /*runtimeFilter=*/false,
                       /*parallelBlocks=*/false, /*prefetchInput=*/false,
                       /*registerRows=*/0, /*filterBlock=*/0);
}

FailureOr<TileAttr>
resnet::selectGroupedWinogradConfig(linalg::Conv2DNhwgcGfhwcOp conv,
                                    const CpuTarget &target, bool forced,
                                    std::string &why) {
  FailureOr<GroupedConvShape> shape = matchGroupedConv(conv, why);
  if (failed(shape))
    return failure();
  auto input = cast<RankedTensorType>(conv.getInputs()[0].getType());
  int64_t lanes = target.vectorLanes;
  if (!groupedWinogradApplies(*shape, input.getDimSize(1), input.getDimSize(2),
                              lanes, why))
    return failure();
  // A step's accumulators: T tiles x the group's output vectors.
  int64_t vectors = shape->groupFilters / lanes;
  int64_t tiles = largestDivisorAtMost(llvm::divideCeil(shape->outWidth, 2),
                                       target.accumulatorRegisters() / vectors);
  if (tiles * vectors < kMinWinogradAccumulators) {
    why = "too few tiles a step to hide the FMA latency";
    return failure();
  }
  double share = groupedWinogradShare(*shape, lanes, tiles, target);
  LLVM_DEBUG(llvm::dbgs() << "grouped conv at " << conv.getLoc()
                          << ": Winograd F(2x2) with " << tiles
                          << " tiles a step, " << vectors
                          << " output vectors a group: " << share
                          << " of the direct time\n");
  if (!forced && share > kGroupedWinogradMaxShare) {
    why = "Winograd F(2x2) would save too little";
    return failure();
  }
  bool fused = static_cast<bool>(getGroupedConvLayer(conv).epilogue);
  bool parallel = workOf(conv) >= target.minParallelMacs();
  return TileAttr::get(conv.getContext(), {1, 2, 2 * tiles, 1, lanes},
                       /*reduction=*/{}, /*interchange=*/{}, /*rowBlock=*/0,
                       fused, /*winograd=*/2, parallel,
                       /*prefetchWeights=*/false, /*prefetchSpread=*/false,
                       /*runtimeFilter=*/false, /*parallelBlocks=*/false,
                       /*prefetchInput=*/false, /*registerRows=*/0,
                       /*filterBlock=*/0);
}

double resnet::estimateGroupedConvCycles(linalg::Conv2DNhwgcGfhwcOp conv,
                                         TileAttr config,
                                         const CpuTarget &target) {
  std::string why;
  FailureOr<GroupedConvShape> shape = matchGroupedConv(conv, why);
  ArrayRef<int64_t> tiles = config.getTiles();
  if (failed(shape) || tiles.size() != 5)
    return 0;
  double direct = workOf(conv) / target.macsPerCycle();
  if (config.getWinograd() == 2)
    return direct *
           groupedWinogradShare(*shape, tiles[4], tiles[2] / 2, target);
  // Tiles [1, 1, columns, groups, filters]: the vectors a step computes
  // (the groups' filters side by side, whole vectors).
  int64_t vectors = llvm::divideCeil(tiles[3] * tiles[4], target.vectorLanes);
  return direct * rowTileTime(shape->outWidth, tiles[2], vectors, target);
}
