//===- Passes.td - CPU code generation passes --------------*- tablegen -*-===//
#ifndef RESNET_CODEGEN_CPU_PASSES_TD
#define RESNET_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def SelectImageGroups : Pass<"resnet-select-image-groups", "func::FuncOp"> {
  let summary = "Run a batch as groups of images when its layers overflow L2";
  let description = [{
    On the resnet dialect, after the graph passes (blocks expanded, batch
    norms folded, epilogues fused): for a model function of B images (one
    input and one result, both batch-major) whose every op treats the
    images apart, estimates from the target description what running it on
    groups of b images costs, for each b dividing B, either the whole
    model or only its layers up to a cut (a layer after which its result
    is the only live value): layers whose working set for b images
    overflows half of the core's share of L3 stream it from memory; every
    layer reads its weights again per group; a fork/join per layer and group.
    It takes the cheapest (the largest b on a tie) where it saves at least
    5 % of the whole batch's estimate. For the whole model it
    re-specializes the function to b images and records
    `resnet.image_groups = B / b` on it, which the C entry point applies
    (it runs the body once per group, on consecutive images); for a cut it
    marks the layer with `resnet.prefix_groups = B / b`, which
    --resnet-group-prefix applies. `groups` forces a number of groups for
    the whole model (it must divide the batch; 1 leaves the function as it
    is).
  }];
  let options = [
    Option<"target", "target", "std::string", "\"x86-64-v4\"",
           "CPU description: x86-64, x86-64-v2, x86-64-v3, x86-64-v4, "
           "znver1 or native (read from the host)">,
    Option<"l2Bytes", "l2-bytes", "int64_t", "-1",
           "L2 cache bytes per core (-1: the target's)">,
    Option<"l3Bytes", "l3-bytes", "int64_t", "0",
           "L3 cache bytes, shared by the cores (0: the target's)">,
    Option<"groups", "groups", "int64_t", "0",
           "groups of images forced (0: the cost model's; 1: the whole "
           "batch)">,
    Option<"winograd", "winograd", "bool", "true",
           "3x3 stride-1 convolutions may be computed with Winograd (-O3): "
           "the cost model counts them as F(2x2,3x3)">,
  ];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

def GroupPrefix : Pass<"resnet-group-prefix", "func::FuncOp"> {
  let summary = "Run the layers before a cut as groups of images";
  let description = [{
    On the resnet dialect: where --resnet-select-image-groups marked a
    layer with `resnet.prefix_groups = N` (the model's only value live
    after it is its result), clones the layers up to it once per group of
    B / N images, each clone reading its images of the input
    (`tensor.extract_slice`) and re-specialized to them, and joins the
    groups' results (`tensor.concat` along the batch) for the layers after
    the cut, which run on the whole batch. Weights are shared. An error
    where the mark does not cut the model there (another value live, the
    input used after it) or does not divide the batch.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def JoinGroupsInPlace : Pass<"resnet-join-groups-in-place", "func::FuncOp"> {
  let summary = "Make the groups of a batch's prefix write the joined batch";
  let description = [{
    Before bufferization: each `tensor.concat` along dimension 0 (the
    groups of images of --resnet-group-prefix, joined again) becomes a
    chain of `tensor.insert_slice`, one right after each group's result,
    into a `tensor.empty` of the joined batch; the `tensor.empty` each
    group's result was computed in (through the destination operands of
    its layers and tile loops) becomes the matching `tensor.extract_slice`
    of the chain, so that bufferization computes the group in the joined
    buffer: no copy, and the groups' results do not stay live apart.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def SelectWinograd : Pass<"resnet-select-winograd", "func::FuncOp"> {
  let summary = "Choose Winograd F(4x4,3x3) / F(2x2,3x3) for stride-1 3x3 convolutions";
  let description = [{
    Records `#resnet.tile<winograd = m, tiles = [1, m, m, lanes], ...>` on
    each linalg.conv_2d_nhwc_hwcf that has no `resnet.tile` yet and where
    Winograd applies (constant 3x3 filter, stride and dilation 1, a
    zero-filled accumulator, channel counts that are multiples of the
    vector width): m = 2 (alpha 4, 2.25x fewer multiplications), chosen
    for accuracy: F(4x4) (alpha 6, 4x fewer) amplifies the rounding of
    the products' sums through its output transform, about 4x F(2x2)'s
    error per layer, F(2x2) about a direct convolution's.
    m need not divide the output (the last row and column of tiles are
    padded and cropped). A conv where F(2x2) needs more than half the
    direct products (square outputs of an odd size up to 15: the padded
    tiles waste too much) is left to --resnet-select-tiles; `output-tile`
    forces one m (4: F(4x4) on every eligible conv, for speed). The
    resident bytes of the executable (the function's weights, the
    transformed filters stored for some convs, alpha^2/9 times the filters
    they replace, the activation arena, estimated by liveness over the
    function with each Winograd conv's transformed input V and product M in
    it, and `runtime-bytes` for the runtime) may be `memory-budget` times
    the weights, the activations counted per image (a batch multiplies
    them whatever the schedule, so a batch model gets its one-image
    choice; where one image's activations alone exceed the budget, it is
    the resident set without Winograd, which filters transformed at run
    time may use up to the arena's peak): the convs that save the most
    multiply-adds per added byte are chosen first. A conv whose V and M do
    not fit runs its three phases per block of tile rows (`row_block`);
    one whose stored filter does not fit may transform it at each run into
    the arena (`runtime_filter`) where that costs at most a quarter of what
    Winograd saves (half when it runs in one block), whole or, in one block
    of tiles, a block of filters at a time right before their products
    (`filter_block`) where that costs less than U's round trip through
    memory; the rest stay direct.
    `block-rows` and `filter` force those two choices. The transforms run
    on threads when their elements exceed a quarter of the target's minimum
    parallel work. --resnet-winograd applies the choice. With
    `emit-remarks`, each 3x3 conv that stays direct says why.
  }];
  let options = [
    Option<"target", "target", "std::string", "\"x86-64-v4\"",
           "CPU description: x86-64, x86-64-v2, x86-64-v3, x86-64-v4, "
           "znver1 or native (read from the host)">,
    Option<"vectorWidth", "vector-width", "int64_t", "0",
           "f32 lanes per vector register (0: the target's)">,
    Option<"l1Bytes", "l1-bytes", "int64_t", "0",
           "L1 data cache bytes per core, 12-way from 48 KiB, else 8-way (0: the target's)">,
    Option<"l2Bytes", "l2-bytes", "int64_t", "-1",
           "L2 cache bytes per core (-1: the target's)">,
    Option<"outputTile", "output-tile", "int64_t", "0",
           "output tile m: 0 chooses F(2x2) (accuracy), 2 or 4 forces it">,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "remark on each 3x3 convolution left direct, with the reason">,
    Option<"memoryBudget", "memory-budget", "double", /*default=*/"1.25",
           "the weights, transformed filters, activation arena and runtime "
           "may take this many times the weights' bytes (0: no limit)">,
    Option<"runtimeBytes", "runtime-bytes", "int64_t", /*default=*/"3145728",
           "the runtime's resident bytes counted in the budget">,
    Option<"blockRows", "block-rows", "int64_t", /*default=*/"0",
           "tile rows per block of the three phases, forced (0: chosen "
           "within the budget)">,
    Option<"filter", "filter", "std::string", /*default=*/"\"auto\"",
           "transformed filters: stored, run-time (into the arena at each "
           "run), run-time-blocks (at each run, a block of filters at a "
           "time) or auto (stored, at run time where stored ones exceed "
           "the budget and the transform costs little)">,
  ];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

def SelectTiles : Pass<"resnet-select-tiles", "func::FuncOp"> {
  let summary = "Choose each CPU layer's tiles, loop order, reduction blocking and threads";
  let description = [{
    For each linalg.conv_2d_nhwc_hwcf, pooling_nhwc_{max,sum}, matmul and
    batch_matmul on tensors without a `resnet.tile`, records a
    `#resnet.tile` chosen from the layer's shapes and the target
    description (codegen/cpu/TileSelection.cpp; sizes from
    codegen/cpu/Target.h):
    - tiles: the output tile [N=1, OH=1, OW=ow, F=f] (matmul [m, f]): f two
      vectors or one, ow at most what the target's accumulator registers
      hold (two vectors in up to 24 of AVX-512's 32 where the weights
      stream from memory, a strided conv's only where one tile covers the
      row: no row block, no prefetches then) and, when the input's rows
      map to one L1 set, what that set holds; the pair estimated fastest
      per output (a reduction step costs the longest of its FMAs' issue,
      its loads' issue and the FMA latency); a remainder of OW is a peeled
      tile;
    - reduction: [KH=1, KW=1, C<=8] for convs, [KH=1] for pools, [K<=8]
      for matmuls;
    - interchange: output-channel blocks outermost when the layer's weights
      exceed a quarter of L2 (a block of weights stays in cache while the
      tiles sweep the image), innermost otherwise, and up to half of L2
      where each sweep would read more than twice L2 of input (it would
      stream from beyond L2 once per channel block); batch matmuls in
      (batch, channel block, row block) order;
    - row_block: a conv whose weights per channel tile exceed 4/3 of L1 and
      whose full-height output tile fits in 1/6 of L1 gets tiles spanning
      the output height and a reduction in blocks of input channels whose
      weights fit in 5/6 of L1;
    - fused_epilogue: the elementwise op consuming the layer joins its
      tiles; parallel: the layer does at least the target's minimum
      parallel work (32768 cycles of FMAs on one core).
    A configuration already present (written by hand, or by
    --resnet-select-winograd) is kept. Grouped convolutions
    (linalg.conv_2d_nhwgc_gfhwc) get tiles [1, 1, ow, gt, ft] over their
    NHWGC result: one vector of output channels, the widest of the lanes,
    half or a quarter (at least 4) that holds whole groups or lies in one,
    ow as above (--resnet-grouped-conv applies it); one whose weights are
    not constant or whose groups fit no vector is left to naive loops,
    with a remark saying why.
  }];
  let options = [
    Option<"target", "target", "std::string", "\"x86-64-v4\"",
           "CPU description: x86-64, x86-64-v2, x86-64-v3, x86-64-v4, "
           "znver1 or native (read from the host)">,
    Option<"vectorWidth", "vector-width", "int64_t", "0",
           "f32 lanes per vector register (0: the target's)">,
    Option<"l1Bytes", "l1-bytes", "int64_t", "0",
           "L1 data cache bytes per core, 12-way from 48 KiB, else 8-way (0: the target's)">,
    Option<"l2Bytes", "l2-bytes", "int64_t", "-1",
           "L2 cache bytes per core (-1: the target's)">,
  ];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

def Winograd : Pass<"resnet-winograd", "func::FuncOp"> {
  let summary = "Apply Winograd F(4x4,3x3) / F(2x2,3x3) where #resnet.tile says so";
  let description = [{
    Rewrites each linalg.conv_2d_nhwc_hwcf whose `#resnet.tile` has
    `winograd = m` (see --resnet-select-winograd) into the three steps of
    Winograd's minimal filtering (Lavin & Gray 2016): an input transform
    V = B^T d B of each alpha x alpha input tile into [alpha^2, tiles, C],
    a linalg.batch_matmul with the filter transformed at compile time
    (U = G g G^T, in double precision, [alpha^2, C, F]), and an output
    transform Y = A^T M A into NHWC that also applies the conv's
    elementwise epilogue (bias, residual, ReLU) when the configuration says
    `fused_epilogue`. When m does not divide the output, the grid has
    ceil(OH/m) x ceil(OW/m) tiles: the input is zero-extended at the bottom
    and right (by widening the tensor.pad that feeds the conv, so producers
    still write straight into it) and the output transform stores only the
    pixels inside the output. The transforms are scf.forall loops of vector code
    over the configuration's lanes (the last tile size) with the
    coefficients folded in; each forall carries the conv's `#resnet.tile`
    (input: tiles [alpha^2, 1, lanes]) and `resnet.winograd_transform`
    ("input" or "output"). The batch_matmul is configured by
    --resnet-select-tiles like any matmul. A non-zero `row_block` runs
    the three steps per block of tiles (bands of at most that many tile
    rows of one image, equal in height, the last one's rows below the
    image computed and not stored; or, from a whole image on, groups of
    images): on threads, as one scf.forall over (image group, band)
    marked `resnet.winograd_blocks` (the number of blocks), whose
    iterations are the threads' units of work, each block's V and M in
    its worker's slot (--resnet-band-scratch) and its loops sequential;
    on one thread, one block after the other. Costs: U is alpha^2/9 times the
    weights' size, and the result differs from the direct convolution by
    rounding (about 1e-6 relative for F(4x4), see the tests). A
    configuration that does not apply (not a constant stride-1 3x3 conv,
    channels not a multiple of the lanes) is an error.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::vector::VectorDialect",
                           "mlir::arith::ArithDialect"];
}

def GroupedConv : Pass<"resnet-grouped-conv", "func::FuncOp"> {
  let summary = "Emit each configured grouped convolution as tiled vector code";
  let description = [{
    Rewrites each linalg.conv_2d_nhwgc_gfhwc with a `#resnet.tile` (see
    --resnet-select-tiles; tiles [1, 1, ow, gt, ft] over its NHWGC result:
    gt groups of ft output channels make one vector, gt = 1 or ft = Fg)
    into an scf.forall over (image x output row, column block, channel
    vector; channels first with interchange [3, 4, 0, 1, 2]) of vector code writing its NHWC view (the result's
    collapse_shape; the input's expand_shape is looked through). Each
    vector of output channels spans whole groups (its inputs are one load
    of their input channels and a vector.shuffle per input channel, none
    for depthwise) or lies in one group (a vector.broadcast of one input
    channel); weights are repacked at compile time as
    [F / lanes, KH, KW, Cg, lanes]; `ow` accumulators per tile, each input
    vector feeding every (column, kw) that reads it. The elementwise
    epilogue of the NHWC result (bias, residual, ReLU) is applied in
    registers when `fused_epilogue`. The forall carries the configuration
    (tiles [1, 1, ow, lanes] over NHWC) and `resnet.grouped_conv`. A
    configuration that does not apply (weights not constant, accumulator
    not zero-filled, a channel tile that is not one vector of whole groups
    or of one group's channels, an input span over two vectors) is an
    error.
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::vector::VectorDialect",
                           "mlir::arith::ArithDialect"];
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

def SelectBands : Pass<"resnet-select-bands", "func::FuncOp"> {
  let summary = "Decide per bottleneck block whether to compute it in row bands";
  let description = [{
    For each bottleneck block on linalg (1x1 reduce, zero-padded 3x3 of
    stride 1 or 2, 1x1 expand with the identity residual or a chained
    projection, each with its epilogue; see codegen/cpu/BandSelection.h)
    whose root has no `resnet.band` yet, records a `#resnet.band`: the band
    height (rows, a divisor of the output height; 0: not fused) chosen by
    the cost model from the target description, the scratch bytes of one
    band, both estimates and the reason. A band's working set must fit in
    half of L2; fusion pays when the intermediates would otherwise go
    beyond L2 and the halo rows and weight reloads cost less. A 1x1 conv
    after another layer that is not such a block (a Winograd 3x3, an
    intermediate used twice) gets `rows = 0` and the reason; so does a block
    whose 3x3 runs as Winograd or is a grouped convolution. `rows` forces a
    band height, `always` fuses every block that fits, `record-only` fuses
    none but records every decision the cost model would take, with its
    estimates (--band-fusion=off: the report still shows each block).
  }];
  let options = [
    Option<"target", "target", "std::string", "\"x86-64-v4\"",
           "CPU description: x86-64, x86-64-v2, x86-64-v3, x86-64-v4, "
           "znver1 or native (read from the host)">,
    Option<"l2Bytes", "l2-bytes", "int64_t", "-1",
           "L2 cache bytes per core (-1: the target's)">,
    Option<"rows", "rows", "int64_t", "0",
           "band height forced on every block it divides (0: the cost "
           "model's)">,
    Option<"always", "always", "bool", "false",
           "fuse every block whose bands fit, whatever the cost model says">,
    Option<"recordOnly", "record-only", "bool", "false",
           "fuse no block: record what the cost model would decide (rows = "
           "0, its estimates and answer in `why`)">,
  ];
  let dependentDialects = ["mlir::resnet::ResNetDialect"];
}

def BandFuse : Pass<"resnet-band-fuse", "func::FuncOp"> {
  let summary = "Compute the bottleneck blocks marked #resnet.band<rows = b> in row bands";
  let description = [{
    Replaces each block whose root carries `#resnet.band` with rows > 0 by
    an scf.forall over (image, band) computing b output rows per iteration
    from static slices: the block input's rows the band needs (the input
    padded with the 3x3's padding rows), the reduce conv and its epilogue
    for s*(b-1)+3 rows (the halo rows recomputed by both neighbours), the
    column padding, the padding rows zeroed in the first and last bands
    (scf.if on the band index), the 3x3 conv and its epilogue, the
    projection conv on the strided input rows, the expand conv onto it and
    the block's epilogue with the residual rows; a parallel_insert_slice
    writes the band. The forall carries the `#resnet.band`; the ops inside
    are configured and tiled like any layer, sequentially.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect"];
}

def BandScratch : Pass<"resnet-band-scratch", "func::FuncOp"> {
  let summary = "Put the band loops' intermediates in one buffer before them (after bufferization)";
  let description = [{
    After bufferization, the intermediates of a band loop (a scf.forall
    carrying `#resnet.band`) are memref.allocs in its body: a malloc per
    band, outside the arena. This pass deals the loop's (image, band)
    iterations out to at most `workers` workers (an scf.forall over the
    workers, each running a contiguous run of the iterations in an
    scf.for, so that it works on the rows its thread's neighbouring layers
    write and read) and replaces the allocations with views into one i8
    buffer allocated before the loop, one slot per worker (each slot
    64-byte aligned), which
    --resnet-plan-arena then places in the arena like any activation: a
    worker's bands reuse its slot, which stays in its core's cache, and
    the arena holds `workers` bands' intermediates, not the whole ones.
  }];
  let options = [
    Option<"workers", "workers", "int64_t", "2",
           "workers the bands are dealt to (the target's cores)">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::arith::ArithDialect"];
}

def Tile : Pass<"resnet-tile", "func::FuncOp"> {
  let summary = "Tile and fuse each CPU layer as its #resnet.tile says";
  let description = [{
    For each layer whose anchor (linalg.conv_2d_nhwc_hwcf,
    pooling_nhwc_{max,sum}, matmul, batch_matmul on tensors) carries a
    `#resnet.tile` (see --resnet-select-tiles): tiles the layer's root
    (its elementwise epilogue when `fused_epilogue`, else the anchor) over
    the output with scf.forall in the `interchange` order, fusing the
    anchor and its linalg.fill into the tile (bias, residual and ReLU on
    the accumulators); repacks constant weights as [F/f, ..., f] when
    F > f, so that each tile reads one contiguous block; with `row_block`,
    cuts the reduction in blocks of that many input channels, each swept
    by the output rows, accumulating in the output tile, its weights
    packed once more per block, [F/f, C/rb, KH, KW, rb, f] (one contiguous
    run per block, whose runs would otherwise share cache sets); tiles the
    reductions with scf.for by `reduction`. The forall carries the
    configuration (for --resnet-vectorize, --resnet-lower-vectors and the
    report). A configuration that does not fit its op is an error.

    Accuracy: a reduction longer than `accumulator-block` elements (C*KH*KW
    of a conv, K of a matmul or of Winograd's batch matmul) is summed in
    blocks: each block accumulates into fresh zero accumulators, which are
    then added to the running sum (the tile's init). A float32 sum of n
    terms in one accumulator has a rounding error growing like sqrt(n); in
    blocks of b, like sqrt(b) + sqrt(n / b). A block is whole input-channel
    runs of one filter tap, or several whole taps when C is short; a
    row-blocked conv's block is its row block (row_block x KH x KW).
  }];
  let options = [
    Option<"accumulatorBlock", "accumulator-block", "int64_t",
           /*default=*/"64",
           "reduction elements summed into fresh accumulators before they "
           "are added to the running sum (0: one accumulator throughout)">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect"];
}

def Vectorize : Pass<"resnet-vectorize", "func::FuncOp"> {
  let summary = "Vectorize the tiles of each tiled CPU layer";
  let description = [{
    In every scf.forall that carries a `#resnet.tile` (after --resnet-tile):
    decomposes unit-height 2-D convs and pools to 1-D, vectorizes every
    linalg op, lets max pooling ignore NaNs like ReLU; then, on the
    function, folds transfers into the vector ops, hoists the accumulators
    out of the reduction loops (on tensors: after bufferization the alias
    analysis refuses subviews) and drops unit vector dimensions so the
    epilogue reads the accumulators from registers. A linalg op left in a
    tiled layer is an error (no silent scalar fallback).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::vector::VectorDialect",
                           "mlir::arith::ArithDialect"];
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

def FuseElementwise : Pass<"resnet-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse elementwise linalg ops, keeping each next to its producer's layout";
  let description = [{
    Upstream's elementwise fusion (producer into consumer, constant folding)
    without its reshape propagation: that moves a grouped convolution's
    expand_shape of its input ([N, H, W, C] to [N, H, W, G, C/G]) above the
    tensor.pad and the previous layer's bias + ReLU, so the epilogue runs in
    the grouped layout, no longer fuses into the 1x1 convolution that
    produces it, and costs a pass over the activation of its own (two per
    ResNeXt block, with the grouped convolution's own epilogue). Reshapes
    stay where the conversion put them: next to the grouped convolution,
    which looks through them.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::affine::AffineDialect"];
}

def BlockTransposes : Pass<"resnet-block-transposes", "func::FuncOp"> {
  let summary = "Loop over transposes that move the contiguous dimension in cache-line blocks of it";
  let description = [{
    A linalg.transpose on tensors that moves the input's last (contiguous)
    dimension (the NHWC -> NCHW copy of a feature-map output) would lower
    to loops in the output's order, reading the input a whole row of
    channels apart at each step. It becomes a linalg.generic whose
    innermost loop walks a block of that dimension (16 floats, a cache
    line, or the largest divisor of its size under that), the block index
    in that dimension's place: the dimension is split by reshapes of the
    input, the output and the result (views). Where its size has no
    divisor above 1 within a line, the output's last dimension is cut
    instead (the input's just outside it: whole lines written). Transposes
    that keep the last dimension, and those where neither size has such a
    divisor, are left.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def ParallelElementwise : Pass<"resnet-parallel-elementwise", "func::FuncOp"> {
  let summary = "Run the elementwise ops left outside the layers' tiles on threads";
  let description = [{
    An elementwise linalg op (all loops parallel: an epilogue that could not
    be fused into its layer's tiles, such as the bias and ReLU around a
    grouped convolution, a transpose between layouts) that no tile loop
    holds runs on one thread, while the other threads wait for the next
    layer. Each such op with at least --min-elements output elements is
    tiled with an scf.forall over its leading loops, one index per
    iteration, enough of them for a few chunks per thread; the forall
    becomes an OpenMP worksharing loop like the layers' tile loops.
  }];
  let options = [
    Option<"minElements", "min-elements", "int64_t",
           /*default=*/"32768",
           "Output elements from which an op is worth a fork/join: about "
           "what a core streams through in the CpuTarget's kParallelCycles">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::linalg::LinalgDialect"];
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

def ResidualInPlace : Pass<"resnet-residual-in-place", "func::FuncOp"> {
  let summary = "Make fused residual layers write their sums over the residual";
  let description = [{
    Before bufferization: a tiled layer (an scf.forall with a fused
    epilogue) whose destination is a tensor.empty and which reads a tensor
    of its result's type, made in the same block, only at its own tiles'
    positions (the residual its epilogue adds, or a projection accumulates
    onto), where nothing reads that tensor after the loop, takes it as its
    destination and reads the residual from its shared output: one-shot
    bufferization writes the sums in place over the residual, and the layer
    needs no output buffer of its own.
  }];
  let dependentDialects = ["mlir::vector::VectorDialect"];
}

def LowerVectors : Pass<"resnet-lower-vectors", "func::FuncOp"> {
  let summary = "Lower the vector ops of tiled layers to 1-D vectors (after bufferization)";
  let description = [{
    Turns the scf.forall of each layer whose `#resnet.tile` says
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

def PrefetchWeights : Pass<"resnet-prefetch-weights", "func::FuncOp"> {
  let summary = "Prefetch the weight block a layer reads next (after --resnet-lower-vectors)";
  let description = [{
    In each layer whose `#resnet.tile` says `prefetch_weights = true`, pairs
    every load of a packed weight vector (a constant global, [F/f, ..., C,
    f], or [F/f, C/rb, KH, KW, rb, f] when row-blocked) in the reduction
    loops with prefetches (memref.prefetch, into L2, one per cache line) of
    the same element of the block read next: one row block of input
    channels on when the layer is row-blocked (past the last: the next
    channel tile's first), else the next channel tile. The indices are
    clamped to the memref. Row-blocked weights not packed per row block
    get no prefetch.

    With `prefetch_spread = true` (no row blocks, many register tiles per
    channel tile) the loads get none of their own; each iteration of an
    innermost reduction loop prefetches one line of the next channel tile
    instead: line `s * I + i` in the i-th of the I iterations of register
    tile s (its index among the channel tile's, from the forall's other
    induction variables), clamped to the tile's last line. The next tile
    is asked for once, spread over the current one's sweeps.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def PrefetchResidual : Pass<"resnet-prefetch-residual", "func::FuncOp"> {
  let summary = "Prefetch what a layer's epilogue reads before the tile's reduction (after --resnet-lower-vectors)";
  let description = [{
    In each layer with `#resnet.tile<fused_epilogue = true>` (not Winograd,
    not row-blocked), every vector.load after the first reduction loop of
    the layer's scf.forall from a memref that is not a constant global (the
    residual a bottleneck's expand conv adds) gets one memref.prefetch per
    64-byte line of its vector, into L1, just before the loop, at clones of
    its index computations. Loads whose indices depend on the loop get
    none. Loads of such a memref before the loop (a residual the products
    accumulate onto) are prefetched for the tile the thread runs next:
    their address computations cloned with the forall's induction
    variables one iteration on (the innermost a step on, or back at its
    start with the next one out a step on, clamped to its last). The
    residual was written layers earlier; without the prefetches each tile
    waits for it.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def PrefetchInput : Pass<"resnet-prefetch-input", "func::FuncOp"> {
  let summary = "Prefetch the next spatial tile's input in the reduction loops (after --resnet-lower-vectors)";
  let description = [{
    In each layer whose `#resnet.tile` says `prefetch_input = true` (a
    direct layer sweeping its spatial tiles outermost, whose input is
    larger than L2, or a strided one sweeping the image per channel tile
    that reads more than four L2s a sweep), every vector.load of the
    reduction loops from a memref
    that is not a constant global (the input) gets prefetches (into L1) of
    the same lines of the next spatial tile: its address computations
    cloned with the innermost forall induction variable the address
    depends on a step on (or back at its start with the next one out a
    step on, clamped to its last). They sit before the load's innermost
    loop, one per 64-byte line that loop's iterations read (its induction
    variable may move only the innermost index: channels, contiguous);
    loads whose other indices move with it get none. The input of a
    spatial tile is read once, by its first channel tile, from L3 or
    memory: the prefetches ask for it a whole tile ahead.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def OutlineLayers : Pass<"resnet-outline-layers", "ModuleOp"> {
  let summary = "Move each layer's tile loop into a function, one function per distinct loop";
  let description = [{
    After bufferization and --resnet-lower-vectors: each scf.forall at the
    top level of a function (a layer's tile loop) moves into a private
    function of its own (LLVM internal linkage), called where the loop
    was. The values the loop uses from outside become the function's
    arguments (buffers, weights, indices), constants are cloned into it.
    Layers whose functions are the same (the same ops, attributes, types
    and constants: the same configuration and shapes with other weights
    and buffers) call one function, so LLVM optimizes and compiles it
    once: ResNet-152's 35 identical stage-3 blocks become one block's
    code. A loop that uses a value no function argument can carry (a
    memref with a dynamic shape, stride or offset, which the bare-pointer
    calling convention cannot pass) stays where it is.
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect"];
}

def OpenMPSchedule : Pass<"resnet-openmp-schedule"> {
  let summary = "Set the schedule of the OpenMP worksharing loops of the layers";
  let description = [{
    After convert-scf-to-openmp: gives every omp.wsloop the `schedule`.
    Default guided: chunks handed out as threads finish them, shrinking
    towards the end, so that a thread that was held up (a busy virtual
    CPU) does not stall the layer (the runtime deals each thread its static
    block first and lets it steal from the others' once done, see
    runtime/threads.c); static (OpenMP's default) fixes equal
    shares up front; dynamic hands out single tiles (one atomic dispatch
    per tile, each only microseconds of work).
  }];
  let options = [
    Option<"schedule", "schedule", "std::string", "\"guided\"",
           "static, dynamic or guided">,
  ];
  let dependentDialects = ["mlir::omp::OpenMPDialect"];
}

def RollGlueLoops : Pass<"resnet-roll-glue-loops", "func::FuncOp"> {
  let summary = "Lower the fills and copies between layers to loops LLVM keeps rolled";
  let description = [{
    After bufferization, the linalg.fill and linalg.copy ops at a
    function's top level (outside every layer's loops: the borders of
    padded buffers, copies into strided views) become scf.for nests whose
    loops carry an LLVM loop annotation that disables unrolling. Their
    bodies are one memset or memcpy per row; LLVM would otherwise unroll
    the nests with small constant trip counts into one basic block of
    thousands of calls, on which instruction scheduling takes time
    quadratic in the block's size (ResNet-50 at batch 8), for no gain at
    run time.
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::LLVM::LLVMDialect"];
}

#endif // RESNET_CODEGEN_CPU_PASSES_TD
