//===- KernelReport.h - what --report says of each GPU kernel ---*- C++ -*-===//
//
// The GPU half of resnet-compile's --report: each kernel's configuration
// (read from the gpu.launch ops that buildGpuKernelPipeline leaves, named
// and carrying their #resnet_gpu.tile), what `ptxas -v` says of it
// (registers, spills, shared memory, hence the occupancy the target
// description allows), and what its PTX's innermost FMA loop does (FMAs,
// shared and global loads, div/rem): the static evidence of the kernels'
// quality on a machine without a GPU.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_GPU_KERNELREPORT_H
#define RESNET_CODEGEN_GPU_KERNELREPORT_H

#include "codegen/common/ModelReport.h"
#include "codegen/gpu/Target.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <string>
#include <vector>

namespace mlir::resnet {

/// The kernels of `module` after buildGpuKernelPipeline, in launch order.
std::vector<KernelReport> collectGpuKernels(ModuleOp module);

/// For each kernel in `kernels` that `ptx` defines: the counts of its loop
/// with the most FMAs among those that hold no other loop with FMAs.
void addPtxLoopCounts(StringRef ptx, std::vector<KernelReport> &kernels);

/// Registers, spill and stack bytes from `ptxas -v`'s log (its stderr), and
/// the occupancy they and the kernel's block size and shared memory allow
/// on `target`.
void addPtxasCounts(StringRef log, const GpuTarget &target,
                    std::vector<KernelReport> &kernels);

/// Assembles `ptx` for `target.arch` with `ptxas -v` at `optLevel`: the
/// cubin, with ptxas's log in `log`; an error message on failure.
FailureOr<std::string> assembleVerbose(StringRef ptxas, StringRef ptx,
                                       const GpuTarget &target, int optLevel,
                                       std::string &log, std::string &error);

/// After the GPU pipeline with format=isa: assembles the PTX of every
/// gpu.binary with `ptxas -v` (one run per binary: one for a model), adds
/// what ptxas says to `kernels`, and when `embedCubin`, replaces the PTX
/// with the cubin (what format=bin would have embedded).
LogicalResult assembleKernels(ModuleOp module, StringRef ptxas,
                              const GpuTarget &target, int optLevel,
                              bool embedCubin,
                              std::vector<KernelReport> &kernels);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_GPU_KERNELREPORT_H
