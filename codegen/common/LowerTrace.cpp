//===- LowerTrace.cpp - the numerics trace's calls into the runtime -------===//
//
// Each resnet.trace (inserted by --resnet-trace-layers) becomes a call that
// hands the runtime the layer's buffer as it will be after bufferization:
// its aligned pointer, offset, sizes and strides, the latter two permuted
// so that the runtime reads the layer in NCHW order even where the code
// keeps it NHWC, or inside the padded buffer of the next layer. The buffer
// is taken read-only, so bufferization neither copies it nor moves a write
// before the call. runtime/trace.c gathers the elements and writes the .npy.
//
//===----------------------------------------------------------------------===//
#include "codegen/common/Passes.h"
#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_LOWERTRACE
#include "codegen/common/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// The runtime ABI (runtime/trace.h): `void resnet_trace_write(int64_t
/// layer, int64_t data, int64_t offset, int64_t rank, int64_t sizes[4]...,
/// int64_t strides[4]...)`, the table `resnet_trace_count` and
/// `resnet_trace_names`.
constexpr llvm::StringLiteral kTraceWriteFn = "resnet_trace_write";
constexpr llvm::StringLiteral kTraceCountSym = "resnet_trace_count";
constexpr llvm::StringLiteral kTraceNamesSym = "resnet_trace_names";
constexpr int64_t kMaxTraceRank = 4;
constexpr unsigned kTraceWriteArgs = 4 + 2 * kMaxTraceRank;

/// The value whose buffer holds the traced tensor, and for each dimension
/// of the traced tensor the dimension of that value: the input of a
/// transpose (the NHWC layer behind its NCHW view), else the tensor itself.
std::pair<Value, SmallVector<int64_t>> tracedStorage(Value traced) {
  auto type = cast<RankedTensorType>(traced.getType());
  auto transpose = traced.getDefiningOp<linalg::TransposeOp>();
  if (transpose && transpose.hasPureTensorSemantics())
    return {transpose.getInput(),
            SmallVector<int64_t>(transpose.getPermutation())};
  return {traced, llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()))};
}

struct LowerTracePass : public resnet::impl::LowerTraceBase<LowerTracePass> {
  void runOnOperation() override;

  void lower(TraceOp trace, int64_t index, func::FuncOp callee);
};
} // namespace

void LowerTracePass::lower(TraceOp trace, int64_t index,
                           func::FuncOp callee) {
  OpBuilder b(trace);
  Location loc = trace.getLoc();
  auto [storage, dims] = tracedStorage(trace.getInput());
  auto storageType = cast<RankedTensorType>(storage.getType());
  int64_t rank = storageType.getRank();
  SmallVector<int64_t> dynamicStrides(rank, ShapedType::kDynamic);
  auto layout = StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic,
                                       dynamicStrides);
  auto memrefType = MemRefType::get(storageType.getShape(),
                                    storageType.getElementType(), layout);
  Value buffer = bufferization::ToBufferOp::create(b, loc, memrefType, storage,
                                                   /*read_only=*/true);
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
  Value pointer =
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);

  auto i64 = b.getI64Type();
  auto toI64 = [&](Value index) -> Value {
    return arith::IndexCastOp::create(b, loc, i64, index);
  };
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIntOp::create(b, loc, value, 64);
  };
  SmallVector<Value> args = {constant(index), toI64(pointer),
                             toI64(metadata.getOffset()), constant(rank)};
  ArrayRef<int64_t> shape = storageType.getShape();
  for (int64_t d = 0; d < kMaxTraceRank; ++d)
    args.push_back(constant(d < rank ? shape[dims[d]] : 1));
  for (int64_t d = 0; d < kMaxTraceRank; ++d)
    args.push_back(d < rank ? toI64(metadata.getStrides()[dims[d]])
                            : constant(0));
  func::CallOp::create(b, loc, callee, args);
  trace.erase();
}

void LowerTracePass::runOnOperation() {
  ModuleOp module = getOperation();
  SmallVector<TraceOp> traces;
  module.walk([&](TraceOp trace) { traces.push_back(trace); });
  if (traces.empty())
    return;
  for (StringRef symbol : {kTraceWriteFn, kTraceCountSym, kTraceNamesSym}) {
    if (SymbolTable::lookupSymbolIn(module, symbol)) {
      module.emitError("module already has a numerics trace ('")
          << symbol << "' exists)";
      return signalPassFailure();
    }
  }
  for (TraceOp trace : traces) {
    if (trace.getInput().getType().getRank() > kMaxTraceRank) {
      trace.emitOpError("traces tensors of rank ")
          << kMaxTraceRank << " at most";
      return signalPassFailure();
    }
  }

  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto i64 = builder.getI64Type();
  auto callee = func::FuncOp::create(
      builder, module.getLoc(), kTraceWriteFn,
      builder.getFunctionType(SmallVector<Type>(kTraceWriteArgs, i64), {}));
  callee.setPrivate();

  std::string names;
  for (auto [index, trace] : llvm::enumerate(traces)) {
    names += trace.getName();
    names.push_back('\0');
    lower(trace, index, callee);
  }
  names.push_back('\0');
  Location loc = builder.getUnknownLoc();
  LLVM::GlobalOp::create(builder, loc, i64, /*isConstant=*/true,
                         LLVM::Linkage::External, kTraceCountSym,
                         builder.getI64IntegerAttr(traces.size()));
  LLVM::GlobalOp::create(
      builder, loc, LLVM::LLVMArrayType::get(builder.getI8Type(), names.size()),
      /*isConstant=*/true, LLVM::Linkage::External, kTraceNamesSym,
      builder.getStringAttr(names));
}
