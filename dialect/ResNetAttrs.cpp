//===- ResNetAttrs.cpp - resnet dialect attributes ------------------------===//
#include "dialect/ResNetDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::resnet;

FailureOr<SmallVector<int64_t>> resnet::parseI64List(AsmParser &parser) {
  SmallVector<int64_t> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(values.emplace_back());
      }))
    return failure();
  return values;
}

void resnet::printI64List(AsmPrinter &printer, ArrayRef<int64_t> values) {
  printer << '[';
  llvm::interleaveComma(values, printer);
  printer << ']';
}

FailureOr<bool> resnet::parseBool(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (succeeded(parser.parseOptionalKeyword("false")))
    return false;
  return parser.emitError(parser.getCurrentLocation(),
                          "expected 'true' or 'false'");
}

#define GET_ATTRDEF_CLASSES
#include "dialect/ResNetAttrs.cpp.inc"

void ResNetDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialect/ResNetAttrs.cpp.inc"
      >();
}

RowSplit mlir::resnet::splitRows(int64_t size, int64_t tile) {
  if (size <= 0 || tile <= 0)
    return {};
  int64_t tiles = llvm::divideCeil(size, std::min(size, tile));
  int64_t narrow = size / tiles, wider = size % tiles;
  if (wider == 0)
    return {narrow, tiles, 0};
  return {narrow + 1, wider, tiles - wider};
}

LogicalResult TileAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               ArrayRef<int64_t> tiles,
                               ArrayRef<int64_t> reduction,
                               ArrayRef<int64_t> interchange, int64_t rowBlock,
                               bool fusedEpilogue, int64_t winograd,
                               bool parallel, bool prefetchWeights,
                               bool prefetchSpread, bool runtimeFilter,
                               bool parallelBlocks, bool prefetchInput,
                               int64_t registerRows, int64_t filterBlock) {
  if (llvm::any_of(tiles, [](int64_t t) { return t <= 0; }))
    return emitError() << "tile sizes must be positive";
  if (llvm::any_of(reduction, [](int64_t t) { return t < 0; }))
    return emitError() << "reduction steps must be non-negative";
  if (!interchange.empty()) {
    SmallVector<int64_t> sorted(interchange);
    llvm::sort(sorted);
    if (interchange.size() != tiles.size() ||
        !llvm::equal(sorted, llvm::seq<int64_t>(0, tiles.size())))
      return emitError() << "interchange must be a permutation of the "
                         << tiles.size() << " tile loops";
  }
  if (rowBlock < 0)
    return emitError() << "row_block must be non-negative";
  if (winograd != 0 && winograd != 2 && winograd != 4)
    return emitError() << "winograd must be 0 (direct), 2 or 4, got "
                       << winograd;
  // Dense: [1, m, m, lanes]; grouped (GroupedWinograd.cpp): T tiles of
  // one group a step, [1, m, m * T, 1, lanes] on the conv, [1, m, m * T,
  // lanes] on its NHWC loop.
  bool winogradTiles =
      (tiles.size() == 4 || (tiles.size() == 5 && tiles[3] == 1)) &&
      winograd != 0 && tiles[1] == winograd && tiles[2] % winograd == 0;
  if (winograd != 0 && !winogradTiles)
    return emitError() << "a Winograd layer's tiles must be [1, " << winograd
                       << ", " << winograd << ", lanes] or, grouped, [1, "
                       << winograd << ", " << winograd << " * T, (1,) lanes]";
  if (prefetchSpread && (!prefetchWeights || rowBlock != 0))
    return emitError() << "prefetch_spread applies to a layer without row "
                          "blocks that prefetches its weights";
  if (runtimeFilter && winograd == 0)
    return emitError() << "runtime_filter applies to Winograd layers only";
  if (parallelBlocks && (winograd == 0 || rowBlock == 0 || !parallel))
    return emitError() << "parallel_blocks applies to the blocks "
                          "(row_block) of a parallel Winograd layer only";
  if (prefetchInput && (winograd != 0 || rowBlock != 0))
    return emitError() << "prefetch_input applies to a direct layer "
                          "without row blocks";
  if (registerRows < 0)
    return emitError() << "register_rows must be non-negative";
  if (registerRows > 0 && (rowBlock == 0 || winograd != 0 ||
                           tiles.size() != 4 || registerRows >= tiles[2]))
    return emitError() << "register_rows applies to a row-blocked NHWC "
                          "layer, fewer than its tile's columns";
  if (filterBlock < 0)
    return emitError() << "filter_block must be non-negative";
  if (filterBlock > 0 &&
      (!runtimeFilter || rowBlock != 0 || filterBlock % tiles.back() != 0))
    return emitError() << "filter_block applies to a Winograd layer whose "
                          "filter is transformed at run time, in one block of "
                          "tiles, a multiple of its lanes";
  return success();
}

LogicalResult BandAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               int64_t rows, int64_t scratch, int64_t fused,
                               int64_t unfused, StringRef why) {
  if (rows < 0)
    return emitError() << "band rows must be non-negative";
  if (scratch < 0 || fused < 0 || unfused < 0)
    return emitError() << "band scratch and estimates must be non-negative";
  if (rows > 0 && scratch == 0)
    return emitError() << "a fused block's bands need scratch bytes";
  return success();
}

/// `resnet.band` on the root of a block: a band height must divide the
/// block's output rows (NHWC result), so that every band has one static
/// shape.
static LogicalResult verifyBandAttr(Operation *op, Attribute value) {
  auto band = dyn_cast<BandAttr>(value);
  if (!band)
    return op->emitError() << "'" << BandAttr::kName
                           << "' must be a #resnet.band attribute";
  if (op->getNumResults() == 0 || band.getRows() == 0)
    return success();
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() || type.getRank() != 4)
    return op->emitError() << "#resnet.band needs an NHWC result";
  if (type.getDimSize(1) % band.getRows() != 0)
    return op->emitError() << "#resnet.band rows " << band.getRows()
                           << " do not divide the output height "
                           << type.getDimSize(1);
  return success();
}

/// `resnet.tile` on an op with a tensor result: its tiles must match that
/// result's rank and divide its shape, except the rows next to the channels
/// (cut as splitRows says, the narrow tiles peeled) and the channels of an
/// NHWC or [M, N] result (the remainder peeled into a tile of its own),
/// and a Winograd layer's output tile,
/// whose grid is padded (the pixels past the output are computed and
/// dropped).
static LogicalResult verifyTileAttr(Operation *op, Attribute value) {
  auto tile = dyn_cast<TileAttr>(value);
  if (!tile)
    return op->emitError() << "'" << TileAttr::kName
                           << "' must be a #resnet.tile attribute";
  if (op->getNumResults() == 0 || tile.getTiles().empty())
    return success();
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape())
    return success();
  ArrayRef<int64_t> tiles = tile.getTiles();
  if (static_cast<int64_t>(tiles.size()) != type.getRank())
    return op->emitError() << "#resnet.tile has " << tiles.size()
                           << " tile sizes for a result of rank "
                           << type.getRank();
  // The rows next to the channels (the output columns of an NHWC or a
  // grouped conv's NHWGC result) and the channels of an NHWC or [M, N]
  // result need not divide them (what is left is tiled apart); every
  // other tile divides its dimension.
  int64_t rank = type.getRank();
  int64_t rowDim = std::min<int64_t>(2, rank - 2);
  int64_t channelDim = rank == 2 || rank == 4 ? rank - 1 : -1;
  for (auto [index, size] : llvm::enumerate(tiles)) {
    int64_t dim = index, extent = type.getDimSize(dim);
    bool padded = tile.getWinograd() != 0 && (dim == 1 || dim == 2);
    if (padded)
      continue;
    if (dim == rowDim && tile.getRegisterRows() && size != extent)
      return op->emitError()
             << "#resnet.tile with register_rows spans the whole dimension "
             << dim << " (" << extent << "), not " << size;
    bool peeled = dim == rowDim || (dim == channelDim && !tile.getWinograd());
    if (peeled ? size > extent : extent % size != 0)
      return op->emitError()
             << "#resnet.tile size " << size
             << (peeled ? " exceeds" : " does not divide") << " dimension "
             << dim << " (" << extent << ") of the result";
  }
  return success();
}

LogicalResult ResNetDialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute attr) {
  if (attr.getName() == TileAttr::kName)
    return verifyTileAttr(op, attr.getValue());
  if (attr.getName() == BandAttr::kName)
    return verifyBandAttr(op, attr.getValue());
  return success();
}
