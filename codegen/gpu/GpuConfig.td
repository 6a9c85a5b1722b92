//===- GpuConfig.td - the GPU path's configuration attribute -*- tablegen -*-===//
//
// The GPU counterpart of the CPU's `#resnet.tile`: the GPU tile selection
// (--resnet-gpu-select-tiles) writes a `#resnet_gpu.tile` on the root op of
// every kernel; --resnet-gpu-tile-and-distribute applies it and reads
// nothing else, --resnet-gpu-map-to-launch names the kernel and sizes its
// block from it, and the --report lists it per kernel. An attribute
// written by hand in the .mlir is kept and applied as it is.
//
//===----------------------------------------------------------------------===//

#ifndef RESNET_CODEGEN_GPU_CONFIG_TD
#define RESNET_CODEGEN_GPU_CONFIG_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/DialectBase.td"

def ResNetGpu_Dialect : Dialect {
  let name = "resnet_gpu";
  let cppNamespace = "::mlir::resnet";
  let summary = "Configuration attributes of the CUDA code path";
  let useDefaultAttributePrinterParser = 1;
}

// `[1, 2, 3]`.
class ResNetGpu_I64ListParameter<string desc>
    : ArrayRefParameter<"int64_t", desc> {
  let parser = [{ ::mlir::resnet::parseI64List($_parser) }];
  let printer = [{ ::mlir::resnet::printI64List($_printer, $_self) }];
}

// `[1, 2, 3]`, left out when empty.
class ResNetGpu_OptionalI64ListParameter<string desc>
    : OptionalArrayRefParameter<"int64_t", desc> {
  let parser = [{ ::mlir::resnet::parseI64List($_parser) }];
  let printer = [{ ::mlir::resnet::printI64List($_printer, $_self) }];
}

def ResNetGpu_TileAttr : AttrDef<ResNetGpu_Dialect, "GpuTile"> {
  let mnemonic = "tile";
  let summary = "How one GPU kernel is tiled over blocks and threads";
  let description = [{
    Attached as `resnet_gpu.tile` to the root op of a kernel (the linalg op
    whose tiles the kernel computes: a conv or matmul, or the elementwise
    epilogue that has one fused in), one entry per loop of that op:

    - `kernel`: the name of the outlined kernel (the PTX entry).
    - `block`: the output tile of one thread block (reduction loops 0).
      Tiles divide the loop ranges, so that every tile, and every
      shared-memory buffer, has a static shape.
    - `thread`: the register tile of one thread (divides `block`; reduction
      loops 0). Block / thread is the block's thread count.
    - `threads`: threads per block (the product of block / thread).
    - `outputs`: outputs per thread of the op that reduces (the conv or
      matmul under an epilogue; the root itself otherwise).
    - `slices` (optional): the K-slice of each op that reduces (in the
      root's operand order, the root itself when it reduces): how many
      input channels (a conv) or reduction steps (a matmul) one slice of
      the implicit GEMM's reduction stages in shared memory. 0, or no list,
      stages the whole reduction at once (when it fits). With slices, the
      block's input and weight tiles of one slice are copied into one of
      two shared buffers while the threads compute the previous slice from
      the other (one barrier per slice); the threads' accumulators stay in
      registers across slices and the fused epilogue runs after the last
      one. A slice that does not divide the reduction leaves a smaller last
      slice.

    Example: `#resnet_gpu.tile<kernel = "conv_3", block = [1, 4, 8, 64],
    thread = [1, 1, 4, 4], threads = 128, outputs = 16, slices = [16]>`.
  }];
  let parameters = (ins
    "::mlir::StringAttr":$kernel,
    ResNetGpu_I64ListParameter<"block tile per loop">:$block,
    ResNetGpu_I64ListParameter<"thread (register) tile per loop">:$thread,
    "int64_t":$threads,
    "int64_t":$outputs,
    ResNetGpu_OptionalI64ListParameter<"K-slice per reducing op">:$slices
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The name under which ops carry the attribute.
    static constexpr ::llvm::StringLiteral kName = "resnet_gpu.tile";
  }];
}

#endif // RESNET_CODEGEN_GPU_CONFIG_TD
