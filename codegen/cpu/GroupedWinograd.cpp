//===- GroupedWinograd.cpp - grouped 3x3 convolutions in Winograd F(2x2) --===//
//
// A grouped stride-1 3x3 convolution (G groups of Cg input and Fg output
// channels, ResNeXt's middle conv) as Winograd F(2x2, 3x3): 16 products
// per 2x2 output tile and channel pair instead of 36. Its groups are
// independent small convolutions, too small for the dense layers' three
// phases over the whole image (Winograd.cpp: a batch_matmul of Cg x Fg per
// point is a few hundred multiply-adds), so one loop iteration does all
// three for T tiles of one tile row and one group:
//
//   V[16, T, Cg] = B^T d B of each tile's 4x4 input pixels, vectors of
//                  channels of the padded NHWC input (past an odd side,
//                  the tiles' last row or column is read clamped, zeroed);
//   M[16, T, Fg] = V x U per point: accumulators T x Fg / lanes, a
//                  broadcast V element and Fg / lanes loads of U per step;
//   Y            = A^T m A of each tile, the epilogue in registers, stored
//                  (past an odd side, the pixels inside the output only).
//
// U = G g G^T is transformed here, at compile time, in double precision,
// and packed [G, 16, Cg, Fg]: a group's U stays in L2 while its tiles go
// by, so the groups are the outermost loop (image rows, then column
// blocks, inside). V and M are one iteration's scratch: the loop is a
// worker loop (kWinogradBlocksAttr), whose scratch --resnet-band-scratch
// gives each worker a slot of the arena, in L1.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/GroupedConv.h"
#include "codegen/cpu/IndexArith.h"
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/WinogradMatrices.h"
#include "codegen/cpu/WinogradVector.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using resnet::addConstant;
using resnet::GroupedConvShape;
using resnet::indexConstant;
using resnet::mulConstant;
using resnet::TileAttr;
using resnet::winograd::Transforms;

bool resnet::groupedWinogradApplies(const GroupedConvShape &s,
                                    int64_t inputHeight, int64_t inputWidth,
                                    int64_t lanes, std::string &why) {
  if (s.kernelHeight != 3 || s.kernelWidth != 3 || s.strideH != 1 ||
      s.strideW != 1 || s.dilationH != 1 || s.dilationW != 1) {
    why = "not a stride-1 3x3 convolution";
    return false;
  }
  if (inputHeight != s.outHeight + 2 || inputWidth != s.outWidth + 2) {
    why = "the input is not the output's size padded by one";
    return false;
  }
  if (s.groupChannels % lanes != 0 || s.groupFilters % lanes != 0 ||
      s.groupFilters / lanes > 4) {
    why = "a group's channels are not whole vectors (or more than four "
          "output vectors)";
    return false;
  }
  return true;
}

namespace {
constexpr int64_t kAlpha = 4;
constexpr int64_t kPoints = kAlpha * kAlpha;
/// Input channels per step of the product's channel loop.
constexpr int64_t kProductChannelStep = 4;

/// What one iteration computes: T tiles of tile row `tileRow` of image
/// `n`, from tile column `tile0`, of group `group`.
struct GroupedStep {
  Value n, tileRow, tile0, group;
};

/// The layer's sizes and the values its iterations read.
struct GroupedLayer {
  GroupedConvShape shape;
  const Transforms &t;
  int64_t lanes, tiles;
  Value input, filter;
  const resnet::GroupedConvLayer &layer;
  bool fused;

  /// Tiles per column and row: the last ones reach past an odd side.
  int64_t tileRows() const { return llvm::divideCeil(shape.outHeight, 2); }
  int64_t tileColumns() const { return llvm::divideCeil(shape.outWidth, 2); }
  bool paddedRows() const { return shape.outHeight % 2 != 0; }
  bool paddedColumns() const { return shape.outWidth % 2 != 0; }
  int64_t inputVectors() const { return shape.groupChannels / lanes; }
  int64_t outputVectors() const { return shape.groupFilters / lanes; }
  VectorType vectorType(OpBuilder &b) const {
    return VectorType::get({lanes}, b.getF32Type());
  }
};

/// U[g, xi * 4 + nu, c, f] = (G w[g, f, :, :, c] G^T)[xi][nu], in double.
std::vector<float> transformGroupedFilter(ArrayRef<float> gfhwc,
                                          const GroupedConvShape &s,
                                          const Transforms &t) {
  int64_t cg = s.groupChannels, fg = s.groupFilters;
  std::vector<float> u(s.groups * kPoints * cg * fg);
  for (int64_t g = 0; g < s.groups; ++g)
    for (int64_t f = 0; f < fg; ++f)
      for (int64_t c = 0; c < cg; ++c) {
        double w[3][3], taps[kPoints];
        for (int64_t i = 0; i < 3; ++i)
          for (int64_t j = 0; j < 3; ++j)
            w[i][j] = gfhwc[(((g * fg + f) * 3 + i) * 3 + j) * cg + c];
        resnet::winograd::transformFilterTaps(t, w, taps);
        for (int64_t p = 0; p < kPoints; ++p)
          u[((g * kPoints + p) * cg + c) * fg + f] =
              static_cast<float>(taps[p]);
      }
  return u;
}

/// min(index, extent - 1), and whether `index` lies below `extent`.
std::pair<Value, Value> clampToExtent(OpBuilder &b, Location loc, Value index,
                                      int64_t extent) {
  Value last = indexConstant(b, loc, extent - 1);
  Value inside =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, index, last);
  return {arith::MinUIOp::create(b, loc, index, last), inside};
}

/// A vector of channels from `c` of the input pixel (row, col). The last
/// row (column) of a tile that may reach past an odd side is read from
/// the last one inside and zeroed where it reached past: those pixels
/// only feed outputs that are not stored.
Value readInputPixel(OpBuilder &b, Location loc, const GroupedLayer &l, Value n,
                     Value row, Value col, Value c, bool rowMayBeOutside,
                     bool colMayBeOutside) {
  auto type = cast<RankedTensorType>(l.input.getType());
  Value inside;
  auto guard = [&](Value index, int64_t extent) {
    auto [clamped, within] = clampToExtent(b, loc, index, extent);
    inside = inside ? arith::AndIOp::create(b, loc, inside, within).getResult()
                    : within;
    return clamped;
  };
  if (rowMayBeOutside)
    row = guard(row, type.getDimSize(1));
  if (colMayBeOutside)
    col = guard(col, type.getDimSize(2));
  Value pad = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  Value x = vector::TransferReadOp::create(b, loc, l.vectorType(b), l.input,
                                           ValueRange{n, row, col, c}, pad,
                                           ArrayRef<bool>{true});
  if (!inside)
    return x;
  Value zeros = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(l.vectorType(b), 0.0f));
  return arith::SelectOp::create(b, loc, inside, x, zeros);
}

/// A loop over the step's T tiles carrying `init`: `body` gets the tile's
/// index in the step, its first output column and the carried value, and
/// returns the value to carry on.
Value forEachTile(
    OpBuilder &b, Location loc, const GroupedLayer &l, const GroupedStep &at,
    Value init,
    function_ref<Value(OpBuilder &, Location, Value tile, Value col0, Value)>
        body) {
  auto loop = scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, l.tiles),
      indexConstant(b, loc, 1), ValueRange{init},
      [&](OpBuilder &tb, Location tl, Value tile, ValueRange args) {
        Value col0 = mulConstant(
            tb, tl, arith::AddIOp::create(tb, tl, at.tile0, tile), 2);
        scf::YieldOp::create(tb, tl, body(tb, tl, tile, col0, args[0]));
      });
  return loop.getResult(0);
}

/// V of the step's tiles: a loop over its tiles, each channel vector's 4x4
/// input pixels transformed and stored as 16 points.
Value transformInput(OpBuilder &b, Location loc, const GroupedLayer &l,
                     const GroupedStep &at) {
  Type f32 = b.getF32Type();
  Value v = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{kPoints, l.tiles, l.shape.groupChannels}, f32);
  Value row0 = mulConstant(b, loc, at.tileRow, 2);
  Value channel0 = mulConstant(b, loc, at.group, l.shape.groupChannels);
  return forEachTile(
      b, loc, l, at, v,
      [&](OpBuilder &tb, Location tl, Value tile, Value col0, Value acc) {
        for (int64_t cv = 0; cv < l.inputVectors(); ++cv) {
          Value c = addConstant(tb, tl, channel0, cv * l.lanes);
          SmallVector<SmallVector<Value>> d(kAlpha);
          for (int64_t i = 0; i < kAlpha; ++i)
            for (int64_t j = 0; j < kAlpha; ++j)
              d[i].push_back(
                  readInputPixel(tb, tl, l, at.n, addConstant(tb, tl, row0, i),
                                 addConstant(tb, tl, col0, j), c,
                                 i == kAlpha - 1 && l.paddedRows(),
                                 j == kAlpha - 1 && l.paddedColumns()));
          SmallVector<SmallVector<Value>> points = resnet::winograd::sandwich(
              tb, tl, d, kAlpha, kAlpha,
              [&](int64_t r, int64_t k) { return l.t.btAt(r, k); });
          for (int64_t xi = 0; xi < kAlpha; ++xi)
            for (int64_t nu = 0; nu < kAlpha; ++nu)
              acc = vector::TransferWriteOp::create(
                        tb, tl, points[xi][nu], acc,
                        ValueRange{indexConstant(tb, tl, xi * kAlpha + nu),
                                   tile, indexConstant(tb, tl, cv * l.lanes)},
                        ArrayRef<bool>{true})
                        .getResult();
        }
        return acc;
      });
}

/// M of the step: per point, the T tiles' accumulators over the group's
/// input channels (a V element broadcast, the point's U vectors loaded).
Value multiplyPoints(OpBuilder &b, Location loc, const GroupedLayer &l,
                     const GroupedStep &at, Value v) {
  Type f32 = b.getF32Type();
  int64_t fv = l.outputVectors();
  Value m = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{kPoints, l.tiles, l.shape.groupFilters}, f32);
  auto points = scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, kPoints),
      indexConstant(b, loc, 1), ValueRange{m},
      [&](OpBuilder &pb, Location pl, Value point, ValueRange pointArgs) {
        VectorType vectorType = l.vectorType(pb);
        Value zeros = arith::ConstantOp::create(
            pb, pl, DenseElementsAttr::get(vectorType, 0.0f));
        SmallVector<Value> init(l.tiles * fv, zeros);
        auto channels = scf::ForOp::create(
            pb, pl, indexConstant(pb, pl, 0),
            indexConstant(pb, pl, l.shape.groupChannels),
            indexConstant(pb, pl, kProductChannelStep), init,
            [&](OpBuilder &cb, Location cl, Value c0, ValueRange accArgs) {
              Value pad =
                  arith::ConstantOp::create(cb, cl, cb.getF32FloatAttr(0));
              SmallVector<Value> acc(accArgs);
              for (int64_t cc = 0; cc < kProductChannelStep; ++cc) {
                Value c = addConstant(cb, cl, c0, cc);
                SmallVector<Value> u;
                for (int64_t j = 0; j < fv; ++j)
                  u.push_back(vector::TransferReadOp::create(
                      cb, cl, vectorType, l.filter,
                      ValueRange{at.group, point, c,
                                 indexConstant(cb, cl, j * l.lanes)},
                      pad, ArrayRef<bool>{true}));
                for (int64_t tile = 0; tile < l.tiles; ++tile) {
                  Value x = tensor::ExtractOp::create(
                      cb, cl, v,
                      ValueRange{point, indexConstant(cb, cl, tile), c});
                  Value splat =
                      vector::BroadcastOp::create(cb, cl, vectorType, x);
                  for (int64_t j = 0; j < fv; ++j)
                    acc[tile * fv + j] = vector::FMAOp::create(
                        cb, cl, splat, u[j], acc[tile * fv + j]);
                }
              }
              scf::YieldOp::create(cb, cl, acc);
            });
        Value result = pointArgs[0];
        for (int64_t tile = 0; tile < l.tiles; ++tile)
          for (int64_t j = 0; j < fv; ++j)
            result = vector::TransferWriteOp::create(
                         pb, pl, channels.getResult(tile * fv + j), result,
                         ValueRange{point, indexConstant(pb, pl, tile),
                                    indexConstant(pb, pl, j * l.lanes)},
                         ArrayRef<bool>{true})
                         .getResult();
        scf::YieldOp::create(pb, pl, result);
      });
  return points.getResult(0);
}

/// Whether output pixel (p, localCol) of a step lies inside the output,
/// of which the step covers `rows` x `columns` (dynamic at an odd side);
/// null when it always does.
Value outputPixelInside(OpBuilder &b, Location loc, int64_t p,
                        OpFoldResult rows, Value localCol,
                        OpFoldResult columns) {
  Value inside;
  if (auto dynamicRows = dyn_cast_if_present<Value>(rows); dynamicRows && p > 0)
    inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                   indexConstant(b, loc, p), dynamicRows);
  if (auto dynamicColumns = dyn_cast_if_present<Value>(columns)) {
    Value inColumns = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                            localCol, dynamicColumns);
    inside = inside
                 ? arith::AndIOp::create(b, loc, inside, inColumns).getResult()
                 : inColumns;
  }
  return inside;
}

/// The step's [1, 2, 2T, Fg] output: each tile's 2x2 pixels from its 16
/// points, through the epilogue, into `slice`.
Value transformOutput(OpBuilder &b, Location loc, const GroupedLayer &l,
                      const GroupedStep &at, Value m, Value slice,
                      OpFoldResult rowsInside, OpFoldResult columnsInside) {
  Value row0 = mulConstant(b, loc, at.tileRow, 2);
  Value filter0 = mulConstant(b, loc, at.group, l.shape.groupFilters);
  return forEachTile(
      b, loc, l, at, slice,
      [&](OpBuilder &tb, Location tl, Value tile, Value col0, Value acc) {
        Value pad = arith::ConstantOp::create(tb, tl, tb.getF32FloatAttr(0));
        Value zero = indexConstant(tb, tl, 0);
        Value localCol0 = mulConstant(tb, tl, tile, 2);
        for (int64_t j = 0; j < l.outputVectors(); ++j) {
          Value f0 = addConstant(tb, tl, filter0, j * l.lanes);
          SmallVector<SmallVector<Value>> points(kAlpha);
          for (int64_t xi = 0; xi < kAlpha; ++xi)
            for (int64_t nu = 0; nu < kAlpha; ++nu)
              points[xi].push_back(vector::TransferReadOp::create(
                  tb, tl, l.vectorType(tb), m,
                  ValueRange{indexConstant(tb, tl, xi * kAlpha + nu), tile,
                             indexConstant(tb, tl, j * l.lanes)},
                  pad, ArrayRef<bool>{true}));
          SmallVector<SmallVector<Value>> y = resnet::winograd::sandwich(
              tb, tl, points, l.t.m, kAlpha,
              [&](int64_t r, int64_t k) { return l.t.atAt(r, k); });
          SmallVector<Value> channelInputs = resnet::groupedEpilogueChannels(
              tb, tl, l.layer, l.fused, f0, l.lanes);
          for (int64_t p = 0; p < l.t.m; ++p)
            for (int64_t q = 0; q < l.t.m; ++q) {
              Value localCol = addConstant(tb, tl, localCol0, q);
              auto store = [&](OpBuilder &sb, Location sl, Value into) {
                Value value = resnet::applyGroupedEpilogue(
                    sb, sl, l.layer, l.fused, y[p][q], channelInputs,
                    {at.n, addConstant(sb, sl, row0, p),
                     addConstant(sb, sl, col0, q), f0});
                return vector::TransferWriteOp::create(
                           sb, sl, value, into,
                           ValueRange{zero, indexConstant(sb, sl, p), localCol,
                                      indexConstant(sb, sl, j * l.lanes)},
                           ArrayRef<bool>{true})
                    .getResult();
              };
              Value inside =
                  outputPixelInside(tb, tl, p, rowsInside, localCol,
                                    q > 0 ? columnsInside : OpFoldResult());
              if (!inside) {
                acc = store(tb, tl, acc);
                continue;
              }
              // The second row or column of a tile past an odd side.
              auto guarded = scf::IfOp::create(
                  tb, tl, inside,
                  [&](OpBuilder &sb, Location sl) {
                    scf::YieldOp::create(sb, sl, store(sb, sl, acc));
                  },
                  [&](OpBuilder &sb, Location sl) {
                    scf::YieldOp::create(sb, sl, acc);
                  });
              acc = guarded.getResult(0);
            }
        }
        return acc;
      });
}
} // namespace

Value resnet::buildGroupedWinograd(OpBuilder &b, Location loc,
                                   linalg::Conv2DNhwgcGfhwcOp conv,
                                   const GroupedConvShape &s,
                                   const GroupedConvLayer &layer, bool fused,
                                   TileAttr config, ArrayRef<float> weights) {
  const Transforms t = *winograd::transformsFor(2);
  ArrayRef<int64_t> tiles = config.getTiles();
  GroupedLayer l{s, t, tiles[4], tiles[2] / 2, Value(), Value(), layer, fused};
  auto filterType = RankedTensorType::get(
      {s.groups, kPoints, s.groupChannels, s.groupFilters}, b.getF32Type());
  l.filter = arith::ConstantOp::create(
      b, loc,
      cast<TypedAttr>(makeF32Attr(filterType,
                                  transformGroupedFilter(weights, s, t),
                                  "grouped_winograd_filter")));
  l.input = groupedNhwcInput(b, conv);

  int64_t tileRows = l.tileRows();
  int64_t blocks = l.tileColumns() / l.tiles;
  Value init = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{s.batch, s.outHeight, s.outWidth, s.filters()},
      b.getF32Type());
  // Groups outermost: a group's U stays in L2 while its tiles go by.
  SmallVector<OpFoldResult> ubs = {b.getIndexAttr(s.groups),
                                   b.getIndexAttr(s.batch * tileRows),
                                   b.getIndexAttr(blocks)};
  auto forall = scf::ForallOp::create(b, loc, ubs, ValueRange{init},
                                      /*mapping=*/std::nullopt);
  OpBuilder ib = OpBuilder::atBlockBegin(forall.getBody());
  SmallVector<Value> ivs = forall.getInductionVars();
  GroupedStep at;
  at.group = ivs[0];
  if (s.batch > 1) {
    Value rows = indexConstant(ib, loc, tileRows);
    at.n = arith::DivUIOp::create(ib, loc, ivs[1], rows);
    at.tileRow = arith::RemUIOp::create(ib, loc, ivs[1], rows);
  } else {
    at.n = indexConstant(ib, loc, 0);
    at.tileRow = ivs[1];
  }
  at.tile0 = mulConstant(ib, loc, ivs[2], l.tiles);

  Value v = transformInput(ib, loc, l, at);
  Value m = multiplyPoints(ib, loc, l, at, v);
  SmallVector<OpFoldResult> offsets = {
      at.n, mulConstant(ib, loc, at.tileRow, 2),
      mulConstant(ib, loc, at.tile0, 2),
      mulConstant(ib, loc, at.group, s.groupFilters)};
  // The step's output pixels: fewer in the last tiles of an odd side.
  auto inside = [&](OpFoldResult first, int64_t extent, int64_t count,
                    bool padded) -> OpFoldResult {
    if (!padded)
      return ib.getIndexAttr(count);
    Value left = arith::SubIOp::create(ib, loc, indexConstant(ib, loc, extent),
                                       cast<Value>(first));
    return arith::MinSIOp::create(ib, loc, left, indexConstant(ib, loc, count))
        .getResult();
  };
  OpFoldResult rows = inside(offsets[1], s.outHeight, 2, l.paddedRows());
  OpFoldResult columns =
      inside(offsets[2], s.outWidth, 2 * l.tiles, l.paddedColumns());
  SmallVector<OpFoldResult> sizes = {ib.getIndexAttr(1), rows, columns,
                                     ib.getIndexAttr(s.groupFilters)};
  SmallVector<OpFoldResult> strides(4, ib.getIndexAttr(1));
  Value slice = tensor::ExtractSliceOp::create(
      ib, loc, forall.getRegionIterArgs()[0], offsets, sizes, strides);
  slice = transformOutput(ib, loc, l, at, m, slice, rows, columns);
  OpBuilder terminator =
      OpBuilder::atBlockEnd(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(terminator, loc, slice,
                                        forall.getRegionIterArgs()[0], offsets,
                                        sizes, strides);
  // The loop's tiles are over the NHWC result.
  forall->setAttr(TileAttr::kName,
                  TileAttr::get(b.getContext(), {1, 2, 2 * l.tiles, l.lanes},
                                {}, {}, 0, fused, 2, config.getParallel(),
                                false, false, false, false, false, 0, 0));
  forall->setAttr(kGroupedConvAttr, b.getUnitAttr());
  // V and M are the iteration's scratch, a slot per worker.
  forall->setAttr(kWinogradBlocksAttr,
                  b.getI64IntegerAttr(s.groups * s.batch * tileRows * blocks));
  return forall.getResult(0);
}
