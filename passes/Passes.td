//===- Passes.td - resnet dialect passes -------------------*- tablegen -*-===//
#ifndef RESNET_PASSES_TD
#define RESNET_PASSES_TD

include "mlir/Pass/PassBase.td"

def RaiseBlocks : Pass<"resnet-raise-blocks", "func::FuncOp"> {
  let summary = "Form shortcut, residual_block and bottleneck_block ops from primitive graphs";
  let description = [{
    Recognises torchvision's BasicBlock and Bottleneck (stride on the 3x3,
    groups) built from conv2d / batch_norm / relu / add, with an identity or
    a projection (1x1 conv + BN) shortcut, and replaces each by one block
    op. A candidate is left alone unless it matches exactly: convolutions
    without bias, the expected kernels, pads and strides, equal epsilons in
    the block, and intermediate values used only inside the block.
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

def ExpandBlocks : Pass<"resnet-expand-blocks", "func::FuncOp"> {
  let summary = "Spell residual_block, bottleneck_block and shortcut as primitive layers";
  let description = [{
    Every block op becomes conv2d / batch_norm / relu / add (convolutions
    without bias, all BNs with the block's epsilon):
    - residual_block: relu(bn2(conv2 3x3 p1(relu(bn1(conv1 3x3 p1 /stride(x))))) + sc(x))
    - bottleneck_block: 1x1 `reduce`, BN, ReLU; 3x3 `spatial` with pads 1,
      the block's stride and groups, BN, ReLU; 1x1 `expand`, BN; + sc(x); ReLU
    - shortcut, and sc(x) above: x itself (identity), or bn(conv 1x1 /stride
      with no padding(x)) for a projection.
    Each new op is located at `"role"(block location)`, role being conv1,
    relu1, conv2, reduce, spatial, expand, projection, residual, ...
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

def ResNetCanonicalize : Pass<"resnet-canonicalize"> {
  let summary = "Canonicalize, with the resnet rewrite patterns added";
  let description = [{
    Upstream `canonicalize` (every registered op's patterns and folders,
    including the resnet folders) plus the patterns of
    `populateResNetCanonicalizationPatterns`:
    - relu(fused_conv{relu}) -> fused_conv{relu}
    - conv2d with an all-zero constant bias -> conv2d without bias
    - fused_conv with an all-zero constant residual -> no residual
  }];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

def ResNetToLinalg : Pass<"resnet-to-linalg", "func::FuncOp"> {
  let summary = "Lower resnet layers to linalg on tensors (NHWC inside, NCHW at the boundary)";
  let description = [{
    conv2d / fused_conv become linalg.conv_2d_nhwc_hwcf (grouped:
    linalg.conv_2d_nhwgc_gfhwc) on zero-padded NHWC input, with bias,
    residual and ReLU in one elementwise linalg.generic epilogue; max/avg
    pools become linalg.pooling_nhwc_{max,sum} (max pads with -inf, the
    average divides by a compile-time table of window counts); batch_norm,
    relu and add are elementwise generics; global_avg_pool a reduction;
    linear a linalg.matmul with the weight transposed at compile time;
    softmax max/exp/sum/div generics. Constant weights are permuted (OIHW to
    HWCF, [out,in] to [in,out]) at compile time on raw buffers. The
    function's arguments and results stay NCHW: transposes appear at entry
    and exit only, those between layers cancel. Block ops are an error (run
    --resnet-expand-blocks first).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::math::MathDialect"];
}

def CopiesToLinalg : Pass<"resnet-copies-to-linalg", "func::FuncOp"> {
  let summary = "Turn strided memref.copy into linalg.copy (loops, no runtime call)";
  let description = [{
    After bufferization, copies between non-contiguous views would lower to
    a call to MLIR's `memrefCopy` runtime function; compiled models link no
    MLIR runtime, so such copies become linalg.copy (then loops).
    Contiguous copies are left alone (they lower to memcpy).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def TileLoopOrder : Pass<"resnet-tile-loop-order", "func::FuncOp"> {
  let summary = "Make the output channel the innermost loop of convolutions, pools and matmuls";
  let description = [{
    Generalizes every linalg op on tensors whose output's last (contiguous)
    dimension is a parallel loop that is not already innermost, and
    interchanges its loops to make it innermost: NHWC convolutions and pools
    loop over output channels inside the window and input-channel loops, a
    matmul over columns inside k. The loops LLVM then sees are independent
    unit-stride multiply-adds that it vectorizes (no float reassociation).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def Winograd : Pass<"resnet-winograd", "func::FuncOp"> {
  let summary = "Winograd F(4x4,3x3) / F(2x2,3x3) for stride-1 3x3 convolutions";
  let description = [{
    Rewrites each linalg.conv_2d_nhwc_hwcf with a constant 3x3 filter,
    stride and dilation 1, a zero-filled accumulator and channel counts that
    are multiples of `vector-width` into the three steps of Winograd's
    minimal filtering (Lavin & Gray 2016): an input transform
    V = B^T d B of each alpha x alpha input tile into [alpha^2, tiles, C],
    a linalg.batch_matmul with the filter transformed at compile time
    (U = G g G^T, in double precision, [alpha^2, C, F]), and an output
    transform Y = A^T M A into NHWC that also applies the conv's
    elementwise epilogue (bias, residual, ReLU) when the conv is its only
    input of that shape. The transforms are scf.forall loops of vector code
    over `vector-width` channels with the coefficients folded in; their
    foralls carry a `resnet.tile` dictionary like --resnet-tile's. The
    output tile m is 4 (alpha 6, 4x fewer multiplications) when 4 divides
    the output height and width, else 2 (alpha 4, 2.25x), else the conv is
    kept; `output-tile` forces one. Costs: U is alpha^2/9 times the
    weights' size, and the result differs from the direct convolution by
    rounding (about 1e-6 relative for F(4x4), see the tests).
    With `emit-remarks`, each 3x3 conv that is kept says why.
  }];
  let options = [
    Option<"outputTile", "output-tile", "int64_t", "0",
           "output tile m: 0 chooses 4 or 2 per layer, 2 or 4 forces it">,
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "f32 lanes of the transforms' vectors">,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "remark on each 3x3 convolution left direct, with the reason">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::vector::VectorDialect",
                           "mlir::arith::ArithDialect"];
}

def PadInPlace : Pass<"resnet-pad-in-place", "func::FuncOp"> {
  let summary = "Make producers write into the interior of padded buffers";
  let description = [{
    Rewrites each tensor.pad with a constant value and static shape whose
    source is produced in the same block as a linalg.fill of the padded
    tensor, placed before the producer, and a tensor.insert_slice of the
    source into it; then runs upstream empty-tensor elimination, which makes
    the producer's tensor.empty destination the interior slice of the filled
    tensor. After one-shot bufferization the producer writes in place: no
    copy of the activation per padded layer.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::bufferization::BufferizationDialect"];
}

def OpenMPSchedule : Pass<"resnet-openmp-schedule"> {
  let summary = "Set the schedule of the OpenMP worksharing loops of the layers";
  let description = [{
    After convert-scf-to-openmp: gives every omp.wsloop the `schedule`.
    Default guided: chunks handed out as threads finish them, shrinking
    towards the end, so that a thread that was held up (a busy virtual
    CPU) does not stall the layer; static (OpenMP's default) fixes equal
    shares up front; dynamic hands out single tiles (measured slower:
    one atomic dispatch per microsecond-sized tile).
  }];
  let options = [
    Option<"schedule", "schedule", "std::string", "\"guided\"",
           "static, dynamic or guided">,
  ];
  let dependentDialects = ["mlir::omp::OpenMPDialect"];
}

def ChainConvs : Pass<"resnet-chain-convs", "func::FuncOp"> {
  let summary = "Let the second of two summed convolutions accumulate onto the first";
  let description = [{
    For an elementwise linalg.generic that adds two zero-initialised
    linalg.conv_2d_nhwc_hwcf results (each used only there, read with the
    identity map, entering the body through one arith.addf) - a projection
    shortcut plus the block's last conv - makes the later conv accumulate
    onto the earlier one (its init becomes the earlier result) and drops the
    earlier result from the epilogue (its term becomes -0.0, which
    canonicalization folds). Each conv is then tiled on its own, with one
    set of accumulators.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::arith::ArithDialect"];
}

def Tile : Pass<"resnet-tile", "func::FuncOp"> {
  let summary = "Register-tile, fuse and vectorize convolutions, pools and matmuls";
  let description = [{
    For each linalg.conv_2d_nhwc_hwcf, pooling_nhwc_{max,sum} and matmul on
    tensors (the output of --resnet-to-linalg): tiles the layer's root (its
    elementwise epilogue when it is the op's only user, else the op) over
    the output with scf.forall, fusing the op and its linalg.fill into the
    tile (bias, residual and ReLU on the accumulators); tiles the reductions
    with scf.for ([KH=1, KW=1, C<=8] for convs, [KH=1] for pools, [K<=8]
    for matmuls); repacks constant conv weights as [F/f, KH, KW, C, f]
    when F > f, so that each tile reads one contiguous block; decomposes unit-height 2-D convs and pools to 1-D;
    vectorizes every op in the tile; hoists the accumulators out of the
    reduction loops. Output tiles [N=1, OH=1, OW=ow, F=f] divide the shape:
    f is two vectors (`vector-width` f32 lanes each) when that divides F,
    ow the largest divisor of OW keeping ow*f/width accumulators in
    registers (16 with 16 lanes, else 12). Each tiled layer's scf.forall
    gets a `resnet.tile` dictionary {parallel, op, tiles, reduction_tiles,
    fused_epilogue}; `parallel` is false for layers under 2^20
    multiply-adds (they run on one thread). Loop order: output-channel
    blocks outermost when the layer's weights exceed `cache-bytes` (one
    block of weights stays in cache while the tiles sweep the image),
    innermost otherwise (the input tile is reused from L1). Row blocking:
    a conv whose weights per channel tile exceed 64 KiB and whose
    full-height output tile fits in 8 KiB (the 7x7 layers) gets tiles
    spanning the output height, its reduction cut in blocks of input
    channels whose weights (at most 40 KiB) stay in L1 while the rows'
    register tiles sweep them, accumulating in the output tile.
    batch_matmul (Winograd's products) is tiled like matmul, [1, rows, f],
    in (batch, channel block, row block) order. A linalg op left in a tiled layer after vectorization
    is an error (no silent scalar fallback); grouped convolutions are left
    untiled with a remark.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "f32 lanes per vector register: 16 (AVX-512), 8 (AVX2) or 4 (SSE)">,
    Option<"cacheBytes", "cache-bytes", "int64_t", "524288",
           "layers whose weights (per batch of a batch matmul) exceed this "
           "loop over output-channel blocks outermost, others innermost">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::vector::VectorDialect",
                           "mlir::arith::ArithDialect"];
}

def LowerVectors : Pass<"resnet-lower-vectors", "func::FuncOp"> {
  let summary = "Lower the vector ops of tiled layers to 1-D vectors (after bufferization)";
  let description = [{
    Turns the scf.forall of each layer that --resnet-tile marked
    `parallel = false` (too little work for threads) into scf.for loops.
    Hoists redundant vector transfers out of loops, then lowers in separate
    greedy runs: vector.contract to outer products (broadcast + FMA),
    transfer permutation maps, multi-reductions (inner-parallel); splits
    transfers into full/partial; transfers to 1-D (scf, fully unrolled);
    1-D transfers to loads/stores, shape casts, transposes (1-D shuffles),
    outer products and broadcasts. What is left converts with
    --convert-vector-to-llvm.
  }];
  let dependentDialects = ["mlir::vector::VectorDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::memref::MemRefDialect"];
}

def FlattenConstantGlobals : Pass<"resnet-flatten-constant-globals", "ModuleOp"> {
  let summary = "Make constant memref.globals 1-D and 64-byte aligned (weights as flat blobs)";
  let description = [{
    Every constant memref.global of static shape and identity layout whose
    rank is not 1 becomes a 1-D global of the same element count holding
    the same attribute storage (a dense_resource keeps its blob handle, a
    dense attribute is reshaped: no element is copied or listed); each
    memref.get_global of it becomes a get_global of the flat global and a
    memref.expand_shape back to the old shape. All constant globals get an
    alignment of at least 64 bytes. Once lowered, every weight is one
    `[N x float]` LLVM constant built from the raw bytes (MLIR's translation
    builds nested arrays, one constant per innermost row, for rank > 1).
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def PlanArena : Pass<"resnet-plan-arena", "ModuleOp"> {
  let summary = "Place the static temporaries of public functions in one caller-provided arena";
  let description = [{
    Runs after bufferization (before buffer deallocation). Every public
    function with a body gets a trailing `memref<Nxi8>` workspace argument;
    its static, identity-layout memref.alloc / memref.alloca ops in the
    function's top block become memref.view ops into the workspace at
    offsets planned at compile time. A buffer lives from the first to the
    last top-level op that uses it or one of its aliases (any memref result
    of an op that uses it); buffers whose lifetimes do not overlap share
    memory (greedy by size, best fit, offsets aligned to `alignment`).
    Left as they are: allocations inside loops or other regions, dynamic
    shapes, non-identity layouts, and buffers that escape (returned, or
    passed to a call). The function gets `resnet.arena_bytes` (the arena
    size N), `resnet.arena_unshared_bytes` (the size without reuse) and
    `resnet.arena_unplanned` (allocations left alone).
    With `emit-remarks`, every allocation left alone gets a remark saying
    why. A function body with more than one block is an error.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Alignment of every buffer's offset in the arena (bytes)">,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "Emit a remark for every allocation left out of the arena">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
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
    file:line of the op) and `flops` counts 2 per multiply-add for
    convolutions and linear layers, 1 per output element otherwise (batch
    included). Lowering copies an op's location to all the code it becomes,
    which is how --resnet-profile-instrument finds the layer again.
  }];
}

def ProfileInstrument : Pass<"resnet-profile-instrument", "ModuleOp"> {
  let summary = "Time each layer: bracket its top-level ops with resnet_prof_begin/end calls";
  let description = [{
    Runs after bufferization, before lowering to LLVM (one block per public
    function). In each public function, every maximal run of top-level ops
    that compute (ops with regions, writes, calls) and belong to one table
    entry is preceded by `func.call @resnet_prof_begin(%i)` and followed by
    `func.call @resnet_prof_end(%i)` (i64 entry index). An op's entry is
    the layer (`resnet.profile_layer` location, see
    --resnet-profile-mark-layers) of the multiply-adds inside it (linalg
    ops, mulf, fma, contract, outerproduct), else of the first marked op in
    it; layers whose multiply-adds share one loop nest (fused by tiling)
    form one entry named "a + b", which counts their FLOPs; ops no layer
    claims are grouped by op name ("(linalg.transpose)"). Allocations, views
    and constants do not end a run. Adds the table as LLVM globals:
    `resnet_profile_count` (i64), `resnet_profile_flops` ([N x i64]) and
    `resnet_profile_names` (the names, each NUL-terminated), which
    runtime/profile.c reads.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect"];
}

#endif // RESNET_PASSES_TD
