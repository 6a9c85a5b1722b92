//===- Layers.cpp - the layers of linalg code on tensors ------------------===//
#include "codegen/cpu/Layers.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

bool resnet::isLayerAnchor(Operation *op) {
  return isa<linalg::Conv2DNhwcHwcfOp, linalg::PoolingNhwcMaxOp,
             linalg::PoolingNhwcSumOp, linalg::MatmulOp,
             linalg::BatchMatmulOp>(op);
}

bool resnet::isWorkerLoop(Operation *op) {
  return isa<scf::ForallOp>(op) &&
         (op->hasAttr(BandAttr::kName) || op->hasAttr(kWinogradBlocksAttr));
}

bool resnet::inWorkerLoop(Operation *op) {
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp())
    if (isWorkerLoop(parent))
      return true;
  return false;
}

linalg::GenericOp resnet::epilogueOf(linalg::LinalgOp anchor) {
  Value result = anchor->getResult(0);
  if (!result.hasOneUse())
    return nullptr;
  auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumDpsInits() != 1 || generic.getNumReductionLoops() != 0 ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity())
    return nullptr;
  if (generic.getResult(0).getType() != result.getType())
    return nullptr;
  return generic;
}

resnet::LayerMap
resnet::collectLayers(func::FuncOp func,
                      function_ref<bool(linalg::LinalgOp)> include,
                      function_ref<bool(linalg::LinalgOp)> fuseEpilogue) {
  LayerMap layers;
  func.walk([&](linalg::LinalgOp op) {
    if (!isLayerAnchor(op) || !op.hasPureTensorSemantics() ||
        op.hasDynamicShape() || !include(op))
      return;
    Operation *root = op;
    if (fuseEpilogue(op))
      if (linalg::GenericOp epilogue = epilogueOf(op))
        root = epilogue;
    layers[root].push_back(op);
  });
  return layers;
}

int64_t resnet::workOf(linalg::LinalgOp anchor) {
  int64_t work = 1;
  for (int64_t range : anchor.getStaticLoopRanges())
    work *= range;
  return work;
}

int64_t resnet::tensorBytes(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return 0;
  return tensor.getNumElements() *
         tensor.getElementType().getIntOrFloatBitWidth() / 8;
}

int64_t resnet::weightBytesPerBatch(linalg::LinalgOp anchor) {
  if (!isa<linalg::Conv2DNhwcHwcfOp, linalg::Conv2DNhwgcGfhwcOp,
           linalg::MatmulOp, linalg::BatchMatmulOp>(anchor.getOperation()))
    return 0;
  auto type = cast<RankedTensorType>(anchor.getDpsInputs()[1].getType());
  int64_t bytes = type.getNumElements() * sizeof(float);
  if (isa<linalg::BatchMatmulOp>(anchor.getOperation()))
    bytes /= type.getDimSize(0);
  return bytes;
}

resnet::BatchSlice resnet::batchSlice(OpBuilder &builder,
                                      ArrayRef<int64_t> shape,
                                      int64_t first, int64_t images) {
  BatchSlice slice;
  for (auto [dim, size] : llvm::enumerate(shape)) {
    slice.offsets.push_back(builder.getIndexAttr(dim == 0 ? first : 0));
    slice.sizes.push_back(builder.getIndexAttr(dim == 0 ? images : size));
    slice.strides.push_back(builder.getIndexAttr(1));
  }
  return slice;
}
