//===- Passes.td - CPU code generation passes --------------*- tablegen -*-===//
#ifndef RESNET_CODEGEN_CPU_PASSES_TD
#define RESNET_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

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

#endif // RESNET_CODEGEN_CPU_PASSES_TD
