//===- ScheduleOptions.cpp - resnet-compile's CPU schedule flags ----------===//
#include "tools/resnet-compile/ScheduleOptions.h"

using namespace llvm;

namespace {
cl::OptionCategory category("CPU schedule (-O2/-O3)");
cl::opt<bool> winograd(
    "winograd", cl::init(true), cl::cat(category),
    cl::desc("at -O3, compute stride-1 3x3 convolutions with Winograd "
             "F(4x4,3x3) / F(2x2,3x3) (default on; --winograd=false keeps "
             "them direct)"));
cl::opt<int> winogradTile(
    "winograd-tile", cl::init(0), cl::cat(category),
    cl::desc("Winograd output tile: 0 (default) F(2x2) where it pays; 4 "
             "F(4x4): faster, ~4x the rounding error; 2 F(2x2) forced"));
cl::opt<double> memoryBudget(
    "memory-budget", cl::init(1.25), cl::cat(category),
    cl::desc("Winograd's transformed filters are chosen so that the "
             "executable's resident memory (weights, transformed filters, "
             "activation arena, runtime) stays within this many times the "
             "weights' bytes for one image, or where the activations "
             "alone exceed that, within what the model needs without "
             "Winograd (default 1.25; 0: no limit)"));
cl::opt<int> winogradRows(
    "winograd-rows", cl::init(0), cl::cat(category), cl::Hidden,
    cl::desc("Winograd layers run their three phases per block of this many "
             "tile rows (0: chosen per layer within --memory-budget)"));
cl::opt<std::string> winogradFilter(
    "winograd-filter", cl::init("auto"), cl::cat(category), cl::Hidden,
    cl::desc("Winograd's transformed filters: stored in the executable, "
             "transformed at each run into the arena (run-time), at each "
             "run a block of filters at a time (run-time-blocks), or auto "
             "(stored, at run time where stored ones exceed the budget)"));
cl::opt<int> accumulatorBlock(
    "accumulator-block", cl::init(64), cl::cat(category),
    cl::desc("at -O2/-O3, sum each dense convolution's and matmul's "
             "products (Winograd's too) in blocks of this many, each in "
             "fresh accumulators added to the running sums: about half the "
             "rounding error of one "
             "accumulator (default 64; 0: one accumulator, up to a few per "
             "cent faster on 16-register AVX2 cores, bench/README \"The "
             "accuracy of blocked accumulators\")"));
cl::opt<std::string> bandFusion(
    "band-fusion", cl::init("off"), cl::cat(category),
    cl::desc("at -O2/-O3, compute bottleneck blocks in row bands whose "
             "intermediates stay in cache: auto (where the cost model says "
             "it pays), on (wherever the bands fit) or off (default: not "
             "faster yet; --report still lists each block's decision and "
             "the cost model's estimates)"));
cl::opt<int> bandRows(
    "band-rows", cl::init(0), cl::cat(category), cl::Hidden,
    cl::desc("band height forced on the blocks it divides (0: per block)"));
cl::opt<int> imageGroups(
    "image-groups", cl::init(0), cl::cat(category),
    cl::desc("at -O2/-O3, run a batch as this many groups of images, the "
             "whole model on one group after the other (1: the whole batch "
             "at once; default 0: as the cost model says, for the whole "
             "model or only its first layers, where a group's activations "
             "stay in L3 and the batch's would not)"));
cl::opt<std::string> ompSchedule(
    "omp-schedule", cl::init("guided"), cl::cat(category),
    cl::desc("with threads: how each layer's tiles are shared out: guided "
             "(default: in shrinking chunks as threads finish them), static "
             "or dynamic"));
cl::opt<int64_t> l1Bytes(
    "l1-bytes", cl::init(0), cl::cat(category), cl::Hidden,
    cl::desc("plan the register tiles for an L1 data cache of this many "
             "bytes per core (12-way from 48 KiB, else 8-way; default 0: "
             "the target's), e.g. to compile on one machine for another"));
} // namespace

cl::OptionCategory &scheduleCategory() { return category; }

void readScheduleOptions(mlir::resnet::CompileOptions &options) {
  options.winograd = winograd;
  options.memoryBudget = memoryBudget;
  options.winogradTile = winogradTile;
  options.winogradRows = winogradRows;
  options.winogradFilter = winogradFilter;
  options.accumulatorBlock = accumulatorBlock;
  options.ompSchedule = ompSchedule;
  options.bandFusion = bandFusion;
  options.bandRows = bandRows;
  options.imageGroups = imageGroups;
  options.l1Bytes = l1Bytes;
}
