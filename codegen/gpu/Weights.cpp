//===- Weights.cpp - weights in device globals filled at load -------------===//
//
// Weights are not code: the kernels' PTX declares them as uninitialised
// device globals and the host binary carries them once, with a table that
// runtime/cuda uses to fill the globals right after it loads the module.
// Initialised arrays in the PTX would be parsed and assembled by ptxas and
// then carried again inside the cubin (hundreds of MB for ResNet-50).
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUEXTERNWEIGHTS
#define GEN_PASS_DEF_GPUWEIGHTTABLE
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kWeightsAttr = "resnet.gpu_weights";
/// The symbol runtime/cuda looks up (CudaRuntime.h: ResnetGpuWeights).
constexpr llvm::StringLiteral kTableSymbol = "resnet_gpu_weights";

struct GpuExternWeights
    : resnet::impl::GpuExternWeightsBase<GpuExternWeights> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable hostSymbols(module);
    SetVector<StringAttr> names;
    for (auto kernels : module.getOps<gpu::GPUModuleOp>()) {
      for (auto global : kernels.getOps<memref::GlobalOp>()) {
        if (!global.getConstant() || global.isExternal() ||
            global.isUninitialized())
          continue;
        auto host = hostSymbols.lookup<memref::GlobalOp>(global.getSymName());
        if (!host || host.getInitialValueAttr() != global.getInitialValueAttr()) {
          global.emitOpError("has no identical host global to fill it from");
          return signalPassFailure();
        }
        // Mutable: the optimiser must not fold loads of an undefined
        // constant. Public: the runtime finds it by name.
        global.setConstant(false);
        global.setInitialValueAttr(UnitAttr::get(&getContext()));
        global.setPublic();
        host.setPublic();
        if (!host.getAlignment() || *host.getAlignment() < 64)
          host.setAlignment(64);
        if (!global.getAlignment() || *global.getAlignment() < 64)
          global.setAlignment(64);
        names.insert(global.getSymNameAttr());
      }
    }
    if (names.empty())
      return;
    SmallVector<Attribute> list(names.begin(), names.end());
    module->setAttr(kWeightsAttr, ArrayAttr::get(&getContext(), list));
  }
};

struct GpuWeightTable : resnet::impl::GpuWeightTableBase<GpuWeightTable> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto names = module->getAttrOfType<ArrayAttr>(kWeightsAttr);
    if (!names)
      return;
    module->removeAttr(kWeightsAttr);
    MLIRContext *ctx = &getContext();
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    Location loc = module.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    auto entryType = LLVM::LLVMStructType::getLiteral(ctx, {ptr, ptr, i64});
    SymbolTable symbols(module);

    // The weights and their names, in the order of the list.
    struct Entry {
      LLVM::GlobalOp data, name;
      uint64_t bytes;
    };
    SmallVector<Entry> entries;
    DataLayout layout(module);
    for (auto [index, attr] : llvm::enumerate(names)) {
      StringRef name = cast<StringAttr>(attr).getValue();
      auto data = symbols.lookup<LLVM::GlobalOp>(name);
      if (!data) {
        module.emitError() << "weight global '" << name
                           << "' is not in the LLVM host module";
        return signalPassFailure();
      }
      data.setLinkage(LLVM::Linkage::Internal);
      std::string text = (name + Twine('\0')).str();
      auto nameGlobal = LLVM::GlobalOp::create(
          builder, loc, LLVM::LLVMArrayType::get(builder.getI8Type(), text.size()),
          /*isConstant=*/true, LLVM::Linkage::Private,
          ("__resnet_gpu_weight_name_" + Twine(index)).str(),
          builder.getStringAttr(text));
      symbols.insert(nameGlobal);
      entries.push_back({data, nameGlobal,
                         layout.getTypeSize(data.getGlobalType())});
    }

    auto arrayType = LLVM::LLVMArrayType::get(entryType, entries.size());
    auto array = LLVM::GlobalOp::create(
        builder, loc, arrayType, /*isConstant=*/true, LLVM::Linkage::Private,
        "__resnet_gpu_weight_entries", Attribute());
    symbols.insert(array);
    {
      Block *init = builder.createBlock(&array.getInitializerRegion());
      builder.setInsertionPointToStart(init);
      Value value = LLVM::UndefOp::create(builder, loc, arrayType);
      for (auto [i, entry] : llvm::enumerate(entries)) {
        Value name = LLVM::AddressOfOp::create(builder, loc, entry.name);
        Value data = LLVM::AddressOfOp::create(builder, loc, entry.data);
        Value bytes = LLVM::ConstantOp::create(
            builder, loc, i64, builder.getI64IntegerAttr(entry.bytes));
        int64_t index = static_cast<int64_t>(i);
        value = LLVM::InsertValueOp::create(builder, loc, value, name,
                                            ArrayRef<int64_t>{index, 0});
        value = LLVM::InsertValueOp::create(builder, loc, value, data,
                                            ArrayRef<int64_t>{index, 1});
        value = LLVM::InsertValueOp::create(builder, loc, value, bytes,
                                            ArrayRef<int64_t>{index, 2});
      }
      LLVM::ReturnOp::create(builder, loc, value);
    }

    builder.setInsertionPointToEnd(module.getBody());
    auto tableType = LLVM::LLVMStructType::getLiteral(ctx, {i64, ptr});
    if (symbols.lookup(kTableSymbol)) {
      module.emitError() << "the module already defines '" << kTableSymbol
                         << "'";
      return signalPassFailure();
    }
    auto table = LLVM::GlobalOp::create(builder, loc, tableType,
                                        /*isConstant=*/true,
                                        LLVM::Linkage::External, kTableSymbol,
                                        Attribute());
    Block *init = builder.createBlock(&table.getInitializerRegion());
    builder.setInsertionPointToStart(init);
    Value value = LLVM::UndefOp::create(builder, loc, tableType);
    Value count = LLVM::ConstantOp::create(
        builder, loc, i64, builder.getI64IntegerAttr(entries.size()));
    Value first = LLVM::AddressOfOp::create(builder, loc, array);
    value = LLVM::InsertValueOp::create(builder, loc, value, count,
                                        ArrayRef<int64_t>{0});
    value = LLVM::InsertValueOp::create(builder, loc, value, first,
                                        ArrayRef<int64_t>{1});
    LLVM::ReturnOp::create(builder, loc, value);
  }
};

} // namespace
