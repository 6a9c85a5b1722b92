//===- SelectImageGroups.cpp - run a batch as groups of images ------------===//
//
// A model compiled for a batch of B images runs each layer over all B
// before the next layer starts. When a layer's activations for B images do
// not fit in L2, each layer reads its input back from beyond L2 (the image
// it starts with was written B images ago) and its tiles wait for it:
// ResNet-50 at 224x224 takes more time per image at batch 8 than at
// batch 1 in most layers (bench/README.md, "Batches as groups of images").
// Running the whole model on a group of b images, B / b times in a row,
// keeps each layer's working set that of b images; what it costs is the
// weights read once per group rather than once per batch (a layer with few
// multiply-adds per weight, the classifier or a Winograd layer of a small
// map, then waits for them) and a fork/join per layer and group.
//
// The pass estimates those costs for each b dividing B from the target
// description, as one core sees them, and takes the cheapest b (the
// largest on a tie) when it saves at least kMinSavedShare of the whole
// batch's estimate; it re-specializes the function to b images and records
// `resnet.image_groups = B / b` on it: the C entry point
// (codegen/common/ModelAbi.cpp) calls the body once per group, on
// consecutive images of the input and output. Only models whose every op
// treats the images of a batch independently are split. resnet-compile
// runs it when asked (--image-groups: N, or 0 for this estimate): on two
// threads the estimate's choice was measured no faster, or slower, than
// the whole batch, since a smaller group leaves each layer's threads less
// work, which the estimate does not see.
//
//===----------------------------------------------------------------------===//
#include "codegen/common/ModelAbi.h"
#include "codegen/cpu/Layers.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Target.h"
#include "dialect/ResNetDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Debug.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_SELECTIMAGEGROUPS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

#define DEBUG_TYPE "resnet-select-image-groups"

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// The share of the whole batch's estimate a grouping must save to be
/// taken. Below it the estimate's error decides: weights streamed from L3
/// at one or two images a group were measured slower than the target's
/// memoryBytesPerCycle (ResNet-50 at 112x112, batch 4: estimated 4 % faster
/// in groups of 2, measured 12 % slower; bench/README.md).
constexpr double kMinSavedShare = 0.05;

/// Whether `op` computes each image of the batch from that image alone,
/// every computed value batch-major with `batch` images; `why` says what
/// breaks it.
bool keepsImagesApart(Operation *op, int64_t batch, std::string &why) {
  auto batchMajor = [&](Value value) {
    if (value.getDefiningOp<arith::ConstantOp>())
      return true;
    auto type = dyn_cast<RankedTensorType>(value.getType());
    return type && type.getRank() >= 1 && type.getDimSize(0) == batch;
  };
  if (!llvm::all_of(op->getResults(), batchMajor) ||
      !llvm::all_of(op->getOperands(), batchMajor)) {
    why = "a value without the batch as its first dimension";
    return false;
  }
  if (auto softmax = dyn_cast<SoftmaxOp>(op)) {
    int64_t rank = cast<RankedTensorType>(softmax.getType()).getRank();
    if (softmax.getAxis() == 0 || softmax.getAxis() == -rank) {
      why = "a softmax across the batch";
      return false;
    }
  }
  if (auto affine = dyn_cast<AffineOp>(op)) {
    // Scale and shift broadcast from the last dimension: one that reaches
    // the batch dimension with more than one row differs per image.
    int64_t rank = cast<RankedTensorType>(affine.getType()).getRank();
    for (Value operand : {affine.getScale(), affine.getShift()}) {
      auto type = cast<RankedTensorType>(operand.getType());
      if (type.getRank() == rank && type.getDimSize(0) != 1) {
        why = "an affine whose scale or shift differs per image";
        return false;
      }
    }
  }
  if (isa<Conv2DOp, BatchNormOp, ReluOp, AddOp, MaxPool2DOp, AvgPool2DOp,
          GlobalAvgPoolOp, FlattenOp, AffineOp, LinearOp, SoftmaxOp,
          ShortcutOp, ResidualBlockOp, BottleneckBlockOp, FusedConvOp,
          arith::ConstantOp, func::ReturnOp>(op))
    return true;
  why = ("'" + op->getName().getStringRef() + "', not known to keep the "
                                                "images apart")
            .str();
  return false;
}

/// A layer as the choice sees it, per image of the batch: its activation
/// bytes (computed operands and results), multiply-adds, and its weight
/// bytes (constant operands).
struct LayerFootprint {
  int64_t imageBytes = 0;
  double imageMacs = 0;
  int64_t weightBytes = 0;
};

/// Whether `op` is a convolution that -O3 may compute with Winograd: 3x3,
/// stride and dilation 1, one group.
bool mayBeWinograd(Operation *op) {
  auto conv = dyn_cast<Conv2DOp>(op);
  if (!conv || conv.getGroups() != 1)
    return false;
  auto weight = cast<RankedTensorType>(conv.getWeight().getType());
  auto isOne = [](int64_t v) { return v == 1; };
  return weight.getDimSize(2) == 3 && weight.getDimSize(3) == 3 &&
         llvm::all_of(conv.getStrides(), isOne) &&
         llvm::all_of(conv.getDilations(), isOne);
}

/// The layers of `func` (blocks expanded, on a copy) at `batch` images. A
/// Winograd candidate counts as F(2x2,3x3), the tile the selection takes
/// where it pays: 16 multiply-adds per 36 direct ones, on transformed
/// weights 16/9 the size.
SmallVector<LayerFootprint> layerFootprints(func::FuncOp func, int64_t batch,
                                            bool winograd) {
  OwningOpRef<ModuleOp> copy = ModuleOp::create(func.getLoc());
  copy->push_back(func.clone());
  PassManager pm(func.getContext());
  pm.addNestedPass<func::FuncOp>(createExpandBlocks());
  SmallVector<LayerFootprint> layers;
  if (failed(pm.run(*copy)))
    return layers;
  copy->walk([&](Operation *op) {
    if (!isa<ResNetDialect>(op->getDialect()) || op->getNumResults() == 0)
      return;
    LayerFootprint layer;
    for (Value operand : op->getOperands()) {
      if (operand.getDefiningOp<arith::ConstantOp>())
        layer.weightBytes += tensorBytes(operand.getType());
      else
        layer.imageBytes += tensorBytes(operand.getType());
    }
    for (Value result : op->getResults())
      layer.imageBytes += tensorBytes(result.getType());
    layer.imageBytes /= batch;
    if (auto counted = dyn_cast<FlopCountOpInterface>(op))
      layer.imageMacs = static_cast<double>(counted.getFlopCount()) / 2 /
                        static_cast<double>(batch);
    if (winograd && mayBeWinograd(op)) {
      layer.imageMacs *= 16.0 / 36.0;
      layer.weightBytes = layer.weightBytes * 16 / 9;
    }
    layers.push_back(layer);
  });
  return layers;
}

/// Cycles a batch of `batch` images takes, run as groups of `images`, in
/// what the grouping changes. Per group and layer: the multiply-adds, or
/// the weights' stream from beyond L2 when it takes longer (a layer with
/// few multiply-adds per weight, a classifier, waits for its weights once
/// per group); plus the activations of a layer whose group working set
/// overflows L2, streamed from beyond it (the tiles wait for them: a
/// layer's input was written a whole group of images ago); plus a
/// fork/join of the threads.
double groupedCycles(ArrayRef<LayerFootprint> layers, int64_t batch,
                     int64_t images, const CpuTarget &target) {
  int64_t weightBytes = 0;
  for (const LayerFootprint &layer : layers)
    weightBytes += layer.weightBytes;
  // The weights of all layers stay in L2 from one group to the next only
  // when they fit there together.
  bool weightsInL2 = weightBytes <= target.l2Bytes;
  double perGroup = 0;
  for (const LayerFootprint &layer : layers) {
    double compute = layer.imageMacs * static_cast<double>(images) /
                     target.macsPerCycle();
    double weights =
        weightsInL2 ? 0.0
                    : target.streamCycles(layer.weightBytes, /*inL2=*/false);
    perGroup += std::max(compute, weights);
    int64_t groupBytes = layer.imageBytes * images;
    if (groupBytes > target.l2Bytes)
      perGroup += target.streamCycles(groupBytes, /*inL2=*/false);
    if (target.cores > 1)
      perGroup += CpuTarget::kForkJoinCycles;
  }
  return perGroup * static_cast<double>(batch / images);
}

struct SelectImageGroupsPass
    : public resnet::impl::SelectImageGroupsBase<SelectImageGroupsPass> {
  using SelectImageGroupsBase::SelectImageGroupsBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || func.isPrivate() ||
        func->hasAttr(kImageGroupsAttr))
      return;
    llvm::Expected<CpuTarget> cpu =
        CpuTarget::get(target, /*lanes=*/0, /*l1Bytes=*/0, l2Bytes);
    if (!cpu) {
      func.emitError("resnet-select-image-groups: ")
          << llvm::toString(cpu.takeError());
      return signalPassFailure();
    }
    FailureOr<int64_t> images = selectGroupImages(func, *cpu);
    if (failed(images))
      return signalPassFailure();
    int64_t batch = batchOf(func);
    if (*images == batch)
      return;
    if (failed(setBatchSize(func, *images)))
      return signalPassFailure();
    func->setAttr(kImageGroupsAttr,
                  IntegerAttr::get(IntegerType::get(&getContext(), 64),
                                   batch / *images));
  }

  static int64_t batchOf(func::FuncOp func) {
    FunctionType type = func.getFunctionType();
    if (type.getNumInputs() != 1 || type.getNumResults() != 1)
      return 0;
    auto input = dyn_cast<RankedTensorType>(type.getInput(0));
    auto output = dyn_cast<RankedTensorType>(type.getResult(0));
    if (!input || !output || input.getRank() < 1 || output.getRank() < 1 ||
        input.getDimSize(0) != output.getDimSize(0) ||
        ShapedType::isDynamic(input.getDimSize(0)))
      return 0;
    return input.getDimSize(0);
  }

  /// The images per group: `groups` forced, else the cost model's; the
  /// whole batch when the model cannot be split.
  FailureOr<int64_t> selectGroupImages(func::FuncOp func,
                                       const CpuTarget &cpu) {
    int64_t batch = batchOf(func);
    if (groups == 1)
      return batch;
    std::string why = whyKeptWhole(func, batch);
    if (groups < 0 || (groups > 0 && (!why.empty() || batch % groups != 0))) {
      InFlightDiagnostic error = func.emitError(
          "resnet-select-image-groups: cannot run the ");
      if (batch > 0)
        error << "batch of " << batch;
      else
        error << "model";
      error << " as " << static_cast<int64_t>(groups) << " groups"
            << (why.empty() ? std::string(": groups must divide the batch")
                            : ": " + why);
      return failure();
    }
    if (!why.empty()) {
      LLVM_DEBUG(llvm::dbgs() << "batch kept whole: " << why << "\n");
      return batch;
    }
    if (groups > 0)
      return batch / groups;
    return cheapestGroupImages(func, batch, cpu);
  }

  /// Why the batch of `func` cannot be split; empty when it can.
  static std::string whyKeptWhole(func::FuncOp func, int64_t batch) {
    if (batch <= 1)
      return "one image, or no batch dimension shared by input and output";
    if (!func.getBody().hasOneBlock())
      return "more than one block";
    std::string why;
    for (Operation &op : func.getBody().front())
      if (!keepsImagesApart(&op, batch, why))
        return why;
    return why;
  }

  /// The images per group the estimate takes: the cheapest divisor of the
  /// batch that saves kMinSavedShare of the whole batch's cycles, else the
  /// whole batch.
  int64_t cheapestGroupImages(func::FuncOp func, int64_t batch,
                              const CpuTarget &cpu) {
    SmallVector<LayerFootprint> layers =
        layerFootprints(func, batch, winograd);
    if (layers.empty())
      return batch;
    int64_t best = batch;
    double whole = groupedCycles(layers, batch, batch, cpu);
    double bestCycles = whole;
    for (int64_t images = batch - 1; images >= 1; --images) {
      if (batch % images != 0)
        continue;
      double cycles = groupedCycles(layers, batch, images, cpu);
      LLVM_DEBUG(llvm::dbgs() << "groups of " << images << " images: "
                              << cycles << " cycles\n");
      if (cycles < bestCycles && cycles < (1.0 - kMinSavedShare) * whole) {
        best = images;
        bestCycles = cycles;
      }
    }
    LLVM_DEBUG(llvm::dbgs() << "batch of " << batch << " as groups of " << best
                            << " images (whole batch: " << whole
                            << " cycles, chosen: " << bestCycles << ")\n");
    return best;
  }
};
} // namespace
