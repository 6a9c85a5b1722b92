//===- ModelReport.cpp - what resnet-compile tells about a model ----------===//
#include "codegen/common/ModelReport.h"
#include "dialect/ResNetDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/JSON.h"

#include <cmath>

using namespace mlir;
using namespace mlir::resnet;

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static LayerReport describe(Operation *op) {
  LayerReport layer;
  layer.op = op->getName().getStringRef().str();
  llvm::raw_string_ostream loc(layer.location);
  op->getLoc().print(loc);
  auto out = cast<RankedTensorType>(op->getResult(0).getType());
  layer.outputShape.assign(out.getShape().begin(), out.getShape().end());
  // 2 per multiply-add for convolutions and linear layers, 1 per output
  // element otherwise (FlopCountOpInterface); blocks are expanded by now.
  auto counted = dyn_cast<FlopCountOpInterface>(op);
  layer.flops = counted ? counted.getFlopCount() : product(out.getShape());
  return layer;
}

ModelReport resnet::collectModelReport(ModuleOp module) {
  ModelReport report;
  OwningOpRef<ModuleOp> copy = module.clone();
  PassManager pm(module.getContext());
  pm.addNestedPass<func::FuncOp>(createExpandBlocks());
  if (failed(pm.run(*copy)))
    return report;
  copy->walk([&](Operation *op) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      if (auto type = dyn_cast<RankedTensorType>(constant.getType()))
        report.weightBytes += product(type.getShape()) * 4;
      return;
    }
    if (!isa<ResNetDialect>(op->getDialect()) || op->getNumResults() != 1)
      return;
    report.layers.push_back(describe(op));
    report.totalFlops += report.layers.back().flops;
  });
  return report;
}

static void writeKernel(llvm::json::OStream &json,
                        const KernelReport &kernel) {
  auto list = [&](llvm::StringRef key, llvm::ArrayRef<int64_t> values) {
    json.attributeArray(key, [&] {
      for (int64_t v : values)
        json.value(v);
    });
  };
  json.attribute("name", kernel.name);
  json.attribute("location", kernel.location);
  list("block_tile", kernel.block);
  list("thread_tile", kernel.thread);
  json.attribute("threads_per_block", kernel.threads);
  json.attribute("blocks", kernel.blocks);
  json.attribute("outputs_per_thread", kernel.outputsPerThread);
  list("k_slices", kernel.slices);
  json.attribute("shared_bytes", kernel.sharedBytes);
  json.attribute("registers", kernel.registers);
  json.attribute("spill_bytes", kernel.spillBytes);
  json.attribute("stack_bytes", kernel.stackBytes);
  json.attribute("blocks_per_sm", kernel.blocksPerSM);
  json.attribute("occupancy",
                 std::round(kernel.occupancy * 1000.0) / 1000.0);
  json.attribute("occupancy_limiter", kernel.occupancyLimiter);
  json.attribute("loop_fmas", kernel.loopFmas);
  json.attribute("loop_shared_loads", kernel.loopSharedLoads);
  json.attribute("loop_shared_vector_loads", kernel.loopSharedVectorLoads);
  json.attribute("loop_global_loads", kernel.loopGlobalLoads);
  json.attribute("loop_global_fma_loads", kernel.loopGlobalFmaLoads);
  json.attribute("loop_div_rem", kernel.loopDivRem);
  json.attribute("fmas_per_shared_load",
                 kernel.loopSharedLoads
                     ? std::round(100.0 * kernel.loopFmas /
                                  kernel.loopSharedLoads) /
                           100.0
                     : 0.0);
}

void resnet::writeModelReport(llvm::raw_ostream &os, const ModelReport &report,
                              const ModelSignature &signature) {
  llvm::json::OStream json(os, 2);
  auto list = [&](StringRef key, ArrayRef<int64_t> values) {
    json.attributeArray(key, [&] {
      for (int64_t v : values)
        json.value(v);
    });
  };
  json.object([&] {
    json.attribute("name", signature.name);
    json.attribute("entry", signature.entrySymbol());
    list("input_shape", signature.inputShape);
    list("output_shape", signature.outputShape);
    // The batch runs as this many groups of images, one after the other
    // (the arena, tiles and bands below are one group's).
    json.attribute("image_groups", signature.imageGroups);
    json.attribute("opt_level", static_cast<int64_t>(report.optLevel));
    json.attribute("target", report.target);
    if (report.accumulatorBlock >= 0)
      json.attribute("accumulator_block", report.accumulatorBlock);
    if (!report.cpuTarget.empty())
      json.attributeObject("cpu_target", [&] {
        for (const auto &[key, value] : report.cpuTarget)
          json.attribute(key, value);
      });
    json.attribute("total_flops", report.totalFlops);
    json.attribute("weight_bytes", report.weightBytes);
    json.attribute("binary_bytes", static_cast<int64_t>(report.binaryBytes));
    // The activation arena (--resnet-plan-arena): its size, the sum of the
    // activations it holds (the size without reuse), the allocations left
    // out of it.
    json.attribute("arena_bytes", signature.arena.bytes);
    json.attribute("arena_alignment", signature.arena.alignment);
    json.attribute("arena_unshared_bytes", signature.arena.unsharedBytes);
    json.attribute("arena_unplanned_allocs", signature.arena.unplannedAllocs);
    // Each CPU layer's #resnet.tile (-O2+): tiles in NHWC / [M, N] order.
    json.attributeArray("tiles", [&] {
      for (const TileReport &tile : report.tiles)
        json.object([&] {
          json.attribute("op", tile.op);
          json.attribute("location", tile.location);
          list("tiles", tile.tiles);
          list("reduction_tiles", tile.reductionTiles);
          json.attribute("fused_epilogue", tile.fusedEpilogue);
          json.attribute("parallel", tile.parallel);
          list("interchange", tile.interchange);
          json.attribute("row_block", tile.rowBlock);
          json.attribute("winograd", tile.winograd);
          json.attribute("prefetch_weights", tile.prefetchWeights);
          json.attribute("prefetch_spread", tile.prefetchSpread);
          json.attribute("prefetch_input", tile.prefetchInput);
          json.attribute("runtime_filter", tile.runtimeFilter);
          json.attribute("parallel_blocks", tile.parallelBlocks);
          json.attribute("worker_blocks", tile.workerBlocks);
          json.attribute("register_rows", tile.registerRows);
          json.attribute("filter_block", tile.filterBlock);
          json.attribute("estimated_cycles",
                         static_cast<int64_t>(tile.estimatedCycles));
        });
    });
    // Each GPU kernel (--target=cuda): its #resnet_gpu.tile, ptxas -v's
    // registers, spills and shared memory, the occupancy they allow, and
    // the loads and FMAs of its innermost FMA loop in the PTX.
    if (!report.kernels.empty())
      json.attributeArray("kernels", [&] {
        for (const KernelReport &kernel : report.kernels)
          json.object([&] { writeKernel(json, kernel); });
      });
    // Each CPU bottleneck block's #resnet.band (-O2+): fused in bands of
    // `rows` output rows or not, the estimates and why.
    json.attributeArray("bands", [&] {
      for (const BandReport &band : report.bands)
        json.object([&] {
          json.attribute("location", band.location);
          json.attribute("fused", band.rows > 0);
          json.attribute("rows", band.rows);
          json.attribute("scratch_bytes", band.scratchBytes);
          json.attribute("estimated_cycles_fused", band.fusedCycles);
          json.attribute("estimated_cycles_unfused", band.unfusedCycles);
          json.attribute("why", band.why);
        });
    });
    json.attributeArray("layers", [&] {
      for (const LayerReport &layer : report.layers)
        json.object([&] {
          json.attribute("op", layer.op);
          json.attribute("location", layer.location);
          list("output_shape", layer.outputShape);
          json.attribute("flops", layer.flops);
        });
    });
  });
  os << "\n";
}
