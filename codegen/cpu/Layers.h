//===- Layers.h - the layers of linalg code on tensors ----------*- C++ -*-===//
//
// A CPU layer is an anchor op (a convolution, pooling, matmul or batch
// matmul from --resnet-to-linalg or --resnet-winograd) and, when the
// anchor's only user is one, the elementwise epilogue that consumes it
// (bias, residual add, ReLU): the layer's root. The tile selection, the
// tiling and the report all see layers the same way through this header.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_CPU_LAYERS_H
#define RESNET_CODEGEN_CPU_LAYERS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::resnet {

/// The ops CPU layers are tiled around.
bool isLayerAnchor(Operation *op);

/// The epilogue the anchor's layer may be tiled from: the anchor's only
/// user when it is an all-parallel generic with one identity-mapped output
/// of the anchor's result type; else null.
linalg::GenericOp epilogueOf(linalg::LinalgOp anchor);

/// The layers of `func` in program order: each root (the epilogue, or the
/// anchor itself) with the anchors tiled in it. With `fuseEpilogue` false
/// for an anchor, its root is the anchor.
using LayerMap = llvm::MapVector<Operation *, SmallVector<linalg::LinalgOp>>;
LayerMap collectLayers(func::FuncOp func,
                       function_ref<bool(linalg::LinalgOp)> include,
                       function_ref<bool(linalg::LinalgOp)> fuseEpilogue);

/// Multiply-adds (or window steps) of an anchor: the product of its loops.
int64_t workOf(linalg::LinalgOp anchor);

/// Bytes of a static tensor type; 0 for anything else.
int64_t tensorBytes(Type type);

/// The slice of images [first, first + images) of a batch-major tensor of
/// `shape`, its other dimensions whole: a group of a batch
/// (--resnet-group-prefix, --resnet-join-groups-in-place).
struct BatchSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};
BatchSlice batchSlice(OpBuilder &builder, ArrayRef<int64_t> shape,
                      int64_t first, int64_t images);

/// Bytes of weights one output tile reads over its reduction: the conv's
/// (or grouped conv's) filter, the matmul's right operand, one batch of a
/// batch matmul's.
int64_t weightBytesPerBatch(linalg::LinalgOp anchor);

/// The attribute a Winograd layer's loop over blocks of tiles carries (the
/// number of blocks): see --resnet-winograd.
constexpr llvm::StringLiteral kWinogradBlocksAttr = "resnet.winograd_blocks";

/// Whether `op` is a worker loop: an scf.forall whose iterations are the
/// threads' units of work, each computing its layers' intermediates whole
/// (a bottleneck block's band loop, a Winograd layer's blocks of tiles).
/// The loops nested in it run sequentially, and the buffers its body
/// allocates get a slot per worker (--resnet-band-scratch).
bool isWorkerLoop(Operation *op);

/// Whether `op` is nested in a worker loop.
bool inWorkerLoop(Operation *op);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_CPU_LAYERS_H
