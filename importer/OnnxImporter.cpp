//===- OnnxImporter.cpp - ONNX models to the resnet dialect ---------------===//
//
// Reads the model with the protobuf classes of libonnx, walks the graph's
// nodes in order (ONNX requires topological order) and emits one resnet op
// per node. Initializers and Constant nodes become weight constants when an
// op uses them as tensors; Reshape shapes and Gemm/MatMul weights are read
// as data.
//
// Each op's location is `"<node name>"(<model>:<node index + 1>:0)`: the
// NameLoc names the node, the "line" is its position in the graph.
//
//===----------------------------------------------------------------------===//
#include "importer/OnnxImporter.h"
#include "importer/BuildUtils.h"
#include "dialect/InputFiles.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/onnx_pb.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::resnet;

namespace {
constexpr int64_t kMinOpset = 9, kMaxOpset = 21;

/// The contents of an initializer or Constant: float32 or int64 data.
struct ConstTensor {
  bool isFloat = true;
  SmallVector<int64_t, 4> shape;
  std::vector<float> floats;
  std::vector<int64_t> ints;
};

/// The double with the shortest decimal spelling that rounds to `value`:
/// ONNX's float 1e-5 becomes 1e-5, not 9.99999974e-06.
double shortestDouble(float value) {
  for (int precision = 1; precision < 10; ++precision) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    double d = std::strtod(text, nullptr);
    if (static_cast<float>(d) == value)
      return d;
  }
  return value;
}

std::string shapeText(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return llvm::join(
      llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }),
      "x");
}

/// Resource blob names must be identifiers; ONNX names are free-form.
std::string blobName(StringRef name) {
  std::string s;
  for (char c : name)
    s.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  return s.empty() ? std::string("weight") : s;
}

class OnnxImporter {
public:
  OnnxImporter(MLIRContext *context, StringRef path,
               const OnnxImportOptions &options)
      : context(context), builder(context), path(path.str()),
        options(options) {}

  OwningOpRef<ModuleOp> run();

private:
  // --- Model-level steps.
  LogicalResult load();
  LogicalResult checkUniqueNames();
  Location nodeLoc(const onnx::NodeProto &n, int index);
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &input);
  LogicalResult importNode(const onnx::NodeProto &node, int index);

  // --- Values and constants.
  Location fileLoc() { return FileLineColLoc::get(context, path, 0, 0); }
  InFlightDiagnostic nodeError() {
    InFlightDiagnostic d = emitError(loc);
    d << node->op_type() << " node '" << node->name() << "': ";
    return d;
  }
  FailureOr<const ConstTensor *> constant(StringRef name);
  LogicalResult parseTensor(const onnx::TensorProto &proto, ConstTensor &out);
  FailureOr<ArrayRef<char>> externalData(const onnx::TensorProto &proto,
                                         size_t bytes);
  FailureOr<Value> value(StringRef name);
  FailureOr<Value> input(int index);
  Value weightConstant(ArrayRef<int64_t> shape, ArrayRef<float> data,
                       StringRef name);
  LogicalResult define(Value result, int outputIndex = 0);

  // --- Attributes.
  LogicalResult checkAttributes(ArrayRef<StringRef> known);
  const onnx::AttributeProto *attr(StringRef name);
  int64_t intAttr(StringRef name, int64_t fallback);
  float floatAttr(StringRef name, float fallback);
  std::string stringAttr(StringRef name, StringRef fallback);
  SmallVector<int64_t> intsAttr(StringRef name, ArrayRef<int64_t> fallback);
  LogicalResult checkInOut(int minInputs, int maxInputs, int maxOutputs);
  LogicalResult checkNoAutoPad();
  FailureOr<SmallVector<int64_t>> pairAttr(StringRef name, int64_t fallback);
  FailureOr<SmallVector<int64_t>> padsAttr();

  // --- Operators.
  LogicalResult importConv();
  LogicalResult importBatchNorm();
  LogicalResult importRelu();
  LogicalResult importAdd();
  LogicalResult importPool(bool isMax);
  LogicalResult importGlobalAveragePool();
  LogicalResult importFlatten();
  LogicalResult importReshape();
  LogicalResult importGemm();
  LogicalResult importMatMul();
  LogicalResult importSoftmax();
  LogicalResult importIdentity();
  LogicalResult importConstant();
  LogicalResult emitLinear(Value x, const ConstTensor &weight, bool transpose,
                           Value bias);

  MLIRContext *context;
  OpBuilder builder;
  std::string path;
  OnnxImportOptions options;
  onnx::ModelProto model;
  int64_t opset = 0;

  llvm::StringMap<Value> values;
  /// How many node inputs and graph outputs read each name.
  llvm::StringMap<int> uses;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  llvm::StringMap<ConstTensor> constants;
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> externalFiles;

  // The node being imported and its location.
  const onnx::NodeProto *node = nullptr;
  Location loc = UnknownLoc::get(context);
};

//===----------------------------------------------------------------------===//
// Model
//===----------------------------------------------------------------------===//

LogicalResult OnnxImporter::load() {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readInputFile(path, "ONNX model");
  if (!buffer)
    return emitError(fileLoc()) << llvm::toString(buffer.takeError());
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() > static_cast<size_t>(INT32_MAX))
    return emitError(fileLoc())
           << "ONNX models over 2 GiB need external data files";
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return emitError(fileLoc())
           << "not a valid ONNX model (protobuf parsing failed; is the file "
              "truncated?)";
  if (!model.has_graph() || model.graph().node_size() == 0)
    return emitError(fileLoc()) << "ONNX model has no graph nodes";
  for (const onnx::OperatorSetIdProto &set : model.opset_import())
    if (set.domain().empty() || set.domain() == "ai.onnx")
      opset = set.version();
  if (opset < kMinOpset || opset > kMaxOpset)
    return emitError(fileLoc())
           << "unsupported ONNX opset " << opset << " (supported: "
           << kMinOpset << "-" << kMaxOpset << ")";
  if (failed(checkUniqueNames()))
    return failure();
  for (const onnx::TensorProto &init : model.graph().initializer())
    initializers[init.name()] = &init;
  for (const onnx::NodeProto &n : model.graph().node())
    for (const std::string &in : n.input())
      ++uses[in];
  for (const onnx::ValueInfoProto &out : model.graph().output())
    ++uses[out.name()];
  return success();
}

Location OnnxImporter::nodeLoc(const onnx::NodeProto &n, int index) {
  std::string name = n.name().empty()
                         ? (n.op_type() + "_" + std::to_string(index))
                         : n.name();
  return NameLoc::get(builder.getStringAttr(name),
                      FileLineColLoc::get(context, path, index + 1, 0));
}

/// ONNX graphs are in SSA form: every value name has exactly one definition,
/// a graph input, an initializer (which may also be listed as a graph input,
/// its default value) or one output of one node. A second definition would
/// silently replace the first (a Conv dropped, another initializer's data
/// used), so it is an error naming both.
LogicalResult OnnxImporter::checkUniqueNames() {
  const onnx::GraphProto &graph = model.graph();
  llvm::StringMap<std::string> definedBy;
  llvm::StringSet<> inputNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (!inputNames.insert(input.name()).second)
      return emitError(fileLoc())
             << "graph input '" << input.name() << "' is listed twice";
    definedBy[input.name()] = "graph input '" + input.name() + "'";
  }
  llvm::StringSet<> initializerNames;
  for (const onnx::TensorProto &init : graph.initializer()) {
    if (!initializerNames.insert(init.name()).second)
      return emitError(fileLoc())
             << "initializer '" << init.name()
             << "' is defined twice (names must be unique)";
    definedBy[init.name()] = "initializer '" + init.name() + "'";
  }
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &n = graph.node(i);
    for (const std::string &out : n.output()) {
      if (out.empty())
        continue; // an omitted optional output
      std::string self = n.op_type() + " node '" +
                         (n.name().empty() ? n.op_type() + "_" +
                                                 std::to_string(i)
                                           : n.name()) +
                         "'";
      auto [it, inserted] = definedBy.try_emplace(out, self);
      if (!inserted)
        return emitError(nodeLoc(n, i))
               << self << ": output '" << out << "' is already defined by "
               << it->second << " (each value must have one definition)";
    }
  }
  return success();
}

FailureOr<RankedTensorType>
OnnxImporter::inputType(const onnx::ValueInfoProto &input) {
  Location inputLoc = NameLoc::get(builder.getStringAttr(input.name()),
                                   fileLoc());
  const onnx::TypeProto &type = input.type();
  if (!type.has_tensor_type() ||
      type.tensor_type().elem_type() != onnx::TensorProto_DataType_FLOAT)
    return emitError(inputLoc) << "graph input '" << input.name()
                               << "' must be a float32 tensor";
  const onnx::TensorShapeProto &shape = type.tensor_type().shape();
  SmallVector<int64_t, 4> dims;
  for (int i = 0; i < shape.dim_size(); ++i) {
    const auto &dim = shape.dim(i);
    int64_t d = dim.has_dim_value() ? dim.dim_value() : -1;
    if (i == 0 && !dim.has_dim_value() && options.dynamicBatch)
      *options.dynamicBatch = true;
    if (i == 0 && options.batch)
      d = *options.batch;
    else if (options.inputSize && shape.dim_size() == 4 && (i == 2 || i == 3))
      d = i == 2 ? options.inputSize->first : options.inputSize->second;
    else if (dim.has_dim_value() && d < 1)
      return emitError(inputLoc)
             << "graph input '" << input.name() << "' dimension " << i
             << (d == 0 ? " is zero" : " is negative (" + std::to_string(d) + ")")
             << "; the model would compute nothing"
             << (i == 0   ? " (give a batch size with --batch N)"
                 : i == 1 ? ""
                          : " (give the image size with --input-size HxW)");
    else if (i == 0 && d < 1)
      d = 1; // A dynamic batch defaults to one image.
    if (d < 1)
      return emitError(inputLoc)
             << "graph input '" << input.name() << "' dimension " << i
             << " is dynamic ('" << dim.dim_param()
             << "'); give its size with --input-size HxW";
    dims.push_back(d);
  }
  return RankedTensorType::get(dims, builder.getF32Type());
}

OwningOpRef<ModuleOp> OnnxImporter::run() {
  context->loadDialect<ResNetDialect, arith::ArithDialect,
                       func::FuncDialect>();
  if (failed(load()))
    return {};
  const onnx::GraphProto &graph = model.graph();
  SmallVector<const onnx::ValueInfoProto *> inputs;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!initializers.count(input.name()))
      inputs.push_back(&input);
  if (inputs.size() != 1) {
    emitError(fileLoc()) << "expected one graph input (the image), got "
                         << inputs.size();
    return {};
  }
  FailureOr<RankedTensorType> imageType = inputType(*inputs[0]);
  if (failed(imageType))
    return {};

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc());
  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc(), "main",
                                   builder.getFunctionType(*imageType, {}));
  Block *body = func.addEntryBlock();
  values[inputs[0]->name()] = body->getArgument(0);
  builder.setInsertionPointToStart(body);

  for (int i = 0; i < graph.node_size(); ++i)
    if (failed(importNode(graph.node(i), i)))
      return {};

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto it = values.find(output.name());
    if (it == values.end()) {
      emitError(fileLoc()) << "graph output '" << output.name()
                           << "' is not computed by any node";
      return {};
    }
    results.push_back(it->second);
  }
  func::ReturnOp::create(builder, fileLoc(), results);
  func.setType(builder.getFunctionType(*imageType, ValueRange(results).getTypes()));
  return module;
}

LogicalResult OnnxImporter::importNode(const onnx::NodeProto &n, int index) {
  node = &n;
  loc = nodeLoc(n, index);
  if (!n.domain().empty() && n.domain() != "ai.onnx")
    return nodeError() << "unsupported operator domain '" << n.domain() << "'";
  StringRef op = n.op_type();
  if (op == "Conv")
    return importConv();
  if (op == "BatchNormalization")
    return importBatchNorm();
  if (op == "Relu")
    return importRelu();
  if (op == "Add")
    return importAdd();
  if (op == "MaxPool")
    return importPool(/*isMax=*/true);
  if (op == "AveragePool")
    return importPool(/*isMax=*/false);
  if (op == "GlobalAveragePool")
    return importGlobalAveragePool();
  if (op == "Flatten")
    return importFlatten();
  if (op == "Reshape")
    return importReshape();
  if (op == "Gemm")
    return importGemm();
  if (op == "MatMul")
    return importMatMul();
  if (op == "Softmax")
    return importSoftmax();
  if (op == "Identity")
    return importIdentity();
  if (op == "Constant")
    return importConstant();
  return nodeError() << "unsupported operator '" << op << "'";
}

//===----------------------------------------------------------------------===//
// Values and constants
//===----------------------------------------------------------------------===//

FailureOr<ArrayRef<char>>
OnnxImporter::externalData(const onnx::TensorProto &proto, size_t bytes) {
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const onnx::StringStringEntryProto &entry : proto.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      uint64_t v;
      if (StringRef(entry.value()).getAsInteger(10, v))
        return nodeError() << "tensor '" << proto.name() << "' has a bad "
                           << entry.key() << " '" << entry.value() << "'";
      (entry.key() == "offset" ? offset : length.emplace()) = v;
    }
  }
  if (location.empty())
    return nodeError() << "tensor '" << proto.name()
                       << "' has external data without a location";
  // The data file lives next to the model; never read outside its folder
  // (neither by `..` nor through a symbolic link).
  SmallString<256> relative(location);
  llvm::sys::path::remove_dots(relative, /*remove_dot_dot=*/true);
  if (llvm::sys::path::is_absolute(location) ||
      StringRef(relative).starts_with(".."))
    return nodeError() << "tensor '" << proto.name() << "': external data "
                       << "path '" << location
                       << "' escapes the model's directory";
  SmallString<256> modelDir(path);
  llvm::sys::path::remove_filename(modelDir);
  if (modelDir.empty())
    modelDir = ".";
  SmallString<256> realDir, realFile, file(modelDir);
  llvm::sys::path::append(file, relative);
  if (llvm::sys::fs::real_path(file, realFile))
    return nodeError() << "tensor '" << proto.name()
                       << "': cannot find external data file '" << location
                       << "'";
  if (llvm::sys::fs::real_path(modelDir, realDir) ||
      !StringRef(realFile).starts_with((realDir + "/").str()))
    return nodeError() << "tensor '" << proto.name() << "': external data "
                       << "path '" << location
                       << "' escapes the model's directory";
  auto &buffer = externalFiles[realFile];
  if (!buffer) {
    auto file = readInputFile(realFile, "external data file");
    if (!file)
      return nodeError() << "tensor '" << proto.name()
                         << "': " << llvm::toString(file.takeError());
    buffer = std::move(*file);
  }
  if (length && *length != bytes)
    return nodeError() << "tensor '" << proto.name() << "' of shape "
                       << shapeText(SmallVector<int64_t>(proto.dims().begin(), proto.dims().end()))
                       << " needs " << bytes
                       << " bytes, but its external data length is "
                       << *length;
  size_t size = buffer->getBufferSize();
  if (offset > size || bytes > size - offset)
    return nodeError() << "tensor '" << proto.name() << "' needs " << bytes
                       << " bytes at offset " << offset << " of '" << location
                       << "', which has " << size << " bytes";
  return ArrayRef<char>(buffer->getBufferStart() + offset, bytes);
}

LogicalResult OnnxImporter::parseTensor(const onnx::TensorProto &proto,
                                        ConstTensor &out) {
  int64_t count = 1;
  for (int64_t d : proto.dims()) {
    // count <= 2^34 and d <= 2^32: divide rather than multiply (overflow).
    if (d < 0 || d > (int64_t(1) << 32) ||
        count > (int64_t(1) << 34) / std::max<int64_t>(d, 1))
      return nodeError() << "tensor '" << proto.name() << "' has a bad shape";
    out.shape.push_back(d);
    count *= d;
  }
  int32_t type = proto.data_type();
  if (type != onnx::TensorProto_DataType_FLOAT &&
      type != onnx::TensorProto_DataType_INT64)
    return nodeError() << "tensor '" << proto.name() << "' has data type "
                       << type << "; only float32 (and int64 shapes) are "
                       << "supported";
  out.isFloat = type == onnx::TensorProto_DataType_FLOAT;
  size_t bytes = count * (out.isFloat ? 4 : 8);
  ArrayRef<char> raw;
  if (proto.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
    FailureOr<ArrayRef<char>> data = externalData(proto, bytes);
    if (failed(data))
      return failure();
    raw = *data;
  } else if (proto.has_raw_data()) {
    raw = ArrayRef<char>(proto.raw_data().data(), proto.raw_data().size());
  }
  size_t typed = out.isFloat ? proto.float_data_size() : proto.int64_data_size();
  if (raw.empty() && typed == 0 && count != 0)
    return nodeError() << "tensor '" << proto.name() << "' has no data";
  if (!raw.empty() ? raw.size() != bytes : typed != static_cast<size_t>(count))
    return nodeError() << "tensor '" << proto.name() << "' of shape "
                       << shapeText(out.shape) << " has "
                       << (raw.empty() ? typed : raw.size())
                       << (raw.empty() ? " elements" : " bytes")
                       << ", expected " << (raw.empty() ? count : int64_t(bytes));
  if (out.isFloat) {
    out.floats.resize(count);
    if (!raw.empty())
      std::memcpy(out.floats.data(), raw.data(), bytes);
    else
      llvm::copy(proto.float_data(), out.floats.begin());
  } else {
    out.ints.resize(count);
    if (!raw.empty())
      std::memcpy(out.ints.data(), raw.data(), bytes);
    else
      llvm::copy(proto.int64_data(), out.ints.begin());
  }
  return success();
}

FailureOr<const ConstTensor *> OnnxImporter::constant(StringRef name) {
  auto it = constants.find(name);
  if (it != constants.end())
    return &it->second;
  auto init = initializers.find(name);
  if (init == initializers.end())
    return nodeError() << "'" << name
                       << "' must be a constant (an initializer or a "
                          "Constant node)";
  ConstTensor tensor;
  if (failed(parseTensor(*init->second, tensor)))
    return failure();
  return &(constants[name] = std::move(tensor));
}

Value OnnxImporter::weightConstant(ArrayRef<int64_t> shape,
                                   ArrayRef<float> data, StringRef name) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return createWeight(builder, loc, type, data, blobName(name));
}

FailureOr<Value> OnnxImporter::value(StringRef name) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  if (!constants.count(name) && !initializers.count(name))
    return nodeError() << "input '" << name
                       << "' is not defined (missing initializer?)";
  FailureOr<const ConstTensor *> tensor = constant(name);
  if (failed(tensor))
    return failure();
  if (!(*tensor)->isFloat)
    return nodeError() << "input '" << name << "' is int64, expected float32";
  Value v = weightConstant((*tensor)->shape, (*tensor)->floats, name);
  values[name] = v;
  return v;
}

FailureOr<Value> OnnxImporter::input(int index) {
  if (index >= node->input_size() || node->input(index).empty())
    return nodeError() << "missing input " << index;
  return value(node->input(index));
}

LogicalResult OnnxImporter::define(Value result, int outputIndex) {
  values[node->output(outputIndex)] = result;
  return success();
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *OnnxImporter::attr(StringRef name) {
  for (const onnx::AttributeProto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

LogicalResult OnnxImporter::checkAttributes(ArrayRef<StringRef> known) {
  for (const onnx::AttributeProto &a : node->attribute())
    if (!llvm::is_contained(known, StringRef(a.name())))
      return nodeError() << "unsupported attribute '" << a.name() << "'";
  return success();
}

int64_t OnnxImporter::intAttr(StringRef name, int64_t fallback) {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : fallback;
}

float OnnxImporter::floatAttr(StringRef name, float fallback) {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : fallback;
}

std::string OnnxImporter::stringAttr(StringRef name, StringRef fallback) {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : fallback.str();
}

SmallVector<int64_t> OnnxImporter::intsAttr(StringRef name,
                                            ArrayRef<int64_t> fallback) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return SmallVector<int64_t>(fallback);
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

LogicalResult OnnxImporter::checkInOut(int minInputs, int maxInputs,
                                       int maxOutputs) {
  int inputs = node->input_size();
  if (inputs < minInputs || inputs > maxInputs)
    return nodeError() << "expected " << minInputs << "-" << maxInputs
                       << " inputs, got " << inputs;
  if (node->output_size() < 1 || node->output(0).empty())
    return nodeError() << "has no output";
  for (int i = maxOutputs; i < node->output_size(); ++i)
    if (!node->output(i).empty())
      return nodeError() << "output " << i << " ('" << node->output(i)
                         << "') is not supported";
  return success();
}

LogicalResult OnnxImporter::checkNoAutoPad() {
  std::string autoPad = stringAttr("auto_pad", "NOTSET");
  if (autoPad != "NOTSET")
    return nodeError() << "unsupported attribute auto_pad = '" << autoPad
                       << "' (only NOTSET; give explicit pads)";
  return success();
}

/// A two-entry spatial attribute (strides, dilations, kernel_shape).
FailureOr<SmallVector<int64_t>> OnnxImporter::pairAttr(StringRef name,
                                                       int64_t fallback) {
  SmallVector<int64_t> v = intsAttr(name, {fallback, fallback});
  if (v.size() != 2)
    return nodeError() << "attribute '" << name
                       << "' must have 2 entries (2-D), got " << v.size();
  return v;
}

FailureOr<SmallVector<int64_t>> OnnxImporter::padsAttr() {
  SmallVector<int64_t> v = intsAttr("pads", {0, 0, 0, 0});
  if (v.size() != 4)
    return nodeError() << "attribute 'pads' must have 4 entries, got "
                       << v.size();
  return v;
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

LogicalResult OnnxImporter::importConv() {
  if (failed(checkInOut(2, 3, 1)) ||
      failed(checkAttributes({"auto_pad", "dilations", "group", "kernel_shape",
                              "pads", "strides"})) ||
      failed(checkNoAutoPad()))
    return failure();
  FailureOr<Value> x = input(0), w = input(1);
  if (failed(x) || failed(w))
    return failure();
  Value bias;
  if (node->input_size() > 2 && !node->input(2).empty()) {
    FailureOr<Value> b = input(2);
    if (failed(b))
      return failure();
    bias = *b;
  }
  auto strides = pairAttr("strides", 1), dilations = pairAttr("dilations", 1);
  auto pads = padsAttr();
  if (failed(strides) || failed(dilations) || failed(pads))
    return failure();
  auto wType = cast<RankedTensorType>(w->getType());
  if (attr("kernel_shape")) {
    SmallVector<int64_t> kernel = intsAttr("kernel_shape", {});
    if (wType.getRank() != 4 || ArrayRef<int64_t>(kernel) !=
                                    wType.getShape().drop_front(2))
      return nodeError() << "kernel_shape does not match the weight shape "
                         << shapeText(wType.getShape());
  }
  auto conv = tryCreate<Conv2DOp>(
      builder, loc, *x, *w, bias, builder.getDenseI64ArrayAttr(*strides),
      builder.getDenseI64ArrayAttr(*pads),
      builder.getDenseI64ArrayAttr(*dilations),
      builder.getI64IntegerAttr(intAttr("group", 1)));
  return failed(conv) ? failure() : define(conv->getResult());
}

LogicalResult OnnxImporter::importBatchNorm() {
  if (failed(checkInOut(5, 5, 1)) ||
      failed(checkAttributes(
          {"epsilon", "momentum", "spatial", "training_mode"})))
    return failure();
  if (intAttr("training_mode", 0) != 0)
    return nodeError() << "unsupported attribute training_mode = 1 "
                          "(inference only)";
  if (intAttr("spatial", 1) != 1)
    return nodeError() << "unsupported attribute spatial = 0";
  SmallVector<Value, 5> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> v = input(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  auto bn = tryCreate<BatchNormOp>(
      builder, loc, operands[0], operands[1], operands[2], operands[3],
      operands[4], builder.getF64FloatAttr(shortestDouble(floatAttr("epsilon", 1e-5f))));
  return failed(bn) ? failure() : define(bn->getResult());
}

LogicalResult OnnxImporter::importRelu() {
  FailureOr<Value> x;
  if (failed(checkInOut(1, 1, 1)) || failed(checkAttributes({})) ||
      failed(x = input(0)))
    return failure();
  return define(ReluOp::create(builder, loc, *x).getResult());
}

LogicalResult OnnxImporter::importAdd() {
  if (failed(checkInOut(2, 2, 1)) || failed(checkAttributes({})))
    return failure();
  // MatMul + Add(bias): fold the bias into the bias-less linear.
  for (int i = 0; i < 2; ++i) {
    auto it = values.find(node->input(i));
    auto linear = it != values.end() ? it->second.getDefiningOp<LinearOp>()
                                     : LinearOp();
    StringRef other = node->input(1 - i);
    if (!linear || linear.getBias() || uses.lookup(node->input(i)) != 1 ||
        values.count(other))
      continue;
    FailureOr<const ConstTensor *> bias = constant(other);
    if (failed(bias))
      return failure();
    int64_t m = linear.getType().getDimSize(1);
    int64_t count = (*bias)->isFloat ? (*bias)->floats.size() : -1;
    if (count != m)
      return nodeError() << "bias '" << other << "' of shape "
                         << shapeText((*bias)->shape) << " does not match "
                         << m << " outputs";
    Value b = weightConstant({m}, (*bias)->floats, other);
    auto fused = LinearOp::create(builder, loc, linear.getType(),
                                  linear.getInput(), linear.getWeight(), b);
    linear->erase();
    values.erase(node->input(i));
    return define(fused.getResult());
  }
  FailureOr<Value> lhs = input(0), rhs = input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (lhs->getType() != rhs->getType())
    return nodeError() << "broadcasting Add is not supported ("
                       << lhs->getType() << " + " << rhs->getType() << ")";
  return define(AddOp::create(builder, loc, *lhs, *rhs).getResult());
}

LogicalResult OnnxImporter::importPool(bool isMax) {
  SmallVector<StringRef> known = {"auto_pad", "ceil_mode",   "dilations",
                                  "kernel_shape", "pads",    "strides"};
  known.push_back(isMax ? "storage_order" : "count_include_pad");
  FailureOr<Value> x;
  if (failed(checkInOut(1, 1, 1)) || failed(checkAttributes(known)) ||
      failed(checkNoAutoPad()) || failed(x = input(0)))
    return failure();
  if (intAttr("ceil_mode", 0) != 0)
    return nodeError() << "unsupported attribute ceil_mode = 1";
  if (intAttr("storage_order", 0) != 0)
    return nodeError() << "unsupported attribute storage_order = 1";
  SmallVector<int64_t> dilations = intsAttr("dilations", {1, 1});
  if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return nodeError() << "unsupported attribute dilations (pooling "
                          "dilations must be 1)";
  if (!attr("kernel_shape"))
    return nodeError() << "missing attribute 'kernel_shape'";
  auto kernel = pairAttr("kernel_shape", 1), strides = pairAttr("strides", 1);
  auto pads = padsAttr();
  if (failed(kernel) || failed(strides) || failed(pads))
    return failure();
  auto k = builder.getDenseI64ArrayAttr(*kernel);
  auto s = builder.getDenseI64ArrayAttr(*strides);
  auto p = builder.getDenseI64ArrayAttr(*pads);
  if (isMax) {
    auto pool = tryCreate<MaxPool2DOp>(builder, loc, *x, k, s, p);
    return failed(pool) ? failure() : define(pool->getResult());
  }
  auto pool = tryCreate<AvgPool2DOp>(
      builder, loc, *x, k, s, p,
      builder.getBoolAttr(intAttr("count_include_pad", 0) != 0));
  return failed(pool) ? failure() : define(pool->getResult());
}

LogicalResult OnnxImporter::importGlobalAveragePool() {
  FailureOr<Value> x;
  if (failed(checkInOut(1, 1, 1)) || failed(checkAttributes({})) ||
      failed(x = input(0)))
    return failure();
  auto pool = tryCreate<GlobalAvgPoolOp>(builder, loc, *x);
  return failed(pool) ? failure() : define(pool->getResult());
}

LogicalResult OnnxImporter::importFlatten() {
  FailureOr<Value> x;
  if (failed(checkInOut(1, 1, 1)) || failed(checkAttributes({"axis"})) ||
      failed(x = input(0)))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  int64_t axis = intAttr("axis", 1);
  if (axis != 1 && axis != 1 - rank)
    return nodeError() << "unsupported attribute axis = " << axis
                       << " (only 1: N x rest)";
  auto flat = tryCreate<FlattenOp>(builder, loc, *x);
  return failed(flat) ? failure() : define(flat->getResult());
}

LogicalResult OnnxImporter::importReshape() {
  FailureOr<Value> x;
  FailureOr<const ConstTensor *> shape;
  if (failed(checkInOut(2, 2, 1)) || failed(checkAttributes({"allowzero", "shape"})) ||
      failed(x = input(0)))
    return failure();
  if (attr("shape"))
    return nodeError() << "unsupported attribute 'shape' (opset 1-4 form)";
  if (failed(shape = constant(node->input(1))))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  ArrayRef<int64_t> in = type.getShape();
  ArrayRef<int64_t> target = (*shape)->ints;
  int64_t rest = in.empty() ? 0 : type.getNumElements() / in[0];
  bool keepZero = intAttr("allowzero", 0) == 0;
  bool flattens = !(*shape)->isFloat && target.size() == 2 && in.size() >= 2 &&
                  ((target[0] == 0 && keepZero) || target[0] == in[0]) &&
                  (target[1] == -1 || target[1] == rest);
  if (!flattens)
    return nodeError() << "only the flatten form of Reshape ([N, -1] or "
                          "[0, -1]) is supported, got shape ["
                       << llvm::join(llvm::map_range(target, [](int64_t d) {
                            return std::to_string(d);
                          }), ", ")
                       << "] for input " << shapeText(in);
  auto flat = tryCreate<FlattenOp>(builder, loc, *x);
  return failed(flat) ? failure() : define(flat->getResult());
}

/// linear(x, W^T or W, bias) from constant weight data.
LogicalResult OnnxImporter::emitLinear(Value x, const ConstTensor &weight,
                                       bool transpose, Value bias) {
  if (!weight.isFloat || weight.shape.size() != 2)
    return nodeError() << "weight must be a 2-D float32 constant, got "
                       << shapeText(weight.shape);
  int64_t rows = weight.shape[0], cols = weight.shape[1];
  std::vector<float> data = weight.floats;
  SmallVector<int64_t, 2> shape = {rows, cols};
  if (transpose) {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        data[c * rows + r] = weight.floats[r * cols + c];
    shape = {cols, rows};
  }
  Value w = weightConstant(shape, data, node->input(1));
  auto linear = tryCreate<LinearOp>(builder, loc, x, w, bias);
  return failed(linear) ? failure() : define(linear->getResult());
}

LogicalResult OnnxImporter::importGemm() {
  FailureOr<Value> x;
  FailureOr<const ConstTensor *> weight;
  if (failed(checkInOut(2, 3, 1)) ||
      failed(checkAttributes({"alpha", "beta", "transA", "transB"})) ||
      failed(x = input(0)))
    return failure();
  if (floatAttr("alpha", 1.0f) != 1.0f || floatAttr("beta", 1.0f) != 1.0f)
    return nodeError() << "unsupported attributes alpha/beta (only 1.0)";
  if (intAttr("transA", 0) != 0)
    return nodeError() << "unsupported attribute transA = 1";
  if (failed(weight = constant(node->input(1))))
    return failure();
  bool transB = intAttr("transB", 0) != 0;
  Value bias;
  if (node->input_size() > 2 && !node->input(2).empty()) {
    FailureOr<const ConstTensor *> c = constant(node->input(2));
    if (failed(c))
      return failure();
    int64_t m = (*weight)->shape.size() == 2
                    ? (*weight)->shape[transB ? 0 : 1] : -1;
    ArrayRef<int64_t> cShape = (*c)->shape;
    bool vector = (cShape.size() == 1 && cShape[0] == m) ||
                  (cShape.size() == 2 && cShape[0] == 1 && cShape[1] == m);
    if (!(*c)->isFloat || !vector)
      return nodeError() << "bias C of shape " << shapeText(cShape)
                         << " is not supported (expected " << m << " or 1x"
                         << m << ")";
    bias = weightConstant({m}, (*c)->floats, node->input(2));
  }
  return emitLinear(*x, **weight, /*transpose=*/!transB, bias);
}

LogicalResult OnnxImporter::importMatMul() {
  FailureOr<Value> x;
  FailureOr<const ConstTensor *> weight;
  if (failed(checkInOut(2, 2, 1)) || failed(checkAttributes({})) ||
      failed(x = input(0)) || failed(weight = constant(node->input(1))))
    return failure();
  return emitLinear(*x, **weight, /*transpose=*/true, Value());
}

LogicalResult OnnxImporter::importSoftmax() {
  FailureOr<Value> x;
  if (failed(checkInOut(1, 1, 1)) || failed(checkAttributes({"axis"})) ||
      failed(x = input(0)))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  int64_t axis = intAttr("axis", opset < 13 ? 1 : -1);
  if (axis < -rank || axis >= rank)
    return nodeError() << "axis " << axis << " is out of range for rank "
                       << rank;
  if (axis < 0)
    axis += rank;
  // Before opset 13, Softmax flattened the trailing axes into one.
  if (opset < 13 && axis != rank - 1)
    return nodeError() << "unsupported attribute axis = " << axis
                       << " with opset " << opset
                       << " (only the last axis)";
  auto softmax = tryCreate<SoftmaxOp>(builder, loc, *x,
                                      builder.getI64IntegerAttr(axis));
  return failed(softmax) ? failure() : define(softmax->getResult());
}

LogicalResult OnnxImporter::importIdentity() {
  if (failed(checkInOut(1, 1, 1)) || failed(checkAttributes({})))
    return failure();
  StringRef in = node->input(0);
  if (!values.count(in) && (constants.count(in) || initializers.count(in))) {
    FailureOr<const ConstTensor *> c = constant(in);
    if (failed(c))
      return failure();
    ConstTensor copy = **c;
    constants[node->output(0)] = std::move(copy);
    return success();
  }
  FailureOr<Value> x = input(0);
  return failed(x) ? failure() : define(*x);
}

LogicalResult OnnxImporter::importConstant() {
  if (failed(checkInOut(0, 0, 1)) ||
      failed(checkAttributes(
          {"value", "value_float", "value_floats", "value_int", "value_ints"})))
    return failure();
  ConstTensor tensor;
  if (const onnx::AttributeProto *a = attr("value")) {
    if (failed(parseTensor(a->t(), tensor)))
      return failure();
  } else if ((a = attr("value_float"))) {
    tensor.floats = {a->f()};
  } else if ((a = attr("value_floats"))) {
    tensor.floats.assign(a->floats().begin(), a->floats().end());
    tensor.shape = {static_cast<int64_t>(tensor.floats.size())};
  } else if ((a = attr("value_int"))) {
    tensor.isFloat = false;
    tensor.ints = {a->i()};
  } else if ((a = attr("value_ints"))) {
    tensor.isFloat = false;
    tensor.ints.assign(a->ints().begin(), a->ints().end());
    tensor.shape = {static_cast<int64_t>(tensor.ints.size())};
  } else {
    return nodeError() << "has no value attribute";
  }
  constants[node->output(0)] = std::move(tensor);
  return success();
}
} // namespace

OwningOpRef<ModuleOp> mlir::resnet::importOnnx(MLIRContext *context,
                                               StringRef path,
                                               const OnnxImportOptions &options) {
  return OnnxImporter(context, path, options).run();
}
