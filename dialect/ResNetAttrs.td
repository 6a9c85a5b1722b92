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
      the rows next to the channels (OW, M): when that tile does not divide,
      the remainder rows form a tile of their own (peeled).
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
    - `parallel`: the tiles run on threads (else one sequential loop).

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
    ResNet_BoolParameter<"tiles run on threads">:$parallel
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The name under which ops carry the attribute.
    static constexpr ::llvm::StringLiteral kName = "resnet.tile";
  }];
}

#endif // RESNET_ATTRS_TD
