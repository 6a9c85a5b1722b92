//===- FlattenConstantGlobals.cpp - weights as flat, aligned blobs --------===//
//
// MLIR's LLVM translation turns a rank-R constant into nested LLVM arrays:
// one ConstantDataArray per innermost row, wrapped R-1 times. For ResNet-50
// that is hundreds of thousands of uniqued constants that LLVM builds,
// hashes, optimizes and prints. A 1-D global becomes one ConstantDataArray
// made from the raw bytes. The shape comes back, for free, as an
// expand_shape of the flat buffer at every use.
//
//===----------------------------------------------------------------------===//
#include "codegen/common/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_FLATTENCONSTANTGLOBALS
#include "codegen/common/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {
/// Weights are read with vector loads: a cache line is the alignment that
/// never splits one.
constexpr int64_t kWeightAlignment = 64;

/// `value` with the shaped type `type` (same element count), sharing its
/// storage: a resource keeps its blob handle, a dense attribute is reshaped.
Attribute reshapeInitialValue(Attribute value, ShapedType type) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense.reshape(type);
  return {};
}

/// The 1-D memref type holding the elements of `type`.
MemRefType flatType(MemRefType type) {
  return MemRefType::get({type.getNumElements()}, type.getElementType(),
                         MemRefLayoutAttrInterface(), type.getMemorySpace());
}

/// True for the globals this pass rewrites to 1-D.
bool isFlattenable(memref::GlobalOp global) {
  MemRefType type = global.getType();
  return global.getConstant() && type.hasStaticShape() &&
         type.getLayout().isIdentity() && type.getRank() > 1 &&
         isa_and_nonnull<ElementsAttr>(global.getInitialValueAttr());
}

struct FlattenConstantGlobalsPass
    : public resnet::impl::FlattenConstantGlobalsBase<
          FlattenConstantGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Symbol -> (global, its flat initial value); the uses still need the
    // old type, so the globals change after the walk over get_global.
    llvm::StringMap<std::pair<memref::GlobalOp, Attribute>> flattened;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      if (!global.getConstant() || global.isExternal())
        continue;
      if (global.getAlignment().value_or(0) < kWeightAlignment)
        global.setAlignment(kWeightAlignment);
      if (!isFlattenable(global))
        continue;
      MemRefType flat = flatType(global.getType());
      auto tensorType =
          RankedTensorType::get(flat.getShape(), flat.getElementType());
      Attribute value =
          reshapeInitialValue(global.getInitialValueAttr(), tensorType);
      if (!value)
        continue;
      flattened[global.getSymName()] = {global, value};
    }
    if (flattened.empty())
      return;

    OpBuilder builder(&getContext());
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getName());
      if (it == flattened.end())
        return;
      MemRefType shaped = get.getType();
      builder.setInsertionPoint(get);
      Value flat = memref::GetGlobalOp::create(
          builder, get.getLoc(), flatType(shaped), get.getName());
      ReassociationIndices all;
      for (int64_t d = 0; d < shaped.getRank(); ++d)
        all.push_back(d);
      Value expanded = memref::ExpandShapeOp::create(
          builder, get.getLoc(), shaped, flat, ArrayRef{all});
      get.replaceAllUsesWith(expanded);
      get.erase();
    });
    for (auto &entry : flattened) {
      auto [global, value] = entry.second;
      global.setType(flatType(global.getType()));
      global.setInitialValueAttr(value);
    }
  }
};
} // namespace
