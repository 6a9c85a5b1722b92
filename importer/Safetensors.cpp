//===- Safetensors.cpp - weights from a safetensors file ------------------===//
//
// Format: an 8-byte little-endian header length N, N bytes of JSON mapping
// each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
// (offsets relative to the first byte after the header; an optional
// "__metadata__" entry), then the raw little-endian data. The file is mapped,
// not read; each tensor is copied once into its constant's blob.
//
//===----------------------------------------------------------------------===//
#include "importer/Weights.h"
#include "dialect/InputFiles.h"
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

#include <cstring>

using namespace mlir;
using namespace mlir::resnet;

namespace {
/// The header's size limit of the reference implementation.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

struct TensorEntry {
  std::string dtype;
  SmallVector<int64_t, 4> shape;
  ArrayRef<char> data;
  bool used = false;
};

int64_t dtypeSize(StringRef dtype) {
  if (dtype == "F32")
    return 4;
  if (dtype == "F16" || dtype == "BF16")
    return 2;
  return 0;
}

float halfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000 | (mant << 13);
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else { // subnormal half: normalise
    int e = -1;
    do {
      ++e;
      mant <<= 1;
    } while (!(mant & 0x400));
    bits = sign | ((112 - e) << 23) | ((mant & 0x3ff) << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float bf16ToFloat(uint16_t h) {
  uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

class SafetensorsWeights : public WeightProvider {
public:
  SafetensorsWeights(std::string path, std::unique_ptr<llvm::MemoryBuffer> buf)
      : path(std::move(path)), buffer(std::move(buf)) {}

  /// Parses the header; reports the first problem at `loc`.
  LogicalResult parse(Location loc);
  LogicalResult checkDataLayout(Location loc, ArrayRef<char> data);

  FailureOr<ElementsAttr> get(Location loc, StringRef name,
                              RankedTensorType type, WeightKind) override;
  LogicalResult finish(Location loc) override;

private:
  InFlightDiagnostic error(Location loc) {
    InFlightDiagnostic d = emitError(loc);
    d << "safetensors file '" << path << "': ";
    return d;
  }

  std::string path;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  llvm::StringMap<TensorEntry> tensors;
  std::vector<float> values;
};

LogicalResult SafetensorsWeights::parse(Location loc) {
  StringRef file = buffer->getBuffer();
  if (file.size() < 8)
    return error(loc) << "too short for the 8-byte header length ("
                      << file.size() << " bytes)";
  uint64_t headerSize =
      llvm::support::endian::read64le(file.data());
  if (headerSize > kMaxHeaderBytes)
    return error(loc) << "header length " << headerSize
                      << " is above the limit of " << kMaxHeaderBytes
                      << " bytes (100 MB)";
  if (headerSize > file.size() - 8)
    return error(loc) << "header length " << headerSize
                      << " exceeds the file size " << file.size();
  StringRef header = file.substr(8, headerSize);
  ArrayRef<char> data(file.data() + 8 + headerSize,
                      file.size() - 8 - headerSize);
  // JSON objects may repeat a key (the last one wins): a tensor named twice
  // is an error, not a silent choice.
  std::string duplicate;
  auto findDuplicates = [&, names = llvm::StringSet<>()](
                            int depth, nlohmann::json::parse_event_t event,
                            nlohmann::json &parsed) mutable {
    if (depth == 1 && event == nlohmann::json::parse_event_t::key &&
        parsed.is_string() && !names.insert(parsed.get<std::string>()).second &&
        duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  nlohmann::json json =
      nlohmann::json::parse(header.begin(), header.end(), findDuplicates,
                            /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object())
    return error(loc) << "header is not a JSON object";
  if (!duplicate.empty())
    return error(loc) << "tensor '" << duplicate
                      << "' is listed twice in the header";
  for (auto &[name, info] : json.items()) {
    if (name == "__metadata__")
      continue;
    if (!info.is_object() || !info.contains("dtype") ||
        !info["dtype"].is_string() || !info.contains("shape") ||
        !info["shape"].is_array() || !info.contains("data_offsets") ||
        !info["data_offsets"].is_array() || info["data_offsets"].size() != 2)
      return error(loc) << "tensor '" << name
                        << "' needs \"dtype\", \"shape\" and two "
                           "\"data_offsets\"";
    TensorEntry entry;
    entry.dtype = info["dtype"].get<std::string>();
    int64_t count = 1;
    for (const nlohmann::json &d : info["shape"]) {
      if (!d.is_number_unsigned() || d.get<uint64_t>() > (1ULL << 40))
        return error(loc) << "tensor '" << name << "' has a bad shape entry";
      entry.shape.push_back(d.get<int64_t>());
      // Both factors are at most 2^40: multiply only when it cannot overflow.
      if (entry.shape.back() != 0 &&
          count > (int64_t(1) << 40) / entry.shape.back())
        return error(loc) << "tensor '" << name << "' is too large";
      count *= entry.shape.back();
      if (count > (int64_t(1) << 40))
        return error(loc) << "tensor '" << name << "' is too large";
    }
    const nlohmann::json &offsets = info["data_offsets"];
    if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
      return error(loc) << "tensor '" << name
                        << "' has non-integer data_offsets";
    uint64_t begin = offsets[0].get<uint64_t>(), end = offsets[1].get<uint64_t>();
    if (begin > end || end > data.size())
      return error(loc) << "tensor '" << name << "' data_offsets [" << begin
                        << ", " << end << "] are out of range of the "
                        << data.size() << " data bytes";
    int64_t elementSize = dtypeSize(entry.dtype);
    if (elementSize && static_cast<uint64_t>(count * elementSize) != end - begin)
      return error(loc) << "tensor '" << name << "' has " << end - begin
                        << " bytes, but " << entry.dtype << " "
                        << shapeString(entry.shape) << " needs "
                        << count * elementSize;
    entry.data = data.slice(begin, end - begin);
    tensors[name] = std::move(entry);
  }
  return checkDataLayout(loc, data);
}

/// The format's rules on the data area: tensors' byte ranges are disjoint
/// and together cover it exactly (no holes, no trailing bytes), so no byte
/// belongs to two tensors and the file holds nothing unaccounted for.
LogicalResult SafetensorsWeights::checkDataLayout(Location loc,
                                                  ArrayRef<char> data) {
  struct Range {
    size_t begin, end;
    StringRef name;
  };
  SmallVector<Range> ranges;
  for (auto &it : tensors) {
    ArrayRef<char> bytes = it.second.data;
    size_t begin = bytes.data() - data.data();
    if (!bytes.empty())
      ranges.push_back({begin, begin + bytes.size(), it.first()});
  }
  llvm::sort(ranges, [](const Range &a, const Range &b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  size_t covered = 0;
  StringRef previous;
  for (const Range &r : ranges) {
    if (r.begin < covered)
      return error(loc) << "tensors '" << previous << "' and '" << r.name
                        << "' overlap: bytes [" << r.begin << ", "
                        << std::min(covered, r.end) << ") belong to both";
    if (r.begin > covered)
      return error(loc) << "data bytes [" << covered << ", " << r.begin
                        << ") belong to no tensor"
                        << (previous.empty()
                                ? std::string(" (before the first tensor)")
                                : " (after tensor '" + previous.str() + "')");
    covered = r.end;
    previous = r.name;
  }
  if (covered != data.size())
    return error(loc) << data.size() - covered
                      << " trailing bytes after the last tensor's data"
                      << (previous.empty() ? std::string()
                                           : " ('" + previous.str() + "')");
  return success();
}

FailureOr<ElementsAttr> SafetensorsWeights::get(Location loc, StringRef name,
                                                RankedTensorType type,
                                                WeightKind) {
  auto it = tensors.find(name);
  if (it == tensors.end())
    return error(loc) << "missing tensor '" << name << "' (expected shape "
                      << shapeString(type.getShape()) << ")";
  TensorEntry &entry = it->second;
  entry.used = true;
  if (ArrayRef<int64_t>(entry.shape) != type.getShape())
    return error(loc) << "tensor '" << name << "' has shape "
                      << shapeString(entry.shape) << ", the model expects "
                      << shapeString(type.getShape());
  size_t count = type.getNumElements();
  values.resize(count);
  const char *raw = entry.data.data();
  if (entry.dtype == "F32") {
    std::memcpy(values.data(), raw, count * 4);
  } else if (entry.dtype == "F16" || entry.dtype == "BF16") {
    bool half = entry.dtype == "F16";
    for (size_t i = 0; i < count; ++i) {
      uint16_t bits = llvm::support::endian::read16le(raw + 2 * i);
      values[i] = half ? halfToFloat(bits) : bf16ToFloat(bits);
    }
  } else {
    return error(loc) << "tensor '" << name << "' has dtype " << entry.dtype
                      << "; only F32, F16 and BF16 are supported";
  }
  return makeF32Attr(type, values, name);
}

LogicalResult SafetensorsWeights::finish(Location loc) {
  SmallVector<StringRef> extra;
  for (auto &it : tensors)
    if (!it.second.used && !it.first().ends_with("num_batches_tracked"))
      extra.push_back(it.first());
  if (extra.empty())
    return success();
  llvm::sort(extra);
  return error(loc) << "tensors the model does not use: "
                    << llvm::join(extra, ", ");
}
} // namespace

std::unique_ptr<WeightProvider>
mlir::resnet::openSafetensors(Location loc, StringRef path) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readInputFile(path, "safetensors file");
  if (!buffer) {
    emitError(loc) << llvm::toString(buffer.takeError());
    return nullptr;
  }
  auto weights =
      std::make_unique<SafetensorsWeights>(path.str(), std::move(*buffer));
  if (failed(weights->parse(loc)))
    return nullptr;
  return weights;
}
