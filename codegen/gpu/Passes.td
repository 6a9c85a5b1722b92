//===- Passes.td - passes of the CUDA code path ------------*- tablegen -*-===//
#ifndef RESNET_CODEGEN_GPU_PASSES
#define RESNET_CODEGEN_GPU_PASSES

include "mlir/Pass/PassBase.td"

def GpuTileAndDistribute
    : Pass<"resnet-gpu-tile-and-distribute", "func::FuncOp"> {
  let summary = "Tile linalg ops into block and thread scf.forall nests";
  let description = [{
    Works on linalg on tensors. Static `tensor.pad`s first become gather
    `linalg.generic`s (clamped `tensor.extract` + select of the padding
    value), so that padding is a kernel too. Every linalg op that is not a fill and not a
    single-use producer of an elementwise consumer is a root: it is tiled to an
    `scf.forall` over output tiles mapped to `#gpu.block<linear_dim_*>`, with
    its producers (fills, the conv/matmul under a bias+ReLU epilogue) fused in,
    so the epilogue runs in the same kernel. In each block tile, inputs of the
    op that reduces (conv, matmul, pooling) that fit `shared-memory-bytes` are
    copied into workgroup memory by all threads. The tile is then tiled again
    to one output element per thread (`#gpu.thread<linear_dim_*>`).
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
    `gpu.launch` with one block per tile (ids delinearized from blockIdx.x);
    thread-mapped foralls inside it are distributed over threadIdx.x (guarded
    or strided when the trip count differs from the block size) and followed
    by a `gpu.barrier`. Workgroup-memory allocations become workgroup
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
