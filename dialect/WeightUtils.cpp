//===- WeightUtils.cpp - reading and making f32 weight constants ----------===//
#include "dialect/WeightUtils.h"
#include "dialect/ResourceLimits.h"
#include "dialect/ResNetDialect.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

std::optional<ArrayRef<float>>
resnet::getF32Data(Attribute attr, SmallVectorImpl<float> &storage) {
  auto elements = dyn_cast_or_null<ElementsAttr>(attr);
  if (!elements || !elements.getElementType().isF32())
    return std::nullopt;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data || static_cast<int64_t>(data->size()) != elements.getNumElements())
      return std::nullopt;
    return data;
  }
  auto dense = dyn_cast<DenseFPElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  // A splat is a few bytes in the IR but `storage` holds every element: a
  // tensor this process cannot allocate is treated as unreadable (callers
  // leave the op alone) rather than aborting on out-of-memory.
  if (static_cast<uint64_t>(dense.getNumElements()) >
      maxTensorBytes() / sizeof(float))
    return std::nullopt;
  storage.clear();
  if (dense.isSplat()) {
    storage.assign(dense.getNumElements(), dense.getSplatValue<float>());
    return ArrayRef<float>(storage);
  }
  // Dense f32 storage is the raw little-endian array.
  ArrayRef<char> raw = dense.getRawData();
  storage.resize(dense.getNumElements());
  std::memcpy(storage.data(), raw.data(), storage.size() * sizeof(float));
  return ArrayRef<float>(storage);
}

std::optional<ArrayRef<float>>
resnet::getConstantF32Data(Value value, SmallVectorImpl<float> &storage) {
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  return getF32Data(attr, storage);
}

ElementsAttr resnet::makeF32Attr(RankedTensorType type, ArrayRef<float> values,
                                 StringRef nameHint) {
  assert(type.getNumElements() == static_cast<int64_t>(values.size()) &&
         "value count must match the type");
  if (type.getNumElements() <= kResourceThreshold)
    return DenseElementsAttr::get(type, values);
  if (auto *dialect = type.getContext()->getLoadedDialect<ResNetDialect>())
    return dialect->uniqueWeightBlob(type, values, nameHint);
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocateAndCopyInferAlign(values, /*dataIsMutable=*/false);
  return cast<ElementsAttr>(
      DenseF32ResourceElementsAttr::get(type, nameHint, std::move(blob)));
}

ElementsAttr resnet::ResNetDialect::uniqueWeightBlob(RankedTensorType type,
                                             ArrayRef<float> values,
                                             StringRef nameHint) {
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float));
  unsigned hash = llvm::hash_combine(
      type, llvm::hash_combine_range(bytes.begin(), bytes.end()));
  std::lock_guard<std::mutex> lock(weightBlobsMutex);
  SmallVector<ElementsAttr, 1> &same = weightBlobs[hash];
  for (ElementsAttr attr : same) {
    auto resource = cast<DenseF32ResourceElementsAttr>(attr);
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (attr.getType() == type && data && *data == values)
      return attr;
  }
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocateAndCopyInferAlign(values, /*dataIsMutable=*/false);
  ElementsAttr attr = cast<ElementsAttr>(
      DenseF32ResourceElementsAttr::get(type, nameHint, std::move(blob)));
  same.push_back(attr);
  return attr;
}
