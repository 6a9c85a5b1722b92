//===- ResNetAttrs.td - resnet dialect attributes ----------*- tablegen -*-===//
//
// Attributes that carry code generation decisions. The CPU tile selection
// (--resnet-select-tiles) writes a `#resnet.tile` on each layer's op; the
// passes that apply it read only that attribute, and so can a user: an
// attribute written by hand in the .mlir is kept and applied as it is.
//
//===----------------------------------------------------------------------===//

#ifndef RESNET_ATTRS_TD
#define RESNET_ATTRS_TD

include "dialect/ResNetDialect.td"
include "mlir/IR/AttrTypeBase.td"

// `[1, 2, 3]`, elided when empty.
class ResNet_I64ListParameter<string desc>
    : OptionalArrayRefParameter<"int64_t", desc> {
  let parser = [{ ::mlir::resnet::parseI64List($_parser) }];
  let printer = [{ ::mlir::resnet::printI64List($_printer, $_self) }];
}

// `true` / `false`, elided when false.
class ResNet_BoolParameter<string desc>
    : AttrOrTypeParameter<"bool", desc> {
  let defaultValue = "false";
  let parser = [{ ::mlir::resnet::parseBool($_parser) }];
  let printer = [{ $_printer << ($_self ? "true" : "false") }];
}

def ResNet_TileAttr : AttrDef<ResNet_Dialect, "Tile"> {
  let mnemonic = "tile";
  let summary = "How one CPU layer is tiled, vectorized and threaded";
  let description = [{
    Attached as `resnet.tile` to the op a CPU layer is built around (a
    linalg convolution, pooling, matmul or batch matmul; after tiling also
    to the layer's scf.forall):

    - `tiles`: the output tile of one parallel iteration, over the layer's
      result (NHWC, or [M, N], or [B, M, N]). Tiles divide the shape, except
      the rows next to the channels (OW, M) and, where they have no divisor
      of whole vectors, the channels. A row tile that does not divide its
      S rows cuts them into ceil(S / tile) tiles that differ by one row at
      most, the wider first (17 by 5: 5 + 4 + 4 + 4), and the narrower
      ones form a layer of their own (peeled); the channels' remainder
      forms one tile of its own.
    - `reduction`: the step of each reduction loop of the op (one entry per
      loop of the op, parallel loops 0; 0 leaves a loop whole).
    - `interchange`: the order of the tile loops (a permutation; empty is
      the identity).
    - `row_block`: when non-zero, tiles span the whole output height and the
      reduction runs in blocks of this many input channels, accumulating in
      the output tile (weights of one block stay in L1 while the rows'
      register tiles sweep them).
    - `fused_epilogue`: the elementwise op that consumes the layer (bias,
      residual, ReLU) is computed in the same tiles.
    - `winograd`: for a 3x3 stride-1 convolution, 2 or 4 computes it as
      Winograd F(m x m, 3 x 3); `tiles` is then the output transform's tile
      `[1, m, m, lanes]`.
      There `row_block`, when non-zero, runs the three phases (input
      transform, batched product, output transform) per block of at most
      that many tile rows (see `parallel_blocks`), so that the transformed
      input V and the product M hold one block's tiles (to stay in the
      memory budget, or in each core's L2).
    - `parallel`: the tiles run on threads (else one sequential loop).
    - `prefetch_weights`: the reduction loops prefetch the constant weights
      the layer reads next (into L2) while they compute on the current
      ones: those of the next row block (`row_block`), else of the next
      channel tile. Chosen where the weights stream from memory and the
      image is too small for the sweeps that reuse a block from cache to
      hide the first one's wait (the late layers at batch 1).
    - `prefetch_spread`: with `prefetch_weights` on a layer without row
      blocks, each iteration of the innermost reduction loop prefetches one
      line (or as many as cover the block) of the next channel tile's
      weights instead of the lines it loads: register tile s of the tile
      (its sweep) asks for lines s * I + i (I iterations a sweep, i this
      one), so the next block arrives once, at an even rate, over the
      current block's sweeps. Chosen where the sweeps are many (one per
      register tile of a 14x14 map) and the first one's wait a small but
      real share of them, and for every Winograd product that prefetches
      (its block one point's, swept by that point's row tiles).
    - `prefetch_input`: the reduction loops prefetch (into L1) the input
      lines of the next spatial tile. Chosen for a layer that sweeps its
      spatial tiles outermost (channel tiles innermost, weights in cache)
      whose input is larger than L2 and whose pixels hold whole cache
      lines of channels: each spatial tile's input comes from L3 or memory
      once, and without the prefetches its first channel tile waits for
      it; and for a strided one that sweeps the image once per channel
      tile, reading more than four L2s a sweep (strided runs the hardware
      prefetchers follow poorly).
    - `runtime_filter`: for a Winograd layer, the transformed filter
      U = G g G^T is computed at each run, into the activation arena, from
      the weights, instead of being stored in the executable. Chosen when
      the stored filters would exceed the memory budget and the layer's
      image is large enough that the transform costs little against what
      Winograd saves: the arena holds one layer's U at a time.
    - `parallel_blocks`: for a Winograd layer with a `row_block`, the
      blocks are the threads' units of work, each running the three phases
      on a V and M of its own (one per core in the arena), which stay in
      its core's cache between them; else the blocks run one after the
      other, each phase on the threads (one V and M in the arena). There
      `row_block` counts tile rows of one image (bands of equal height,
      the last one reaching past the image) or, from a whole image on,
      whole images (those dividing the batch).

    - `register_rows`: for a row-blocked layer, when non-zero, the tile
      spans the whole output width as well and each of its rows is cut into
      register tiles of at most this many columns, as a peel would cut
      them (9 by 5: 5 + 4), all computed inside the tile: every column
      then reuses a block of weights from L1, and the weights stream from
      memory once, where tiles of fewer columns (the narrower ones a layer
      of their own) would stream them once per part. 0: the tile's own
      columns are its register tile.
    - `filter_block`: for a Winograd layer with a `runtime_filter`, when
      non-zero, U is transformed this many filters at a time, each block
      right before its products, by the threads' workers in turn (the
      weights stored blocked for it, each block one run of memory): a
      block's U stays in its core's cache where the whole U would make a
      round trip through memory, and the arena holds one block per core
      instead of U. 0: the whole U first.

    Example: `#resnet.tile<tiles = [1, 1, 8, 32], reduction = [0, 0, 0, 0,
    1, 1, 8], fused_epilogue = true, parallel = true>`.
  }];
  let parameters = (ins
    ResNet_I64ListParameter<"output tile sizes">:$tiles,
    ResNet_I64ListParameter<"reduction steps per loop">:$reduction,
    ResNet_I64ListParameter<"tile loop order">:$interchange,
    DefaultValuedParameter<"int64_t", "0",
                           "input channels per row block">:$row_block,
    ResNet_BoolParameter<"epilogue in the same tiles">:$fused_epilogue,
    DefaultValuedParameter<"int64_t", "0",
                           "Winograd output tile m (0: direct)">:$winograd,
    ResNet_BoolParameter<"tiles run on threads">:$parallel,
    ResNet_BoolParameter<"prefetch the next weight block">:$prefetch_weights,
    ResNet_BoolParameter<"the next block's lines spread over the sweeps">:$prefetch_spread,
    ResNet_BoolParameter<"Winograd filter transformed at run time">:$runtime_filter,
    ResNet_BoolParameter<"Winograd blocks run on threads">:$parallel_blocks,
    ResNet_BoolParameter<"prefetch the next spatial tile's input">:$prefetch_input,
    DefaultValuedParameter<"int64_t", "0",
                           "register tile rows of a tile that spans more">:$register_rows,
    DefaultValuedParameter<"int64_t", "0",
                           "filters per block of a filter transformed at run time">:$filter_block
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The name under which ops carry the attribute.
    static constexpr ::llvm::StringLiteral kName = "resnet.tile";
  }];
}

def ResNet_BandAttr : AttrDef<ResNet_Dialect, "Band"> {
  let mnemonic = "band";
  let summary = "Whether a CPU bottleneck block is computed in row bands";
  let description = [{
    The band fusion decision of one bottleneck block (1x1 reduce, 3x3,
    1x1 expand with the residual, on linalg), made by
    --resnet-select-bands from the target description and applied by
    --resnet-band-fuse. Attached as `resnet.band` to the block's root (the
    expand conv's epilogue); after --resnet-band-fuse, to the band loop.

    - `rows`: output rows per band; 0 leaves the block unfused. Each band
      computes the reduce and the 3x3 for the rows it needs (a halo row on
      each side, recomputed by the neighbouring band), so the two
      intermediates of a band live in a scratch buffer of `scratch` bytes
      instead of whole activations.
    - `scratch`: bytes of one band's intermediates.
    - `fused`, `unfused`: the cost model's estimated cycles (one core) of the
      block in bands of `rows` and layer by layer; when `rows` is 0 and the
      block was a candidate, `fused` is the best band height's estimate.
    - `why`: the reason of the choice, for the report.

    Example: `#resnet.band<rows = 8, scratch = 270336, fused = 1200000,
    unfused = 1400000, why = "...">`.
  }];
  let parameters = (ins
    DefaultValuedParameter<"int64_t", "0", "output rows per band">:$rows,
    DefaultValuedParameter<"int64_t", "0", "scratch bytes per band">:$scratch,
    DefaultValuedParameter<"int64_t", "0", "estimated cycles, fused">:$fused,
    DefaultValuedParameter<"int64_t", "0", "estimated cycles, unfused">:$unfused,
    StringRefParameter<"the reason of the choice", "\"\"">:$why
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The name under which ops carry the attribute.
    static constexpr ::llvm::StringLiteral kName = "resnet.band";
  }];
}

#endif // RESNET_ATTRS_TD
