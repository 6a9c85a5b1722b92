/*===- CudaRuntime.h - the mgpu* ABI on the CUDA driver API -------*- C -*-===//
 *
 * The host side of code lowered by MLIR's gpu-to-llvm conversion calls these
 * functions (same names and signatures as upstream's CudaRuntimeWrappers).
 * The CUDA driver (libcuda.so.1, or the file named by $RESNET_CUDA_DRIVER) is
 * loaded with dlopen at the first call that needs it; nothing links against
 * libcuda. Module loads are deferred to the module's first use.
 *
 * Failures end the process with a message on stderr:
 *   exit code 3 (RESNET_CUDA_EXIT_NO_DEVICE): no driver, or no CUDA device;
 *   exit code 4 (RESNET_CUDA_EXIT_ERROR): a CUDA call failed.
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_CUDA_CUDARUNTIME_H
#define RESNET_RUNTIME_CUDA_CUDARUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { RESNET_CUDA_EXIT_NO_DEVICE = 3, RESNET_CUDA_EXIT_ERROR = 4 };

/* The weights compiled code reads from device globals (resnet-gpu-extern-
 * weights): a compiled model defines `resnet_gpu_weights`; right after a
 * kernel module is loaded, each global it declares under one of these names
 * is filled from `data` (cuModuleGetGlobal + cuMemcpyHtoD). Its size must be
 * `bytes`. */
typedef struct ResnetGpuWeight {
  const char *name;
  const void *data;
  uint64_t bytes;
} ResnetGpuWeight;
typedef struct ResnetGpuWeights {
  uint64_t count;
  const ResnetGpuWeight *entries;
} ResnetGpuWeights;

/* The device later calls use (default 0); takes effect for modules at their
 * first use, so main() can pick it after the constructors ran. */
void mgpuSetDefaultDevice(int32_t device);

void *mgpuModuleLoad(void *data, size_t gpuBlobSize);
void *mgpuModuleLoadJIT(void *data, int optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t smem, void *stream,
                      void **params, void **extra, size_t paramsCount);
void mgpuLaunchClusterKernel(void *function, intptr_t clusterX,
                             intptr_t clusterY, intptr_t clusterZ,
                             intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                             intptr_t blockX, intptr_t blockY, intptr_t blockZ,
                             int32_t smem, void *stream, void **params,
                             void **extra, size_t paramsCount);

void *mgpuStreamCreate(void);
void mgpuStreamDestroy(void *stream);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);
void *mgpuEventCreate(void);
void mgpuEventDestroy(void *event);
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);

/* Allocation is cached (see CudaRuntime.c): mgpuMemFree keeps the block for
 * the next mgpuMemAlloc of the same size; mgpuResnetReleaseCachedMemory
 * returns the cached (not in use) blocks to the driver. */
void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared);
void mgpuResnetReleaseCachedMemory(void);
void mgpuMemFree(void *ptr, void *stream);
void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream);
void mgpuMemset32(void *dst, unsigned value, size_t count, void *stream);
void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream);
void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes);
void mgpuMemHostUnregister(void *ptr);
/* `descriptor` is a ranked memref descriptor {base, data, offset, sizes[rank],
 * strides[rank]}; the registered range is the dense extent of its sizes. */
void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                               int64_t elementSizeBytes);
void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                 int64_t elementSizeBytes);

#ifdef __cplusplus
}
#endif

#endif /* RESNET_RUNTIME_CUDA_CUDARUNTIME_H */
