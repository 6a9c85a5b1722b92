//===- PlanArena.cpp - static temporaries in one caller-provided arena ----===//
//
// After bufferization a network's activations are memref.allocs in the
// entry function's body, malloc'ed and freed on every call. Their sizes and
// lifetimes are known at compile time, so they are placed here, once, in
// one workspace buffer that the caller owns: no allocation at run time, a
// peak footprint close to the largest set of simultaneously live
// activations, and any number of concurrent calls on distinct workspaces.
//
//===----------------------------------------------------------------------===//
#include "codegen/common/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_PLANARENA
#include "codegen/common/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// One allocation placed in the arena.
struct Buffer {
  Operation *alloc;
  int64_t bytes;       // rounded up to the alignment
  int64_t first, last; // positions of the first and last top-level users
  int64_t offset = -1;
};

int64_t alignTo(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// Size of a static memref in bytes, or -1 when its elements have no byte
/// size.
int64_t byteSize(MemRefType type) {
  Type element = type.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8)
    return -1;
  return type.getNumElements() * (element.getIntOrFloatBitWidth() / 8);
}

/// Plans one function: finds the buffers, their lifetimes and offsets.
class ArenaPlanner {
public:
  ArenaPlanner(Block &body, int64_t alignment)
      : body(body), alignment(alignment) {
    int64_t index = 0;
    for (Operation &op : body)
      position[&op] = index++;
  }

  /// A Buffer for `alloc`, or failure with the reason in `why`.
  FailureOr<Buffer> analyze(Operation *alloc, std::string &why) {
    auto type = cast<MemRefType>(alloc->getResult(0).getType());
    if (alloc->getBlock() != &body)
      return why = "allocated inside a region, not in the function's body",
             failure();
    if (!type.hasStaticShape())
      return why = "dynamic shape", failure();
    if (!type.getLayout().isIdentity() || type.getMemorySpace())
      return why = "not an identity-layout memref in the default memory "
                   "space",
             failure();
    int64_t bytes = byteSize(type);
    if (bytes < 0)
      return why = "element type without a byte size", failure();
    if (auto requested = alloc->getAttrOfType<IntegerAttr>("alignment");
        requested && requested.getInt() > alignment)
      return why = "asks for more alignment than the arena's", failure();
    Buffer buffer{alloc, alignTo(bytes, alignment), position[alloc],
                  position[alloc]};
    if (failed(findLifetime(alloc->getResult(0), buffer, why)))
      return failure();
    return buffer;
  }

  /// Assigns offsets, largest buffer first, each in the smallest free gap
  /// among the buffers alive at the same time (else above them all);
  /// returns the arena size.
  static int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
    SmallVector<Buffer *> order;
    for (Buffer &buffer : buffers)
      order.push_back(&buffer);
    llvm::stable_sort(order, [](const Buffer *a, const Buffer *b) {
      return a->bytes > b->bytes;
    });
    int64_t arenaBytes = 0;
    SmallVector<Buffer *> placed;
    for (Buffer *buffer : order) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *other : placed)
        if (other->first <= buffer->last && buffer->first <= other->last)
          busy.push_back({other->offset, other->offset + other->bytes});
      llvm::sort(busy);
      int64_t best = -1, bestGap = 0, cursor = 0;
      for (auto [start, end] : busy) {
        int64_t gap = start - cursor;
        if (gap >= buffer->bytes && (best < 0 || gap < bestGap)) {
          best = cursor;
          bestGap = gap;
        }
        cursor = std::max(cursor, end);
      }
      buffer->offset = best >= 0 ? best : cursor;
      arenaBytes = std::max(arenaBytes, buffer->offset + buffer->bytes);
      placed.push_back(buffer);
    }
    return arenaBytes;
  }

private:
  /// Widens `buffer`'s lifetime over every top-level op that uses `root`
  /// or an alias of it. Any memref result of a user is taken as an alias
  /// (views, reshapes, loop results): conservative, and all that is needed
  /// in a single block. Fails when the buffer escapes the function.
  LogicalResult findLifetime(Value root, Buffer &buffer, std::string &why) {
    llvm::SetVector<Value> aliases;
    aliases.insert(root);
    bool used = false;
    for (size_t i = 0; i < aliases.size(); ++i) {
      for (OpOperand &use : aliases[i].getUses()) {
        Operation *user = use.getOwner();
        if (isa<memref::DeallocOp>(user))
          continue;
        if (isa<func::ReturnOp, CallOpInterface>(user))
          return why = "escapes the function (returned or passed to a call)",
                 failure();
        Operation *top = body.findAncestorOpInBlock(*user);
        int64_t at = position[top];
        buffer.first = used ? std::min(buffer.first, at) : at;
        buffer.last = used ? std::max(buffer.last, at) : at;
        used = true;
        for (Operation *op : {user, top, user->getParentOp()})
          if (op && top->isAncestor(op))
            for (Value result : op->getResults())
              if (isa<BaseMemRefType>(result.getType()))
                aliases.insert(result);
      }
    }
    return success();
  }

  Block &body;
  int64_t alignment;
  DenseMap<Operation *, int64_t> position;
};

struct PlanArenaPass : public resnet::impl::PlanArenaBase<PlanArenaPass> {
  using PlanArenaBase::PlanArenaBase;

  void runOnOperation() override {
    if (alignment <= 0 || (alignment & (alignment - 1))) {
      getOperation().emitError("resnet-plan-arena: alignment must be a "
                               "power of two, got ")
          << static_cast<int64_t>(alignment);
      return signalPassFailure();
    }
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal() &&
          failed(planFunction(func)))
        return signalPassFailure();
  }

  LogicalResult planFunction(func::FuncOp func) {
    Region &region = func.getBody();
    if (!region.hasOneBlock())
      return func.emitError("cannot plan the activation arena of a function "
                            "with ")
             << region.getBlocks().size() << " blocks";
    ArenaPlanner planner(region.front(), alignment);
    SmallVector<Buffer> buffers;
    int64_t unplanned = 0;
    func.walk([&](Operation *op) {
      if (!isa<memref::AllocOp, memref::AllocaOp>(op))
        return;
      std::string why;
      FailureOr<Buffer> buffer = planner.analyze(op, why);
      if (succeeded(buffer)) {
        buffers.push_back(*buffer);
        return;
      }
      ++unplanned;
      if (emitRemarks)
        op->emitRemark("left out of the arena: ") << why;
    });
    int64_t arenaBytes = ArenaPlanner::assignOffsets(buffers);
    int64_t unsharedBytes = 0;
    for (const Buffer &buffer : buffers)
      unsharedBytes += buffer.bytes;

    MLIRContext *context = func.getContext();
    auto workspaceType =
        MemRefType::get({arenaBytes}, IntegerType::get(context, 8));
    unsigned index = func.getNumArguments();
    if (failed(func.insertArgument(index, workspaceType, DictionaryAttr(),
                                   func.getLoc())))
      return func.emitError("cannot add the workspace argument");
    Value workspace = func.getArgument(index);
    for (const Buffer &buffer : buffers)
      replaceByView(buffer, workspace);

    Builder builder(context);
    func->setAttr("resnet.arena_bytes", builder.getI64IntegerAttr(arenaBytes));
    func->setAttr("resnet.arena_unshared_bytes",
                  builder.getI64IntegerAttr(unsharedBytes));
    func->setAttr("resnet.arena_unplanned",
                  builder.getI64IntegerAttr(unplanned));
    return success();
  }

  static void replaceByView(const Buffer &buffer, Value workspace) {
    Operation *alloc = buffer.alloc;
    OpBuilder builder(alloc);
    Location loc = alloc->getLoc();
    Value offset =
        arith::ConstantIndexOp::create(builder, loc, buffer.offset);
    auto type = cast<MemRefType>(alloc->getResult(0).getType());
    Value view = memref::ViewOp::create(builder, loc, type, workspace, offset,
                                        ValueRange{});
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    alloc->getResult(0).replaceAllUsesWith(view);
    alloc->erase();
  }
};
} // namespace
