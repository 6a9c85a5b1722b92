/*===- CudaDriver.h - the few CUDA driver API types we use --------*- C -*-===//
 *
 * Declared here, not taken from cuda.h, so that the runtime builds on machines
 * without the CUDA toolkit. Values and layouts match cuda.h (CUDA 12/13 ABI);
 * the driver itself is loaded with dlopen at first use.
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_CUDA_CUDADRIVER_H
#define RESNET_RUNTIME_CUDA_CUDADRIVER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int CUresult; /* CUDA_SUCCESS == 0 */
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef struct CUevent_st *CUevent;

enum {
  RESNET_CUDA_SUCCESS = 0,
  RESNET_CUDA_ERROR_NO_DEVICE = 100,
  RESNET_CUDA_ERROR_NOT_FOUND = 500,
  RESNET_CU_STREAM_NON_BLOCKING = 0x1,
  RESNET_CU_EVENT_DISABLE_TIMING = 0x2,
  RESNET_CU_MEM_ATTACH_GLOBAL = 0x1,
  RESNET_CU_JIT_ERROR_LOG_BUFFER = 5,
  RESNET_CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  RESNET_CU_JIT_OPTIMIZATION_LEVEL = 7,
  RESNET_CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
  RESNET_CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION = 4,
};

/* cuda.h: CUlaunchAttribute / CUlaunchConfig (cuLaunchKernelEx, CUDA >= 12). */
typedef struct {
  int id;
  char pad[8 - sizeof(int)];
  union {
    char raw[64];
    struct {
      unsigned x, y, z;
    } clusterDim;
  } value;
} CUlaunchAttribute;

typedef struct {
  unsigned gridDimX, gridDimY, gridDimZ;
  unsigned blockDimX, blockDimY, blockDimZ;
  unsigned sharedMemBytes;
  CUstream hStream;
  CUlaunchAttribute *attrs;
  unsigned numAttrs;
} CUlaunchConfig;

#ifdef __cplusplus
}
#endif

#endif /* RESNET_RUNTIME_CUDA_CUDADRIVER_H */
