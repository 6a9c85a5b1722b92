//===- Winograd.cpp - Winograd F(m x m, 3 x 3) for stride-1 3x3 convs -----===//
//
// A stride-1 3x3 convolution with constant weights becomes
//
//   V = input transform of the padded input   [alpha^2, tiles, C]
//   M = batch_matmul(V, U)                    [alpha^2, tiles, F]
//   Y = output transform of M (+ epilogue)    [N, OH, OW, F]
//
// where U = G g G^T is the filter transformed here, at compile time, in
// double precision (or, where `runtime_filter` is set because the stored
// filters would exceed the memory budget, at run time into the arena,
// whole or, with `filter_block`, a block of filters at a time right before
// their products). F(4x4, 3x3) (alpha = 6) does 36 multiplications per 16
// outputs and channel pair instead of 144, F(2x2, 3x3) (alpha = 4) 16
// instead of 36. Which convs and which m is decided by the tile selection
// (`#resnet.tile<winograd = m>`, see --resnet-select-winograd); the
// batch_matmul is configured and tiled like any other matmul; the transforms are emitted here as scf.forall loops of vector
// code over channel vectors: the coefficients are compile-time constants,
// so zeros cost nothing and +-1 are adds / subtracts. The conv's
// elementwise epilogue (bias, residual, ReLU) is applied to the output
// tile in registers, before it is stored.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/IndexArith.h"
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/TileSelection.h"
#include "codegen/cpu/VectorEpilogue.h"
#include "codegen/cpu/WinogradMatrices.h"
#include "codegen/cpu/WinogradVector.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_WINOGRAD
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using resnet::addConstant;
using resnet::EpilogueInput;
using resnet::indexConstant;
using resnet::mulConstant;
using resnet::WinogradBlocking;
using resnet::winograd::sandwich;
using resnet::winograd::Transforms;

/// Emits sum_i coeffs[i] * values[i] on vectors: zero terms vanish, +-1
/// are adds and subtracts, the rest FMAs with splat constants.
static Value linearCombination(OpBuilder &b, Location loc,
                               ArrayRef<double> coeffs,
                               ArrayRef<Value> values) {
  auto type = cast<VectorType>(values.front().getType());
  auto splat = [&](double c) -> Value {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, static_cast<float>(c)));
  };
  // Start from a +1 term when there is one: no negation needed.
  SmallVector<size_t> order;
  for (size_t i = 0; i < coeffs.size(); ++i)
    if (coeffs[i] == 1.0)
      order.push_back(i);
  for (size_t i = 0; i < coeffs.size(); ++i)
    if (coeffs[i] != 0.0 && coeffs[i] != 1.0)
      order.push_back(i);
  Value acc;
  for (size_t i : order) {
    double c = coeffs[i];
    Value v = values[i];
    if (!acc) {
      acc = c == 1.0 ? v : arith::MulFOp::create(b, loc, splat(c), v);
      continue;
    }
    if (c == 1.0)
      acc = arith::AddFOp::create(b, loc, acc, v);
    else if (c == -1.0)
      acc = arith::SubFOp::create(b, loc, acc, v);
    else
      acc = vector::FMAOp::create(b, loc, splat(c), v, acc);
  }
  return acc ? acc : splat(0.0);
}

/// L in L^T for a square block `in` (cols x cols) and L (rows x cols):
/// out[p][q] = sum_i sum_j L[p][i] in[i][j] L[q][j], one side at a time.
SmallVector<SmallVector<Value>> resnet::winograd::sandwich(
    OpBuilder &b, Location loc, ArrayRef<SmallVector<Value>> in, int64_t rows,
    int64_t cols, function_ref<double(int64_t, int64_t)> l) {
  auto row = [&](int64_t r) {
    SmallVector<double> coeffs;
    for (int64_t k = 0; k < cols; ++k)
      coeffs.push_back(l(r, k));
    return coeffs;
  };
  // Along the second index: half[i][q] = sum_j L[q][j] in[i][j].
  SmallVector<SmallVector<Value>> half(cols);
  for (int64_t i = 0; i < cols; ++i)
    for (int64_t q = 0; q < rows; ++q)
      half[i].push_back(linearCombination(b, loc, row(q), in[i]));
  // Along the first: out[p][q] = sum_i L[p][i] half[i][q].
  SmallVector<SmallVector<Value>> out(rows);
  for (int64_t p = 0; p < rows; ++p)
    for (int64_t q = 0; q < rows; ++q) {
      SmallVector<Value> column;
      for (int64_t i = 0; i < cols; ++i)
        column.push_back(half[i][q]);
      out[p].push_back(linearCombination(b, loc, row(p), column));
    }
  return out;
}

namespace {
//===----------------------------------------------------------------------===//
// Vector code of the transforms
//===----------------------------------------------------------------------===//

/// x + y * c, folded where y is a constant.
Value addValue(OpBuilder &b, Location loc, Value x, Value y, int64_t c) {
  if (std::optional<int64_t> constant = getConstantIntValue(y))
    return addConstant(b, loc, x, *constant * c);
  if (isZeroInteger(x))
    return mulConstant(b, loc, y, c);
  return arith::AddIOp::create(b, loc, x, mulConstant(b, loc, y, c));
}

/// The unit-stride slice of `source` at `offsets` of `sizes`.
Value unitSlice(OpBuilder &b, Location loc, Value source,
                ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                        strides);
}

/// The pixels of a tile starting at `start` that lie inside an output of
/// `extent`: m, except in the last tiles of a padded grid (none in a tile
/// row below the output).
OpFoldResult pixelsInside(OpBuilder &b, Location loc, Value start,
                          int64_t extent, int64_t m, bool padded,
                          bool mayBeEmpty) {
  if (!padded)
    return b.getIndexAttr(m);
  Value left = arith::SubIOp::create(b, loc, indexConstant(b, loc, extent),
                                     start);
  Value inside = arith::MinSIOp::create(b, loc, left, indexConstant(b, loc, m));
  if (!mayBeEmpty)
    return inside;
  return arith::MaxSIOp::create(b, loc, inside, indexConstant(b, loc, 0))
      .getResult();
}

/// Whether pixel (a, c) of a tile with `rows` x `columns` pixels inside the
/// output is one of them; null when it always is (the first row and
/// column are, unless `rowsMayBeEmpty`).
Value isInside(OpBuilder &b, Location loc, int64_t a, OpFoldResult rows,
               int64_t c, OpFoldResult columns, bool rowsMayBeEmpty) {
  auto below = [&](int64_t i, OpFoldResult count, bool mayBeEmpty) -> Value {
    auto dynamic = dyn_cast<Value>(count);
    if (!dynamic || (i == 0 && !mayBeEmpty))
      return Value();
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                 indexConstant(b, loc, i), dynamic);
  };
  Value inRows = below(a, rows, rowsMayBeEmpty),
        inColumns = below(c, columns, /*mayBeEmpty=*/false);
  if (inRows && inColumns)
    return arith::AndIOp::create(b, loc, inRows, inColumns);
  return inRows ? inRows : inColumns;
}

/// Marks a transform loop with its configuration and its role (for the
/// vectorization, the lowering of sequential loops and the report).
void markTransform(scf::ForallOp forall, resnet::TileAttr config,
                   StringRef role) {
  forall->setAttr(resnet::TileAttr::kName, config);
  forall->setAttr("resnet.winograd_transform",
                  StringAttr::get(forall.getContext(), role));
}

/// The tile grid of one layer.
struct Grid {
  const Transforms &t;
  /// Images and output pixels.
  int64_t n, height, width;
  int64_t vectorWidth;
  /// The layer's configuration: lanes, threads.
  resnet::TileAttr config;
  /// The block of tiles being built: `images` images from `firstImage`,
  /// `rows` tile rows of each from `firstTileRow` (constants, or a block
  /// loop's values).
  Value firstImage, firstTileRow;
  int64_t images = 0, rows = 0;
  /// Tile rows per image the blocks cover: more than tilesH() when the
  /// last band of blocks reaches past the image (its tiles compute
  /// nothing that is stored).
  int64_t coveredRows = 0;
  /// Tiles per column and row: the last ones padded when m does not
  /// divide the output.
  int64_t tilesH() const { return llvm::divideCeil(height, t.m); }
  int64_t tilesW() const { return llvm::divideCeil(width, t.m); }
  /// Tiles of the block being built.
  int64_t blockTiles() const { return images * rows * tilesW(); }
  /// Whether the last row / column of tiles reaches past the output, and
  /// whether whole tile rows may lie below it.
  bool paddedRows() const { return height % t.m != 0 || extraRows(); }
  bool paddedColumns() const { return width % t.m != 0; }
  bool extraRows() const { return coveredRows > tilesH(); }
};

/// Where one iteration of a transform loop works: image `n`, the tile's
/// first output row and column, its index in [0, tiles) and its first
/// channel; and the image and first row within the block.
struct TransformPosition {
  Value n, row0, col0, tile, c0;
  Value blockImage, blockRow0;
};

/// What a transform loop's body stores: a slice of the shared output.
struct SliceUpdate {
  Value slice;
  SmallVector<OpFoldResult> offsets, sizes;
};

/// A forall over (image and tile row, tile column, channel vector) of the
/// grid's block of tiles with one shared output; `body` fills an iteration
/// and returns the slice to insert, with its offsets and sizes. The tile
/// index counts from the block's first tile.
scf::ForallOp buildTileLoop(
    OpBuilder &b, Location loc, const Grid &grid, int64_t channels, Value init,
    function_ref<SliceUpdate(OpBuilder &, Value shared,
                             const TransformPosition &)>
        body) {
  // Images and tile rows share one loop dimension: a separate batch loop
  // of a few iterations around a large body is what LLVM likes to unroll.
  SmallVector<OpFoldResult> ubs = {b.getIndexAttr(grid.images * grid.rows),
                                   b.getIndexAttr(grid.tilesW()),
                                   b.getIndexAttr(channels / grid.vectorWidth)};
  auto forall = scf::ForallOp::create(b, loc, ubs, ValueRange{init},
                                      /*mapping=*/std::nullopt);
  OpBuilder inner = OpBuilder::atBlockBegin(forall.getBody());
  SmallVector<Value> ivs = forall.getInductionVars();
  Value blockRow = ivs[0], tw = ivs[1];
  TransformPosition at;
  Value th = blockRow;
  if (grid.images > 1) {
    Value rows = indexConstant(inner, loc, grid.rows);
    at.blockImage = arith::DivUIOp::create(inner, loc, blockRow, rows);
    th = arith::RemUIOp::create(inner, loc, blockRow, rows);
  } else {
    at.blockImage = indexConstant(inner, loc, 0);
  }
  at.n = addValue(inner, loc, at.blockImage, grid.firstImage, 1);
  at.blockRow0 = mulConstant(inner, loc, th, grid.t.m);
  // tile = (image in block * rows + th) * tilesW + tw
  at.tile = arith::AddIOp::create(
      inner, loc, mulConstant(inner, loc, blockRow, grid.tilesW()), tw);
  at.row0 = addValue(inner, loc, at.blockRow0, grid.firstTileRow, grid.t.m);
  at.col0 = mulConstant(inner, loc, tw, grid.t.m);
  at.c0 = mulConstant(inner, loc, ivs[2], grid.vectorWidth);
  SliceUpdate update = body(inner, forall.getRegionIterArgs()[0], at);
  OpBuilder terminator =
      OpBuilder::atBlockEnd(forall.getTerminator().getBody());
  SmallVector<OpFoldResult> strides(update.offsets.size(),
                                    b.getIndexAttr(1));
  tensor::ParallelInsertSliceOp::create(
      terminator, loc, update.slice, forall.getRegionIterArgs()[0],
      update.offsets, update.sizes, strides);
  return forall;
}

/// Stores the alpha x alpha `points` (vectors) into `slice`, a
/// [alpha^2, 1, lanes] slice of V or U, point (xi, nu) at xi * alpha + nu.
Value storePoints(OpBuilder &b, Location loc,
                  ArrayRef<SmallVector<Value>> points, Value slice) {
  int64_t alpha = static_cast<int64_t>(points.size());
  Value zero = indexConstant(b, loc, 0);
  for (int64_t xi = 0; xi < alpha; ++xi)
    for (int64_t nu = 0; nu < alpha; ++nu)
      slice = vector::TransferWriteOp::create(
                  b, loc, points[xi][nu], slice,
                  ValueRange{indexConstant(b, loc, xi * alpha + nu), zero,
                             zero},
                  ArrayRef<bool>{true})
                  .getResult();
  return slice;
}

/// The configuration of a loop writing [alpha^2, 1, lanes] slices (the
/// input and filter transforms).
resnet::TileAttr pointLoopConfig(OpBuilder &b, const Grid &grid) {
  return resnet::TileAttr::get(
      b.getContext(), {grid.t.alpha * grid.t.alpha, 1, grid.vectorWidth}, {},
      {}, 0, false, 0, grid.config.getParallel(), /*prefetchWeights=*/false,
      /*prefetchSpread=*/false, /*runtimeFilter=*/false,
      /*parallelBlocks=*/false, /*prefetchInput=*/false, /*registerRows=*/0,
      /*filterBlock=*/0);
}

/// V[xi * alpha + nu, tile, c] = (B^T d B)[xi][nu] for each input tile d
/// (alpha x alpha pixels, m apart) of the padded NHWC input.
Value buildInputTransform(OpBuilder &b, Location loc, Value input,
                          const Grid &grid) {
  const Transforms &t = grid.t;
  int64_t channels = cast<RankedTensorType>(input.getType()).getDimSize(3);
  int64_t k = t.alpha * t.alpha;
  Type f32 = b.getF32Type();
  auto vType = RankedTensorType::get({k, grid.blockTiles(), channels}, f32);
  Value init = tensor::EmptyOp::create(b, loc, vType.getShape(), f32);
  auto vecType = VectorType::get({grid.vectorWidth}, f32);
  scf::ForallOp forall = buildTileLoop(
      b, loc, grid, channels, init,
      [&](OpBuilder &ib, Value shared, const TransformPosition &at) {
        Value pad = arith::ConstantOp::create(ib, loc, ib.getF32FloatAttr(0));
        SmallVector<SmallVector<Value>> d(t.alpha);
        for (int64_t i = 0; i < t.alpha; ++i)
          for (int64_t j = 0; j < t.alpha; ++j)
            d[i].push_back(vector::TransferReadOp::create(
                ib, loc, vecType, input,
                ValueRange{at.n, addConstant(ib, loc, at.row0, i),
                           addConstant(ib, loc, at.col0, j), at.c0},
                pad, ArrayRef<bool>{true}));
        SmallVector<SmallVector<Value>> v = sandwich(
            ib, loc, d, t.alpha, t.alpha,
            [&](int64_t r, int64_t c) { return t.btAt(r, c); });
        SmallVector<OpFoldResult> offsets = {ib.getIndexAttr(0), at.tile,
                                             at.c0};
        SmallVector<OpFoldResult> sizes = {ib.getIndexAttr(k),
                                           ib.getIndexAttr(1),
                                           ib.getIndexAttr(grid.vectorWidth)};
        Value slice = storePoints(
            ib, loc, v, unitSlice(ib, loc, shared, offsets, sizes));
        return SliceUpdate{slice, offsets, sizes};
      });
  markTransform(forall, pointLoopConfig(b, grid), "input");
  return forall.getResult(0);
}

/// How a filter transformed at run time lies: HWCF (the conv's), or CHWF
/// (a block of a blocked filter: one channel's taps in adjacent lines).
enum class FilterLayout { HWCF, CHWF };

/// U[xi * alpha + nu, c, f] = (G g[:, :, c, f] G^T)[xi][nu] for the
/// `filters` filters of `weights`, computed at run time: a loop over (input
/// channel, filter vector).
Value buildFilterTransform(OpBuilder &b, Location loc, Value weights,
                           FilterLayout layout, const Grid &grid,
                           int64_t filters) {
  const Transforms &t = grid.t;
  auto weightsType = cast<RankedTensorType>(weights.getType());
  int64_t channels =
      weightsType.getDimSize(layout == FilterLayout::HWCF ? 2 : 0);
  int64_t k = t.alpha * t.alpha;
  Type f32 = b.getF32Type();
  // A block's points a line further apart where they would share an L1
  // set (see filterBlockChannels).
  int64_t padChannels =
      layout == FilterLayout::CHWF
          ? resnet::filterBlockChannels(channels, filters) - channels
          : 0;
  Value init = tensor::EmptyOp::create(
      b, loc, {k, channels + padChannels, filters}, f32);
  auto vecType = VectorType::get({grid.vectorWidth}, f32);
  SmallVector<OpFoldResult> ubs = {
      b.getIndexAttr(channels), b.getIndexAttr(filters / grid.vectorWidth)};
  auto forall = scf::ForallOp::create(b, loc, ubs, ValueRange{init},
                                      /*mapping=*/std::nullopt);
  OpBuilder ib = OpBuilder::atBlockBegin(forall.getBody());
  SmallVector<Value> ivs = forall.getInductionVars();
  Value c = ivs[0];
  Value f0 = mulConstant(ib, loc, ivs[1], grid.vectorWidth);
  Value pad = arith::ConstantOp::create(ib, loc, ib.getF32FloatAttr(0));
  SmallVector<SmallVector<Value>> g(3);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      Value row = indexConstant(ib, loc, i), column = indexConstant(ib, loc, j);
      SmallVector<Value> indices =
          layout == FilterLayout::HWCF
              ? SmallVector<Value>{row, column, c, f0}
              : SmallVector<Value>{c, row, column, f0};
      g[i].push_back(vector::TransferReadOp::create(
          ib, loc, vecType, weights, indices, pad, ArrayRef<bool>{true}));
    }
  SmallVector<SmallVector<Value>> u =
      sandwich(ib, loc, g, t.alpha, 3,
               [&](int64_t r, int64_t col) { return t.gAt(r, col); });
  SmallVector<OpFoldResult> offsets = {ib.getIndexAttr(0), c, f0};
  SmallVector<OpFoldResult> sizes = {ib.getIndexAttr(k), ib.getIndexAttr(1),
                                     ib.getIndexAttr(grid.vectorWidth)};
  Value shared = forall.getRegionIterArgs()[0];
  Value slice =
      storePoints(ib, loc, u, unitSlice(ib, loc, shared, offsets, sizes));
  OpBuilder terminator =
      OpBuilder::atBlockEnd(forall.getTerminator().getBody());
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  tensor::ParallelInsertSliceOp::create(terminator, loc, slice, shared,
                                        offsets, sizes, strides);
  markTransform(forall, pointLoopConfig(b, grid), "filter");
  if (!padChannels)
    return forall.getResult(0);
  return unitSlice(
      b, loc, forall.getResult(0),
      {b.getIndexAttr(0), b.getIndexAttr(0), b.getIndexAttr(0)},
      {b.getIndexAttr(k), b.getIndexAttr(channels), b.getIndexAttr(filters)});
}

/// Y[n, th*m + a, tw*m + b, f] = epilogue((A^T M A)[a][b]) for each tile of
/// the grid's block, stored into `init`, the block's part of the output
/// (its images, and its tile rows' pixels inside the output).
Value buildOutputTransform(OpBuilder &b, Location loc, Value mTensor,
                           Value init, const Grid &grid,
                           linalg::GenericOp epilogue,
                           ArrayRef<EpilogueInput> kinds) {
  const Transforms &t = grid.t;
  int64_t filters = cast<RankedTensorType>(init.getType()).getDimSize(3);
  auto vecType = VectorType::get({grid.vectorWidth}, b.getF32Type());
  scf::ForallOp forall = buildTileLoop(
      b, loc, grid, filters, init,
      [&](OpBuilder &ib, Value shared, const TransformPosition &at) {
        Value pad = arith::ConstantOp::create(ib, loc, ib.getF32FloatAttr(0));
        Value f0 = at.c0;
        SmallVector<SmallVector<Value>> mv(t.alpha);
        for (int64_t xi = 0; xi < t.alpha; ++xi)
          for (int64_t nu = 0; nu < t.alpha; ++nu)
            mv[xi].push_back(vector::TransferReadOp::create(
                ib, loc, vecType, mTensor,
                ValueRange{indexConstant(ib, loc, xi * t.alpha + nu),
                           at.tile, f0},
                pad, ArrayRef<bool>{true}));
        SmallVector<SmallVector<Value>> y = sandwich(
            ib, loc, mv, t.m, t.alpha,
            [&](int64_t r, int64_t c) { return t.atAt(r, c); });
        // Per-channel epilogue inputs are read once per tile.
        SmallVector<Value> channelInputs;
        if (epilogue)
          channelInputs = resnet::epilogueChannelVectors(
              ib, loc, epilogue, kinds, f0, grid.vectorWidth);
        OpFoldResult rows = pixelsInside(ib, loc, at.row0, grid.height, t.m,
                                         grid.paddedRows(), grid.extraRows());
        OpFoldResult columns =
            pixelsInside(ib, loc, at.col0, grid.width, t.m,
                         grid.paddedColumns(), /*mayBeEmpty=*/false);
        // `init` is the block's output: its first image and row are the
        // block's.
        SmallVector<OpFoldResult> offsets = {at.blockImage, at.blockRow0,
                                             at.col0, f0};
        SmallVector<OpFoldResult> sizes = {ib.getIndexAttr(1), rows, columns,
                                           ib.getIndexAttr(grid.vectorWidth)};
        Value slice = unitSlice(ib, loc, shared, offsets, sizes);
        // The output pixel (a, c) of the tile, after the epilogue, stored.
        auto store = [&](OpBuilder &sb, Value into, int64_t a, int64_t c) {
          Value value = y[a][c];
          if (epilogue)
            value = resnet::applyEpilogueAt(
                sb, loc, epilogue, kinds, value, channelInputs,
                {at.n, addConstant(sb, loc, at.row0, a),
                 addConstant(sb, loc, at.col0, c), f0});
          Value zero = indexConstant(sb, loc, 0);
          return vector::TransferWriteOp::create(
                     sb, loc, value, into,
                     ValueRange{zero, indexConstant(sb, loc, a),
                                indexConstant(sb, loc, c), zero},
                     ArrayRef<bool>{true})
              .getResult();
        };
        for (int64_t a = 0; a < t.m; ++a)
          for (int64_t c = 0; c < t.m; ++c) {
            Value inside =
                isInside(ib, loc, a, rows, c, columns, grid.extraRows());
            if (!inside) {
              slice = store(ib, slice, a, c);
              continue;
            }
            auto guard = scf::IfOp::create(ib, loc, TypeRange{slice.getType()},
                                           inside, /*withElseRegion=*/true);
            OpBuilder thenBuilder = guard.getThenBodyBuilder();
            scf::YieldOp::create(thenBuilder, loc,
                                 store(thenBuilder, slice, a, c));
            OpBuilder elseBuilder = guard.getElseBodyBuilder();
            scf::YieldOp::create(elseBuilder, loc, slice);
            slice = guard.getResult(0);
          }
        return SliceUpdate{slice, offsets, sizes};
      });
  markTransform(forall,
                resnet::TileAttr::get(
                    b.getContext(), {1, t.m, t.m, grid.vectorWidth}, {}, {},
                    grid.config.getRowBlock(), static_cast<bool>(epilogue), t.m,
                    grid.config.getParallel(),
                    /*prefetchWeights=*/false, /*prefetchSpread=*/false,
                    grid.config.getRuntimeFilter(),
                    grid.config.getParallelBlocks(),
                    /*prefetchInput=*/false, /*registerRows=*/0,
                    grid.config.getFilterBlock()),
                "output");
  return forall.getResult(0);
}

/// `input` (the conv's padded NHWC input) with at least `rows` x `columns`
/// pixels, zero-extended at the bottom and right for a padded tile grid.
/// A zero tensor.pad that feeds only this conv is widened instead of padded
/// again, so that its producer still writes straight into the padded
/// buffer (--resnet-pad-in-place).
Value extendInput(RewriterBase &rewriter, Location loc, Value input,
                  int64_t rows, int64_t columns) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> extra = {
      0, std::max<int64_t>(0, rows - type.getDimSize(1)),
      std::max<int64_t>(0, columns - type.getDimSize(2)), 0};
  if (llvm::all_of(extra, [](int64_t e) { return e == 0; }))
    return input;
  SmallVector<int64_t> shape(type.getShape());
  for (auto [size, e] : llvm::zip(shape, extra))
    size += e;
  auto extendedType = RankedTensorType::get(shape, type.getElementType());
  Value zero = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(type.getElementType()));
  SmallVector<OpFoldResult> low(4, rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> high;
  for (int64_t e : extra)
    high.push_back(rewriter.getIndexAttr(e));
  Value source = input;
  auto pad = input.getDefiningOp<tensor::PadOp>();
  Value padValue = pad ? pad.getConstantPaddingValue() : Value();
  std::optional<SmallVector<int64_t>> padHigh =
      pad ? getConstantIntValues(pad.getMixedHighPad()) : std::nullopt;
  if (pad && input.hasOneUse() && padValue &&
      matchPattern(padValue, m_AnyZeroFloat()) && padHigh) {
    source = pad.getSource();
    low = pad.getMixedLowPad();
    for (auto [h, e, p] : llvm::zip(high, extra, *padHigh))
      h = rewriter.getIndexAttr(e + p);
  }
  return tensor::PadOp::create(rewriter, loc, extendedType, source, low, high,
                               zero);
}

/// U[xi * alpha + nu, c, f] = (G g[:, :, c, f] G^T)[xi][nu], in double.
std::vector<float> transformFilter(ArrayRef<float> hwcf, int64_t channels,
                                   int64_t filters, const Transforms &t) {
  int64_t cf = channels * filters;
  std::vector<float> u(t.alpha * t.alpha * cf);
  std::vector<double> taps(t.alpha * t.alpha);
  for (int64_t e = 0; e < cf; ++e) {
    double g[3][3];
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t j = 0; j < 3; ++j)
        g[i][j] = hwcf[(i * 3 + j) * cf + e];
    resnet::winograd::transformFilterTaps(t, g, taps.data());
    for (int64_t p = 0; p < t.alpha * t.alpha; ++p)
      u[p * cf + e] = static_cast<float>(taps[p]);
  }
  return u;
}

/// U as a constant, transformed here in double precision.
Value storedFilter(OpBuilder &b, Location loc, linalg::Conv2DNhwcHwcfOp conv,
                   const Transforms &t) {
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t channels = filterType.getDimSize(2);
  int64_t filters = filterType.getDimSize(3);
  SmallVector<float> storage;
  ArrayRef<float> weights =
      *resnet::getConstantF32Data(conv.getInputs()[1], storage);
  std::vector<float> u = transformFilter(weights, channels, filters, t);
  auto uType = RankedTensorType::get({t.alpha * t.alpha, channels, filters},
                                     b.getF32Type());
  return arith::ConstantOp::create(
      b, loc,
      cast<TypedAttr>(resnet::makeF32Attr(uType, u, "winograd_filter")));
}

/// The HWCF filter of `conv` as a constant [blocks, C, 3, 3, block]: each
/// block of `block` filters contiguous, so that transforming one block at
/// run time reads one run of memory (the HWCF rows hold `block` of a
/// filter row's F floats, a strided read the prefetchers do not follow),
/// and a channel's nine taps adjacent lines (HWCF's lie a channel block
/// apart, 32 KiB at 512 x 16: one L1 set).
Value blockedFilter(OpBuilder &b, Location loc, linalg::Conv2DNhwcHwcfOp conv,
                    int64_t block) {
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t taps = filterType.getDimSize(0) * filterType.getDimSize(1);
  int64_t channels = filterType.getDimSize(2);
  int64_t filters = filterType.getDimSize(3);
  int64_t blocks = filters / block;
  SmallVector<float> storage;
  ArrayRef<float> hwcf =
      *resnet::getConstantF32Data(conv.getInputs()[1], storage);
  std::vector<float> blocked(hwcf.size());
  for (int64_t fb = 0; fb < blocks; ++fb)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t tap = 0; tap < taps; ++tap)
        for (int64_t f = 0; f < block; ++f)
          blocked[((fb * channels + c) * taps + tap) * block + f] =
              hwcf[(tap * channels + c) * filters + fb * block + f];
  auto type = RankedTensorType::get({blocks, channels, filterType.getDimSize(0),
                                     filterType.getDimSize(1), block},
                                    b.getF32Type());
  return arith::ConstantOp::create(
      b, loc,
      cast<TypedAttr>(resnet::makeF32Attr(type, blocked, "winograd_weights")));
}

/// What the three phases of every block read: the extended input, U, the
/// conv's epilogue and the kinds of its inputs. With `filterBlock` U is
/// null: the products transform the weights themselves, blocked
/// (blockedFilter), a block of that many filters at a time
/// (buildFilterBlocks).
struct Phases {
  Value input, u;
  linalg::GenericOp epilogue;
  ArrayRef<EpilogueInput> kinds;
  Value weights;
  int64_t filterBlock = 0;
};

/// M = V x U: [alpha^2, tiles, C] x [alpha^2, C, F] -> [alpha^2, tiles, F].
Value buildProduct(OpBuilder &b, Location loc, Value v, Value u) {
  auto vType = cast<RankedTensorType>(v.getType());
  auto uType = cast<RankedTensorType>(u.getType());
  Type f32 = b.getF32Type();
  auto mType = RankedTensorType::get(
      {vType.getDimSize(0), vType.getDimSize(1), uType.getDimSize(2)}, f32);
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  Value mInit = tensor::EmptyOp::create(b, loc, mType.getShape(), f32);
  Value mFilled = linalg::FillOp::create(b, loc, zero, mInit).getResult(0);
  return linalg::BatchMatmulOp::create(b, loc, TypeRange{mType},
                                       ValueRange{v, u}, ValueRange{mFilled})
      .getResult(0);
}

/// M = V x U for a filter transformed at run time a block of
/// `phases.filterBlock` filters at a time: a worker loop over the blocks,
/// each transforming its filters' part of U into a scratch of its worker
/// and multiplying V by it right away. A block's U (alpha^2 x C x block)
/// stays in its core's cache between the two, where the whole U would
/// make a round trip through memory; V is read once per block.
Value buildFilterBlocks(OpBuilder &b, Location loc, const Grid &grid, Value v,
                        const Phases &phases, int64_t filters) {
  const Transforms &t = grid.t;
  Type f32 = b.getF32Type();
  int64_t k = t.alpha * t.alpha;
  int64_t block = phases.filterBlock;
  int64_t blocks = filters / block;
  Value mInit =
      tensor::EmptyOp::create(b, loc, {k, grid.blockTiles(), filters}, f32);
  auto forall =
      scf::ForallOp::create(b, loc, {b.getIndexAttr(blocks)}, ValueRange{mInit},
                            /*mapping=*/std::nullopt);
  forall->setAttr(resnet::kWinogradBlocksAttr, b.getI64IntegerAttr(blocks));
  OpBuilder ib = OpBuilder::atBlockBegin(forall.getBody());
  Value firstFilter = mulConstant(ib, loc, forall.getInductionVars()[0], block);
  // This block's [C, 3, 3, block] of the blocked filter.
  auto blockedType = cast<RankedTensorType>(phases.weights.getType());
  auto weightsType = RankedTensorType::get(blockedType.getShape().drop_front(),
                                           b.getF32Type());
  SmallVector<OpFoldResult> weightOffsets(5, ib.getIndexAttr(0));
  weightOffsets[0] = forall.getInductionVars()[0];
  SmallVector<OpFoldResult> weightSizes = {ib.getIndexAttr(1)};
  for (int64_t size : weightsType.getShape())
    weightSizes.push_back(ib.getIndexAttr(size));
  Value weights = tensor::ExtractSliceOp::create(
      ib, loc, weightsType, phases.weights, weightOffsets, weightSizes,
      SmallVector<OpFoldResult>(5, ib.getIndexAttr(1)));
  Value u =
      buildFilterTransform(ib, loc, weights, FilterLayout::CHWF, grid, block);
  Value part = buildProduct(ib, loc, v, u);
  OpBuilder terminator =
      OpBuilder::atBlockEnd(forall.getTerminator().getBody());
  SmallVector<OpFoldResult> offsets = {ib.getIndexAttr(0), ib.getIndexAttr(0),
                                       firstFilter};
  SmallVector<OpFoldResult> sizes = {ib.getIndexAttr(k),
                                     ib.getIndexAttr(grid.blockTiles()),
                                     ib.getIndexAttr(block)};
  SmallVector<OpFoldResult> strides(3, ib.getIndexAttr(1));
  tensor::ParallelInsertSliceOp::create(terminator, loc, part,
                                        forall.getRegionIterArgs()[0], offsets,
                                        sizes, strides);
  return forall.getResult(0);
}

/// The output rows of the block whose first output row is `firstRow`: its
/// tile rows' pixels inside the output (a constant unless the last band
/// reaches past it).
OpFoldResult blockOutputRows(OpBuilder &b, Location loc, const Grid &grid,
                             const WinogradBlocking &blocking, Value firstRow) {
  int64_t rows = grid.rows * grid.t.m;
  if (blocking.bands == 1)
    return b.getIndexAttr(grid.height);
  if (grid.height % rows == 0)
    return b.getIndexAttr(rows);
  // A constant, in a block built on its own: its output keeps a static
  // type (the canonicalizer would rebuild the transform loop without its
  // configuration to make it so).
  if (std::optional<int64_t> first = getConstantIntValue(firstRow))
    return b.getIndexAttr(std::min(rows, grid.height - *first));
  Value left = arith::SubIOp::create(b, loc, indexConstant(b, loc, grid.height),
                                     firstRow);
  return arith::MinSIOp::create(b, loc, left, indexConstant(b, loc, rows))
      .getResult();
}

/// The three phases of `grid`'s block: its V, M = V x U and the output
/// transform into its part of `y`, returned with that part's offsets and
/// sizes.
SliceUpdate buildBlock(OpBuilder &b, Location loc, const Grid &grid,
                       const WinogradBlocking &blocking, const Phases &phases,
                       Value y) {
  const Transforms &t = grid.t;
  Type f32 = b.getF32Type();
  int64_t k = t.alpha * t.alpha;
  auto yType = cast<RankedTensorType>(y.getType());
  int64_t filters = yType.getDimSize(3);
  Value v = buildInputTransform(b, loc, phases.input, grid);
  Value mTensor = phases.filterBlock
                     ? buildFilterBlocks(b, loc, grid, v, phases, filters)
                     : buildProduct(b, loc, v, phases.u);
  Value firstRow = mulConstant(b, loc, grid.firstTileRow, t.m);
  SmallVector<OpFoldResult> offsets = {getAsOpFoldResult(grid.firstImage),
                                       getAsOpFoldResult(firstRow),
                                       b.getIndexAttr(0), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {
      b.getIndexAttr(grid.images),
      blockOutputRows(b, loc, grid, blocking, firstRow),
      b.getIndexAttr(grid.width), b.getIndexAttr(filters)};
  Value part = unitSlice(b, loc, y, offsets, sizes);
  Value result = buildOutputTransform(b, loc, mTensor, part, grid,
                                      phases.epilogue, phases.kinds);
  return SliceUpdate{result, offsets, sizes};
}

/// The blocks as one scf.forall over (image group, band), the threads'
/// units of work: each runs its three phases in sequence on a V and M of
/// its own (in a slot of its worker, --resnet-band-scratch), which stay in
/// its core's cache between the phases.
Value buildWorkerLoop(OpBuilder &b, Location loc, const Grid &grid,
                      const WinogradBlocking &blocking, const Phases &phases,
                      Value y) {
  SmallVector<OpFoldResult> ubs = {b.getIndexAttr(blocking.groups),
                                   b.getIndexAttr(blocking.bands)};
  auto forall = scf::ForallOp::create(b, loc, ubs, ValueRange{y},
                                      /*mapping=*/std::nullopt);
  forall->setAttr(resnet::kWinogradBlocksAttr,
                  b.getI64IntegerAttr(blocking.count()));
  OpBuilder inner = OpBuilder::atBlockBegin(forall.getBody());
  // A loop dimension of one iteration starts at 0.
  auto first = [&](int64_t dim, int64_t count, int64_t step) {
    return count == 1
               ? indexConstant(inner, loc, 0)
               : mulConstant(inner, loc, forall.getInductionVars()[dim], step);
  };
  Grid block = grid;
  block.firstImage = first(0, blocking.groups, grid.images);
  block.firstTileRow = first(1, blocking.bands, grid.rows);
  SliceUpdate update = buildBlock(inner, loc, block, blocking, phases,
                                  forall.getRegionIterArgs()[0]);
  OpBuilder terminator =
      OpBuilder::atBlockEnd(forall.getTerminator().getBody());
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  tensor::ParallelInsertSliceOp::create(terminator, loc, update.slice,
                                        forall.getRegionIterArgs()[0],
                                        update.offsets, update.sizes, strides);
  return forall.getResult(0);
}

/// The blocks one after the other, each phase on the threads when the
/// layer is: V and M are one block's (the last band's may be shorter), and
/// the arena planner reuses their buffers from block to block.
Value buildBlocksInTurn(OpBuilder &b, Location loc, const Grid &grid,
                        const WinogradBlocking &blocking, const Phases &phases,
                        Value y) {
  for (int64_t group = 0; group < blocking.groups; ++group)
    for (int64_t band = 0; band < blocking.bands; ++band) {
      // The last band has the rows left.
      Grid block = grid;
      block.rows = std::min(grid.rows, grid.tilesH() - band * grid.rows);
      block.firstImage = indexConstant(b, loc, group * grid.images);
      block.firstTileRow = indexConstant(b, loc, band * grid.rows);
      SliceUpdate update = buildBlock(b, loc, block, blocking, phases, y);
      SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
      y = tensor::InsertSliceOp::create(b, loc, update.slice, y, update.offsets,
                                        update.sizes, strides);
    }
  return y;
}

struct WinogradPass : public resnet::impl::WinogradBase<WinogradPass> {
  void runOnOperation() override {
    SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
    getOperation().walk([&](linalg::Conv2DNhwcHwcfOp conv) {
      auto config = conv->getAttrOfType<resnet::TileAttr>(
          resnet::TileAttr::kName);
      if (config && config.getWinograd() != 0)
        convs.push_back(conv);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::Conv2DNhwcHwcfOp conv : convs) {
      auto config =
          conv->getAttrOfType<resnet::TileAttr>(resnet::TileAttr::kName);
      ArrayRef<int64_t> tiles = config.getTiles();
      int64_t lanes = tiles.back();
      std::string why;
      if (tiles.size() != 4 || tiles[2] != config.getWinograd()) {
        conv.emitError("resnet-winograd: ")
            << config << " does not apply: a dense layer's tiles are [1, m, "
            << "m, lanes]";
        return signalPassFailure();
      }
      if (failed(resnet::selectWinogradTile(conv, config.getWinograd(), lanes,
                                            why))) {
        conv.emitError("resnet-winograd: ")
            << config << " does not apply: " << why;
        return signalPassFailure();
      }
      rewrite(rewriter, conv, config,
              *resnet::winograd::transformsFor(config.getWinograd()));
    }
  }

  void rewrite(IRRewriter &rewriter, linalg::Conv2DNhwcHwcfOp conv,
               resnet::TileAttr config, const Transforms &t) {
    SmallVector<EpilogueInput> kinds;
    linalg::GenericOp epilogue =
        config.getFusedEpilogue()
            ? resnet::fusableEpilogue(conv->getResult(0), kinds)
            : nullptr;
    Operation *root = epilogue ? epilogue.getOperation() : conv.getOperation();
    Location loc = conv.getLoc();
    Value input = conv.getInputs()[0];
    auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
    Grid grid{t,
              outputType.getDimSize(0),
              outputType.getDimSize(1),
              outputType.getDimSize(2),
              config.getTiles().back(),
              config};
    bool workers = config.getParallelBlocks();
    WinogradBlocking blocking = resnet::winogradBlocking(
        grid.n, grid.tilesH(), config.getRowBlock(), workers);
    grid.images = blocking.images;
    grid.rows = blocking.rows;
    // Equal bands may reach past the image; bands in turn end at it.
    grid.coveredRows =
        workers ? blocking.bands * blocking.rows : grid.tilesH();

    rewriter.setInsertionPoint(root);
    // The input tile of the last tile row / column reaches m - 1 pixels
    // further than a padded grid's output: alpha - m = 2 more than m tiles.
    auto oldPad = input.getDefiningOp<tensor::PadOp>();
    input = extendInput(rewriter, loc, input, grid.coveredRows * t.m + 2,
                        grid.tilesW() * t.m + 2);
    Value weights = conv.getInputs()[1];
    int64_t filters = outputType.getDimSize(3);
    int64_t filterBlock = config.getFilterBlock();
    Value u;
    if (filterBlock)
      weights = blockedFilter(rewriter, loc, conv, filterBlock);
    else
      u = config.getRuntimeFilter()
              ? buildFilterTransform(rewriter, loc, weights, FilterLayout::HWCF,
                                     grid, filters)
              : storedFilter(rewriter, loc, conv, t);
    Value y = tensor::EmptyOp::create(rewriter, loc, outputType.getShape(),
                                      outputType.getElementType());
    // The blocks carry the conv's location, epilogue included: the
    // per-layer profile attributes a loop to the layers of the
    // multiply-adds in it, and the epilogue's location may name another
    // layer (the projection whose result it adds).
    Phases phases{input, u, epilogue, kinds, weights, filterBlock};
    if (workers && blocking.count() > 1)
      y = buildWorkerLoop(rewriter, loc, grid, blocking, phases, y);
    else
      y = buildBlocksInTurn(rewriter, loc, grid, blocking, phases, y);
    rewriter.replaceOp(root, y);
    if (epilogue)
      rewriter.eraseOp(conv);
    if (oldPad && oldPad->use_empty())
      rewriter.eraseOp(oldPad);
  }
};
} // namespace
