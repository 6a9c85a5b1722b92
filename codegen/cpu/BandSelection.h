//===- BandSelection.h - bottleneck blocks computed in row bands -*- C++ -*-===//
//
// Band fusion of a bottleneck block (1x1 reduce -> 3x3 -> 1x1 expand with
// the residual, as linalg ops after the graph passes and ChainConvs): the
// block's output is computed in bands of rows, each band computing the
// reduce and the 3x3 only for the rows it needs (the 3x3's halo rows are
// recomputed by both neighbours), so that the two intermediates of a band
// stay in cache instead of going through whole activations. This header is
// the one component that decides, per block, whether that pays and with
// which band height (`#resnet.band`); --resnet-band-fuse applies it.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_BANDSELECTION_H
#define RESNET_CODEGEN_CPU_BANDSELECTION_H

#include "codegen/cpu/Target.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <string>

namespace mlir::resnet {

/// The ops of one bottleneck block on linalg, NHWC:
///   t1  = reduceEpilogue(reduce(x))              1x1, stride 1
///   t1p = pad(t1)                                zero rows and columns
///   t2  = spatialEpilogue(spatial(t1p))          3x3, stride s
///   y   = root(expand(t2, init = projection(x) or 0)[, x])
/// (or root(projection(x, init = expand(t2, init = 0))): ChainConvs chains
/// the later of the two onto the earlier)
/// Every intermediate has one use; the epilogues' other operands are
/// broadcast along N, H and W (biases) or, for the root, the block input
/// itself (an identity shortcut).
struct BandBlock {
  Value input;
  linalg::Conv2DNhwcHwcfOp reduce;
  linalg::GenericOp reduceEpilogue;
  tensor::PadOp pad;
  linalg::Conv2DNhwcHwcfOp spatial;
  linalg::GenericOp spatialEpilogue;
  linalg::Conv2DNhwcHwcfOp projection; // null: no projection conv chained
  linalg::Conv2DNhwcHwcfOp expand;
  linalg::GenericOp root;
  int64_t stride = 1;
  /// Which of the two chained convs accumulates onto the other (and is read
  /// by the root): the projection (true) or the expand conv.
  bool projectionLast = false;

  /// The conv the root reads.
  linalg::Conv2DNhwcHwcfOp anchor() const {
    return projectionLast ? projection : expand;
  }

  /// Rows of the padded reduce output one band of `rows` output rows reads.
  int64_t inputRows(int64_t rows) const { return stride * (rows - 1) + 3; }
};

/// The bottleneck block whose root is `root`, or failure with the reason in
/// `why` (not a block, a Winograd or configured 3x3, an intermediate used
/// elsewhere, ...).
FailureOr<BandBlock> matchBandBlock(linalg::GenericOp root, std::string &why);

struct BandSelectionOptions {
  /// Force a band height (0: the cost model's); a block whose output height
  /// it does not divide is left unfused.
  int64_t rows = 0;
  /// Fuse every block that can be, whatever the cost model says.
  bool always = false;
  /// Fuse none (--band-fusion=off): record what the cost model would
  /// decide, with its estimates, so that the report shows every block.
  bool recordOnly = false;
};

/// The band decision of `block` on `target`: rows 0 when it does not pay,
/// with the estimates and the reason.
BandAttr selectBand(BandBlock block, const CpuTarget &target,
                    const BandSelectionOptions &options);

/// Records a `#resnet.band` on the root of every bottleneck block of `func`
/// that has none (a hand-written one is kept).
void selectBands(func::FuncOp func, const CpuTarget &target,
                 const BandSelectionOptions &options);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_BANDSELECTION_H
