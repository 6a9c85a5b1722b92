//===- ProfileInstrument.cpp - time each layer of the lowered model -------===//
//
// After bufferization a layer is one or a few top-level ops of the function
// (loop nests, linalg ops on memrefs, scf.forall / OpenMP regions, copies).
// Each maximal run of top-level ops that belong to the same layer (found
// from the locations --resnet-profile-mark-layers left) is bracketed by
// resnet_prof_begin(i) / resnet_prof_end(i) on the calling thread, so a
// multi-threaded layer is timed as a whole. Ops that compute nothing
// (allocations, views, constants) do not split a run.
//
//===----------------------------------------------------------------------===//
#include "codegen/common/ModelAbi.h"
#include "codegen/common/Passes.h"
#include "passes/Profile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PROFILEINSTRUMENT
#include "codegen/common/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

static bool isLayer(Attribute attr) {
  auto dict = dyn_cast_or_null<DictionaryAttr>(attr);
  return dict && dict.contains(kProfileLayerAttr);
}

/// The layer marked on `loc`, if any.
static DictionaryAttr layerAt(Location loc) {
  DictionaryAttr layer;
  loc->walk([&](Location inner) {
    auto fused = dyn_cast<FusedLoc>(inner);
    if (!fused || !isLayer(fused.getMetadata()))
      return WalkResult::advance();
    layer = cast<DictionaryAttr>(fused.getMetadata());
    return WalkResult::interrupt();
  });
  return layer;
}

/// Multiply-adds: the ops that say which layer's arithmetic a loop nest
/// does (a fused epilogue's reads of a residual carry its producer's
/// location, but do not make the nest that producer's).
static bool multiplies(Operation *op) {
  return isa<linalg::LinalgOp, arith::MulFOp, math::FmaOp, vector::FMAOp,
             vector::ContractionOp, vector::OuterProductOp>(op);
}

/// The layers a top-level op computes, in order of appearance: those of its
/// multiply-adds (several when a transformation fused layers into one loop
/// nest), else the first layer marked in it (copies, pools, ReLUs).
static SmallVector<DictionaryAttr> layersOf(Operation *op) {
  llvm::SetVector<DictionaryAttr> layers;
  DictionaryAttr first;
  op->walk<WalkOrder::PreOrder>([&](Operation *inner) {
    DictionaryAttr layer = layerAt(inner->getLoc());
    if (!layer)
      return;
    if (!first)
      first = layer;
    if (multiplies(inner))
      layers.insert(layer);
  });
  if (layers.empty() && first)
    layers.insert(first);
  return layers.takeVector();
}

/// Ops that take time: loop nests and other region ops, writes, calls.
static bool computes(Operation &op) {
  if (op.hasTrait<OpTrait::IsTerminator>())
    return false;
  return op.getNumRegions() > 0 || isa<CallOpInterface>(op) ||
         hasEffect<MemoryEffects::Write>(&op);
}

namespace {
/// The profile's entries, in order of first appearance. An entry is one
/// layer (its dictionary), layers fused into one loop nest (an ArrayAttr of
/// dictionaries) or the name of an op that no layer claims.
struct LayerTable {
  SmallVector<Attribute> entries;
  llvm::DenseMap<Attribute, int64_t> indices;

  int64_t indexOf(Attribute key) {
    auto [it, added] = indices.try_emplace(key, entries.size());
    if (added)
      entries.push_back(key);
    return it->second;
  }

  /// By value: a lone layer is not an array the result could point into.
  static SmallVector<Attribute, 1> layersIn(Attribute entry) {
    if (auto fused = dyn_cast<ArrayAttr>(entry))
      return llvm::to_vector<1>(fused.getValue());
    if (isLayer(entry))
      return {entry};
    return {};
  }

  /// "conv ... + conv ..." for fused layers, "(op name)" for unclaimed ops.
  static std::string nameOf(Attribute entry) {
    if (auto op = dyn_cast<StringAttr>(entry))
      return ("(" + op.getValue() + ")").str();
    SmallVector<StringRef> names;
    for (Attribute layer : layersIn(entry))
      if (auto name = cast<DictionaryAttr>(layer).getAs<StringAttr>("name"))
        names.push_back(name.getValue());
    return llvm::join(names, " + ");
  }

  /// Each layer's FLOPs are counted once: in the first entry that fuses it
  /// with others (where its loops run), else in its own entry.
  SmallVector<int64_t> flops() const {
    llvm::DenseMap<Attribute, size_t> home;
    for (auto [index, entry] : llvm::enumerate(entries))
      for (Attribute layer : layersIn(entry))
        if (auto [it, added] = home.try_emplace(layer, index);
            !added && isa<ArrayAttr>(entry) && !isa<ArrayAttr>(entries[it->second]))
          it->second = index;
    SmallVector<int64_t> result(entries.size(), 0);
    for (auto [layer, index] : home)
      if (auto flops = cast<DictionaryAttr>(layer).getAs<IntegerAttr>("flops"))
        result[index] += flops.getInt();
    return result;
  }
};

struct ProfileInstrumentPass
    : public resnet::impl::ProfileInstrumentBase<ProfileInstrumentPass> {
  void runOnOperation() override;

  void instrument(func::FuncOp func, LayerTable &table);
  void emitTable(OpBuilder &builder, const LayerTable &table);

  func::FuncOp beginFn, endFn;
};
} // namespace

/// The profile entry of a top-level compute op (see LayerTable).
static Attribute entryOf(Operation *op) {
  SmallVector<DictionaryAttr> layers = layersOf(op);
  if (layers.empty())
    return StringAttr::get(op->getContext(), op->getName().getStringRef());
  if (layers.size() == 1)
    return layers.front();
  return ArrayAttr::get(op->getContext(),
                        SmallVector<Attribute>(layers.begin(), layers.end()));
}

void ProfileInstrumentPass::instrument(func::FuncOp func, LayerTable &table) {
  // Runs of compute ops of one entry: [first, last].
  struct Run {
    Operation *first, *last;
    Attribute entry;
  };
  SmallVector<Run> runs;
  for (Operation &op : func.getBody().front()) {
    if (!computes(op))
      continue;
    Attribute entry = entryOf(&op);
    if (!runs.empty() && runs.back().entry == entry)
      runs.back().last = &op;
    else
      runs.push_back({&op, &op, entry});
  }
  OpBuilder builder(&getContext());
  for (const Run &run : runs) {
    Location loc = run.first->getLoc();
    builder.setInsertionPoint(run.first);
    Value index = arith::ConstantIntOp::create(builder, loc,
                                               table.indexOf(run.entry), 64);
    func::CallOp::create(builder, loc, beginFn, index);
    builder.setInsertionPointAfter(run.last);
    func::CallOp::create(builder, loc, endFn, index);
  }
}

void ProfileInstrumentPass::emitTable(OpBuilder &builder,
                                      const LayerTable &table) {
  std::string names;
  for (Attribute entry : table.entries) {
    names += LayerTable::nameOf(entry);
    names.push_back('\0');
  }
  SmallVector<int64_t> flops = table.flops();
  // Zero-length arrays are not valid LLVM globals: pad an empty table.
  if (flops.empty())
    flops.push_back(0);
  Location loc = builder.getUnknownLoc();
  auto i64 = builder.getI64Type();
  LLVM::GlobalOp::create(builder, loc, i64, /*isConstant=*/true,
                         LLVM::Linkage::External, kProfileCountSym,
                         builder.getI64IntegerAttr(table.entries.size()));
  auto flopsType = RankedTensorType::get(
      {static_cast<int64_t>(flops.size())}, i64);
  LLVM::GlobalOp::create(
      builder, loc, LLVM::LLVMArrayType::get(i64, flops.size()),
      /*isConstant=*/true, LLVM::Linkage::External, kProfileFlopsSym,
      DenseElementsAttr::get(flopsType, ArrayRef<int64_t>(flops)));
  names.push_back('\0');
  LLVM::GlobalOp::create(
      builder, loc, LLVM::LLVMArrayType::get(builder.getI8Type(), names.size()),
      /*isConstant=*/true, LLVM::Linkage::External, kProfileNamesSym,
      builder.getStringAttr(names));
}

void ProfileInstrumentPass::runOnOperation() {
  ModuleOp module = getOperation();
  for (StringRef symbol :
       {kProfileBeginFn, kProfileEndFn, kProfileCountSym}) {
    if (SymbolTable::lookupSymbolIn(module, symbol)) {
      module.emitError("module is already instrumented for profiling ('")
          << symbol << "' exists)";
      return signalPassFailure();
    }
  }
  SmallVector<func::FuncOp> functions;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isPrivate() || func.isExternal())
      continue;
    if (!func.getBody().hasOneBlock()) {
      func.emitError("cannot profile a function body with more than one "
                     "block (run before lowering control flow)");
      return signalPassFailure();
    }
    functions.push_back(func);
  }

  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto hook = [&](StringRef name) {
    auto fn = func::FuncOp::create(
        builder, module.getLoc(), name,
        builder.getFunctionType({builder.getI64Type()}, {}));
    fn.setPrivate();
    return fn;
  };
  beginFn = hook(kProfileBeginFn);
  endFn = hook(kProfileEndFn);
  LayerTable table;
  // The layers were named on the whole batch, before a batch run as
  // groups of images (resnet.image_groups: the body called once per group;
  // --resnet-group-prefix: a layer's clones, one per group) shares their
  // names: each layer's time is the sum over its groups, its FLOPs the
  // whole batch's.
  for (func::FuncOp func : functions)
    instrument(func, table);
  emitTable(builder, table);
}
