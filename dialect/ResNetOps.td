//===- ResNetOps.td - resnet dialect ops -------------------*- tablegen -*-===//

#ifndef RESNET_OPS_TD
#define RESNET_OPS_TD

include "dialect/ResNetDialect.td"
include "dialect/ResNetInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

// Element types the dialect admits. f32 today; add F16/BF16 here (and to the
// lowering) to admit them.
def ResNet_Float : AnyTypeOf<[F32]>;
// Activations and weights: statically shaped tensors (the compiler
// specialises every model to one shape; `--batch` re-specialises).
def ResNet_Tensor : StaticShapeTensorOf<[ResNet_Float]>;

// Common convolution/pooling attributes. The constraints are checked by the
// generated verifier (and by shape inference, which builders run before any
// verifier: see `verifyAttributes` in ResNetOps.cpp).
defvar PositiveI64Pair = ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>;
defvar PositiveI64 = ConfinedAttr<I64Attr, [IntPositive]>;
// (h, w).
defvar StridesAttr = DefaultValuedAttr<PositiveI64Pair, "{1, 1}">;
defvar DilationsAttr = DefaultValuedAttr<PositiveI64Pair, "{1, 1}">;
defvar KernelAttr = PositiveI64Pair;
// (top, left, bottom, right).
defvar PadsAttr = DefaultValuedAttr<ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<4>, DenseArrayNonNegative<DenseI64ArrayAttr>]>,
    "{0, 0, 0, 0}">;
defvar GroupsAttr = DefaultValuedAttr<PositiveI64, "1">;
// What a convolution's padding reads, per input channel; absent: zero. The
// importer sets it when it folds an input normalisation `x * a + b` into the
// stem: padding must then read the value that the normalisation maps to zero
// (`-b / a`), so that the folded conv equals the unfolded one at the borders.
// Length and finiteness are checked in ResNetOps.cpp (they depend on the
// input's channel count).
defvar PadValueAttr = OptionalAttr<DenseF32ArrayAttr>;
// The stride of a block or shortcut, both dimensions.
defvar BlockStrideAttr = DefaultValuedAttr<PositiveI64, "1">;
// The batch-norm epsilon; the default is the C++ constant, so that the
// printers and the builders agree on it. Finiteness and sign are checked in
// ResNetOps.cpp (no upstream float-attribute constraint says that).
defvar DefaultEpsilon = "::mlir::resnet::kDefaultBatchNormEpsilon";
defvar EpsilonAttr = DefaultValuedAttr<F64Attr, DefaultEpsilon>;

// Layers that report their arithmetic (FlopCountOpInterface): convolutions
// and the linear and matmul layers count their multiply-adds in ResNetOps.cpp, every
// other layer one operation per output element.
defvar CountsFlops = DeclareOpInterfaceMethods<ResNet_FlopCountOpInterface,
                                               ["getFlopCount"]>;
defvar OneFlopPerElement = ResNet_FlopCountOpInterface;

//===----------------------------------------------------------------------===//
// Primitive layers
//===----------------------------------------------------------------------===//

def ResNet_Conv2DOp : ResNet_Op<"conv2d",
    [Pure, InferTypeOpAdaptor, CountsFlops]> {
  let summary = "2-D convolution (NCHW input, OIHW weight, optional bias)";
  let description = [{
    `output[n, f, y, x] = bias[f] + sum_{c, i, j} input[n, g*C/G + c,
    y*sy - pt + i*dy, x*sx - pl + j*dx] * weight[f, c, i, j]`, where `g` is
    the group of output channel `f`. `pads` is `[top, left, bottom, right]`
    (ONNX order); padding reads zeros, or `pad_value[c]` in input channel `c`
    when `pad_value` is set (one value per input channel).

    ```mlir
    %y = resnet.conv2d %x, %w {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>}
        : tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32> -> tensor<1x64x112x112xf32>
    %z = resnet.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>,
                                   pad_value = array<f32: 0.485, 0.456, 0.406>}
        : tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32> -> tensor<1x16x32x32xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, ResNet_Tensor:$weight,
                       Optional<ResNet_Tensor>:$bias,
                       StridesAttr:$strides, PadsAttr:$pads,
                       DilationsAttr:$dilations, GroupsAttr:$groups,
                       PadValueAttr:$pad_value);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` type($input) `,`
    type($weight) (`,` type($bias)^)? `->` type($output)
  }];
  // Zero padding (no pad_value): the convolutions that passes and builders
  // make, from values or attributes.
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$weight,
                   "::mlir::Value":$bias, "::llvm::ArrayRef<int64_t>":$strides,
                   "::llvm::ArrayRef<int64_t>":$pads,
                   "::llvm::ArrayRef<int64_t>":$dilations, "uint64_t":$groups), [{
      build($_builder, $_state, input, weight, bias, strides, pads, dilations,
            groups, /*pad_value=*/::mlir::DenseF32ArrayAttr());
    }]>,
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$weight,
                   "::mlir::Value":$bias, "::mlir::DenseI64ArrayAttr":$strides,
                   "::mlir::DenseI64ArrayAttr":$pads,
                   "::mlir::DenseI64ArrayAttr":$dilations,
                   "::mlir::IntegerAttr":$groups), [{
      build($_builder, $_state, input, weight, bias, strides, pads, dilations,
            groups, /*pad_value=*/::mlir::DenseF32ArrayAttr());
    }]>
  ];
  // An all-zero constant bias is dropped (ResNetCanonicalizations.cpp).
  let hasCanonicalizer = 1;
}

def ResNet_BatchNormOp : ResNet_Op<"batch_norm",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement,
     AllTypesMatch<["scale", "bias", "mean", "variance"]>]> {
  let summary = "inference batch normalization over the channel axis";
  let description = [{
    `output = (input - mean) * scale / sqrt(variance + epsilon) + bias`, per
    channel (axis 1). The statistics are the running ones of training.

    ```mlir
    %y = resnet.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0e-05 : f64}
        : tensor<1x64x56x56xf32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, ResNet_Tensor:$scale,
                       ResNet_Tensor:$bias, ResNet_Tensor:$mean,
                       ResNet_Tensor:$variance, EpsilonAttr:$epsilon);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    type($input) `,` type($scale)
  }];
  let hasFolder = 1;
}

def ResNet_ReluOp : ResNet_Op<"relu",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "max(x, 0), elementwise";
  let arguments = (ins ResNet_Tensor:$input);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
  // relu(fused_conv {relu}) is the fused_conv (ResNetCanonicalizations.cpp).
  let hasCanonicalizer = 1;
}

def ResNet_AddOp : ResNet_Op<"add",
    [Pure, Commutative, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "elementwise sum of two tensors of one shape";
  let description = [{
    The residual connection's `F(x) + x`. No broadcasting: both operands have
    the result's shape.
  }];
  let arguments = (ins ResNet_Tensor:$lhs, ResNet_Tensor:$rhs);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
  let hasFolder = 1;
}

class ResNet_Pool2DOp<string mnemonic, string what> :
    ResNet_Op<mnemonic, [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = what # " pooling over 2-D windows (NCHW)";
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def ResNet_MaxPool2DOp : ResNet_Pool2DOp<"max_pool2d", "max"> {
  let description = [{
    Padding never wins the maximum (it reads -inf). `dilations` spaces the
    window's taps as in `conv2d`.

    ```mlir
    %y = resnet.max_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
        strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, KernelAttr:$kernel,
                       StridesAttr:$strides, PadsAttr:$pads,
                       DilationsAttr:$dilations);
}

def ResNet_AvgPool2DOp : ResNet_Pool2DOp<"avg_pool2d", "average"> {
  let description = [{
    With `count_include_pad` the divisor is the whole window; without it
    (the default, as in ONNX) only the elements inside the input count.
  }];
  let arguments = (ins ResNet_Tensor:$input, KernelAttr:$kernel,
                       StridesAttr:$strides, PadsAttr:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
}

def ResNet_GlobalAvgPoolOp : ResNet_Op<"global_avg_pool",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "mean over H and W: NxCxHxW -> NxCx1x1";
  let arguments = (ins ResNet_Tensor:$input);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def ResNet_FlattenOp : ResNet_Op<"flatten",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "collapse to 2-D around `axis`: N x ... -> N x M by default";
  let description = [{
    The result is `d0 * ... * d(axis-1)` x `d(axis) * ... * d(rank-1)`, as
    ONNX's Flatten; `axis` is in `[0, rank]` (0 makes `1 x all`).
  }];
  let arguments = (ins ResNet_Tensor:$input,
                       DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative]>,
                                         "1">:$axis);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def ResNet_AffineOp : ResNet_Op<"affine",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "input * scale + shift, with scale and shift broadcast";
  let description = [{
    Elementwise `input * scale + shift`, where `scale` and `shift` broadcast
    to the input's shape as in NumPy (aligned at the last dimension, each
    dimension 1 or the input's). The importer makes it from Add/Sub/Mul/Div
    by constants it could not fold into a neighbouring convolution (an input
    normalisation before the stem, a BN expressed as Mul and Add), so the
    result always has the input's shape.

    ```mlir
    %y = resnet.affine %x, %scale, %shift
        : tensor<1x3x224x224xf32>, tensor<3x1x1xf32>, tensor<3x1x1xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, ResNet_Tensor:$scale,
                       ResNet_Tensor:$shift);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $shift attr-dict `:` type($input) `,` type($scale)
    `,` type($shift)
  }];
}

def ResNet_LinearOp : ResNet_Op<"linear",
    [Pure, InferTypeOpAdaptor, CountsFlops]> {
  let summary = "fully connected layer: y = x * W^T + b";
  let description = [{
    `input` is `N x K`, `weight` is `M x K` (PyTorch's `nn.Linear` layout),
    the optional `bias` has `M` elements; the result is `N x M`.
  }];
  let arguments = (ins ResNet_Tensor:$input, ResNet_Tensor:$weight,
                       Optional<ResNet_Tensor>:$bias);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` type($input) `,`
    type($weight) (`,` type($bias)^)? `->` type($output)
  }];
}

def ResNet_BatchMatmulOp : ResNet_Op<"batch_matmul",
    [Pure, InferTypeOpAdaptor, CountsFlops]> {
  let summary = "matrix products over broadcast batch dimensions (NumPy matmul)";
  let description = [{
    `lhs` is `[batch...] x N x K` and `rhs` `[batch...] x K x M`, each of
    rank 2 or more; the result is `[batch...] x N x M`. The batch dimensions
    (all but the last two) broadcast as in NumPy: aligned at the last one,
    each equal to the other operand's or 1, a missing one counting as 1.
    This is ONNX's MatMul of rank 3 and more (attention-style products, a
    matrix applied to each image of a batch); the classifier's 2-D product
    by a constant matrix stays `linear`. Either operand may be a constant
    or computed.

    ```mlir
    %y = resnet.batch_matmul %a, %b
        : tensor<2x3x4xf32>, tensor<4x5xf32> -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$lhs, ResNet_Tensor:$rhs);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
}

def ResNet_SoftmaxOp : ResNet_Op<"softmax",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "softmax along one axis (the last by default)";
  let arguments = (ins ResNet_Tensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def ResNet_TransposeOp : ResNet_Op<"transpose",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "permutes the dimensions of a tensor";
  let description = [{
    Result dimension `d` is input dimension `permutation[d]` (the convention
    of `linalg.transpose`). The importer makes it for a Gemm whose computed
    input is transposed (`transA = 1`).

    ```mlir
    %y = resnet.transpose %x {permutation = array<i64: 1, 0>}
        : tensor<6x3xf32> -> tensor<3x6xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def ResNet_MaxPool2DIndicesOp : ResNet_Op<"max_pool2d_indices",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "where max_pool2d's maxima are: flattened input indices";
  let description = [{
    For each output of the `max_pool2d` with the same attributes, the index
    of the input element that is its maximum, counted over the whole NCHW
    input: `((n * C + c) * H + h) * W + w`, or with `column_major` (ONNX's
    `storage_order = 1`) `(n * C + c) * H * W + w * H + h`. Of equal maxima
    the first in the window's row-major order wins; padding never does.
    This is ONNX MaxPool's second output (`Indices`). The indices are f32,
    which holds them exactly: the input may have at most 2^24 elements.

    ```mlir
    %i = resnet.max_pool2d_indices %x {kernel = array<i64: 2, 2>,
        strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, KernelAttr:$kernel,
                       StridesAttr:$strides, PadsAttr:$pads,
                       DilationsAttr:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$column_major);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def ResNet_WrapIntegerOp : ResNet_Op<"wrap_integer",
    [Pure, InferTypeOpAdaptor, OneFlopPerElement]> {
  let summary = "rounds toward zero and wraps into a `bits`-bit integer range";
  let description = [{
    Elementwise: `trunc(x)` reduced modulo `2^bits` into `[0, 2^bits)`, or
    with `is_signed` into `[-2^(bits-1), 2^(bits-1))`: what converting to that
    two's-complement integer type does. The result stays f32, which holds
    every such integer exactly. ONNX integer arithmetic (uint8/int8 Add, Sub,
    Mul, Div) is computed by the f32 ops, exactly for these small integers,
    and wrapped by this op where the integer type would wrap or truncate.

    ```mlir
    %y = resnet.wrap_integer %x {bits = 8} : tensor<3x4x5xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input,
                       ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<24>]>:$bits,
                       DefaultValuedAttr<BoolAttr, "false">:$is_signed);
  let results = (outs ResNet_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// ResNet structure
//===----------------------------------------------------------------------===//

// The blocks hold their weights as operands, one group per convolution
// (a *unit*), in one of three forms:
//   name(%weight : type, bn %scale, %bias, %mean, %variance : type)  conv, BN
//   name(%weight : type, bias %bias : type)     conv with bias (BN folded)
//   name(%weight : type)                        conv alone
// The group's size (5, 2 or 1 operands, in operandSegmentSizes) says the
// form; each unit has its own. An optional `projection` group (1x1 conv with
// stride) is the shortcut; an optional `preact(bn ...)` group makes the block
// a pre-activation (ResNet v2) block.

class ResNet_BlockOp<string mnemonic, list<Trait> traits = []> :
    ResNet_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])> {
  let results = (outs ResNet_Tensor:$output);
  let hasCustomAssemblyFormat = 1;
  // The conv units are read through ConvUnit accessors (ResNetDialect.h);
  // the operand names below are the only place that knows their layout.
  code projectionAccessors = [{
    bool hasProjection() { return !getProjection().empty(); }
    /// The shortcut's 1x1 conv unit, when it is a projection.
    std::optional<::mlir::resnet::ConvUnit> getProjectionUnit() {
      if (!hasProjection())
        return std::nullopt;
      return ::mlir::resnet::ConvUnit::fromOperands(getProjection());
    }
  }];
  // Pre-activation (ResNet v2) blocks: bn-relu of the input first.
  code preactAccessors = [{
    bool isPreActivation() { return !getPreact().empty(); }
    /// The input's batch norm of a pre-activation block.
    std::optional<::mlir::resnet::BatchNormParams> getPreactBatchNorm() {
      if (!isPreActivation())
        return std::nullopt;
      return ::mlir::resnet::BatchNormParams::fromOperands(getPreact());
    }
  }];
}

// `ConvUnit get<Unit>Unit()` of the variadic operand group `<unit>` (ODS
// accessor spelling: `conv1` is `getConv1`). Valid on a verified op; shape
// inference reads the groups through ConvUnit::fromOperands itself.
class ConvUnitAccessor<string unit> {
  code body = "::mlir::resnet::ConvUnit get" # unit # "Unit() {\n"
    "  return *::mlir::resnet::ConvUnit::fromOperands(get" # unit # "());\n"
    "}\n";
}

def ResNet_ShortcutOp : ResNet_BlockOp<"shortcut"> {
  let summary = "the skip connection: identity, or a 1x1 projection conv unit";
  let description = [{
    Identity when the shape is kept; otherwise a *projection*: a 1x1
    convolution with `stride` (no padding), followed by batch normalization
    or with a bias (either form of a conv unit), which maps the input onto
    the residual branch's shape.

    ```mlir
    %s = resnet.shortcut %x : tensor<1x64x56x56xf32> -> tensor<1x64x56x56xf32>
    %p = resnet.shortcut %x stride 2
        projection(%w : tensor<128x64x1x1xf32>, bn %g, %b, %m, %v : tensor<128xf32>)
        : tensor<1x64x56x56xf32> -> tensor<1x128x28x28xf32>
    %q = resnet.shortcut %x stride 2
        projection(%w : tensor<128x64x1x1xf32>, bias %b : tensor<128xf32>)
        : tensor<1x64x56x56xf32> -> tensor<1x128x28x28xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, Variadic<ResNet_Tensor>:$projection,
                       BlockStrideAttr:$stride, EpsilonAttr:$epsilon);
  let extraClassDeclaration = projectionAccessors;
  let hasFolder = 1;
}

def ResNet_ResidualBlockOp : ResNet_BlockOp<"residual_block",
    [AttrSizedOperandSegments]> {
  let summary = "basic residual block: relu(bn(conv(relu(bn(conv(x))))) + shortcut(x))";
  let description = [{
    The basic block of ResNet-18/34: a 3x3 convolution with `stride` and
    padding 1, BN, ReLU; a 3x3 convolution (stride 1, padding 1), BN; plus the
    shortcut (identity, or the `projection` unit when the shape changes);
    then ReLU. All batch norms share `epsilon`. A unit written with `bias`
    has its batch norm already folded into the conv (a default PyTorch
    export); each unit has its own form.

    With `preact(bn ...)` it is the pre-activation block of ResNet v2
    ("Identity Mappings in Deep Residual Networks"): `t = relu(bn(x))`, then
    `conv2(relu(conv1(t))) + shortcut`, where the projection reads `t` and
    the identity reads `x`, and no ReLU follows the sum. Its `conv2`
    usually has neither BN nor bias (the next block's preact is its BN).

    ```mlir
    %y = resnet.residual_block %x stride 2
        conv1(%w1 : tensor<128x64x3x3xf32>, bn %g1, %b1, %m1, %v1 : tensor<128xf32>)
        conv2(%w2 : tensor<128x128x3x3xf32>, bn %g2, %b2, %m2, %v2 : tensor<128xf32>)
        projection(%wp : tensor<128x64x1x1xf32>, bn %gp, %bp, %mp, %vp : tensor<128xf32>)
        : tensor<1x64x56x56xf32> -> tensor<1x128x28x28xf32>
    %z = resnet.residual_block %x
        conv1(%w1 : tensor<64x64x3x3xf32>, bias %c1 : tensor<64xf32>)
        conv2(%w2 : tensor<64x64x3x3xf32>, bias %c2 : tensor<64xf32>)
        : tensor<1x64x56x56xf32> -> tensor<1x64x56x56xf32>
    %v2 = resnet.residual_block %x preact(bn %g, %b, %m, %v : tensor<64xf32>)
        conv1(%w1 : tensor<64x64x3x3xf32>, bias %c1 : tensor<64xf32>)
        conv2(%w2 : tensor<64x64x3x3xf32>)
        : tensor<1x64x56x56xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input,
      Variadic<ResNet_Tensor>:$preact,
      Variadic<ResNet_Tensor>:$conv1, Variadic<ResNet_Tensor>:$conv2,
      Variadic<ResNet_Tensor>:$projection,
      BlockStrideAttr:$stride, EpsilonAttr:$epsilon);
  let extraClassDeclaration = projectionAccessors # preactAccessors
      # ConvUnitAccessor<"Conv1">.body # ConvUnitAccessor<"Conv2">.body;
}

def ResNet_BottleneckBlockOp : ResNet_BlockOp<"bottleneck_block",
    [AttrSizedOperandSegments]> {
  let summary = "bottleneck block: 1x1 reduce, 3x3 (stride, groups), 1x1 expand, plus shortcut";
  let description = [{
    The block of ResNet-50/101/152, ResNeXt and wide ResNets:
    1x1 `reduce` conv to `width` channels, BN, ReLU; 3x3 `spatial` conv with
    `stride` (on the 3x3, as in torchvision's "v1.5"), padding 1 and `groups`,
    BN, ReLU; 1x1 `expand` conv to `width * expansion` channels, BN; plus the
    shortcut (identity or `projection`), then ReLU. ResNet-50 has
    `expansion 4`; wide_resnet50_2 and resnext50_32x4d have `expansion 2`.
    Each unit is conv + BN, conv with bias (BN folded) or conv alone, as in
    `residual_block`; `preact(bn ...)` makes it a pre-activation (v2) block:
    `expand(relu(spatial(relu(reduce(relu(bn(x))))))) + shortcut`, no ReLU
    after the sum, the projection reading the pre-activated input.

    ```mlir
    %y = resnet.bottleneck_block %x width 64 expansion 4
        reduce(%w1 : tensor<64x256x1x1xf32>, bn %g1, %b1, %m1, %v1 : tensor<64xf32>)
        spatial(%w2 : tensor<64x64x3x3xf32>, bn %g2, %b2, %m2, %v2 : tensor<64xf32>)
        expand(%w3 : tensor<256x64x1x1xf32>, bn %g3, %b3, %m3, %v3 : tensor<256xf32>)
        : tensor<1x256x56x56xf32> -> tensor<1x256x56x56xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input,
      Variadic<ResNet_Tensor>:$preact,
      Variadic<ResNet_Tensor>:$reduce, Variadic<ResNet_Tensor>:$spatial,
      Variadic<ResNet_Tensor>:$expand,
      Variadic<ResNet_Tensor>:$projection,
      PositiveI64:$width, PositiveI64:$expansion,
      BlockStrideAttr:$stride, GroupsAttr:$groups,
      EpsilonAttr:$epsilon);
  let extraClassDeclaration = projectionAccessors # preactAccessors
      # ConvUnitAccessor<"Reduce">.body # ConvUnitAccessor<"Spatial">.body
      # ConvUnitAccessor<"Expand">.body;
}

//===----------------------------------------------------------------------===//
// Fusion target
//===----------------------------------------------------------------------===//

def ResNet_FusedConvOp : ResNet_Op<"fused_conv",
    [Pure, InferTypeOpAdaptor, CountsFlops]> {
  let summary = "conv2d + bias + optional residual addend + optional ReLU";
  let description = [{
    `output = act(conv2d(input, weight) + bias[f] + residual)`, where `act` is
    ReLU when `relu` is set and the identity otherwise; padding reads
    `pad_value` as in `conv2d`. The target of
    `--resnet-fuse-conv`; code generation emits the epilogue inside the
    convolution's loop nest.

    ```mlir
    %y = resnet.fused_conv %x, %w, %b residual %r {relu}
        : tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>,
          tensor<1x64x56x56xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, ResNet_Tensor:$weight,
                       ResNet_Tensor:$bias, Optional<ResNet_Tensor>:$residual,
                       StridesAttr:$strides, PadsAttr:$pads,
                       DilationsAttr:$dilations, GroupsAttr:$groups,
                       UnitAttr:$relu, PadValueAttr:$pad_value);
  let results = (outs ResNet_Tensor:$output);
  // Zero padding (no pad_value), from attributes.
  let builders = [
    OpBuilder<(ins "::mlir::Type":$output, "::mlir::Value":$input,
                   "::mlir::Value":$weight, "::mlir::Value":$bias,
                   "::mlir::Value":$residual,
                   "::mlir::DenseI64ArrayAttr":$strides,
                   "::mlir::DenseI64ArrayAttr":$pads,
                   "::mlir::DenseI64ArrayAttr":$dilations,
                   "::mlir::IntegerAttr":$groups, "::mlir::UnitAttr":$relu), [{
      build($_builder, $_state, output, input, weight, bias, residual, strides,
            pads, dilations, groups, relu, /*pad_value=*/::mlir::DenseF32ArrayAttr());
    }]>
  ];
  let assemblyFormat = [{
    $input `,` $weight `,` $bias (`residual` $residual^)? attr-dict `:`
    type($input) `,` type($weight) `,` type($bias) (`,` type($residual)^)?
    `->` type($output)
  }];
  // An all-zero constant residual is dropped (ResNetCanonicalizations.cpp).
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Numerics trace
//===----------------------------------------------------------------------===//

def ResNet_TraceOp : ResNet_Op<"trace", [MemoryEffects<[MemWrite]>]> {
  let summary = "write a layer's output to the per-layer numerics trace";
  let description = [{
    Marks `input` as the output of the layer called `name` for the numerics
    trace (`resnet-compile --trace`; the binary's `--trace DIR` writes it as
    `DIR/NNN_<name>.npy`). `--resnet-trace-layers` inserts one after every
    layer once the graph passes have fused them; `--resnet-lower-trace`
    turns it into a call of the runtime's `resnet_trace_write`. The
    reference interpreter (`resnet-run --trace`) writes the same names.

    ```mlir
    resnet.trace %y "L53/relu1" : tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins ResNet_Tensor:$input, StrAttr:$name);
  let assemblyFormat = "$input $name attr-dict `:` type($input)";
}

#endif // RESNET_OPS_TD
