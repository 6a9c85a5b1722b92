//===- Passes.td - graph-level resnet passes ---------------*- tablegen -*-===//
#ifndef RESNET_PASSES_TD
#define RESNET_PASSES_TD

include "mlir/Pass/PassBase.td"

def RaiseBlocks : Pass<"resnet-raise-blocks", "func::FuncOp"> {
  let summary = "Form shortcut, residual_block and bottleneck_block ops from primitive graphs";
  let description = [{
    Recognises torchvision's BasicBlock and Bottleneck (stride on the 3x3,
    groups) built from conv2d / batch_norm / relu / add, with an identity or
    a projection (1x1 conv) shortcut, and replaces each by one block op;
    then pre-activation (ResNet v2) blocks: relu(bn(x)) before the first
    conv (and the projection), no ReLU after the add. Each conv is a unit
    of its own form: conv + BN, conv with bias (BN folded by the exporter,
    as torch.onnx.export does by default) or a bare conv. A candidate is
    left alone unless it matches exactly: the expected kernels, pads and
    strides, no conv that has both a bias and a BN after it, equal epsilons
    in the block, and intermediate values used only inside the block.
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

def ExpandBlocks : Pass<"resnet-expand-blocks", "func::FuncOp"> {
  let summary = "Spell residual_block, bottleneck_block and shortcut as primitive layers";
  let description = [{
    Every block op becomes conv2d / batch_norm / relu / add (a unit's conv
    with its bias in the bias form, a batch_norm after it in the BN form,
    all BNs with the block's epsilon):
    - residual_block: relu(bn2(conv2 3x3 p1(relu(bn1(conv1 3x3 p1 /stride(x))))) + sc(x))
    - bottleneck_block: 1x1 `reduce`, BN, ReLU; 3x3 `spatial` with pads 1,
      the block's stride and groups, BN, ReLU; 1x1 `expand`, BN; + sc(x); ReLU
    - shortcut, and sc(x) above: x itself (identity), or bn(conv 1x1 /stride
      with no padding(x)) for a projection.
    - a pre-activation (v2) block: t = relu(bn(x)) first, the units on t,
      the projection on t, and no ReLU after the add.
    Each new op is located at `"role"(block location)`, role being conv1,
    relu1, conv2, reduce, spatial, expand, projection, residual,
    preact_bn, preact_relu, ...
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
  let statistics = [
    Statistic<"numResidualBlocks", "residual-blocks",
              "Number of residual_block ops expanded">,
    Statistic<"numBottleneckBlocks", "bottleneck-blocks",
              "Number of bottleneck_block ops expanded">,
    Statistic<"numShortcuts", "shortcuts",
              "Number of standalone shortcut ops expanded">,
  ];
}

def FoldBatchNorm : Pass<"resnet-fold-batchnorm", "func::FuncOp"> {
  let summary = "Fold inference batch norms into the preceding convolutions";
  let description = [{
    With a = scale / sqrt(variance + epsilon) and s = bias - mean * a per
    channel:
    - batch_norm(conv2d(x, w, b?)), where the BN is the conv's only user and
      the weight, bias and BN vectors are constants, becomes
      conv2d(x, w', b') with w'[f] = w[f] * a[f] and b'[f] = b[f] * a[f] + s[f]
      (b = 0 when the conv has no bias). The new constants are computed at
      compile time on raw f32 buffers, in double precision, and are
      dense_resource blobs when large.
    - any other batch_norm with constant vectors becomes the canonical
      scale-and-shift form: scale = a, bias = s, mean = 0, variance = 1,
      epsilon = 0 (one multiply-add per element once lowered).
    - a batch_norm whose vectors, or whose conv's weights, are not constants
      (e.g. function arguments) is left as it is: it stays correct, only
      unfolded.
    A dense_resource weight of a conv or BN whose blob has no data (a model
    saved without its resources) is an error.
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect",
                           "mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numFoldedIntoConv", "bn-folded-into-conv",
              "Number of batch norms folded into a convolution">,
    Statistic<"numScaleShift", "bn-to-scale-shift",
              "Number of batch norms rewritten to scale-and-shift form">,
  ];
}

def TrimPaddingTaps : Pass<"resnet-trim-padding-taps", "func::FuncOp"> {
  let summary = "Drop the kernel taps of a convolution that read only padding";
  let description = [{
    A tap of a conv2d or fused_conv kernel whose reads fall in the zero
    padding for every output position (a 3x3 conv over a 1x1 map: all but
    the centre; over a map one row high: the top and bottom rows) adds
    only zero products. Leading and trailing runs of such taps, per
    spatial dimension, are cut from the constant weight (a new constant),
    and the padding before and after the map shrinks by the taps cut on
    that side: the output is the same, with fewer products. Left alone: a
    conv with `pad_value` (its padding is not zero), a weight that is not
    a constant, and a dimension whose padding would become negative (a
    dilation larger than the padding).
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect",
                           "mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numTrimmed", "convs-trimmed",
              "Number of convolutions whose kernel lost taps that read only padding">,
  ];
}

def FuseConv : Pass<"resnet-fuse-conv", "func::FuncOp"> {
  let summary = "Fuse conv2d, its bias, a residual add and a ReLU into fused_conv";
  let description = [{
    Every conv2d becomes a fused_conv (a zero bias constant is made when the
    conv has none). Then add(fused_conv(x), r) and add(r, fused_conv(x))
    take `r` as the residual addend, and relu(fused_conv(x)) sets `relu`.
    A step is refused when the intermediate value has another user, when
    the fused_conv already has a ReLU (relu(conv) + r is not relu(conv + r)),
    when an add would need a second residual, or when the conv and its user
    are in different blocks. The fused op takes the place of the add or
    relu, where all its operands dominate.
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect",
                           "mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numConvs", "convs-fused",
              "Number of conv2d ops turned into fused_conv">,
    Statistic<"numResidualAdds", "adds-fused",
              "Number of residual adds absorbed into a fused_conv">,
    Statistic<"numRelus", "relus-fused",
              "Number of ReLUs absorbed into a fused_conv">,
  ];
}

def SetBatchSize : Pass<"resnet-set-batch", "func::FuncOp"> {
  let summary = "Re-specialize a model function to another batch size";
  let description = [{
    The compiler specialises every model to one input shape. This pass sets
    the first dimension of every argument of the function to `batch`, then
    re-infers the result type of every op of the body in order (each must
    implement InferTypeOpInterface, as all resnet ops do; constants keep
    their types) and updates the function type. An op that cannot be
    re-inferred, or whose shape rules fail at the new batch size, is an
    error. Function declarations are left alone; callers of the function
    are not updated (run it on a model's entry function).
  }];
  let options = [
    Option<"batch", "batch", "int64_t", /*default=*/"0",
           "The new batch size (the first dimension of every argument); "
           "must be positive">,
  ];
}

def ProfileMarkLayers : Pass<"resnet-profile-mark-layers", "func::FuncOp"> {
  let summary = "Name every resnet layer in its location for the per-layer profile";
  let description = [{
    Runs on the resnet dialect, after the graph optimizations and before
    lowering. Each resnet op with one result gets the location
    `fused<{resnet.profile_layer = id, name = "...", flops = N}>[old loc]`:
    `id` numbers the layers in order, `name` describes the layer
    ("conv 3x3/1 64->64 56x56 +relu (layer1.0/conv1)": kernel/stride,
    channels, output size, fused epilogue, then the NameLoc path or
    file:line of the op) and `flops` is the op's FlopCountOpInterface count:
    2 per multiply-add for convolutions and linear layers, 1 per output
    element otherwise (batch included). Lowering copies an op's location to all the code it becomes,
    which is how --resnet-profile-instrument finds the layer again.
  }];
}

def TraceLayers : Pass<"resnet-trace-layers", "func::FuncOp"> {
  let summary = "Mark every layer's output for the numerics trace";
  let description = [{
    Runs on the resnet dialect after the graph optimizations (it is the last
    graph pass of `resnet-compile --trace`). Each layer of a public function
    (a resnet op with one result) gets a `resnet.trace` of its output, named
    by `traceLayerName` (dialect/TraceNames.h): a layer fused from several
    ops is named after the last of them. Two layers of one name (a conv and
    its batch norm at -O0, which share their location) keep the later one.
    A conv2d or ReLU-less fused_conv whose only use is the residual of a
    fused_conv is not traced: code generation sums it into that conv's
    accumulator (the projection shortcut, --resnet-chain-convs), so it is
    part of that layer. From `opt-level` 1 on, neither is a layer whose
    elementwise end (a fused_conv or a conv's bias, relu, add, batch_norm,
    avg_pool) only feeds a global_avg_pool: code generation computes it in
    the pool's reduction.
  }];
  let options = [
    Option<"optLevel", "opt-level", "unsigned", /*default=*/"3",
           "the -O level the model is compiled at">,
  ];
}

#endif // RESNET_PASSES_TD
