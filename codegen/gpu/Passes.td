//===- Passes.td - passes of the CUDA code path ------------*- tablegen -*-===//
#ifndef RESNET_CODEGEN_GPU_PASSES
#define RESNET_CODEGEN_GPU_PASSES

include "mlir/Pass/PassBase.td"

def GpuPadToGather : Pass<"resnet-gpu-pad-to-gather", "func::FuncOp"> {
  let summary = "Turn static tensor.pads into gather linalg.generics";
  let description = [{
    Static `tensor.pad`s with one padding value become `linalg.generic`s
    that gather from the source with clamped indices (`tensor.extract`) and
    select the padding value outside it, so that padding is a kernel like
    any other op (configured and tiled as an elementwise one).
  }];
  let dependentDialects = [
    "arith::ArithDialect", "linalg::LinalgDialect", "tensor::TensorDialect",
  ];
}

def GpuSelectTiles : Pass<"resnet-gpu-select-tiles", "func::FuncOp"> {
  let summary = "Choose every GPU kernel's block and register tiles";
  let description = [{
    Every linalg op that is not a fill and not a single-use producer of an
    elementwise consumer is the root of a kernel. Each root gets a
    `#resnet_gpu.tile` (kernel name, block tile, register tile per thread,
    threads, outputs per thread) chosen by the GPU tile selection from the
    target description of `chip` (SM count, warp size, shared memory per
    block and per SM): a register tile of at least 16 outputs where the
    shape allows it (the most FMAs per shared-memory load), then the block
    that spreads the kernel over the most SMs with full warps and input
    tiles that fit in shared memory. An attribute already on a root
    (written by hand) is kept.
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"sm_80\"",
           "SM architecture whose description the tiles are chosen for">,
    Option<"sharedMemoryBytes", "shared-memory-bytes", "int64_t",
           /*default=*/"-1",
           "Shared memory a block's tiles may use (-1: the target's budget)">,
  ];
  let dependentDialects = ["ResNetGpuDialect"];
}

def GpuTileAndDistribute
    : Pass<"resnet-gpu-tile-and-distribute", "func::FuncOp"> {
  let summary = "Tile linalg ops into block and thread scf.forall nests";
  let description = [{
    Works on linalg on tensors configured by `resnet-gpu-select-tiles`: every
    root op (one with a `#resnet_gpu.tile`) is tiled to an `scf.forall` over
    its block tiles mapped to `#gpu.block<linear_dim_*>`, with its producers
    (fills, the conv/matmul under a bias+ReLU epilogue) fused in, so the
    epilogue runs in the same kernel. In each block tile, inputs of the op
    that reduces (conv, matmul, pooling) that fit `shared-memory-bytes` are
    copied into workgroup memory by all threads; an op the attribute gives a
    K-slice gets the implicit GEMM's main loop instead (the accumulators a
    private block-shaped tensor, two workgroup buffers per input tile, each
    step of an scf.for prefetching the next slice into one buffer and
    computing the current one from the other). The tile is then tiled
    again to the attribute's register tile per thread
    (`#gpu.thread<linear_dim_*>`), and the ops that reduce are generalized
    with their reduction loops outermost, so that each step of the reduction
    loads its operands once and updates every output of the thread. The
    attribute moves to the thread-level root, where resnet-gpu-map-to-launch
    reads it. A linalg op that is neither a root with an attribute nor fused
    into one is an error.
  }];
  let options = [
    Option<"sharedMemoryBytes", "shared-memory-bytes", "int64_t",
           /*default=*/"32768",
           "Most bytes of workgroup memory one block tile may promote into">,
  ];
  let dependentDialects = [
    "bufferization::BufferizationDialect", "gpu::GPUDialect",
    "linalg::LinalgDialect", "scf::SCFDialect", "tensor::TensorDialect",
  ];
}

def GpuMapToLaunch : Pass<"resnet-gpu-map-to-launch", "func::FuncOp"> {
  let summary = "Turn block/thread scf.forall nests on buffers into gpu.launch";
  let description = [{
    Runs after bufferization. Each block-mapped `scf.forall` becomes a
    `gpu.launch` with one block per tile (ids delinearized from blockIdx.x),
    named and sized by the `#resnet_gpu.tile` of the root op inside it
    (which the launch then carries, for the report);
    thread-mapped foralls inside it are distributed over threadIdx.x (guarded
    or strided when the trip count differs from the block size) and followed
    by a `gpu.barrier` (unless marked `resnet_gpu.no_barrier`: a prefetch of
    the next K-slice, the accumulators' initialisation); a private-memory
    buffer of the block that the thread foralls only read and write as
    their thread's tile (K-slice accumulators) becomes one alloca of that
    tile per thread. Workgroup-memory allocations become workgroup
    attributions of the launch, other allocations inside it become private
    `memref.alloca`s, host-side allocations become `gpu.alloc host_shared`
    (freed at the end unless returned), memref arguments of public functions
    (host memory of the caller) are staged through managed memory (copied in,
    and back out when written), and globals read by a kernel are
    sunk into it so that outlining copies them into the device module.
    Any linalg op left outside a launch is reported as an error.
  }];
  let options = [
    Option<"maxThreadsPerBlock", "max-threads-per-block", "int64_t",
           /*default=*/"256", "Upper bound of the block size">,
  ];
  let dependentDialects = [
    "gpu::GPUDialect", "memref::MemRefDialect", "scf::SCFDialect",
    "arith::ArithDialect", "affine::AffineDialect",
  ];
}

def GpuMergeKernelModules
    : Pass<"resnet-gpu-merge-kernel-modules", "ModuleOp"> {
  let summary = "Put every outlined kernel of a model into one gpu.module";
  let description = [{
    Runs after gpu-kernel-outlining, which makes one gpu.module per kernel.
    Every kernel and global of the other modules moves into the first one
    (globals that several kernels read, the weights, once), and every
    `gpu.launch_func` names the kernel in that module: one PTX file, one
    cubin, one module load at run time.
  }];
  let dependentDialects = ["gpu::GPUDialect"];
}

def GpuExternWeights : Pass<"resnet-gpu-extern-weights", "ModuleOp"> {
  let summary = "Kernels read the weights from device globals filled at load";
  let description = [{
    Runs after outlining (and module merging). Every constant memref.global
    of a gpu.module (the weights outlining copied in) becomes a public,
    mutable global without an initialiser: the PTX declares
    `.visible .global .align 64 .b8 name[bytes];` and carries no data. The
    host module keeps its copy of each such global, made public so that
    symbol-dce keeps it, and lists their names in the module attribute
    `resnet.gpu_weights`; `resnet-gpu-weight-table` turns that list into the
    table the CUDA runtime copies to the device after loading the module
    (cuModuleGetGlobal + cuMemcpyHtoD, once per load).
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

def GpuWeightTable : Pass<"resnet-gpu-weight-table", "ModuleOp"> {
  let summary = "Emit the host table of the weights kernels read from device globals";
  let description = [{
    Runs on the host module in the LLVM dialect (after gpu-to-llvm). For the
    globals listed in `resnet.gpu_weights` it defines
    `resnet_gpu_weights = {count, entries}`, each entry
    `{const char *name, const void *data, uint64_t bytes}`; runtime/cuda
    reads it (a weak symbol) when it loads a kernel module. The host copies
    become internal again, and the attribute is removed.
  }];
  let dependentDialects = ["LLVM::LLVMDialect"];
}

def GpuContractFloatOps : Pass<"resnet-gpu-contract-float-ops", "ModuleOp"> {
  let summary = "Allow FMA contraction of the kernels' float arithmetic";
  let description = [{
    Adds `contract` to the fast-math flags of every floating-point arith op
    in the gpu.modules, so that a multiply feeding an add becomes one
    `fma.rn.f32`: without it NVPTX emits `mul.rn.f32` + `add.rn.f32`, which
    ptxas may not fuse (the explicit rounding forbids it), at half the FP32
    rate. Contraction rounds once instead of twice (results differ from the
    CPU's in the last bits, as cuDNN's do). Host code is left alone.
  }];
  let dependentDialects = ["arith::ArithDialect"];
}

def GpuTilesToHost : Pass<"resnet-gpu-tiles-to-host", "func::FuncOp"> {
  let summary = "Make the GPU-tiled IR runnable on the CPU (host check)";
  let description = [{
    After resnet-gpu-tile-and-distribute, for `--target=cuda-host-check`:
    the workgroup-memory tiles (`bufferization.alloc_tensor` in
    `#gpu.address_space<workgroup>`) become ordinary allocations, and the
    block/thread mappings of the scf.forall loops are dropped, so that the
    CPU back end runs the tiled IR as nested loops: every block tile, every
    thread's register tile, the shared-memory copies (with their halos) and
    the fused epilogues, in an order a GPU may also take (a block's copies
    before its compute, as the barriers make them).
  }];
  let dependentDialects = ["bufferization::BufferizationDialect"];
}

#endif // RESNET_CODEGEN_GPU_PASSES
