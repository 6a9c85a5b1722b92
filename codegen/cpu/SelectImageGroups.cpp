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
// Most of that gain is in the first layers (large activations, few
// weights) and most of the cost in the last (few activations, large
// weights): the model may also be cut after a layer whose result is the
// only live value (a block's output), the layers before it run as groups
// and those after it on the whole batch (--resnet-group-prefix).
//
// The pass estimates those costs for each b dividing B and each cut (the
// whole model included) from the target description, as one core sees
// them, and takes the cheapest (the largest b on a tie) when it saves at
// least kMinSavedShare of the whole batch's estimate. For the whole model
// it re-specializes the function to b images and records
// `resnet.image_groups = B / b` on it: the C entry point
// (codegen/common/ModelAbi.cpp) calls the body once per group, on
// consecutive images of the input and output. For a cut it marks the
// layer with `resnet.prefix_groups = B / b`. Only models whose every op
// treats the images of a batch independently are split. resnet-compile
// runs it after the graph passes (the layers are the fused ones) unless
// --image-groups says otherwise.
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

/// `op`'s footprint at `batch` images. A Winograd candidate counts as
/// F(2x2,3x3), the tile the selection takes where it pays: 16
/// multiply-adds per 36 direct ones, on transformed weights 16/9 the size.
LayerFootprint footprintOf(Operation *op, int64_t batch, bool winograd) {
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
  return layer;
}

/// The layers of `func` (blocks expanded), in order: its top-level ops
/// that compute.
SmallVector<Operation *> layersOf(func::FuncOp func) {
  SmallVector<Operation *> layers;
  for (Operation &op : func.getBody().front())
    if (isa<ResNetDialect>(op.getDialect()) && op.getNumResults() != 0)
      layers.push_back(&op);
  return layers;
}

/// The layers after which the model may be cut, as indices into `layers`:
/// where the only value the rest of the model uses is that layer's
/// result, batch-major, and the input is no longer read. The last layer
/// (the whole model) is not a cut.
SmallVector<int64_t> cutsOf(func::FuncOp func, ArrayRef<Operation *> layers,
                            int64_t batch) {
  DenseMap<Operation *, int64_t> position;
  for (auto [index, op] : llvm::enumerate(layers))
    position[op] = static_cast<int64_t>(index);
  auto lastUse = [&](Value value) {
    int64_t last = -1;
    for (Operation *user : value.getUsers()) {
      auto it = position.find(user);
      last = std::max(last, it == position.end()
                                ? static_cast<int64_t>(layers.size())
                                : it->second);
    }
    return last;
  };
  Value input = func.getBody().front().getArgument(0);
  int64_t inputLast = lastUse(input);
  SmallVector<int64_t> lastUses;
  for (Operation *op : layers)
    lastUses.push_back(op->getNumResults() == 1 ? lastUse(op->getResult(0))
                                                : INT64_MAX);
  SmallVector<int64_t> cuts;
  // The last use of any result before layer i.
  int64_t earlierLast = -1;
  for (int64_t i = 0; i + 1 < static_cast<int64_t>(layers.size()); ++i) {
    auto type = dyn_cast<RankedTensorType>(layers[i]->getResult(0).getType());
    if (inputLast <= i && lastUses[i] > i && earlierLast <= i && type &&
        type.getRank() >= 1 && type.getDimSize(0) == batch)
      cuts.push_back(i);
    earlierLast = std::max(earlierLast, lastUses[i]);
  }
  return cuts;
}

/// Cycles a batch of `batch` images takes, run as groups of `images`, in
/// what the grouping changes. Per group and layer: the multiply-adds, plus
/// the weights' stream from beyond L2 (the first sweep of each block of
/// them waits for it: a layer reads its weights again for each group);
/// plus the activations of a layer whose group working set overflows half
/// of the core's share of L3 (the rest holds the weights and what the
/// other layers left), streamed from memory (its tiles wait for them: the
/// input was written a whole group of images ago). A working set within
/// it streams from L3 while the layer computes (forward runs the
/// prefetchers follow): ResNet-50 at batch 8 in groups of one image ran
/// most layers of its first three stages 2-28 % faster (a 56x56 layer's
/// 7 MB in L3 instead of 58 MB from memory) and its fourth stage's up to
/// 18 % slower, reading their weights (2-9 MiB a layer) once per image
/// (bench/README "A batch's first layers as groups of images"); plus a
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
    perGroup += compute + weights;
    int64_t groupBytes = layer.imageBytes * images;
    if (groupBytes > target.l3Bytes / std::max<int64_t>(target.cores, 1) / 2)
      perGroup += target.streamCycles(groupBytes, /*inL2=*/false);
    if (target.cores > 1)
      perGroup += CpuTarget::kForkJoinCycles;
  }
  return perGroup * static_cast<double>(batch / images);
}

/// What the choice takes: groups of `images` images, for the whole model
/// (`cut` < 0) or for its layers up to `cut` (an index into its layers).
struct GroupChoice {
  int64_t images = 0;
  int64_t cut = -1;
};

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
    if (l3Bytes > 0)
      cpu->l3Bytes = l3Bytes;
    FailureOr<GroupChoice> choice = selectGroups(func, *cpu);
    if (failed(choice))
      return signalPassFailure();
    int64_t batch = batchOf(func);
    if (choice->images == batch)
      return;
    auto groupCount = IntegerAttr::get(IntegerType::get(&getContext(), 64),
                                       batch / choice->images);
    if (choice->cut >= 0) {
      layersOf(func)[choice->cut]->setAttr(kPrefixGroupsAttr, groupCount);
      return;
    }
    if (failed(setBatchSize(func, choice->images)))
      return signalPassFailure();
    func->setAttr(kImageGroupsAttr, groupCount);
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

  /// The groups: `groups` forced (the whole model), else the cost
  /// model's; the whole batch when the model cannot be split.
  FailureOr<GroupChoice> selectGroups(func::FuncOp func,
                                      const CpuTarget &cpu) {
    int64_t batch = batchOf(func);
    if (groups == 1)
      return GroupChoice{batch};
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
      return GroupChoice{batch};
    }
    if (groups > 0)
      return GroupChoice{batch / groups};
    // The cuts are between layers: blocks are expanded here, as the graph
    // passes that follow would.
    OpPassManager expand(func::FuncOp::getOperationName());
    expand.addPass(createExpandBlocks());
    if (failed(runPipeline(expand, func)))
      return failure();
    return cheapestGroups(func, batch, cpu);
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

  /// The groups the estimate takes: of the divisors b of the batch and the
  /// cuts (the whole model included), the cheapest that saves
  /// kMinSavedShare of the whole batch's cycles, else the whole batch. A
  /// cut runs the layers up to it as groups of b and those after it on
  /// the whole batch: the early layers' activations stay in cache, the late
  /// layers' weights are read once.
  GroupChoice cheapestGroups(func::FuncOp func, int64_t batch,
                             const CpuTarget &cpu) {
    SmallVector<Operation *> ops = layersOf(func);
    SmallVector<LayerFootprint> layers;
    for (Operation *op : ops)
      layers.push_back(footprintOf(op, batch, winograd));
    if (layers.empty())
      return GroupChoice{batch};
    SmallVector<int64_t> cuts = cutsOf(func, ops, batch);
    ArrayRef<LayerFootprint> all(layers);
    double whole = groupedCycles(all, batch, batch, cpu);
    GroupChoice best{batch};
    double bestCycles = whole;
    auto consider = [&](GroupChoice choice, double cycles) {
      if (cycles < bestCycles && cycles < (1.0 - kMinSavedShare) * whole) {
        best = choice;
        bestCycles = cycles;
      }
    };
    for (int64_t images = batch - 1; images >= 1; --images) {
      if (batch % images != 0)
        continue;
      double cycles = groupedCycles(all, batch, images, cpu);
      LLVM_DEBUG(llvm::dbgs() << "groups of " << images << " images: "
                              << cycles << " cycles\n");
      consider(GroupChoice{images}, cycles);
      for (int64_t cut : cuts) {
        double prefixCycles =
            groupedCycles(all.take_front(cut + 1), batch, images, cpu) +
            groupedCycles(all.drop_front(cut + 1), batch, batch, cpu);
        LLVM_DEBUG(llvm::dbgs() << "  up to layer " << cut << " ("
                                << ops[cut]->getLoc() << "): "
                                << prefixCycles << " cycles\n");
        consider(GroupChoice{images, cut}, prefixCycles);
      }
    }
    LLVM_DEBUG(llvm::dbgs() << "batch of " << batch << " as groups of "
                            << best.images << " images"
                            << (best.cut >= 0 ? " up to layer " +
                                                    std::to_string(best.cut)
                                              : std::string())
                            << " (whole batch: " << whole
                            << " cycles, chosen: " << bestCycles << ")\n");
    return best;
  }
};
} // namespace
