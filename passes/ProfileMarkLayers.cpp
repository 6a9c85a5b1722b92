//===- ProfileMarkLayers.cpp - name the layers for the per-layer profile --===//
//
// The profile is taken on the lowered code (loop nests, vector ops, OpenMP
// regions), where a layer is no longer one op. Locations are what every
// lowering step carries from an op to the code it becomes, so each resnet
// layer's location is wrapped in a FusedLoc whose metadata names the layer;
// --resnet-profile-instrument finds it again after bufferization.
//
//===----------------------------------------------------------------------===//
#include "dialect/ResNetDialect.h"
#include "passes/Passes.h"
#include "passes/Profile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PROFILEMARKLAYERS
#include "passes/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

static int64_t numElements(Type type) {
  return cast<RankedTensorType>(type).getNumElements();
}

/// "64x56x56" for an NCHW tensor, the channel and spatial sizes (the batch
/// is in the FLOP count, not the name); other ranks print every dimension.
static std::string shapeText(Type type) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
  if (shape.size() == 4)
    shape = shape.drop_front();
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text;
}

/// "conv 3x3/2 64->128 28x28 +add +relu" for conv2d and fused_conv.
template <typename ConvLike>
static std::string describeConv(ConvLike conv, bool residual, bool relu) {
  auto weight = cast<RankedTensorType>(conv.getWeight().getType());
  auto out = cast<RankedTensorType>(conv.getOutput().getType());
  ArrayRef<int64_t> w = weight.getShape();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "conv " << w[2] << "x" << w[3] << "/" << conv.getStrides()[0] << " "
     << cast<RankedTensorType>(conv.getInput().getType()).getDimSize(1)
     << "->" << w[0] << " " << out.getDimSize(2) << "x" << out.getDimSize(3);
  if (conv.getGroups() != 1)
    os << " g" << conv.getGroups();
  if (residual)
    os << " +add";
  if (relu)
    os << " +relu";
  return text;
}

/// A short description of `op` ("conv 3x3/1 64->64 56x56 +relu",
/// "max_pool 3x3/2 64x56x56", "linear 512->1000").
static std::string describeLayer(Operation *op) {
  if (auto conv = dyn_cast<Conv2DOp>(op))
    return describeConv(conv, /*residual=*/false, /*relu=*/false);
  if (auto conv = dyn_cast<FusedConvOp>(op))
    return describeConv(conv, static_cast<bool>(conv.getResidual()),
                        conv.getRelu());
  Type out = op->getResult(0).getType();
  if (auto linear = dyn_cast<LinearOp>(op)) {
    int64_t in = linear.getWeight().getType().getDimSize(1);
    return "linear " + std::to_string(in) + "->" +
           std::to_string(linear.getWeight().getType().getDimSize(0));
  }
  std::string kernel;
  if (auto pool = dyn_cast<MaxPool2DOp>(op))
    kernel = std::to_string(pool.getKernel()[0]) + "x" +
             std::to_string(pool.getKernel()[1]) + "/" +
             std::to_string(pool.getStrides()[0]) + " ";
  if (auto pool = dyn_cast<AvgPool2DOp>(op))
    kernel = std::to_string(pool.getKernel()[0]) + "x" +
             std::to_string(pool.getKernel()[1]) + "/" +
             std::to_string(pool.getStrides()[0]) + " ";
  StringRef name = op->getName().stripDialect();
  name.consume_back("2d");
  return name.str() + " " + kernel + shapeText(out);
}

/// Collects the NameLoc names (innermost first) and the first file:line on
/// the way down `loc`; a fused location (conv + relu) follows its first part.
static void collectSource(Location loc, SmallVectorImpl<StringRef> &names,
                          std::string &fileLine) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.push_back(name.getName());
    collectSource(name.getChildLoc(), names, fileLine);
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    if (!fused.getLocations().empty())
      collectSource(fused.getLocations().front(), names, fileLine);
  } else if (auto call = dyn_cast<CallSiteLoc>(loc)) {
    collectSource(call.getCallee(), names, fileLine);
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    fileLine = (llvm::sys::path::filename(file.getFilename().getValue()) +
                ":" + Twine(file.getLine()))
                   .str();
  }
}

/// Where the layer came from, for people: "layer1.0/conv1, model.onnx:12"
/// (the NameLoc path, outermost first, then the file position).
static std::string sourceName(Location loc) {
  SmallVector<StringRef> names;
  std::string fileLine;
  collectSource(loc, names, fileLine);
  std::reverse(names.begin(), names.end());
  std::string text = llvm::join(names, "/");
  if (!text.empty() && !fileLine.empty())
    text += ", ";
  return text + fileLine;
}

namespace {
struct ProfileMarkLayersPass
    : public resnet::impl::ProfileMarkLayersBase<ProfileMarkLayersPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    int64_t next = 0;
    getOperation().walk([&](Operation *op) {
      if (!isa<ResNetDialect>(op->getDialect()) || op->getNumResults() != 1)
        return;
      // The layer's FlopCountOpInterface; an op without it (a block op,
      // when blocks are not expanded) counts one per output element.
      auto counted = dyn_cast<FlopCountOpInterface>(op);
      int64_t flops = counted ? counted.getFlopCount()
                              : numElements(op->getResult(0).getType());
      std::string name = describeLayer(op);
      if (std::string source = sourceName(op->getLoc()); !source.empty())
        name += " (" + source + ")";
      Builder b(context);
      NamedAttribute fields[] = {
          b.getNamedAttr(kProfileLayerAttr, b.getI64IntegerAttr(next++)),
          b.getNamedAttr("name", b.getStringAttr(name)),
          b.getNamedAttr("flops", b.getI64IntegerAttr(flops))};
      op->setLoc(FusedLoc::get(context, {op->getLoc()},
                               b.getDictionaryAttr(fields)));
    });
  }
};
} // namespace
