//===- Passes.td - target-independent codegen passes -------*- tablegen -*-===//
#ifndef RESNET_CODEGEN_COMMON_PASSES_TD
#define RESNET_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

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

def LowerTrace : Pass<"resnet-lower-trace", "ModuleOp"> {
  let summary = "Turn resnet.trace into resnet_trace_write calls";
  let description = [{
    Runs on linalg on tensors, right after --resnet-to-linalg (which leaves
    resnet.trace ops in place, reading the NCHW transposes of the layers'
    NHWC results). Each `resnet.trace %x "name"` becomes, in order, entry i
    of the trace table:

      %m = bufferization.to_buffer %y read_only   (any strided layout)
      func.call @resnet_trace_write(i, ptr, offset, rank, sizes[4], strides[4])

    where %y is %x, or the input of the linalg.transpose that defines %x,
    with the sizes and strides permuted into %x's (NCHW) order: the runtime
    reads the layer where it lies, in whatever layout and padded buffer,
    without a copy in the generated code. Ranks above 4 are rejected. Adds
    the table as LLVM globals: `resnet_trace_count` (i64) and
    `resnet_trace_names` (the names, each NUL-terminated), which
    runtime/trace.c reads. A module without resnet.trace is left as it is.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect"];
}

#endif // RESNET_CODEGEN_COMMON_PASSES_TD
