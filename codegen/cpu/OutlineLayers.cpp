//===- OutlineLayers.cpp - one function per distinct layer tile loop ------===//
//
// LLVM optimizes and compiles every layer's tile loop (its OpenMP outlined
// function) on its own, so compile time grows with the layer count:
// ResNet-152 has 50 bottleneck blocks, ResNet-50 16, yet stage 3's 35
// blocks of ResNet-152 are the same code reading other weights and writing
// other parts of the arena. Each top-level scf.forall moves into a private
// function whose arguments are the values it uses from outside (activation
// views of the arena, weights, inputs); constants are cloned in, so loop
// bounds, strides and the #resnet.tile stay compile-time constants. Layers
// whose functions come out the same call one of them, and LLVM compiles
// one copy.
//
// The tile loop already reached its buffers through pointers passed to the
// OpenMP outlined function; only the weights change from global addresses
// to pointers, which the kernels load from the same way.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "resnet-outline-layers"

namespace mlir::resnet {
#define GEN_PASS_DEF_OUTLINELAYERS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

/// A value defined by a constant op without operands: cloned into the
/// function rather than passed, so that it stays a constant there.
bool isClonableConstant(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         matchPattern(value, m_Constant());
}

/// Whether a function argument of this type survives the bare-pointer
/// calling convention of the LLVM lowering: a memref whose shape, strides
/// and offset are static (the callee rebuilds its descriptor from the
/// type), or a scalar.
bool isPassable(Type type) {
  if (auto memref = dyn_cast<MemRefType>(type)) {
    SmallVector<int64_t> strides;
    int64_t offset;
    return memref.hasStaticShape() &&
           succeeded(memref.getStridesAndOffset(strides, offset)) &&
           ShapedType::isStatic(offset) &&
           llvm::all_of(strides, ShapedType::isStatic);
  }
  return type.isIntOrIndexOrFloat();
}

/// What a tile loop uses from outside itself, in order of first use (so
/// that two equal loops list their values in the same order).
struct Captures {
  llvm::SetVector<Value> arguments;
  llvm::SetVector<Value> constants;
};

FailureOr<Captures> collectCaptures(scf::ForallOp forall) {
  Captures captures;
  WalkResult result = forall->walk([&](Operation *op) {
    for (Value operand : op->getOperands()) {
      // Defined in the loop (its region or one nested in it), or outside.
      if (forall->isAncestor(operand.getParentRegion()->getParentOp()))
        continue;
      if (isClonableConstant(operand)) {
        captures.constants.insert(operand);
        continue;
      }
      if (!isPassable(operand.getType()))
        return WalkResult::interrupt();
      captures.arguments.insert(operand);
    }
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  return captures;
}

/// A hash of `func`'s body that equal bodies share: ops, attributes,
/// properties and result types, not the value names nor locations.
llvm::hash_code structuralHash(func::FuncOp func) {
  llvm::hash_code hash = hash_value(func.getFunctionType());
  func.getBody().walk([&](Operation *op) {
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  op, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::IgnoreLocations));
  });
  return hash;
}

bool sameBody(func::FuncOp a, func::FuncOp b) {
  return a.getFunctionType() == b.getFunctionType() &&
         OperationEquivalence::isRegionEquivalentTo(
             &a.getBody(), &b.getBody(),
             OperationEquivalence::IgnoreLocations);
}

struct OutlineLayersPass
    : public resnet::impl::OutlineLayersBase<OutlineLayersPass> {
  void runOnOperation() override;

  /// `forall` as a call to a new function named after `parent`, placed
  /// after `previous`.
  func::CallOp outline(scf::ForallOp forall, const Captures &captures,
                       func::FuncOp parent, Operation *previous,
                       unsigned index, SymbolTable &symbols);
};

func::CallOp OutlineLayersPass::outline(scf::ForallOp forall,
                                        const Captures &captures,
                                        func::FuncOp parent,
                                        Operation *previous, unsigned index,
                                        SymbolTable &symbols) {
  MLIRContext *ctx = &getContext();
  SmallVector<Type> argumentTypes;
  for (Value value : captures.arguments)
    argumentTypes.push_back(value.getType());
  OpBuilder builder(ctx);
  builder.setInsertionPointAfter(previous);
  auto func = func::FuncOp::create(
      builder, forall.getLoc(),
      (parent.getSymName() + "_layer" + Twine(index)).str(),
      builder.getFunctionType(argumentTypes, {}));
  func.setPrivate();
  // Private to the object: never exported from a library, never clashing
  // with another model's.
  func->setAttr("llvm.linkage",
                LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  symbols.insert(func); // Renamed if the name is taken.

  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  IRMapping mapping;
  for (auto [value, argument] :
       llvm::zip_equal(captures.arguments, entry->getArguments()))
    mapping.map(value, argument);
  for (Value constant : captures.constants)
    mapping.map(constant, builder.clone(*constant.getDefiningOp())
                              ->getResult(cast<OpResult>(constant)
                                              .getResultNumber()));
  builder.clone(*forall, mapping);
  func::ReturnOp::create(builder, forall.getLoc());

  builder.setInsertionPoint(forall);
  auto call = func::CallOp::create(builder, forall.getLoc(), func,
                                   captures.arguments.getArrayRef());
  forall.erase();
  return call;
}

void OutlineLayersPass::runOnOperation() {
  ModuleOp module = getOperation();
  SymbolTable symbols(module);
  SmallVector<func::FuncOp> parents(module.getOps<func::FuncOp>());
  // Each new function has one call: its own loop's.
  SmallVector<std::pair<func::FuncOp, func::CallOp>> outlined;
  for (func::FuncOp parent : parents) {
    if (parent.isExternal())
      continue;
    SmallVector<scf::ForallOp> loops;
    for (Block &block : parent.getBody())
      for (auto forall : block.getOps<scf::ForallOp>())
        loops.push_back(forall);
    Operation *previous = parent; // The functions follow in loop order.
    for (scf::ForallOp forall : loops) {
      FailureOr<Captures> captures = collectCaptures(forall);
      if (failed(captures) || forall.getNumResults() != 0) {
        LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] kept in place (a value "
                                   "no argument can carry): "
                                << forall.getLoc() << "\n");
        continue;
      }
      func::CallOp call = outline(forall, *captures, parent, previous,
                                  outlined.size(), symbols);
      auto func = symbols.lookup<func::FuncOp>(call.getCallee());
      outlined.push_back({func, call});
      previous = func;
    }
  }

  // Equal functions: the calls go to the first, the others are erased.
  llvm::MapVector<llvm::hash_code,
                  SmallVector<std::pair<func::FuncOp, func::CallOp>>>
      buckets;
  for (auto &entry : outlined)
    buckets[structuralHash(entry.first)].push_back(entry);
  unsigned shared = 0;
  for (auto &bucket : buckets) {
    SmallVector<func::FuncOp> kept;
    for (auto [func, call] : bucket.second) {
      auto same = llvm::find_if(
          kept, [&](func::FuncOp other) { return sameBody(func, other); });
      if (same == kept.end()) {
        kept.push_back(func);
        continue;
      }
      call.setCallee(same->getSymName());
      symbols.erase(func);
      ++shared;
    }
  }
  LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] " << outlined.size()
                          << " tile loops, " << outlined.size() - shared
                          << " distinct functions\n");
}

} // namespace
