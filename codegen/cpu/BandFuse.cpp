//===- BandFuse.cpp - compute bottleneck blocks in row bands --------------===//
//
// Applies each `#resnet.band<rows = b>` (chosen by --resnet-select-bands or
// written by hand) on a bottleneck block's root (BandSelection.h): the
// block becomes one scf.forall over (image, band) whose body computes b
// output rows from static slices:
//
//   xs  = x_p[n, s*r : s*r + s*(b-1)+3]    x with the 3x3's padding rows
//   t1  = reduceEpilogue(reduce(xs))       the rows the 3x3 reads
//   t1p = pad t1 (columns only); rows outside the image zeroed (first and
//         last bands, scf.if)
//   t2  = spatialEpilogue(spatial(t1p))    b rows
//   y   = root(expand(t2, init = projection(x rows) or 0), x rows)
//         (or the projection onto the expand conv, as ChainConvs chained)
//
// with r = b * band. The halo rows of t1 are recomputed by both bands that
// read them. Every op of the body has a static shape, so --resnet-select-
// tiles configures each (sequential: the bands are the parallel work) and
// --resnet-tile / --resnet-vectorize apply as to any layer; after
// bufferization --resnet-band-scratch puts each band's intermediates in the
// arena. The forall carries the `#resnet.band`.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/BandSelection.h"
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_BANDFUSE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-band-fuse"

using namespace mlir;
using resnet::BandAttr;
using resnet::BandBlock;

namespace {
RankedTensorType withRows(Value value, int64_t batch, int64_t rows,
                          int64_t cols = ShapedType::kDynamic) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[0] = batch;
  shape[1] = rows;
  if (!ShapedType::isDynamic(cols))
    shape[2] = cols;
  return RankedTensorType::get(shape, type.getElementType());
}

/// Builds the body of one band.
class BandBuilder {
public:
  BandBuilder(RewriterBase &rewriter, BandBlock block, int64_t rows)
      : rewriter(rewriter), block(block), rows(rows),
        loc(block.root.getLoc()) {}

  /// The block as an scf.forall over (image, band); returns it.
  FailureOr<scf::ForallOp> build();

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  }
  OpFoldResult attr(int64_t value) { return rewriter.getIndexAttr(value); }

  /// Rows [row, row + count) of the NHWC `source`, image `image`.
  Value rowSlice(Value source, Value image, OpFoldResult row, int64_t count) {
    auto type = cast<RankedTensorType>(source.getType());
    SmallVector<OpFoldResult> offsets = {image, row, attr(0), attr(0)};
    SmallVector<OpFoldResult> sizes = {attr(1), attr(count),
                                       attr(type.getDimSize(2)),
                                       attr(type.getDimSize(3))};
    SmallVector<OpFoldResult> strides(4, attr(1));
    return tensor::ExtractSliceOp::create(rewriter, loc, source, offsets,
                                          sizes, strides);
  }

  /// A zero-filled tensor of `type` (a conv's fresh accumulator).
  Value zeros(RankedTensorType type, Value zero) {
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          type.getElementType());
    return linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
  }

  /// `conv` on `input` accumulating onto `init`, with result type `type`.
  Value cloneConv(linalg::Conv2DNhwcHwcfOp conv, Value input, Value init) {
    IRMapping mapping;
    mapping.map(conv.getInputs()[0], input);
    mapping.map(conv.getDpsInits()[0], init);
    Operation *clone = rewriter.clone(*conv, mapping);
    clone->getResult(0).setType(init.getType());
    return clone->getResult(0);
  }

  /// `epilogue` of `anchor` on the band's `anchorValue`, with `residual`
  /// (the block input) read as `residualRows`, writing into `init` (a new
  /// tensor when null).
  Value cloneEpilogue(linalg::GenericOp epilogue, Operation *anchor,
                      Value anchorValue, Value residualRows,
                      Value init = nullptr) {
    auto type = cast<RankedTensorType>(anchorValue.getType());
    IRMapping mapping;
    mapping.map(anchor->getResult(0), anchorValue);
    if (residualRows)
      mapping.map(block.input, residualRows);
    if (!init)
      init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                     type.getElementType());
    mapping.map(epilogue.getDpsInits()[0], init);
    Operation *clone = rewriter.clone(*epilogue, mapping);
    clone->getResult(0).setType(type);
    clone->removeAttr(BandAttr::kName);
    return clone->getResult(0);
  }

  /// Zeroes the rows of the band's padded reduce output `t1p` that lie
  /// outside the image (the 3x3's padding rows) in the bands that have any:
  /// the first and the last, known at compile time.
  Value zeroBorderRows(Value t1p, Value band, Value zero);

  RewriterBase &rewriter;
  BandBlock block;
  int64_t rows;
  Location loc;
};

Value BandBuilder::zeroBorderRows(Value t1p, Value band, Value zero) {
  auto type = cast<RankedTensorType>(t1p.getType());
  int64_t height = cast<RankedTensorType>(block.input.getType()).getDimSize(1);
  int64_t outputHeight =
      cast<RankedTensorType>(block.root.getResult(0).getType()).getDimSize(1);
  int64_t top = block.pad.getStaticLow()[1];
  int64_t span = block.inputRows(rows);
  for (int64_t b = 0; b < outputHeight / rows; ++b) {
    // Band b reads padded rows [s*b*rows, + span), image rows shifted by top.
    int64_t first = block.stride * b * rows - top;
    SmallVector<std::pair<int64_t, int64_t>> ranges;
    if (first < 0)
      ranges.push_back({0, std::min(-first, span)});
    if (first + span > height) {
      int64_t start = std::max<int64_t>(0, height - first);
      ranges.push_back({start, span - start});
    }
    if (ranges.empty())
      continue;
    Value isBand = arith::CmpIOp::create(rewriter, loc,
                                         arith::CmpIPredicate::eq, band,
                                         index(b));
    auto ifOp = scf::IfOp::create(rewriter, loc, TypeRange{type}, isBand,
                                  /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(ifOp.thenBlock());
      Value zeroed = t1p;
      for (auto [start, count] : ranges) {
        SmallVector<OpFoldResult> offsets = {attr(0), attr(start), attr(0),
                                             attr(0)};
        SmallVector<OpFoldResult> sizes = {attr(1), attr(count),
                                           attr(type.getDimSize(2)),
                                           attr(type.getDimSize(3))};
        SmallVector<OpFoldResult> strides(4, attr(1));
        Value slice = tensor::ExtractSliceOp::create(rewriter, loc, zeroed,
                                                     offsets, sizes, strides);
        Value filled =
            linalg::FillOp::create(rewriter, loc, zero, slice).getResult(0);
        zeroed = tensor::InsertSliceOp::create(rewriter, loc, filled, zeroed,
                                               offsets, sizes, strides);
      }
      scf::YieldOp::create(rewriter, loc, zeroed);
      rewriter.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(rewriter, loc, t1p);
    }
    t1p = ifOp.getResult(0);
  }
  return t1p;
}

FailureOr<scf::ForallOp> BandBuilder::build() {
  linalg::GenericOp root = block.root;
  auto inputType = cast<RankedTensorType>(block.input.getType());
  auto outputType = cast<RankedTensorType>(root.getResult(0).getType());
  int64_t batch = inputType.getDimSize(0);
  int64_t height = inputType.getDimSize(1);
  int64_t outputHeight = outputType.getDimSize(1);
  int64_t s = block.stride;
  int64_t span = block.inputRows(rows);
  ArrayRef<int64_t> low = block.pad.getStaticLow();
  ArrayRef<int64_t> high = block.pad.getStaticHigh();

  rewriter.setInsertionPoint(root);
  Value zero = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(inputType.getElementType()));
  // The block input with the 3x3's padding rows: a band's reduce reads
  // span rows from s * r (zeros where the image ends; zeroed after it).
  int64_t bottom = std::max<int64_t>(
      0, s * (outputHeight - 1) + 3 - low[1] - height);
  Value padded = block.input;
  if (low[1] || bottom) {
    SmallVector<OpFoldResult> padLow = {attr(0), attr(low[1]), attr(0),
                                        attr(0)};
    SmallVector<OpFoldResult> padHigh = {attr(0), attr(bottom), attr(0),
                                         attr(0)};
    padded = tensor::PadOp::create(
        rewriter, loc,
        withRows(block.input, batch, height + low[1] + bottom), block.input,
        padLow, padHigh, zero);
  }

  // A destination of its own (the root's may be shared after CSE), which
  // --resnet-pad-in-place can replace by the next layer's padded buffer.
  Value destination = tensor::EmptyOp::create(
      rewriter, loc, outputType.getShape(), outputType.getElementType());
  SmallVector<OpFoldResult> bounds = {attr(batch),
                                      attr(outputHeight / rows)};
  auto forall = scf::ForallOp::create(rewriter, loc, bounds,
                                      ValueRange{destination},
                                      /*mapping=*/std::nullopt);
  Block *body = forall.getBody();
  rewriter.setInsertionPointToStart(body);
  SmallVector<Value> ivs = forall.getInductionVars();
  Value image = ivs[0], band = ivs[1];
  Value outRow =
      arith::MulIOp::create(rewriter, loc, band, index(rows)).getResult();
  Value inRow =
      arith::MulIOp::create(rewriter, loc, band, index(s * rows)).getResult();

  // Reduce, for the span rows the 3x3 reads.
  Value xs = rowSlice(padded, image, inRow, span);
  Value t1 = cloneConv(
      block.reduce, xs,
      zeros(withRows(block.reduce.getResult(0), 1, span), zero));
  t1 = cloneEpilogue(block.reduceEpilogue, block.reduce, t1, nullptr);
  int64_t paddedWidth = block.pad.getResultType().getDimSize(2);
  SmallVector<OpFoldResult> padLow = {attr(0), attr(0), attr(low[2]),
                                      attr(0)};
  SmallVector<OpFoldResult> padHigh = {attr(0), attr(0), attr(high[2]),
                                       attr(0)};
  Value t1p = tensor::PadOp::create(rewriter, block.pad.getLoc(),
                                    withRows(t1, 1, span, paddedWidth), t1,
                                    padLow, padHigh, zero);
  t1p = zeroBorderRows(t1p, band, zero);

  // The 3x3 for the band's rows.
  Value t2 = cloneConv(
      block.spatial, t1p,
      zeros(withRows(block.spatial.getResult(0), 1, rows), zero));
  t2 = cloneEpilogue(block.spatialEpilogue, block.spatial, t2, nullptr);
  // The expand conv and the projection, chained in the order ChainConvs
  // chose (the later accumulates onto the earlier).
  Value init = zeros(withRows(block.expand.getResult(0), 1, rows), zero);
  auto project = [&](Value onto) {
    Value inputRows =
        rowSlice(block.input, image, inRow, s * (rows - 1) + 1);
    return cloneConv(block.projection, inputRows, onto);
  };
  Value y;
  if (!block.projection)
    y = cloneConv(block.expand, t2, init);
  else if (block.projectionLast)
    y = project(cloneConv(block.expand, t2, init));
  else
    y = cloneConv(block.expand, t2, project(init));
  Value residual =
      block.projection ? Value() : rowSlice(block.input, image, outRow, rows);
  // The band's rows of the loop's output: the epilogue writes in place.
  SmallVector<OpFoldResult> offsets = {image, outRow, attr(0), attr(0)};
  SmallVector<OpFoldResult> sizes = {attr(1), attr(rows),
                                     attr(outputType.getDimSize(2)),
                                     attr(outputType.getDimSize(3))};
  SmallVector<OpFoldResult> strides(4, attr(1));
  Value out = tensor::ExtractSliceOp::create(
      rewriter, loc, forall.getRegionIterArgs()[0], offsets, sizes, strides);
  y = cloneEpilogue(root, block.anchor(), y, residual, out);

  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(rewriter, loc, y,
                                        forall.getRegionIterArgs()[0],
                                        offsets, sizes, strides);
  forall->setAttr(BandAttr::kName, root->getAttr(BandAttr::kName));
  return forall;
}

struct BandFusePass : public resnet::impl::BandFuseBase<BandFusePass> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> roots;
    getOperation().walk([&](linalg::GenericOp root) {
      auto band = root->getAttrOfType<BandAttr>(BandAttr::kName);
      if (band && band.getRows() > 0)
        roots.push_back(root);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp root : roots) {
      auto band = root->getAttrOfType<BandAttr>(BandAttr::kName);
      std::string why;
      FailureOr<BandBlock> block = resnet::matchBandBlock(root, why);
      if (failed(block)) {
        root.emitError("resnet-band-fuse: ")
            << band << " on an op that is not a bottleneck block's root: "
            << why;
        return signalPassFailure();
      }
      BandBuilder builder(rewriter, *block, band.getRows());
      FailureOr<scf::ForallOp> forall = builder.build();
      if (failed(forall))
        return signalPassFailure();
      LLVM_DEBUG(llvm::dbgs() << "bands of " << band.getRows()
                              << " rows at " << root.getLoc() << "\n");
      rewriter.replaceOp(root, forall->getResults());
      // The block's ops, consumers first (their fills may be shared).
      for (Operation *op :
           {static_cast<Operation *>(block->anchor()),
            static_cast<Operation *>(block->projectionLast
                                         ? block->expand
                                         : block->projection),
            static_cast<Operation *>(block->spatialEpilogue),
            static_cast<Operation *>(block->spatial),
            static_cast<Operation *>(block->pad),
            static_cast<Operation *>(block->reduceEpilogue),
            static_cast<Operation *>(block->reduce)})
        if (op && op->use_empty())
          rewriter.eraseOp(op);
    }
  }
};
} // namespace
