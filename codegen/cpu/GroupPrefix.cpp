//===- GroupPrefix.cpp - run a model's first layers as groups of images ---===//
//
// A batch's early layers have large activations and few weights (ResNet's
// first stages: 3.2 MB a 56x56x256 image), its late ones the reverse (the
// 7x7 stage: 2-9 MiB of weights a layer, 0.2 MB an image). Running the
// whole model on groups of images (resnet.image_groups, the C entry point
// calling the body per group) keeps the early layers' working sets in
// cache but reads the late layers' weights once per group. The cost
// model (--resnet-select-image-groups) may instead cut the model after a
// layer where one value alone is live (a block's output) and run only the
// layers before the cut as groups: it marks that layer with
// `resnet.prefix_groups = N`.
//
// This pass applies the mark: the layers up to the marked one are cloned
// once per group, each clone reading its images of the input
// (tensor.extract_slice of the batch) and re-specialized to them (every
// resnet op infers its result type), and the groups' values at the cut
// are joined again (tensor.concat along the batch) for the layers after
// it, which see the whole batch. Weights (constants) are shared by the
// clones. Equal layers of the groups are compiled once
// (--resnet-outline-layers).
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/Passes.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GROUPPREFIX
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {

/// Clones `prefix` (the marked layer last) once per group of `images`
/// images of `input`, before `insertion`, and returns the groups' values
/// at the cut joined along the batch.
FailureOr<Value> cloneInGroups(ArrayRef<Operation *> prefix, Value input,
                               Value cut, int64_t images,
                               Operation *insertion) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t batch = inputType.getDimSize(0);
  OpBuilder builder(insertion);
  Location loc = prefix.back()->getLoc();
  SmallVector<Value> parts;
  for (int64_t first = 0; first < batch; first += images) {
    BatchSlice group =
        batchSlice(builder, inputType.getShape(), first, images);
    Value slice = tensor::ExtractSliceOp::create(
        builder, input.getLoc(), input, group.offsets, group.sizes,
        group.strides);
    IRMapping mapping;
    mapping.map(input, slice);
    for (Operation *op : prefix) {
      Operation *clone = builder.clone(*op, mapping);
      clone->removeAttr(kPrefixGroupsAttr);
      if (failed(reinferResultTypes(clone, images)))
        return failure();
    }
    parts.push_back(mapping.lookup(cut));
  }
  return tensor::ConcatOp::create(builder, loc, /*dim=*/0, parts).getResult();
}

struct GroupPrefixPass
    : public resnet::impl::GroupPrefixBase<GroupPrefixPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &body = func.getBody().front();
    Operation *marked = nullptr;
    for (Operation &op : body)
      if (op.hasAttr(kPrefixGroupsAttr)) {
        marked = &op;
        break;
      }
    if (!marked)
      return;
    if (failed(apply(func, marked)))
      signalPassFailure();
  }

  LogicalResult apply(func::FuncOp func, Operation *marked) {
    Block &body = func.getBody().front();
    auto groups = marked->getAttrOfType<IntegerAttr>(kPrefixGroupsAttr);
    if (body.getNumArguments() != 1 || marked->getNumResults() != 1)
      return marked->emitOpError("marks a prefix of a model with one input "
                                 "and one result at its cut");
    Value input = body.getArgument(0);
    Value cut = marked->getResult(0);
    auto inputType = dyn_cast<RankedTensorType>(input.getType());
    auto cutType = dyn_cast<RankedTensorType>(cut.getType());
    int64_t batch = inputType ? inputType.getDimSize(0) : 0;
    if (!groups || groups.getInt() < 2 || !cutType || batch <= 0 ||
        batch % groups.getInt() != 0 || cutType.getDimSize(0) != batch)
      return marked->emitOpError("'")
             << kPrefixGroupsAttr << "' must divide the batch of " << batch
             << " into groups, at a batch-major value";
    // The prefix: every computing op up to the mark. Only the cut may be
    // used after it, and the input only before it.
    SmallVector<Operation *> prefix;
    for (Operation &op : body) {
      if (!op.hasTrait<OpTrait::ConstantLike>())
        prefix.push_back(&op);
      if (&op == marked)
        break;
    }
    llvm::SmallPtrSet<Operation *, 32> inPrefix(prefix.begin(), prefix.end());
    auto usedAfter = [&](Value value) {
      return llvm::any_of(value.getUsers(), [&](Operation *user) {
        return !inPrefix.contains(user);
      });
    };
    if (usedAfter(input))
      return marked->emitOpError("cuts the model where its input is still "
                                 "used: no prefix of groups");
    for (Operation *op : prefix)
      for (Value result : op->getResults())
        if (result != cut && usedAfter(result))
          return marked->emitOpError("cuts the model where another value "
                                     "is still live: no prefix of groups");
    FailureOr<Value> joined =
        cloneInGroups(prefix, input, cut, batch / groups.getInt(),
                      marked->getNextNode());
    if (failed(joined))
      return failure();
    cut.replaceAllUsesWith(*joined);
    for (Operation *op : llvm::reverse(prefix))
      op->erase();
    return success();
  }
};
} // namespace
