//===- BlockTransposes.cpp - layout transposes in cache-line blocks -------===//
//
// A linalg.transpose that moves the input's contiguous (last) dimension,
// such as the NHWC -> NCHW copy of a model's feature-map output, lowers to
// loops in the output's order: the innermost loop walks the output's
// columns and reads the input one pixel apart, a row of channels (4 KiB
// with 1024 of them: every read in the same L1 set), so each element
// costs a miss. This pass rewrites such a transpose as a linalg.generic
// whose innermost loop walks a block of the input's contiguous dimension,
// one cache line of floats (16) or the largest divisor of its size under
// that:
//
//   out[n, c, h, w] = in[n, h, w, c]    with c = 16 * co + ci:
//   loops (n, co, h, w, ci), ci innermost.
//
// A block reads whole lines of the input and writes its 16 output rows a
// column at a time: the lines it writes stay in L1 across the columns.
// Where that dimension's size has no such divisor (an NCHW input of 17
// columns), the output's contiguous dimension is cut instead, the input's
// just outside it, and the roles swap: whole lines written, 16 rows read
// a column at a time:
//
//   out[n, h, w, c] = in[n, c, h, w]    with c = 16 * co + ci:
//   loops (n, h, co, w, ci).
//
// The split dimension is split by reshapes (tensor.expand_shape of the
// input and the output, tensor.collapse_shape of the result: views, no
// copies). --resnet-parallel-elementwise then shares the leading loops
// out to threads.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Target.h"
#include "codegen/cpu/TileSelection.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_BLOCKTRANSPOSES
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-block-transposes"

using namespace mlir;

namespace {
/// Elements of `type` in a cache line: the block one innermost loop reads
/// or writes.
int64_t lineElements(RankedTensorType type) {
  int64_t bytes = std::max<int64_t>(type.getElementTypeBitWidth() / 8, 1);
  return std::max<int64_t>(resnet::CpuTarget::kCacheLineBytes / bytes, 1);
}

/// `shape` with dimension `dim` split into (shape[dim] / block, block).
SmallVector<int64_t> splitShape(ArrayRef<int64_t> shape, int64_t dim,
                                int64_t block) {
  SmallVector<int64_t> split(shape.begin(), shape.begin() + dim);
  split.push_back(shape[dim] / block);
  split.push_back(block);
  split.append(shape.begin() + dim + 1, shape.end());
  return split;
}

/// The reassociation that merges dimensions `dim` and `dim + 1` of a
/// tensor of rank `rank + 1`.
SmallVector<ReassociationIndices> mergeAt(int64_t rank, int64_t dim) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t first = d <= dim ? d : d + 1;
    groups.push_back(d == dim ? ReassociationIndices{first, first + 1}
                              : ReassociationIndices{first});
  }
  return groups;
}

/// One loop of the blocked generic: an output dimension, or the block
/// index or the index within a block of the split one.
struct Loop {
  int64_t dim;
  enum Part { Whole, Blocks, WithinBlock } part;
};

/// The loops, outermost first, when output dimension `split` is cut in
/// blocks and `read` is the output dimension that walks the input's
/// contiguous one: the index within a block innermost, `read` (when it is
/// not the split one) just outside it, the block index in the split
/// dimension's place or, when the split one is the output's last, just
/// outside `read`.
SmallVector<Loop> loopOrder(int64_t rank, int64_t split, int64_t read) {
  SmallVector<Loop> loops;
  for (int64_t d = 0; d < rank; ++d) {
    if (d == split && split != rank - 1)
      loops.push_back({d, Loop::Blocks});
    else if (d != split && d != read)
      loops.push_back({d, Loop::Whole});
  }
  if (split == rank - 1)
    loops.push_back({split, Loop::Blocks});
  if (read != split)
    loops.push_back({read, Loop::Whole});
  loops.push_back({split, Loop::WithinBlock});
  return loops;
}

/// The indexing expressions of a tensor whose dimension i is output
/// dimension `outputDim[i]`, the split one as (block, index within it).
SmallVector<AffineExpr> indexing(ArrayRef<Loop> loops,
                                 ArrayRef<int64_t> outputDims, int64_t split,
                                 MLIRContext *ctx) {
  auto position = [&](int64_t dim, Loop::Part part) {
    auto it = llvm::find_if(
        loops, [&](Loop l) { return l.dim == dim && l.part == part; });
    return getAffineDimExpr(it - loops.begin(), ctx);
  };
  SmallVector<AffineExpr> exprs;
  for (int64_t d : outputDims) {
    if (d != split) {
      exprs.push_back(position(d, Loop::Whole));
      continue;
    }
    exprs.push_back(position(d, Loop::Blocks));
    exprs.push_back(position(d, Loop::WithinBlock));
  }
  return exprs;
}

/// Rewrites `op` as the blocked generic; fails (leaving it) where the
/// transpose keeps the contiguous dimension last, or where neither the
/// input's nor the output's contiguous dimension has a divisor above 1
/// within a line.
LogicalResult blockTranspose(RewriterBase &rewriter, linalg::TransposeOp op) {
  auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto initType = dyn_cast<RankedTensorType>(op.getInit().getType());
  if (!inputType || !initType || !inputType.hasStaticShape() ||
      op->getNumResults() != 1)
    return failure();
  ArrayRef<int64_t> perm = op.getPermutation();
  int64_t rank = perm.size();
  if (rank < 2 || perm.back() == rank - 1)
    return failure();
  // The output dimension that walks the input's contiguous one: blocks of
  // it read whole lines. Else blocks of the output's last dimension, which
  // write whole lines.
  int64_t read = llvm::find(perm, rank - 1) - perm.begin();
  int64_t split = read;
  int64_t line = lineElements(initType);
  int64_t block = resnet::largestDivisorAtMost(initType.getDimSize(read), line);
  if (block == 1) {
    split = rank - 1;
    block = resnet::largestDivisorAtMost(initType.getDimSize(split), line);
  }
  if (block == 1)
    return failure();

  MLIRContext *ctx = op.getContext();
  SmallVector<Loop> loops = loopOrder(rank, split, read);
  // Input dimension k is output dimension inverse[k].
  SmallVector<int64_t> inverse(rank);
  for (int64_t d = 0; d < rank; ++d)
    inverse[perm[d]] = d;
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank + 1, 0, indexing(loops, inverse, split, ctx), ctx),
      AffineMap::get(
          rank + 1, 0,
          indexing(loops, llvm::to_vector(llvm::seq(rank)), split, ctx), ctx)};

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  auto splitType = [&](RankedTensorType type, int64_t dim) {
    return RankedTensorType::get(splitShape(type.getShape(), dim, block),
                                 type.getElementType());
  };
  int64_t inputSplit = perm[split];
  Value input = tensor::ExpandShapeOp::create(
      rewriter, loc, splitType(inputType, inputSplit), op.getInput(),
      mergeAt(rank, inputSplit));
  Value init =
      tensor::ExpandShapeOp::create(rewriter, loc, splitType(initType, split),
                                    op.getInit(), mergeAt(rank, split));
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{init.getType()}, ValueRange{input},
      ValueRange{init}, maps,
      SmallVector<utils::IteratorType>(rank + 1, utils::IteratorType::parallel),
      [](OpBuilder &b, Location l, ValueRange args) {
        linalg::YieldOp::create(b, l, args[0]);
      });
  Value result = tensor::CollapseShapeOp::create(
      rewriter, loc, initType, generic.getResult(0), mergeAt(rank, split));
  LLVM_DEBUG(llvm::dbgs() << "transpose at " << loc << ": output dimension "
                          << split << " in blocks of " << block
                          << (split == read ? " (reading whole lines)"
                                            : " (writing whole lines)")
                          << "\n");
  rewriter.replaceOp(op, result);
  return success();
}

struct BlockTransposesPass
    : public resnet::impl::BlockTransposesBase<BlockTransposesPass> {
  void runOnOperation() override {
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk([&](linalg::TransposeOp op) {
      if (op.hasPureTensorSemantics())
        transposes.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::TransposeOp op : transposes)
      (void)blockTranspose(rewriter, op);
  }
};
} // namespace
