//===- OnnxImporter.cpp - ONNX models to the resnet dialect ---------------===//
//
// Reads the model with the protobuf classes of libonnx, checks that every
// node is an operator it knows (one error lists all the others), walks the
// graph's nodes in order (ONNX requires topological order) and emits one
// resnet op per node. Initializers and Constant nodes become weight
// constants when an op uses them as tensors; Reshape shapes and Gemm/MatMul
// weights are read as data.
//
// Add/Sub/Mul/Div/Sum with a constant operand become `resnet.affine`
// (x * scale + shift, broadcast); consecutive ones combine, and one that is
// per channel folds into the convolution before it (a BN written as Mul and
// Add) or after it (an input normalisation in front of the stem, which then
// pads with the value that the normalisation maps to zero), when the
// intermediate value has no other reader (ConstantFolding.h).
//
// Each op's location is `"<node name>"(<model>:<node index + 1>:0)`: the
// NameLoc names the node, the "line" is its position in the graph.
//
//===----------------------------------------------------------------------===//
#include "importer/OnnxImporter.h"
#include "importer/BuildUtils.h"
#include "importer/ConstantFolding.h"
#include "dialect/InputFiles.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::resnet;

namespace {
// The public model zoo's ResNets are opset 7 and 8; operators changed
// little since (the differences are handled per operator).
constexpr int64_t kMinOpset = 7, kMaxOpset = 21;

/// The operators the importer turns into resnet ops (default domain).
constexpr const char *kSupportedOps[] = {
    "Add",     "AveragePool", "BatchNormalization", "Constant", "Conv",
    "Div",     "Dropout",     "Flatten",            "Gemm",
    "GlobalAveragePool",      "Identity",           "MatMul",   "MaxPool",
    "Mul",     "Relu",        "Reshape",            "Softmax",  "Sub",
    "Sum"};

/// The elementwise arithmetic operators.
enum class Arith { Add, Sub, Mul, Div, Sum };

/// The contents of an initializer or Constant: float32 or int64 data.
/// uint8/int8 data is held in `floats` (exactly), `elementType` says which.
struct ConstTensor {
  bool isFloat = true;
  SmallVector<int64_t, 4> shape;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  Type elementType; // null: float32 (or the int64/bool of `ints`)
};

/// The ONNX name of an element type the importer carries (messages).
std::string onnxTypeName(Type type) {
  if (!type || type.isF32())
    return "float32";
  if (type.isInteger(1))
    return "bool";
  auto integer = cast<IntegerType>(type);
  return (integer.isUnsigned() ? "uint" : "int") +
         std::to_string(integer.getWidth());
}

/// The ONNX data type's name, for messages.
std::string onnxTypeName(int32_t type) {
  const std::string &name = onnx::TensorProto_DataType_Name(
      static_cast<onnx::TensorProto_DataType>(type));
  return name.empty() ? std::to_string(type) : llvm::StringRef(name).lower();
}

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
  LogicalResult checkSupportedOps();
  void eraseDeadConstants(Block &body);
  Location nodeLoc(const onnx::NodeProto &n, int index);
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &input);
  LogicalResult importNode(const onnx::NodeProto &node, int index);
  /// The node's operator, given inputs of an 8-bit integer type or not.
  LogicalResult importOperator(StringRef op, bool integerInputs);
  /// The element type of the node's inputs (null: float32); an error if they
  /// differ or the operator computes only float32.
  FailureOr<Type> nodeElementType();
  /// 8-bit integer arithmetic wraps (and Div truncates) like the ONNX type.
  FailureOr<Value> wrapInteger(Value x, Type integer);
  Type f32OrElementType(StringRef name) {
    Type t = elementTypes.lookup(name);
    return t ? t : builder.getF32Type();
  }

  // --- Values and constants.
  Location fileLoc() { return FileLineColLoc::get(context, path, 0, 0); }
  InFlightDiagnostic nodeError() {
    InFlightDiagnostic d = emitError(loc);
    // An unnamed node is called as its location names it (`Conv_3`).
    StringRef name = node->name();
    if (auto named = dyn_cast<NameLoc>(loc))
      name = named.getName().getValue();
    d << node->op_type() << " node '" << name << "': ";
    return d;
  }
  FailureOr<const ConstTensor *> constant(StringRef name);
  LogicalResult parseTensor(const onnx::TensorProto &proto, ConstTensor &out);
  LogicalResult parseBoolTensor(const onnx::TensorProto &proto, int64_t count,
                                ConstTensor &out);
  LogicalResult parseByteTensor(const onnx::TensorProto &proto, int64_t count,
                                bool isSigned, ConstTensor &out);
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
  FailureOr<SmallVector<int64_t>> pairAttr(StringRef name, int64_t fallback);
  FailureOr<SmallVector<int64_t>> padsAttr();
  /// Explicit pads of a sliding window over the NCHW `x`: from `pads` or
  /// `auto_pad`, plus the bottom/right padding that `ceil_mode` adds
  /// (`ceilExtra`: whether it added any).
  FailureOr<SmallVector<int64_t>> windowPads(Value x, ArrayRef<int64_t> kernel,
                                             ArrayRef<int64_t> strides,
                                             ArrayRef<int64_t> dilations,
                                             bool ceilMode, bool *ceilExtra);

  // --- Folding constants into neighbouring ops (ConstantFolding.h).
  /// An initializer or a Constant node's output (maybe already made a
  /// weight constant by another reader).
  bool isConstant(StringRef name) {
    return constants.count(name) || initializers.count(name);
  }
  FailureOr<FoldedConstant> foldedConstant(StringRef name);
  /// `x * scale + shift` for the value named `xName` (empty: a value only
  /// this node reads), combined with an affine before it and folded into a
  /// convolution before it when nothing else reads the intermediate value.
  FailureOr<Value> emitAffine(StringRef xName, Value x, FoldedConstant scale,
                              FoldedConstant shift);
  /// conv(affine(x)) as one conv reading x, when that is exact.
  FailureOr<Value> foldInputAffine(Conv2DOp conv);
  std::optional<ConvParameters> convParameters(Conv2DOp conv);
  FailureOr<Conv2DOp> rebuildConv(Conv2DOp conv, Value input,
                                  const ConvParameters &params);
  /// Erases `op` (whose results nothing reads any more) and forgets it.
  void eraseReplaced(Operation *op);

  // --- Operators.
  LogicalResult importConv();
  LogicalResult importBatchNorm();
  LogicalResult importRelu();
  LogicalResult importArith(Arith kind);
  LogicalResult foldLinearBias();
  LogicalResult importDropout();
  LogicalResult importPool(bool isMax);
  LogicalResult importGlobalAveragePool();
  LogicalResult importFlatten();
  LogicalResult importReshape();
  LogicalResult importGemm();
  LogicalResult importMatMul();
  LogicalResult importSoftmax();
  LogicalResult importIdentity();
  LogicalResult forwardInput();
  LogicalResult importConstant();
  FailureOr<Value> emitLinear(Value x, const ConstTensor &weight,
                              bool transpose, Value bias, double alpha);

  MLIRContext *context;
  OpBuilder builder;
  std::string path;
  OnnxImportOptions options;
  onnx::ModelProto model;
  int64_t opset = 0;

  llvm::StringMap<Value> values;
  /// The ONNX element type of each value that is not float32 (ui8, si8 data;
  /// si64 indices; i1 masks), held as exact f32 values.
  llvm::StringMap<Type> elementTypes;
  /// How many node inputs and graph outputs read each name.
  llvm::StringMap<int> uses;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  llvm::StringMap<ConstTensor> constants;
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> externalFiles;
  /// The exact (double) constants of each resnet.affine made so far.
  llvm::DenseMap<Operation *, std::pair<FoldedConstant, FoldedConstant>>
      affineConstants;

  // The node being imported and its location.
  const onnx::NodeProto *node = nullptr;
  Location loc = UnknownLoc::get(context);
};

//===----------------------------------------------------------------------===//
// Model
//===----------------------------------------------------------------------===//

LogicalResult OnnxImporter::load() {
  std::unique_ptr<llvm::MemoryBuffer> file;
  StringRef bytes;
  if (options.bytes) {
    bytes = *options.bytes;
  } else {
    // "-" is standard input.
    llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        readInputFile(path, "ONNX model");
    if (!buffer)
      return emitError(fileLoc()) << llvm::toString(buffer.takeError());
    file = std::move(*buffer);
    bytes = file->getBuffer();
  }
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
  if (failed(checkUniqueNames()) || failed(checkSupportedOps()))
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

/// Every node's operator must be one the importer knows: one error lists
/// all the others (with how many nodes use each and the first of them), and
/// the operators supported, so that a user sees the whole gap at once.
LogicalResult OnnxImporter::checkSupportedOps() {
  struct Unsupported {
    int count = 0;
    std::string firstNode;
  };
  // In the order of their first node; a model has a few kinds at most.
  std::vector<std::pair<std::string, Unsupported>> unsupported;
  const onnx::GraphProto &graph = model.graph();
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &n = graph.node(i);
    bool defaultDomain = n.domain().empty() || n.domain() == "ai.onnx";
    if (defaultDomain && llvm::is_contained(kSupportedOps, n.op_type()))
      continue;
    std::string op =
        defaultDomain ? n.op_type() : n.domain() + "." + n.op_type();
    auto it = llvm::find_if(unsupported,
                            [&](const auto &e) { return e.first == op; });
    if (it == unsupported.end())
      it = unsupported.insert(it, {op, Unsupported()});
    Unsupported &entry = it->second;
    if (entry.count++ == 0)
      entry.firstNode = (n.name().empty() ? n.op_type() + "_" +
                                                std::to_string(i)
                                          : n.name()) +
                        "' at node " + std::to_string(i + 1);
  }
  if (unsupported.empty())
    return success();
  InFlightDiagnostic d = emitError(fileLoc());
  d << "unsupported ONNX operator" << (unsupported.size() > 1 ? "s" : "")
    << ": ";
  llvm::interleave(
      unsupported, d,
      [&](const auto &entry) {
        d << entry.first << " (" << entry.second.count
          << (entry.second.count == 1 ? " node" : " nodes") << ", first '"
          << entry.second.firstNode << ")";
      },
      ", ");
  d << "; supported: "
    << llvm::join(std::begin(kSupportedOps), std::end(kSupportedOps), ", ");
  return d;
}

FailureOr<RankedTensorType>
OnnxImporter::inputType(const onnx::ValueInfoProto &input) {
  Location inputLoc = NameLoc::get(builder.getStringAttr(input.name()),
                                   fileLoc());
  const onnx::TypeProto &type = input.type();
  if (!type.has_tensor_type())
    return emitError(inputLoc)
           << "graph input '" << input.name() << "' is "
           << (type.has_sequence_type()   ? "a sequence"
               : type.has_optional_type() ? "an optional"
               : type.has_map_type()      ? "a map"
                                          : "not a tensor")
           << "; only tensors (float32, uint8 or int8) are supported";
  int32_t elemType = type.tensor_type().elem_type();
  if (elemType == onnx::TensorProto_DataType_UINT8 ||
      elemType == onnx::TensorProto_DataType_INT8)
    elementTypes[input.name()] = IntegerType::get(
        context, 8,
        elemType == onnx::TensorProto_DataType_UINT8 ? IntegerType::Unsigned
                                                     : IntegerType::Signed);
  else if (elemType != onnx::TensorProto_DataType_FLOAT)
    return emitError(inputLoc)
           << "graph input '" << input.name() << "' has element type "
           << onnxTypeName(elemType)
           << "; supported: float32, and uint8/int8 (computed exactly in "
              "f32)";
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
  eraseDeadConstants(*body);
  func.setType(builder.getFunctionType(*imageType, ValueRange(results).getTypes()));
  if (Type t = elementTypes.lookup(inputs[0]->name()))
    func.setArgAttr(0, kElementTypeAttrName, TypeAttr::get(t));
  for (auto [index, output] : llvm::enumerate(graph.output()))
    if (Type t = elementTypes.lookup(output.name()))
      func.setResultAttr(index, kElementTypeAttrName, TypeAttr::get(t));
  return module;
}

/// Folding leaves the weights it replaced behind; nothing reads them.
void OnnxImporter::eraseDeadConstants(Block &body) {
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (isa<arith::ConstantOp>(op) && op.use_empty())
      op.erase();
}

LogicalResult OnnxImporter::importNode(const onnx::NodeProto &n, int index) {
  node = &n;
  loc = nodeLoc(n, index);
  if (!n.domain().empty() && n.domain() != "ai.onnx")
    return nodeError() << "unsupported operator domain '" << n.domain() << "'";
  StringRef op = n.op_type();
  FailureOr<Type> elementType = nodeElementType();
  if (failed(elementType))
    return failure();
  if (*elementType) {
    // What the operators that take 8-bit integers compute is exact in f32;
    // the arithmetic ones wrap (importArith). Their outputs keep the type.
    if (failed(importOperator(op, /*integerInputs=*/true)))
      return failure();
    for (const std::string &out : n.output())
      if (!out.empty() && !elementTypes.count(out))
        elementTypes[out] = *elementType;
    return success();
  }
  return importOperator(op, /*integerInputs=*/false);
}

FailureOr<Type> OnnxImporter::nodeElementType() {
  Type found;
  bool first = true;
  // Reshape's shape and Dropout's ratio/mode are not data.
  int dataInputs = node->op_type() == "Reshape" || node->op_type() == "Dropout"
                       ? 1
                       : node->input_size();
  for (int i = 0; i < dataInputs; ++i) {
    StringRef name = node->input(i);
    if (name.empty())
      continue;
    Type t = elementTypes.lookup(name);
    if (!t && !values.count(name) && isConstant(name)) {
      FailureOr<const ConstTensor *> c = constant(name);
      if (failed(c))
        return failure();
      if (!(*c)->isFloat)
        continue; // int64 shapes and bool flags: checked by the operator
      t = (*c)->elementType;
    }
    if (!first && t != found)
      return nodeError() << "inputs have different element types ("
                         << onnxTypeName(found) << " and " << onnxTypeName(t)
                         << ")";
    found = t;
    first = false;
  }
  return found;
}

FailureOr<Value> OnnxImporter::wrapInteger(Value x, Type integer) {
  auto type = cast<IntegerType>(integer);
  auto wrapped = tryCreate<WrapIntegerOp>(
      builder, loc, x, builder.getI64IntegerAttr(type.getWidth()),
      builder.getBoolAttr(type.isSigned()));
  if (failed(wrapped))
    return failure();
  return wrapped->getResult();
}

/// Each operator's import, and whether it takes 8-bit integer inputs: what
/// those compute is exact in f32 (the arithmetic ones wrap, importArith).
LogicalResult OnnxImporter::importOperator(StringRef op, bool integerInputs) {
  struct Entry {
    StringLiteral op;
    LogicalResult (*import)(OnnxImporter &);
    bool takesIntegers;
  };
  // The integer ones first, in the order the error message lists them.
  static const Entry kImports[] = {
      {"Add", [](OnnxImporter &i) { return i.importArith(Arith::Add); }, true},
      {"Sub", [](OnnxImporter &i) { return i.importArith(Arith::Sub); }, true},
      {"Mul", [](OnnxImporter &i) { return i.importArith(Arith::Mul); }, true},
      {"Div", [](OnnxImporter &i) { return i.importArith(Arith::Div); }, true},
      {"Sum", [](OnnxImporter &i) { return i.importArith(Arith::Sum); }, true},
      {"MaxPool",
       [](OnnxImporter &i) { return i.importPool(/*isMax=*/true); }, true},
      {"Relu", [](OnnxImporter &i) { return i.importRelu(); }, true},
      {"Flatten", [](OnnxImporter &i) { return i.importFlatten(); }, true},
      {"Reshape", [](OnnxImporter &i) { return i.importReshape(); }, true},
      {"Identity", [](OnnxImporter &i) { return i.importIdentity(); }, true},
      {"Conv", [](OnnxImporter &i) { return i.importConv(); }, false},
      {"BatchNormalization",
       [](OnnxImporter &i) { return i.importBatchNorm(); }, false},
      {"Dropout", [](OnnxImporter &i) { return i.importDropout(); }, false},
      {"AveragePool",
       [](OnnxImporter &i) { return i.importPool(/*isMax=*/false); }, false},
      {"GlobalAveragePool",
       [](OnnxImporter &i) { return i.importGlobalAveragePool(); }, false},
      {"Gemm", [](OnnxImporter &i) { return i.importGemm(); }, false},
      {"MatMul", [](OnnxImporter &i) { return i.importMatMul(); }, false},
      {"Softmax", [](OnnxImporter &i) { return i.importSoftmax(); }, false},
      {"Constant", [](OnnxImporter &i) { return i.importConstant(); }, false},
  };
  const Entry *entry = llvm::find_if(
      kImports, [&](const Entry &e) { return e.op == op; });
  if (entry == std::end(kImports))
    return nodeError() << "unsupported operator '" << op << "'";
  if (integerInputs && !entry->takesIntegers) {
    SmallVector<StringRef> integerOps;
    for (const Entry &e : kImports)
      if (e.takesIntegers)
        integerOps.push_back(e.op);
    return nodeError() << "computes float32 only, got "
                       << onnxTypeName(*nodeElementType())
                       << " inputs (8-bit integers are supported by "
                       << llvm::join(ArrayRef(integerOps).drop_back(), ", ")
                       << " and " << integerOps.back() << ")";
  }
  return entry->import(*this);
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
  if (path == "-")
    return nodeError() << "tensor '" << proto.name() << "' has external "
                       << "data, which a model read from standard input "
                       << "cannot locate (give the model's file)";
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
                       << shapeString(SmallVector<int64_t>(
                              proto.dims().begin(), proto.dims().end()))
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
  bool isBool = type == onnx::TensorProto_DataType_BOOL;
  bool isByte = type == onnx::TensorProto_DataType_UINT8 ||
                type == onnx::TensorProto_DataType_INT8;
  if (type != onnx::TensorProto_DataType_FLOAT &&
      type != onnx::TensorProto_DataType_INT64 && !isBool && !isByte)
    return nodeError() << "tensor '" << proto.name() << "' has data type "
                       << onnxTypeName(type)
                       << "; only float32, uint8 and int8 (and int64 "
                          "shapes, bool flags) are supported";
  out.isFloat = type == onnx::TensorProto_DataType_FLOAT || isByte;
  if (isBool)
    return parseBoolTensor(proto, count, out);
  if (isByte)
    return parseByteTensor(proto, count, type == onnx::TensorProto_DataType_INT8,
                           out);
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
                       << shapeString(out.shape) << " has "
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

/// A uint8/int8 tensor as exact floats: one byte each in raw data, else
/// int32_data.
LogicalResult OnnxImporter::parseByteTensor(const onnx::TensorProto &proto,
                                            int64_t count, bool isSigned,
                                            ConstTensor &out) {
  if (proto.data_location() == onnx::TensorProto_DataLocation_EXTERNAL)
    return nodeError() << "8-bit tensor '" << proto.name()
                       << "' in external data is not supported";
  size_t size = proto.has_raw_data() ? proto.raw_data().size()
                                     : proto.int32_data_size();
  if (size != static_cast<size_t>(count))
    return nodeError() << "tensor '" << proto.name() << "' of shape "
                       << shapeString(out.shape) << " has " << size
                       << " values, expected " << count;
  for (size_t k = 0; k < size; ++k) {
    int32_t v = proto.has_raw_data()
                    ? (isSigned ? int32_t(int8_t(proto.raw_data()[k]))
                                : int32_t(uint8_t(proto.raw_data()[k])))
                    : proto.int32_data(k);
    if (v < (isSigned ? -128 : 0) || v > (isSigned ? 127 : 255))
      return nodeError() << "tensor '" << proto.name() << "' holds " << v
                         << ", outside its 8-bit type";
    out.floats.push_back(static_cast<float>(v));
  }
  out.elementType = IntegerType::get(
      context, 8, isSigned ? IntegerType::Signed : IntegerType::Unsigned);
  return success();
}

/// A bool tensor (Dropout's training_mode) as 0/1 ints: one byte each in
/// raw data, else int32_data.
LogicalResult OnnxImporter::parseBoolTensor(const onnx::TensorProto &proto,
                                            int64_t count, ConstTensor &out) {
  if (proto.data_location() == onnx::TensorProto_DataLocation_EXTERNAL)
    return nodeError() << "bool tensor '" << proto.name()
                       << "' in external data is not supported";
  size_t size = proto.has_raw_data() ? proto.raw_data().size()
                                     : proto.int32_data_size();
  if (size != static_cast<size_t>(count))
    return nodeError() << "tensor '" << proto.name() << "' of shape "
                       << shapeString(out.shape) << " has " << size
                       << " values, expected " << count;
  for (size_t k = 0; k < size; ++k)
    out.ints.push_back(proto.has_raw_data() ? proto.raw_data()[k] != 0
                                            : proto.int32_data(k) != 0);
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

FailureOr<SmallVector<int64_t>>
OnnxImporter::windowPads(Value x, ArrayRef<int64_t> kernel,
                         ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                         bool ceilMode, bool *ceilExtra) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() != 4)
    return nodeError() << "input must be 4-D (NCHW), got "
                       << shapeString(type.getShape())
                       << " (1-D and 3-D windows are not supported)";
  std::string autoPad = stringAttr("auto_pad", "NOTSET");
  SmallVector<int64_t> pads(4, 0);
  if (autoPad == "NOTSET") {
    FailureOr<SmallVector<int64_t>> explicitPads = padsAttr();
    if (failed(explicitPads))
      return failure();
    pads = *explicitPads;
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    // The output has ceil(in / stride) positions; the padding that needs is
    // split evenly, the odd one at the end (UPPER) or the beginning (LOWER).
    for (int i = 0; i < 2; ++i) {
      int64_t in = type.getDimSize(2 + i);
      int64_t window = dilations[i] * (kernel[i] - 1) + 1;
      int64_t out = (in + strides[i] - 1) / strides[i];
      int64_t total =
          std::max<int64_t>((out - 1) * strides[i] + window - in, 0);
      int64_t half = total / 2;
      pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[i + 2] = total - pads[i];
    }
  } else if (autoPad != "VALID") {
    return nodeError() << "unsupported attribute auto_pad = '" << autoPad
                       << "' (NOTSET, SAME_UPPER, SAME_LOWER or VALID)";
  }
  *ceilExtra = false;
  if (!ceilMode)
    return pads;
  // ceil_mode: one more output where a partial window remains, padded at the
  // bottom/right; a window must still start inside the input or the leading
  // padding (as PyTorch and ONNX Runtime compute it).
  for (int i = 0; i < 2; ++i) {
    int64_t in = type.getDimSize(2 + i);
    int64_t window = dilations[i] * (kernel[i] - 1) + 1;
    int64_t padded = in + pads[i] + pads[i + 2];
    if (padded < window)
      continue; // The op's verifier names the problem.
    int64_t out = (padded - window + strides[i] - 1) / strides[i] + 1;
    if ((out - 1) * strides[i] >= in + pads[i])
      --out;
    int64_t extra = (out - 1) * strides[i] + window - padded;
    if (extra > 0) {
      pads[i + 2] += extra;
      *ceilExtra = true;
    }
  }
  return pads;
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
                              "pads", "strides"})))
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
  if (failed(strides) || failed(dilations))
    return failure();
  auto wType = cast<RankedTensorType>(w->getType());
  if (wType.getRank() != 4)
    return nodeError() << "weight must be 4-D (OIHW), got "
                       << shapeString(wType.getShape())
                       << " (1-D and 3-D convolutions are not supported)";
  if (attr("kernel_shape")) {
    SmallVector<int64_t> kernel = intsAttr("kernel_shape", {});
    if (ArrayRef<int64_t>(kernel) != wType.getShape().drop_front(2))
      return nodeError() << "kernel_shape does not match the weight shape "
                         << shapeString(wType.getShape());
  }
  bool ceilExtra;
  FailureOr<SmallVector<int64_t>> pads =
      windowPads(*x, wType.getShape().drop_front(2), *strides, *dilations,
                 /*ceilMode=*/false, &ceilExtra);
  if (failed(pads))
    return failure();
  auto conv = tryCreate<Conv2DOp>(
      builder, loc, *x, *w, bias, builder.getDenseI64ArrayAttr(*strides),
      builder.getDenseI64ArrayAttr(*pads),
      builder.getDenseI64ArrayAttr(*dilations),
      builder.getI64IntegerAttr(intAttr("group", 1)), DenseF32ArrayAttr());
  if (failed(conv))
    return failure();
  FailureOr<Value> result = foldInputAffine(*conv);
  return failed(result) ? failure() : define(*result);
}

LogicalResult OnnxImporter::importBatchNorm() {
  // spatial (opset 7-8), is_test and consumed_inputs (older exports) are
  // accepted where they mean inference with the running statistics.
  if (failed(checkAttributes({"epsilon", "momentum", "spatial",
                              "training_mode", "is_test", "consumed_inputs"})))
    return failure();
  // Training normalises with the batch's own statistics and outputs the
  // updated running ones: a training step, not inference.
  if (intAttr("training_mode", 0) != 0)
    return nodeError() << "unsupported attribute training_mode = 1: it "
                          "normalises with the batch's statistics and "
                          "updates the running ones (a training step); "
                          "only inference is supported";
  if (failed(checkInOut(5, 5, 1)))
    return failure();
  if (intAttr("is_test", 1) == 0)
    return nodeError() << "unsupported attribute is_test = 0 (inference "
                          "only)";
  SmallVector<Value, 5> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> v = input(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  // spatial = 0 normalises each activation with its own statistics; with one
  // value per channel (what exporters write) that is the spatial form.
  if (intAttr("spatial", 1) != 1 &&
      cast<RankedTensorType>(operands[1].getType()).getRank() != 1)
    return nodeError() << "unsupported attribute spatial = 0 with "
                          "per-activation statistics of shape "
                       << shapeString(cast<RankedTensorType>(
                                        operands[1].getType())
                                        .getShape());
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

/// MatMul + Add(bias): the bias folds into the bias-less linear.
LogicalResult OnnxImporter::foldLinearBias() {
  for (int i = 0; i < 2; ++i) {
    auto it = values.find(node->input(i));
    auto linear = it != values.end() ? it->second.getDefiningOp<LinearOp>()
                                     : LinearOp();
    StringRef other = node->input(1 - i);
    if (!linear || linear.getBias() || uses.lookup(node->input(i)) != 1 ||
        !isConstant(other))
      continue;
    FailureOr<const ConstTensor *> bias = constant(other);
    if (failed(bias))
      return failure();
    int64_t m = linear.getType().getDimSize(1);
    if (!(*bias)->isFloat || !broadcastsTo((*bias)->shape, {1, m}))
      continue; // Not one value per output: an affine after the linear.
    FoldedConstant c{(*bias)->shape,
                     std::vector<double>((*bias)->floats.begin(),
                                         (*bias)->floats.end())};
    std::vector<double> perOutput = broadcastValues(c, {m});
    Value b = weightConstant(
        {m}, std::vector<float>(perOutput.begin(), perOutput.end()), other);
    auto fused = LinearOp::create(builder, loc, linear.getType(),
                                  linear.getInput(), linear.getWeight(), b);
    eraseReplaced(linear);
    return define(fused.getResult());
  }
  return failure();
}

LogicalResult OnnxImporter::importArith(Arith kind) {
  bool variadic = kind == Arith::Sum;
  if (failed(checkInOut(variadic ? 1 : 2, variadic ? INT32_MAX : 2, 1)) ||
      failed(checkAttributes({})))
    return failure();
  // uint8/int8: the f32 ops compute the exact result (the operands are
  // small integers), and a wrap_integer makes it wrap (and Div truncate) as
  // the integer type does.
  FailureOr<Type> elementType = nodeElementType();
  if (failed(elementType))
    return failure();
  Type integer = *elementType;
  auto finish = [&](Value v) -> LogicalResult {
    if (!integer)
      return define(v);
    FailureOr<Value> wrapped = wrapInteger(v, integer);
    return failed(wrapped) ? failure() : define(*wrapped);
  };
  if (!integer && (kind == Arith::Add || kind == Arith::Sum) &&
      node->input_size() == 2 && succeeded(foldLinearBias()))
    return success();
  // The computed operands (activations) and the constant ones, in order.
  SmallVector<std::pair<StringRef, Value>> computed;
  SmallVector<FoldedConstant> folded;
  SmallVector<bool> isComputed;
  for (const std::string &name : node->input()) {
    if (name.empty())
      return nodeError() << "has an empty input name";
    if (isConstant(name)) {
      FailureOr<FoldedConstant> c = foldedConstant(name);
      if (failed(c))
        return failure();
      folded.push_back(std::move(*c));
      isComputed.push_back(false);
      continue;
    }
    FailureOr<Value> v = value(name);
    if (failed(v))
      return failure();
    computed.push_back({name, *v});
    isComputed.push_back(true);
  }
  auto combine = [&](const FoldedConstant &a, const FoldedConstant &b,
                     function_ref<double(double, double)> f)
      -> FailureOr<FoldedConstant> {
    std::optional<FoldedConstant> c = combineConstants(a, b, f);
    if (!c)
      return nodeError() << "constants of shapes " << shapeString(a.shape)
                         << " and " << shapeString(b.shape)
                         << " do not broadcast";
    return *c;
  };
  auto plus = [](double a, double b) { return a + b; };

  // All constant: the result is a constant too.
  if (computed.empty()) {
    FoldedConstant result = folded[0];
    for (const FoldedConstant &c : ArrayRef(folded).drop_front()) {
      FailureOr<FoldedConstant> next = combine(result, c, [&](double a, double b) {
        switch (kind) {
        case Arith::Sub: return a - b;
        case Arith::Mul: return a * b;
        case Arith::Div: return a / b;
        default: return a + b;
        }
      });
      if (failed(next))
        return failure();
      result = std::move(*next);
    }
    ConstTensor tensor;
    tensor.shape = result.shape;
    if (integer) {
      auto type = cast<IntegerType>(integer);
      double modulus = std::ldexp(1.0, type.getWidth());
      for (double &v : result.values) {
        v = std::fmod(std::trunc(v), modulus);
        v += v < 0 ? modulus : 0.0;
        v -= type.isSigned() && v >= modulus / 2 ? modulus : 0.0;
      }
      tensor.elementType = integer;
    }
    tensor.floats.assign(result.values.begin(), result.values.end());
    constants[node->output(0)] = std::move(tensor);
    return success();
  }
  auto sameType = [&](Value a, Value b) -> LogicalResult {
    if (a.getType() == b.getType())
      return success();
    return nodeError() << "broadcasting between two computed tensors is not "
                          "supported ("
                       << a.getType() << " and " << b.getType()
                       << "; only a constant operand may broadcast)";
  };
  FoldedConstant one = FoldedConstant::splat(1.0),
                 zero = FoldedConstant::splat(0.0);
  switch (kind) {
  case Arith::Add:
  case Arith::Sum: {
    // Computed operands add up (one type); the constants make the shift.
    Value sum = computed[0].second;
    StringRef sumName = computed[0].first;
    for (auto &[name, v] : ArrayRef(computed).drop_front()) {
      if (failed(sameType(sum, v)))
        return failure();
      sum = AddOp::create(builder, loc, sum, v).getResult();
      sumName = "";
    }
    if (folded.empty())
      return finish(sum);
    FoldedConstant shift = folded[0];
    for (const FoldedConstant &c : ArrayRef(folded).drop_front()) {
      FailureOr<FoldedConstant> next = combine(shift, c, plus);
      if (failed(next))
        return failure();
      shift = std::move(*next);
    }
    FailureOr<Value> result = emitAffine(sumName, sum, one, shift);
    return failed(result) ? failure() : finish(*result);
  }
  case Arith::Sub: {
    if (computed.size() == 2) {
      // x - y as x + (-1 * y).
      if (failed(sameType(computed[0].second, computed[1].second)))
        return failure();
      FailureOr<Value> negated = emitAffine(
          computed[1].first, computed[1].second, FoldedConstant::splat(-1.0),
          zero);
      if (failed(negated))
        return failure();
      return finish(
          AddOp::create(builder, loc, computed[0].second, *negated).getResult());
    }
    FoldedConstant c = folded[0];
    if (isComputed[0]) { // x - c
      for (double &v : c.values)
        v = -v;
      FailureOr<Value> result =
          emitAffine(computed[0].first, computed[0].second, one, c);
      return failed(result) ? failure() : finish(*result);
    }
    // c - x
    FailureOr<Value> result = emitAffine(computed[0].first, computed[0].second,
                                         FoldedConstant::splat(-1.0), c);
    return failed(result) ? failure() : finish(*result);
  }
  case Arith::Mul: {
    if (computed.size() == 2)
      return nodeError() << "multiplying two computed tensors is not "
                            "supported (one operand must be a constant)";
    FailureOr<Value> result =
        emitAffine(computed[0].first, computed[0].second, folded[0], zero);
    return failed(result) ? failure() : finish(*result);
  }
  case Arith::Div: {
    if (!isComputed[0] || computed.size() == 2)
      return nodeError() << "the divisor must be a constant (and the "
                            "dividend computed)";
    FoldedConstant reciprocal = folded[0];
    for (double &v : reciprocal.values) {
      if (v == 0.0)
        return nodeError() << "divides by a constant that has a zero";
      // An integer quotient truncates: x * r must not fall below x / v
      // where that is an integer, so r is 1 / v rounded away from zero in
      // f32. For 8-bit x and v, x * r then stays below the next integer.
      float r = static_cast<float>(1.0 / v);
      if (integer && std::fabs(double(r) * v) < 1.0)
        r = std::nextafter(r, v > 0 ? HUGE_VALF : -HUGE_VALF);
      v = integer ? double(r) : 1.0 / v;
    }
    FailureOr<Value> result = emitAffine(
        computed[0].first, computed[0].second, reciprocal, zero);
    return failed(result) ? failure() : finish(*result);
  }
  }
  llvm_unreachable("all arithmetic kinds handled");
}

LogicalResult OnnxImporter::importPool(bool isMax) {
  SmallVector<StringRef> known = {"auto_pad", "ceil_mode",   "dilations",
                                  "kernel_shape", "pads",    "strides"};
  known.push_back(isMax ? "storage_order" : "count_include_pad");
  FailureOr<Value> x;
  if (failed(checkInOut(1, 1, 2)) || failed(checkAttributes(known)) ||
      failed(x = input(0)))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (xType.getRank() != 4)
    return nodeError() << "input must be 4-D (NCHW), got "
                       << shapeString(xType.getShape())
                       << " (1-D and 3-D pooling is not supported)";
  // storage_order only says how the Indices output counts.
  int64_t storageOrder = intAttr("storage_order", 0);
  if (storageOrder != 0 && storageOrder != 1)
    return nodeError() << "unsupported attribute storage_order = "
                       << storageOrder << " (0 or 1)";
  if (!attr("kernel_shape"))
    return nodeError() << "missing attribute 'kernel_shape'";
  auto kernel = pairAttr("kernel_shape", 1), strides = pairAttr("strides", 1),
       dilations = pairAttr("dilations", 1);
  if (failed(kernel) || failed(strides) || failed(dilations))
    return failure();
  if (!isMax && llvm::any_of(*dilations, [](int64_t d) { return d != 1; }))
    return nodeError() << "unsupported attribute dilations (AveragePool "
                          "dilations must be 1)";
  bool ceilMode = intAttr("ceil_mode", 0) != 0, ceilExtra = false;
  FailureOr<SmallVector<int64_t>> pads =
      windowPads(*x, *kernel, *strides, *dilations, ceilMode, &ceilExtra);
  if (failed(pads))
    return failure();
  auto k = builder.getDenseI64ArrayAttr(*kernel);
  auto s = builder.getDenseI64ArrayAttr(*strides);
  auto p = builder.getDenseI64ArrayAttr(*pads);
  if (isMax) {
    auto d = builder.getDenseI64ArrayAttr(*dilations);
    auto pool = tryCreate<MaxPool2DOp>(builder, loc, *x, k, s, p, d);
    if (failed(pool) || failed(define(pool->getResult())))
      return failure();
    if (node->output_size() < 2 || node->output(1).empty())
      return success();
    // Indices: int64 in ONNX, exact in f32 (the op checks the size).
    auto indices = tryCreate<MaxPool2DIndicesOp>(
        builder, loc, *x, k, s, p, d, builder.getBoolAttr(storageOrder == 1));
    if (failed(indices))
      return failure();
    elementTypes[node->output(1)] = IntegerType::get(context, 64,
                                                     IntegerType::Signed);
    return define(indices->getResult(), 1);
  }
  // avg_pool2d's count_include_pad divides by the whole window, also where
  // ceil_mode's extra padding is; ONNX would not count that part.
  bool includePad = intAttr("count_include_pad", 0) != 0;
  if (includePad && ceilExtra)
    return nodeError() << "count_include_pad = 1 with ceil_mode = 1 is not "
                          "supported where the last window passes the "
                          "padding";
  auto pool = tryCreate<AvgPool2DOp>(builder, loc, *x, k, s, p,
                                     builder.getBoolAttr(includePad));
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
  if (axis < -rank || axis > rank)
    return nodeError() << "axis " << axis << " is out of range for rank "
                       << rank;
  if (axis < 0)
    axis += rank;
  auto flat = tryCreate<FlattenOp>(builder, loc, *x,
                                   builder.getI64IntegerAttr(axis));
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
                       << "] for input " << shapeString(in);
  auto flat = tryCreate<FlattenOp>(builder, loc, *x, builder.getI64IntegerAttr(1));
  return failed(flat) ? failure() : define(flat->getResult());
}

/// linear(x, alpha * (W^T or W), bias) from constant weight data.
FailureOr<Value> OnnxImporter::emitLinear(Value x, const ConstTensor &weight,
                                          bool transpose, Value bias,
                                          double alpha) {
  auto xType = cast<RankedTensorType>(x.getType());
  if (xType.getRank() != 2)
    return nodeError() << "input must be 2-D (N x K), got "
                       << shapeString(xType.getShape());
  if (!weight.isFloat || weight.shape.size() != 2)
    return nodeError() << "weight must be a 2-D float32 constant, got "
                       << shapeString(weight.shape);
  int64_t rows = weight.shape[0], cols = weight.shape[1];
  std::vector<float> data(weight.floats.size());
  SmallVector<int64_t, 2> shape = {rows, cols};
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      data[transpose ? c * rows + r : r * cols + c] =
          static_cast<float>(alpha * weight.floats[r * cols + c]);
  if (transpose)
    shape = {cols, rows};
  Value w = weightConstant(shape, data, node->input(1));
  auto linear = tryCreate<LinearOp>(builder, loc, x, w, bias);
  if (failed(linear))
    return failure();
  return linear->getResult();
}

LogicalResult OnnxImporter::importGemm() {
  FailureOr<Value> x;
  FailureOr<const ConstTensor *> weight;
  // `broadcast` (opset 6 and before) is implied since opset 7.
  if (failed(checkInOut(2, 3, 1)) ||
      failed(checkAttributes(
          {"alpha", "beta", "transA", "transB", "broadcast"})))
    return failure();
  if (isConstant(node->input(0)))
    return nodeError() << "input A must be computed and B constant";
  if (failed(x = input(0)))
    return failure();
  if (intAttr("transA", 0) != 0) {
    if (cast<RankedTensorType>(x->getType()).getRank() != 2)
      return nodeError() << "input A must be 2-D, got "
                         << shapeString(
                                cast<RankedTensorType>(x->getType()).getShape());
    auto transposed = tryCreate<TransposeOp>(
        builder, loc, *x, builder.getDenseI64ArrayAttr({1, 0}));
    if (failed(transposed))
      return failure();
    x = transposed->getResult();
  }
  if (!isConstant(node->input(1)))
    return nodeError() << "input B ('" << node->input(1)
                       << "') must be a constant";
  if (failed(weight = constant(node->input(1))))
    return failure();
  bool transB = intAttr("transB", 0) != 0;
  double alpha = floatAttr("alpha", 1.0f), beta = floatAttr("beta", 1.0f);
  int64_t m = (*weight)->shape.size() == 2 ? (*weight)->shape[transB ? 0 : 1]
                                           : -1;
  int64_t n = cast<RankedTensorType>(x->getType()).getRank() == 2
                  ? cast<RankedTensorType>(x->getType()).getDimSize(0)
                  : -1;
  // C: one value per output becomes the linear's bias; a matrix (or column)
  // is added after it.
  Value bias;
  std::optional<FoldedConstant> matrixC;
  if (node->input_size() > 2 && !node->input(2).empty() && beta != 0.0) {
    if (!isConstant(node->input(2)))
      return nodeError() << "input C ('" << node->input(2)
                         << "') must be a constant";
    FailureOr<FoldedConstant> c = foldedConstant(node->input(2));
    if (failed(c))
      return failure();
    for (double &v : c->values)
      v *= beta;
    if (m > 0 && broadcastsTo(c->shape, {1, m})) {
      std::vector<double> perOutput = broadcastValues(*c, {m});
      bias = weightConstant(
          {m}, std::vector<float>(perOutput.begin(), perOutput.end()),
          node->input(2));
    } else if (m > 0 && n > 0 && broadcastsTo(c->shape, {n, m})) {
      matrixC = std::move(*c);
    } else {
      return nodeError() << "bias C of shape " << shapeString(c->shape)
                         << " does not broadcast to the output " << n << "x"
                         << m;
    }
  }
  FailureOr<Value> y =
      emitLinear(*x, **weight, /*transpose=*/!transB, bias, alpha);
  if (failed(y))
    return failure();
  if (matrixC)
    y = emitAffine("", *y, FoldedConstant::splat(1.0), *matrixC);
  return failed(y) ? failure() : define(*y);
}

/// A computed 2-D input times a constant matrix (a classifier) is a
/// `linear`, which an Add of one value per output folds into; any other
/// product of rank 2 or more (batched, broadcast, constant or computed on
/// either side) is a `batch_matmul`.
LogicalResult OnnxImporter::importMatMul() {
  if (failed(checkInOut(2, 2, 1)) || failed(checkAttributes({})))
    return failure();
  StringRef lhsName = node->input(0), rhsName = node->input(1);
  if (!isConstant(lhsName) && isConstant(rhsName)) {
    FailureOr<Value> x = input(0);
    FailureOr<const ConstTensor *> weight = constant(rhsName);
    if (failed(x) || failed(weight))
      return failure();
    if (cast<RankedTensorType>(x->getType()).getRank() == 2 &&
        (*weight)->shape.size() == 2) {
      FailureOr<Value> y =
          emitLinear(*x, **weight, /*transpose=*/true, Value(), 1.0);
      return failed(y) ? failure() : define(*y);
    }
  }
  FailureOr<Value> lhs = input(0), rhs;
  if (failed(lhs) || failed(rhs = input(1)))
    return failure();
  for (auto [name, v] : {std::pair(lhsName, *lhs), std::pair(rhsName, *rhs)})
    if (cast<RankedTensorType>(v.getType()).getRank() < 2)
      return nodeError() << "input '" << name << "' has shape "
                         << shapeString(
                                cast<RankedTensorType>(v.getType()).getShape())
                         << "; vector operands (rank below 2) are not "
                            "supported, only matrices of rank 2 or more";
  auto product = tryCreate<BatchMatmulOp>(builder, loc, *lhs, *rhs);
  return failed(product) ? failure() : define(product->getResult());
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
  // Before opset 13, Softmax normalises over the axes [axis, rank) taken as
  // one (the input coerced to 2-D). Where at most one of them is longer
  // than 1 (an N x C x 1 x 1 classifier output), that is the softmax along
  // it.
  if (opset < 13 && axis != rank - 1) {
    auto shape = cast<RankedTensorType>(x->getType()).getShape();
    SmallVector<int64_t> longer;
    for (int64_t d = axis; d < rank; ++d)
      if (shape[d] > 1)
        longer.push_back(d);
    if (longer.size() > 1)
      return nodeError() << "unsupported attribute axis = " << axis
                         << " with opset " << opset << ": it normalises over "
                         << "the axes " << axis << ".." << rank - 1
                         << " of " << shapeString(shape)
                         << " taken as one, supported where at most one of "
                            "them is longer than 1";
    axis = longer.empty() ? rank - 1 : longer.front();
  }
  auto softmax = tryCreate<SoftmaxOp>(builder, loc, *x,
                                      builder.getI64IntegerAttr(axis));
  return failed(softmax) ? failure() : define(softmax->getResult());
}

LogicalResult OnnxImporter::importIdentity() {
  if (failed(checkInOut(1, 1, 1)) || failed(checkAttributes({})))
    return failure();
  return forwardInput();
}

/// Output 0 is input 0 (a constant stays a constant).
LogicalResult OnnxImporter::forwardInput() {
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

/// Inference: Dropout is the identity and its mask all true (a bool tensor
/// held as f32 ones); training mode with a non-zero ratio is refused
/// (random).
LogicalResult OnnxImporter::importDropout() {
  if (failed(checkInOut(1, 3, 2)) ||
      failed(checkAttributes({"ratio", "is_test", "seed"})))
    return failure();
  if (node->input_size() > 2 && !node->input(2).empty()) {
    FailureOr<const ConstTensor *> training = constant(node->input(2));
    if (failed(training))
      return failure();
    bool on = (*training)->isFloat ? llvm::any_of((*training)->floats,
                                                  [](float v) { return v; })
                                   : llvm::any_of((*training)->ints,
                                                  [](int64_t v) { return v; });
    double ratio = 0.5;
    if (node->input_size() > 1 && !node->input(1).empty()) {
      FailureOr<FoldedConstant> r = foldedConstant(node->input(1));
      if (failed(r))
        return failure();
      ratio = r->values.empty() ? 0.5 : r->values[0];
    }
    if (on && ratio != 0.0)
      return nodeError() << "training_mode = true with ratio " << ratio
                         << " is random; only inference is supported";
  }
  if (failed(forwardInput()))
    return failure();
  // The mask: every element kept (a bool tensor, held as f32 ones).
  if (node->output_size() < 2 || node->output(1).empty() ||
      uses.lookup(node->output(1)) == 0)
    return success();
  FailureOr<Value> x = input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  Value mask = arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, builder.getF32FloatAttr(1.0f)));
  elementTypes[node->output(1)] = builder.getI1Type();
  return define(mask, 1);
}

//===----------------------------------------------------------------------===//
// Folding constants into neighbouring ops
//===----------------------------------------------------------------------===//

FailureOr<FoldedConstant> OnnxImporter::foldedConstant(StringRef name) {
  FailureOr<const ConstTensor *> c = constant(name);
  if (failed(c))
    return failure();
  if (!(*c)->isFloat)
    return nodeError() << "input '" << name << "' is not float32";
  return FoldedConstant{(*c)->shape, std::vector<double>((*c)->floats.begin(),
                                                         (*c)->floats.end())};
}

void OnnxImporter::eraseReplaced(Operation *op) {
  for (Value result : op->getResults())
    for (auto it = values.begin(); it != values.end();)
      if (it->second == result)
        values.erase(it++);
      else
        ++it;
  affineConstants.erase(op);
  op->erase();
}

std::optional<ConvParameters> OnnxImporter::convParameters(Conv2DOp conv) {
  SmallVector<float> w, b;
  std::optional<ArrayRef<float>> weight =
      getConstantF32Data(conv.getWeight(), w);
  std::optional<ArrayRef<float>> bias;
  if (conv.getBias() && !(bias = getConstantF32Data(conv.getBias(), b)))
    return std::nullopt;
  if (!weight)
    return std::nullopt;
  ConvParameters params;
  params.weightShape.assign(conv.getWeight().getType().getShape().begin(),
                            conv.getWeight().getType().getShape().end());
  params.weight.assign(weight->begin(), weight->end());
  if (bias)
    params.bias.assign(bias->begin(), bias->end());
  if (std::optional<ArrayRef<float>> pad = conv.getPadValue())
    params.padValue.assign(pad->begin(), pad->end());
  params.groups = conv.getGroups();
  return params;
}

FailureOr<Conv2DOp> OnnxImporter::rebuildConv(Conv2DOp conv, Value input,
                                              const ConvParameters &params) {
  auto toFloats = [](ArrayRef<double> v) {
    return std::vector<float>(v.begin(), v.end());
  };
  // Named after the conv's node, as the importer names that node.
  std::string convName = "conv";
  if (auto named = dyn_cast<NameLoc>(conv.getLoc()))
    convName = named.getName().str();
  Value w = weightConstant(params.weightShape, toFloats(params.weight),
                           convName + ".folded_weight");
  Value b = weightConstant({params.weightShape[0]}, toFloats(params.bias),
                           convName + ".folded_bias");
  // A pad value only matters where there is padding, and zero is the default.
  DenseF32ArrayAttr padValue;
  bool padded = llvm::any_of(conv.getPads(), [](int64_t p) { return p > 0; });
  if (padded && llvm::any_of(params.padValue, [](double v) { return v != 0; }))
    padValue = builder.getDenseF32ArrayAttr(toFloats(params.padValue));
  return tryCreate<Conv2DOp>(builder, conv.getLoc(), input, w, b,
                             conv.getStridesAttr(), conv.getPadsAttr(),
                             conv.getDilationsAttr(), conv.getGroupsAttr(),
                             padValue);
}

FailureOr<Value> OnnxImporter::foldInputAffine(Conv2DOp conv) {
  auto affine = conv.getInput().getDefiningOp<AffineOp>();
  auto constantsIt = affine ? affineConstants.find(affine)
                            : affineConstants.end();
  if (!affine || constantsIt == affineConstants.end() ||
      uses.lookup(node->input(0)) != 1)
    return conv.getResult();
  int64_t channels = affine.getType().getDimSize(1);
  std::optional<std::vector<double>> a =
      perChannelValues(constantsIt->second.first, 4, channels);
  std::optional<std::vector<double>> b =
      perChannelValues(constantsIt->second.second, 4, channels);
  std::optional<ConvParameters> params = convParameters(conv);
  if (!a || !b || !params || !foldAffineIntoConvInput(*params, *a, *b))
    return conv.getResult();
  FailureOr<Conv2DOp> folded = rebuildConv(conv, affine.getInput(), *params);
  if (failed(folded))
    return failure();
  eraseReplaced(conv);
  eraseReplaced(affine);
  return folded->getResult();
}

FailureOr<Value> OnnxImporter::emitAffine(StringRef xName, Value x,
                                          FoldedConstant scale,
                                          FoldedConstant shift) {
  auto type = cast<RankedTensorType>(x.getType());
  for (const FoldedConstant *c : {&scale, &shift})
    if (!broadcastsTo(c->shape, type.getShape()))
      return nodeError() << "a constant of shape " << shapeString(c->shape)
                         << " does not broadcast to the computed operand's "
                         << shapeString(type.getShape())
                         << " (it may not enlarge it)";
  bool onlyReader = xName.empty() || uses.lookup(xName) == 1;
  // affine(affine(y)) is one affine of y.
  auto inner = x.getDefiningOp<AffineOp>();
  auto innerIt = inner ? affineConstants.find(inner) : affineConstants.end();
  if (onlyReader && innerIt != affineConstants.end()) {
    auto [s1, t1] = innerIt->second;
    auto times = [](double a, double b) { return a * b; };
    std::optional<FoldedConstant> s = combineConstants(s1, scale, times);
    std::optional<FoldedConstant> ts = combineConstants(t1, scale, times);
    std::optional<FoldedConstant> t =
        ts ? combineConstants(*ts, shift, [](double a, double b) {
          return a + b;
        })
           : std::nullopt;
    if (s && t) {
      x = inner.getInput();
      eraseReplaced(inner);
      scale = std::move(*s);
      shift = std::move(*t);
    }
  }
  // conv(.) * a + b per output channel: the conv's weights and bias.
  auto conv = x.getDefiningOp<Conv2DOp>();
  if (onlyReader && conv && type.getRank() == 4) {
    int64_t filters = type.getDimSize(1);
    std::optional<std::vector<double>> a =
        perChannelValues(scale, 4, filters);
    std::optional<std::vector<double>> b =
        perChannelValues(shift, 4, filters);
    std::optional<ConvParameters> params = convParameters(conv);
    if (a && b && params) {
      foldAffineIntoConvOutput(*params, *a, *b);
      FailureOr<Conv2DOp> folded = rebuildConv(conv, conv.getInput(), *params);
      if (failed(folded))
        return failure();
      eraseReplaced(conv);
      return folded->getResult();
    }
  }
  auto isAll = [](const FoldedConstant &c, double v) {
    return llvm::all_of(c.values, [&](double x) { return x == v; });
  };
  if (isAll(scale, 1.0) && isAll(shift, 0.0))
    return x;
  auto toFloats = [](const FoldedConstant &c) {
    return std::vector<float>(c.values.begin(), c.values.end());
  };
  std::string name = node->output(0);
  Value s = weightConstant(scale.shape, toFloats(scale), name + "_scale");
  Value t = weightConstant(shift.shape, toFloats(shift), name + "_shift");
  auto affine = tryCreate<AffineOp>(builder, loc, x, s, t);
  if (failed(affine))
    return failure();
  affineConstants[*affine] = {std::move(scale), std::move(shift)};
  return affine->getResult();
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
