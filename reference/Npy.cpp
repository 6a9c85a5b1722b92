//===- Npy.cpp - reading and writing NumPy .npy files ---------------------===//
#include "reference/Npy.h"
#include "dialect/InputFiles.h"

#include "support/AtomicFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;
using namespace mlir::resnet::reference;

std::string mlir::resnet::reference::shapeToString(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  raw_string_ostream os(s);
  interleave(shape, os, "x");
  return s;
}

namespace {
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

Error fail(StringRef name, const Twine &what) {
  return createStringError(inconvertibleErrorCode(), name + ": " + what);
}

/// What the header dict says.
struct Header {
  std::string descr;
  bool fortranOrder = false;
  SmallVector<int64_t, 4> shape;
  size_t dataOffset = 0;
};

/// A minimal parser for the header's Python dict literal: string keys;
/// string, boolean or tuple-of-integers values.
class DictParser {
public:
  DictParser(StringRef text, StringRef name) : text(text), name(name) {}

  Expected<Header> parse() {
    Header header;
    bool seenDescr = false, seenOrder = false, seenShape = false;
    if (!consume('{'))
      return error("header is not a dict literal");
    while (!consume('}')) {
      std::string key;
      if (Error err = parseString(key))
        return std::move(err);
      if (!consume(':'))
        return error("expected ':' after key '" + key + "'");
      if (key == "descr") {
        if (Error err = parseString(header.descr))
          return std::move(err);
        seenDescr = true;
      } else if (key == "fortran_order") {
        if (Error err = parseBool(header.fortranOrder))
          return std::move(err);
        seenOrder = true;
      } else if (key == "shape") {
        if (Error err = parseShape(header.shape))
          return std::move(err);
        seenShape = true;
      } else {
        return error("unknown header key '" + key + "'");
      }
      if (!consume(',') && !peek('}'))
        return error("expected ',' or '}' in header");
    }
    if (!seenDescr || !seenOrder || !seenShape)
      return error("header lacks one of 'descr', 'fortran_order', 'shape'");
    skipSpace();
    if (!text.empty())
      return error("unexpected text after the header dict");
    return header;
  }

private:
  Error error(const Twine &what) {
    return fail(name, "malformed header: " + what);
  }
  void skipSpace() { text = text.ltrim(" \t\n"); }
  bool peek(char c) {
    skipSpace();
    return !text.empty() && text.front() == c;
  }
  bool consume(char c) {
    if (!peek(c))
      return false;
    text = text.drop_front();
    return true;
  }
  Error parseString(std::string &out) {
    skipSpace();
    if (text.empty() || (text.front() != '\'' && text.front() != '"'))
      return error("expected a quoted string");
    char quote = text.front();
    size_t end = text.find(quote, 1);
    if (end == StringRef::npos)
      return error("unterminated string");
    out = text.slice(1, end).str();
    text = text.drop_front(end + 1);
    return Error::success();
  }
  Error parseBool(bool &out) {
    skipSpace();
    if (text.consume_front("True"))
      out = true;
    else if (text.consume_front("False"))
      out = false;
    else
      return error("fortran_order must be True or False");
    return Error::success();
  }
  Error parseShape(SmallVectorImpl<int64_t> &shape) {
    if (!consume('('))
      return error("shape must be a tuple");
    while (!consume(')')) {
      skipSpace();
      size_t digits = text.find_first_not_of("0123456789");
      if (digits == 0 || digits == StringRef::npos)
        return error("shape entries must be non-negative integers");
      int64_t dim;
      if (text.take_front(digits).getAsInteger(10, dim) || dim > (1ll << 40))
        return error("shape entry '" + text.take_front(digits) +
                     "' is out of range");
      shape.push_back(dim);
      text = text.drop_front(digits);
      if (!consume(',') && !peek(')'))
        return error("expected ',' or ')' in shape");
    }
    return Error::success();
  }

  StringRef text;
  StringRef name;
};

/// Reads the magic, version and header dict.
Expected<Header> parseHeader(StringRef bytes, StringRef name) {
  if (bytes.size() < kMagicSize ||
      !bytes.starts_with(StringRef(kMagic, kMagicSize)))
    return fail(name, "not a .npy file (bad magic; expected \\x93NUMPY)");
  if (bytes.size() < kMagicSize + 2)
    return fail(name, "truncated header (no version)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  unsigned minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    return fail(name, "unsupported .npy version " + Twine(major) + "." +
                          Twine(minor) + " (expected 1.0, 2.0 or 3.0)");
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefix = kMagicSize + 2 + lengthSize;
  if (bytes.size() < prefix)
    return fail(name, "truncated header (no header length)");
  const char *p = bytes.data() + kMagicSize + 2;
  size_t length =
      major == 1 ? support::endian::read<uint16_t, llvm::endianness::little>(p)
                 : support::endian::read<uint32_t, llvm::endianness::little>(p);
  if (bytes.size() < prefix + length)
    return fail(name, "truncated header: it declares " + Twine(length) +
                          " bytes but the file has " +
                          Twine(bytes.size() - prefix) + " after the prefix");
  Expected<Header> header =
      DictParser(bytes.substr(prefix, length), name).parse();
  if (header)
    header->dataOffset = prefix + length;
  return header;
}

/// Checks the layout and the data size of an array of `itemSize` elements.
Error checkData(StringRef bytes, StringRef name, const Header &header,
                size_t itemSize) {
  if (header.fortranOrder)
    return fail(name, "fortran_order True is not supported; save a C-order "
                      "array (numpy.ascontiguousarray)");
  // Entries are at most 2^40 each, but their product can overflow.
  std::optional<uint64_t> bytesNeeded = itemSize;
  for (int64_t d : header.shape)
    if (bytesNeeded)
      bytesNeeded = llvm::checkedMulUnsigned<uint64_t>(*bytesNeeded, d);
  if (!bytesNeeded)
    return fail(name, "shape " + shapeToString(header.shape) +
                          " is too large: its size overflows 64 bits");
  size_t need = *bytesNeeded;
  size_t have = bytes.size() - header.dataOffset;
  if (have < need)
    return fail(name, "truncated data: shape " + shapeToString(header.shape) +
                          " of '" + header.descr + "' needs " + Twine(need) +
                          " bytes, the file has " + Twine(have));
  if (have > need)
    return fail(name, Twine(have - need) +
                          " bytes of trailing garbage after the " +
                          Twine(need) + " data bytes of shape " +
                          shapeToString(header.shape));
  return Error::success();
}

/// 1-byte integer and bool arrays (the inputs of models on ONNX uint8/int8
/// data) are read as the f32 values they hold, exactly.
bool isByteType(StringRef descr) {
  return descr == "|u1" || descr == "|i1" || descr == "|b1";
}

template <typename T>
void readBytes(const char *data, StringRef descr, std::vector<T> &out) {
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = descr == "|i1" ? T(static_cast<int8_t>(data[i]))
                            : T(static_cast<uint8_t>(data[i]));
}

Expected<std::unique_ptr<MemoryBuffer>> readFile(StringRef path) {
  return mlir::resnet::readInputFile(path, ".npy file");
}
} // namespace

Expected<Tensor> mlir::resnet::reference::parseNpy(StringRef bytes,
                                                   StringRef name) {
  Expected<Header> header = parseHeader(bytes, name);
  if (!header)
    return header.takeError();
  bool byteType = isByteType(header->descr);
  if (header->descr != "<f4" && !byteType)
    return fail(name, "unsupported dtype '" + header->descr +
                          "' (expected '<f4', little-endian float32)");
  if (Error err = checkData(bytes, name, *header,
                            byteType ? 1 : sizeof(float)))
    return std::move(err);
  Tensor tensor(header->shape);
  if (byteType) {
    readBytes(bytes.data() + header->dataOffset, header->descr, tensor.data);
    return tensor;
  }
  const char *data = bytes.data() + header->dataOffset;
  for (int64_t i = 0, e = tensor.size(); i < e; ++i)
    tensor.data[i] = support::endian::read<float, llvm::endianness::little>(
        data + i * sizeof(float));
  return tensor;
}

Expected<Tensor64> mlir::resnet::reference::parseNpy64(StringRef bytes,
                                                       StringRef name) {
  Expected<Header> header = parseHeader(bytes, name);
  if (!header)
    return header.takeError();
  bool f64 = header->descr == "<f8";
  bool byteType = isByteType(header->descr);
  if (!f64 && header->descr != "<f4" && !byteType)
    return fail(name, "unsupported dtype '" + header->descr +
                          "' (expected '<f4' or '<f8', little-endian float32 "
                          "or float64)");
  size_t itemSize = byteType ? 1 : f64 ? sizeof(double) : sizeof(float);
  if (Error err = checkData(bytes, name, *header, itemSize))
    return std::move(err);
  Tensor64 tensor(header->shape);
  if (byteType) {
    readBytes(bytes.data() + header->dataOffset, header->descr, tensor.data);
    return tensor;
  }
  const char *data = bytes.data() + header->dataOffset;
  for (int64_t i = 0, e = tensor.size(); i < e; ++i)
    tensor.data[i] =
        f64 ? support::endian::read<double, llvm::endianness::little>(
                  data + i * itemSize)
            : support::endian::read<float, llvm::endianness::little>(
                  data + i * itemSize);
  return tensor;
}

Expected<IntArray> mlir::resnet::reference::parseNpyInt(StringRef bytes,
                                                        StringRef name) {
  Expected<Header> header = parseHeader(bytes, name);
  if (!header)
    return header.takeError();
  size_t itemSize;
  if (header->descr == "<i8")
    itemSize = 8;
  else if (header->descr == "<i4")
    itemSize = 4;
  else
    return fail(name, "unsupported dtype '" + header->descr +
                          "' (expected '<i8' or '<i4', little-endian int64 "
                          "or int32)");
  if (Error err = checkData(bytes, name, *header, itemSize))
    return std::move(err);
  IntArray array;
  array.shape = header->shape;
  array.data.resize(numElements(header->shape));
  const char *data = bytes.data() + header->dataOffset;
  for (size_t i = 0, e = array.data.size(); i < e; ++i)
    array.data[i] =
        itemSize == 8
            ? support::endian::read<int64_t, llvm::endianness::little>(data +
                                                                       i * 8)
            : support::endian::read<int32_t, llvm::endianness::little>(data +
                                                                       i * 4);
  return array;
}

Expected<Tensor> mlir::resnet::reference::readNpy(StringRef path) {
  Expected<std::unique_ptr<MemoryBuffer>> buffer = readFile(path);
  if (!buffer)
    return buffer.takeError();
  return parseNpy((*buffer)->getBuffer(), path);
}

Expected<Tensor> mlir::resnet::reference::readNpy(StringRef path,
                                                  ArrayRef<int64_t> expected) {
  Expected<Tensor> tensor = readNpy(path);
  if (tensor && ArrayRef<int64_t>(tensor->shape) != expected)
    return fail(path, "shape mismatch: expected " + shapeToString(expected) +
                          ", got " + shapeToString(tensor->shape));
  return tensor;
}

Expected<Tensor64> mlir::resnet::reference::readNpy64(StringRef path) {
  Expected<std::unique_ptr<MemoryBuffer>> buffer = readFile(path);
  if (!buffer)
    return buffer.takeError();
  return parseNpy64((*buffer)->getBuffer(), path);
}

Expected<IntArray> mlir::resnet::reference::readNpyInt(StringRef path) {
  Expected<std::unique_ptr<MemoryBuffer>> buffer = readFile(path);
  if (!buffer)
    return buffer.takeError();
  return parseNpyInt((*buffer)->getBuffer(), path);
}

namespace {
template <typename T> std::string serialize(const TensorOf<T> &tensor) {
  StringRef descr = sizeof(T) == 8 ? "<f8" : "<f4";
  // Python tuple syntax: (), (5,), (2, 3).
  std::string shape = "(";
  for (auto [i, d] : llvm::enumerate(tensor.shape))
    shape += (i ? ", " : "") + std::to_string(d);
  shape += tensor.shape.size() == 1 ? ",)" : ")";
  std::string dict =
      "{'descr': '" + descr.str() + "', 'fortran_order': False, 'shape': " +
      shape;
  dict += ", }";
  // Pad with spaces and end with '\n' so the data starts 64-byte aligned.
  size_t prefix = kMagicSize + 2 + 2;
  size_t total = alignTo(prefix + dict.size() + 1, 64);
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';

  std::string out(kMagic, kMagicSize);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  out += dict;
  size_t offset = out.size();
  out.resize(offset + tensor.data.size() * sizeof(T));
  for (size_t i = 0, e = tensor.data.size(); i < e; ++i)
    support::endian::write<T, llvm::endianness::little>(
        &out[offset + i * sizeof(T)], tensor.data[i]);
  return out;
}

template <typename T>
Error writeTensor(StringRef path, const TensorOf<T> &tensor) {
  // Written whole or not at all: an interrupted or failed write leaves the
  // old file.
  Error error = mlir::resnet::writeFileAtomically(
      path, [&](raw_ostream &os) { os << serialize(tensor); });
  if (error)
    return fail(path, "cannot write: " +
                          errorToErrorCode(std::move(error)).message());
  return Error::success();
}
} // namespace

std::string mlir::resnet::reference::serializeNpy(const Tensor &tensor) {
  return serialize(tensor);
}

std::string mlir::resnet::reference::serializeNpy(const Tensor64 &tensor) {
  return serialize(tensor);
}

Error mlir::resnet::reference::writeNpy(StringRef path, const Tensor &tensor) {
  return writeTensor(path, tensor);
}

Error mlir::resnet::reference::writeNpy(StringRef path,
                                        const Tensor64 &tensor) {
  return writeTensor(path, tensor);
}
