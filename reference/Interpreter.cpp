//===- Interpreter.cpp - the reference evaluator of resnet models ---------===//
#include "reference/Interpreter.h"

#include "dialect/ResNetDialect.h"
#include "dialect/TraceNames.h"
#include "dialect/WeightUtils.h"
#include "reference/Kernels.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::resnet;
using namespace mlir::resnet::reference;

namespace {
/// Calls nested deeper than this are taken for recursion.
constexpr int kMaxCallDepth = 64;

ConvParams convParams(ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                      ArrayRef<int64_t> dilations, int64_t groups) {
  ConvParams p;
  std::copy(strides.begin(), strides.end(), p.strides);
  std::copy(pads.begin(), pads.end(), p.pads);
  std::copy(dilations.begin(), dilations.end(), p.dilations);
  p.groups = groups;
  return p;
}

/// The k x k convolution of a block: `stride`, padding k/2 on every side.
ConvParams blockConvParams(int64_t kernel, int64_t stride, int64_t groups = 1) {
  int64_t pad = kernel / 2;
  return convParams({stride, stride}, {pad, pad, pad, pad}, {1, 1}, groups);
}

/// Adds what a convolution's padding reads (`pad_value`, when set).
ConvParams withPadValue(ConvParams p, std::optional<ArrayRef<float>> padValue) {
  if (padValue)
    p.padValue.assign(padValue->begin(), padValue->end());
  return p;
}

template <typename PoolOp> PoolParams poolParams(PoolOp op) {
  PoolParams p;
  llvm::copy(op.getKernel(), p.kernel);
  llvm::copy(op.getStrides(), p.strides);
  llvm::copy(op.getPads(), p.pads);
  if constexpr (!std::is_same_v<PoolOp, AvgPool2DOp>)
    llvm::copy(op.getDilations(), p.dilations);
  return p;
}

/// Evaluates the ops of one function body in T (float or double).
template <typename T> class FunctionEvaluator {
public:
  using Tensor = TensorOf<T>;

  /// `trace` (may be null) is told every layer's output, at depth 0.
  FunctionEvaluator(int depth, const TraceFn<T> *trace)
      : depth(depth), trace(depth == 0 ? trace : nullptr) {}

  FailureOr<SmallVector<Tensor>> run(func::FuncOp func,
                                     ArrayRef<Tensor> inputs) {
    if (failed(bindArguments(func, inputs)))
      return failure();
    for (Operation &op : func.getBody().front()) {
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        SmallVector<Tensor> results;
        for (Value v : ret.getOperands())
          results.push_back(values.lookup(v));
        return results;
      }
      if (failed(evaluate(op)))
        return failure();
      releaseDeadOperands(op);
    }
    return func.emitError("function body has no func.return");
  }

private:
  LogicalResult bindArguments(func::FuncOp func, ArrayRef<Tensor> inputs) {
    if (func.isExternal())
      return func.emitError("cannot evaluate '")
             << func.getSymName() << "': it has no body";
    if (!func.getBody().hasOneBlock())
      return func.emitError("only single-block functions are supported");
    Block &body = func.getBody().front();
    if (inputs.size() != body.getNumArguments())
      return func.emitError("'")
             << func.getSymName() << "' takes " << body.getNumArguments()
             << " inputs, got " << inputs.size();
    for (auto [index, arg, input] :
         llvm::enumerate(body.getArguments(), inputs)) {
      auto type = dyn_cast<RankedTensorType>(arg.getType());
      if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
        return func.emitError("input ")
               << index << " must be a static f32 tensor, got "
               << arg.getType();
      if (type.getShape() != ArrayRef<int64_t>(input.shape))
        return func.emitError("input ")
               << index << " has shape " << shapeToString(input.shape)
               << ", but '" << func.getSymName() << "' expects "
               << shapeToString(type.getShape());
      values[arg] = input;
    }
    return success();
  }

  /// Drops the operands of `op` that no later op reads: a deep model then
  /// holds only its live activations (and weights) at any time.
  void releaseDeadOperands(Operation &op) {
    for (Value operand : op.getOperands()) {
      bool dead = llvm::all_of(operand.getUsers(), [&](Operation *user) {
        return user == &op || (user->getBlock() == op.getBlock() &&
                               user->isBeforeInBlock(&op));
      });
      if (dead)
        values.erase(operand);
    }
  }

  /// The tensor of an already evaluated value.
  const Tensor &get(Value v) { return values.find(v)->second; }
  const Tensor *getOptional(Value v) { return v ? &get(v) : nullptr; }

  /// Evaluates `op`, checks its result shapes and records them.
  LogicalResult evaluate(Operation &op) {
    if (trace)
      blockName = traceLayerName(op.getLoc());
    FailureOr<SmallVector<Tensor>> results = compute(op);
    if (failed(results))
      return failure();
    // A block op traces its layers as it computes them.
    if (trace && isa<ResNetDialect>(op.getDialect()) &&
        op.getNumResults() == 1 &&
        !isa<ResidualBlockOp, BottleneckBlockOp, ShortcutOp>(op))
      traceLayer(op, results->front());
    for (auto [result, tensor] : llvm::zip_equal(op.getResults(), *results)) {
      auto type = cast<ShapedType>(result.getType());
      if (type.getShape() != ArrayRef<int64_t>(tensor.shape))
        return op.emitError("reference computed shape ")
               << shapeToString(tensor.shape) << " but the result type is "
               << result.getType();
      values[result] = std::move(tensor);
    }
    return success();
  }

  FailureOr<SmallVector<Tensor>> compute(Operation &op) {
    // Single-result ops go through `one`; calls may return several values.
    if (auto call = dyn_cast<func::CallOp>(op))
      return computeCall(call);
    if (op.getNumResults() != 1)
      return unsupported(op);
    FailureOr<Tensor> result =
        llvm::TypeSwitch<Operation *, FailureOr<Tensor>>(&op)
            .Case([&](arith::ConstantOp c) { return computeConstant(c); })
            .Case([&](Conv2DOp c) {
              return conv2d(get(c.getInput()), get(c.getWeight()),
                            getOptional(c.getBias()),
                            withPadValue(convParams(c.getStrides(), c.getPads(),
                                                    c.getDilations(),
                                                    c.getGroups()),
                                         c.getPadValue()));
            })
            .Case([&](FusedConvOp c) { return computeFusedConv(c); })
            .Case([&](BatchNormOp bn) {
              return batchNorm(get(bn.getInput()), get(bn.getScale()),
                               get(bn.getBias()), get(bn.getMean()),
                               get(bn.getVariance()),
                               bn.getEpsilon().convertToDouble());
            })
            .Case([&](ReluOp r) { return relu(get(r.getInput())); })
            .Case(
                [&](AddOp a) { return add(get(a.getLhs()), get(a.getRhs())); })
            .Case([&](MaxPool2DOp p) {
              return maxPool2d(get(p.getInput()), poolParams(p));
            })
            .Case([&](MaxPool2DIndicesOp p) {
              return maxPool2dIndices(get(p.getInput()), poolParams(p),
                                      p.getColumnMajor());
            })
            .Case([&](TransposeOp t) {
              return transpose(get(t.getInput()), t.getPermutation());
            })
            .Case([&](WrapIntegerOp w) {
              return wrapInteger(get(w.getInput()),
                                 static_cast<int64_t>(w.getBits()),
                                 w.getIsSigned());
            })
            .Case([&](AvgPool2DOp p) {
              return avgPool2d(get(p.getInput()), poolParams(p),
                               p.getCountIncludePad());
            })
            .Case([&](GlobalAvgPoolOp p) {
              return globalAvgPool(get(p.getInput()));
            })
            .Case([&](FlattenOp f) {
              return flatten(get(f.getInput()),
                             static_cast<int64_t>(f.getAxis()));
            })
            .Case([&](AffineOp a) {
              return affine(get(a.getInput()), get(a.getScale()),
                            get(a.getShift()));
            })
            .Case([&](LinearOp l) {
              return linear(get(l.getInput()), get(l.getWeight()),
                            getOptional(l.getBias()));
            })
            .Case([&](BatchMatmulOp m) {
              return batchMatmul(get(m.getLhs()), get(m.getRhs()));
            })
            .Case([&](SoftmaxOp s) {
              return softmax(get(s.getInput()),
                             static_cast<int64_t>(s.getAxis()));
            })
            .Case([&](ShortcutOp s) { return computeShortcut(s); })
            .Case([&](ResidualBlockOp b) { return computeResidualBlock(b); })
            .Case([&](BottleneckBlockOp b) { return computeBottleneck(b); })
            .Default([&](Operation *) -> FailureOr<Tensor> {
              return unsupported(op);
            });
    if (failed(result))
      return failure();
    return SmallVector<Tensor>{std::move(*result)};
  }

  LogicalResult unsupported(Operation &op) {
    return op.emitError("resnet-run cannot evaluate '")
           << op.getName() << "' (supported: resnet ops, arith.constant, "
           << "func.call, func.return)";
  }

  FailureOr<Tensor> computeConstant(arith::ConstantOp op) {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    SmallVector<float> storage;
    std::optional<ArrayRef<float>> data =
        type ? getF32Data(op.getValue(), storage) : std::nullopt;
    if (!data)
      return op.emitError("resnet-run evaluates f32 tensor constants only "
                          "(dense, splat or dense_resource with data), got ")
             << op.getValue();
    Tensor tensor(type.getShape());
    tensor.data.assign(data->begin(), data->end());
    return tensor;
  }

  /// The output of a layer that is one op: named after its location, or
  /// "<op>#<n>" as --resnet-trace-layers names an unlocated one.
  void traceLayer(Operation &op, const Tensor &output) {
    std::string name = blockName;
    if (name.empty())
      name = op.getName().stripDialect().str() + "#" +
             std::to_string(unnamed++);
    (*trace)(name, output);
  }

  /// A layer inside the block op being evaluated, named as
  /// --resnet-expand-blocks names it (`role`(block location)).
  const Tensor &traced(StringRef role, const Tensor &output) {
    if (trace)
      (*trace)(blockName.empty() ? role.str() : blockName + "/" + role.str(),
               output);
    return output;
  }

  FailureOr<SmallVector<Tensor>> computeCall(func::CallOp call) {
    auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    if (!callee)
      return call.emitError("callee '") << call.getCallee() << "' not found";
    if (depth >= kMaxCallDepth)
      return call.emitError("calls nest deeper than ")
             << kMaxCallDepth << " (recursion?)";
    SmallVector<Tensor> args;
    for (Value v : call.getOperands())
      args.push_back(get(v));
    return FunctionEvaluator(depth + 1, trace).run(callee, args);
  }

  FailureOr<Tensor> computeFusedConv(FusedConvOp op) {
    Tensor y =
        conv2d(get(op.getInput()), get(op.getWeight()), &get(op.getBias()),
               withPadValue(convParams(op.getStrides(), op.getPads(),
                                       op.getDilations(), op.getGroups()),
                            op.getPadValue()));
    if (Value residual = op.getResidual())
      y = add(y, get(residual));
    return op.getRelu() ? relu(y) : y;
  }

  /// One conv unit of a block: the conv (with the unit's bias), then its
  /// batch norm in the BN form.
  Tensor convUnit(StringRef name, const Tensor &x, const ConvUnit &unit,
                  const ConvParams &params, double epsilon) {
    Tensor y = conv2d(x, get(unit.weight), getOptional(unit.bias), params);
    if (const std::optional<BatchNormParams> &bn = unit.batchNorm)
      y = batchNorm(y, get(bn->scale), get(bn->bias), get(bn->mean),
                    get(bn->variance), epsilon);
    traced(name, y);
    return y;
  }

  Tensor tracedRelu(StringRef name, const Tensor &x) {
    Tensor y = relu(x);
    traced(name, y);
    return y;
  }

  /// relu(bn(x)) before a pre-activation (v2) block's convolutions; `x`
  /// itself for a v1 block.
  Tensor preactivation(const Tensor &x, std::optional<BatchNormParams> bn,
                       double epsilon) {
    if (!bn)
      return x;
    Tensor y = batchNorm(x, get(bn->scale), get(bn->bias), get(bn->mean),
                         get(bn->variance), epsilon);
    traced("preact_bn", y);
    return tracedRelu("preact_relu", y);
  }

  /// Identity, or the 1x1 strided projection unit.
  Tensor shortcut(const Tensor &x, std::optional<ConvUnit> projection,
                  int64_t stride, double epsilon) {
    if (!projection)
      return x;
    return convUnit("projection", x, *projection, blockConvParams(1, stride),
                    epsilon);
  }

  /// branch + shortcut, then ReLU except in a v2 block: the tail every
  /// block shares.
  Tensor residualTail(const Tensor &branch, const Tensor &shortcut,
                      bool preactivation) {
    Tensor sum = add(branch, shortcut);
    traced("residual", sum);
    if (preactivation)
      return sum;
    return tracedRelu("output_relu", sum);
  }

  FailureOr<Tensor> computeShortcut(ShortcutOp op) {
    return shortcut(get(op.getInput()), op.getProjectionUnit(), op.getStride(),
                    op.getEpsilon().convertToDouble());
  }

  /// relu(bn(conv3x3(relu(bn(conv3x3/stride(x))))) + shortcut(x)); v2:
  /// conv3x3(relu(conv3x3/stride(t))) + shortcut, t = relu(bn(x)), the
  /// projection reading t.
  FailureOr<Tensor> computeResidualBlock(ResidualBlockOp op) {
    const Tensor &x = get(op.getInput());
    double eps = op.getEpsilon().convertToDouble();
    int64_t stride = op.getStride();
    Tensor t = preactivation(x, op.getPreactBatchNorm(), eps);
    Tensor y = tracedRelu("relu1", convUnit("conv1", t, op.getConv1Unit(),
                                            blockConvParams(3, stride), eps));
    y = convUnit("conv2", y, op.getConv2Unit(), blockConvParams(3, 1), eps);
    Tensor s = op.hasProjection()
                   ? shortcut(t, op.getProjectionUnit(), stride, eps)
                   : x;
    return residualTail(y, s, op.isPreActivation());
  }

  /// relu(bn(expand1x1(relu(bn(spatial3x3/stride,groups(relu(bn(reduce1x1(x)))))))
  ///      + shortcut(x)), and its v2 form as in computeResidualBlock.
  FailureOr<Tensor> computeBottleneck(BottleneckBlockOp op) {
    const Tensor &x = get(op.getInput());
    double eps = op.getEpsilon().convertToDouble();
    int64_t stride = op.getStride();
    Tensor t = preactivation(x, op.getPreactBatchNorm(), eps);
    Tensor y =
        tracedRelu("reduce_relu", convUnit("reduce", t, op.getReduceUnit(),
                                           blockConvParams(1, 1), eps));
    y = tracedRelu("spatial_relu",
                   convUnit("spatial", y, op.getSpatialUnit(),
                            blockConvParams(3, stride, op.getGroups()), eps));
    y = convUnit("expand", y, op.getExpandUnit(), blockConvParams(1, 1), eps);
    Tensor s = op.hasProjection()
                   ? shortcut(t, op.getProjectionUnit(), stride, eps)
                   : x;
    return residualTail(y, s, op.isPreActivation());
  }

  int depth;
  const TraceFn<T> *trace;
  /// The trace name of the op being evaluated.
  std::string blockName;
  /// Layers without a location so far.
  int64_t unnamed = 0;
  llvm::DenseMap<Value, Tensor> values;
};
} // namespace

FailureOr<SmallVector<Tensor>>
mlir::resnet::reference::evaluate(func::FuncOp func, ArrayRef<Tensor> inputs,
                                  const TraceFn<float> *trace) {
  return FunctionEvaluator<float>(/*depth=*/0, trace).run(func, inputs);
}

FailureOr<SmallVector<Tensor64>>
mlir::resnet::reference::evaluate(func::FuncOp func, ArrayRef<Tensor64> inputs,
                                  const TraceFn<double> *trace) {
  return FunctionEvaluator<double>(/*depth=*/0, trace).run(func, inputs);
}
