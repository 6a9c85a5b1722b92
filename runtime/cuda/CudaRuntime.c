/*===- CudaRuntime.c - the mgpu* ABI on the CUDA driver API --------------===//
 *
 * See CudaRuntime.h. The driver is opened with dlopen at the first call, its
 * entry points are looked up once, and every call makes the primary context
 * of the default device current on the calling thread (as upstream's
 * wrappers do), so host code may call in from any thread.
 *
 * Two departures from upstream, both for compiled models:
 *  - Modules load lazily: mgpuModuleLoad* (called by global constructors,
 *    before main) only records the image; the first mgpuModuleGetFunction
 *    loads it, once, on the device chosen by then (main's --device). A
 *    module's globals (the weights) are thus uploaded once, at the first run.
 *    Right after the load, the weights the kernels read from device globals
 *    are copied from the host binary (resnet_gpu_weights).
 *  - mgpuMemAlloc/mgpuMemFree are a caching allocator: freed blocks are kept
 *    and handed out again for the same size, kind and device, so after the
 *    first run a model's activations reuse the same device memory and runs
 *    make no driver allocations. The memory held is the peak of one run (per
 *    concurrent caller); it is released when the process ends.
 *===----------------------------------------------------------------------===*/
#include "runtime/cuda/CudaRuntime.h"
#include "runtime/cuda/CudaDriver.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* Driver entry points: X(symbol, return, parameters). `required` ones are
 * checked when the driver is loaded; the others only when used. */
#define RESNET_CUDA_REQUIRED(X)                                                \
  X(cuInit, CUresult, (unsigned))                                              \
  X(cuDeviceGetCount, CUresult, (int *))                                       \
  X(cuDeviceGet, CUresult, (CUdevice *, int))                                  \
  X(cuDevicePrimaryCtxRetain, CUresult, (CUcontext *, CUdevice))               \
  X(cuCtxSetCurrent, CUresult, (CUcontext))                                    \
  X(cuModuleLoadData, CUresult, (CUmodule *, const void *))                    \
  X(cuModuleLoadDataEx, CUresult,                                              \
    (CUmodule *, const void *, unsigned, int *, void **))                      \
  X(cuModuleUnload, CUresult, (CUmodule))                                      \
  X(cuModuleGetFunction, CUresult, (CUfunction *, CUmodule, const char *))     \
  X(cuLaunchKernel, CUresult,                                                  \
    (CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,   \
     unsigned, CUstream, void **, void **))                                    \
  X(cuStreamCreate, CUresult, (CUstream *, unsigned))                          \
  X(cuStreamDestroy_v2, CUresult, (CUstream))                                  \
  X(cuStreamSynchronize, CUresult, (CUstream))                                 \
  X(cuStreamWaitEvent, CUresult, (CUstream, CUevent, unsigned))                \
  X(cuEventCreate, CUresult, (CUevent *, unsigned))                            \
  X(cuEventDestroy_v2, CUresult, (CUevent))                                    \
  X(cuEventSynchronize, CUresult, (CUevent))                                   \
  X(cuEventRecord, CUresult, (CUevent, CUstream))                              \
  X(cuMemAlloc_v2, CUresult, (CUdeviceptr *, size_t))                          \
  X(cuMemAllocManaged, CUresult, (CUdeviceptr *, size_t, unsigned))            \
  X(cuMemFree_v2, CUresult, (CUdeviceptr))                                     \
  X(cuMemcpyAsync, CUresult, (CUdeviceptr, CUdeviceptr, size_t, CUstream))     \
  X(cuMemsetD32Async, CUresult, (CUdeviceptr, unsigned, size_t, CUstream))     \
  X(cuMemsetD16Async, CUresult,                                                \
    (CUdeviceptr, unsigned short, size_t, CUstream))                           \
  X(cuMemHostRegister_v2, CUresult, (void *, size_t, unsigned))                \
  X(cuMemHostUnregister, CUresult, (void *))                                   \
  X(cuModuleGetGlobal_v2, CUresult,                                            \
    (CUdeviceptr *, size_t *, CUmodule, const char *))                         \
  X(cuMemcpyHtoD_v2, CUresult, (CUdeviceptr, const void *, size_t))
#define RESNET_CUDA_OPTIONAL(X)                                                \
  X(cuGetErrorName, CUresult, (CUresult, const char **))                       \
  X(cuFuncSetAttribute, CUresult, (CUfunction, int, int))                      \
  X(cuLaunchKernelEx, CUresult,                                                \
    (const CUlaunchConfig *, CUfunction, void **, void **))

#define DECLARE_ENTRY(name, ret, params) static ret(*p_##name) params;
RESNET_CUDA_REQUIRED(DECLARE_ENTRY)
RESNET_CUDA_OPTIONAL(DECLARE_ENTRY)
#undef DECLARE_ENTRY

static pthread_once_t driverOnce = PTHREAD_ONCE_INIT;
static pthread_mutex_t contextMutex = PTHREAD_MUTEX_INITIALIZER;
static int defaultDevice = 0;
static int contextDevice = -1;
static CUcontext context = NULL;

/* Ends the process without running exit handlers: module destructors that
 * lowered GPU code registers would call back into this runtime (and the
 * first call may still be inside pthread_once). */
static void quit(int code) {
  fflush(stdout);
  fflush(stderr);
  _Exit(code);
}

static void noDevice(const char *why, const char *detail) {
  fprintf(stderr,
          "resnet-cuda: no usable CUDA device: %s%s%s (exit code %d)\n", why,
          detail ? ": " : "", detail ? detail : "", RESNET_CUDA_EXIT_NO_DEVICE);
  quit(RESNET_CUDA_EXIT_NO_DEVICE);
}

static const char *errorName(CUresult result) {
  const char *name = NULL;
  if (!p_cuGetErrorName || p_cuGetErrorName(result, &name) != 0 || !name)
    return "unknown error";
  return name;
}

static void check(CUresult result, const char *call) {
  if (result == RESNET_CUDA_SUCCESS)
    return;
  fprintf(stderr, "resnet-cuda: %s failed with %s (%d) (exit code %d)\n",
          call, errorName(result), result, RESNET_CUDA_EXIT_ERROR);
  quit(RESNET_CUDA_EXIT_ERROR);
}
#define CUDA_CHECK(expr) check((expr), #expr)

static void requireEntry(bool present, const char *name) {
  if (present)
    return;
  fprintf(stderr, "resnet-cuda: the CUDA driver lacks %s (exit code %d)\n",
          name, RESNET_CUDA_EXIT_ERROR);
  quit(RESNET_CUDA_EXIT_ERROR);
}

static void loadDriver(void) {
  const char *path = getenv("RESNET_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *driver = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!driver)
    noDevice("cannot load the CUDA driver", dlerror());
#define LOOKUP(name, ret, params) *(void **)(&p_##name) = dlsym(driver, #name);
  RESNET_CUDA_REQUIRED(LOOKUP)
  RESNET_CUDA_OPTIONAL(LOOKUP)
#undef LOOKUP
#define REQUIRE(name, ret, params)                                             \
  if (!p_##name)                                                               \
    noDevice("the CUDA driver library lacks " #name, path);
  RESNET_CUDA_REQUIRED(REQUIRE)
#undef REQUIRE
  CUresult result = p_cuInit(0);
  if (result != RESNET_CUDA_SUCCESS)
    noDevice("cuInit failed", errorName(result));
  int count = 0;
  result = p_cuDeviceGetCount(&count);
  if (result != RESNET_CUDA_SUCCESS || count == 0)
    noDevice("the driver reports no CUDA device", NULL);
}

/* Loads the driver once, then makes the default device's primary context
 * current on this thread. */
static void ensureContext(void) {
  pthread_once(&driverOnce, loadDriver);
  pthread_mutex_lock(&contextMutex);
  if (contextDevice != defaultDevice) {
    int count = 0;
    CUDA_CHECK(p_cuDeviceGetCount(&count));
    if (defaultDevice < 0 || defaultDevice >= count) {
      char detail[64];
      snprintf(detail, sizeof(detail), "device %d requested, %d present",
               defaultDevice, count);
      pthread_mutex_unlock(&contextMutex);
      noDevice("no such device", detail);
    }
    CUdevice device;
    CUDA_CHECK(p_cuDeviceGet(&device, defaultDevice));
    CUDA_CHECK(p_cuDevicePrimaryCtxRetain(&context, device));
    contextDevice = defaultDevice;
  }
  CUcontext current = context;
  pthread_mutex_unlock(&contextMutex);
  CUDA_CHECK(p_cuCtxSetCurrent(current));
}

/* The device whose context ensureContext made current. */
static int currentDevice(void) {
  pthread_mutex_lock(&contextMutex);
  int device = contextDevice;
  pthread_mutex_unlock(&contextMutex);
  return device;
}

void mgpuSetDefaultDevice(int32_t device) {
  pthread_mutex_lock(&contextMutex);
  defaultDevice = device;
  pthread_mutex_unlock(&contextMutex);
}

/* A module image, loaded into the driver at its first use. */
typedef struct LazyModule {
  const void *image;
  bool jit; /* PTX, compiled by the driver at load */
  int optLevel;
  CUmodule module; /* NULL until loaded */
  int device;      /* where `module` was loaded */
} LazyModule;

static pthread_mutex_t moduleMutex = PTHREAD_MUTEX_INITIALIZER;

static void *newLazyModule(const void *image, bool jit, int optLevel) {
  LazyModule *lazy = calloc(1, sizeof *lazy);
  if (!lazy) {
    fprintf(stderr, "resnet-cuda: out of host memory (exit code %d)\n",
            RESNET_CUDA_EXIT_ERROR);
    quit(RESNET_CUDA_EXIT_ERROR);
  }
  lazy->image = image;
  lazy->jit = jit;
  lazy->optLevel = optLevel;
  return lazy;
}

static CUmodule loadImage(const LazyModule *lazy) {
  CUmodule module = NULL;
  if (!lazy->jit) {
    CUDA_CHECK(p_cuModuleLoadData(&module, lazy->image));
    return module;
  }
  char log[8192] = {0};
  int options[] = {RESNET_CU_JIT_ERROR_LOG_BUFFER,
                   RESNET_CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                   RESNET_CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {log, (void *)(intptr_t)sizeof(log),
                    (void *)(intptr_t)lazy->optLevel};
  CUresult result =
      p_cuModuleLoadDataEx(&module, lazy->image, 3, options, values);
  if (result != RESNET_CUDA_SUCCESS && log[0])
    fprintf(stderr, "resnet-cuda: PTX JIT log:\n%s\n", log);
  CUDA_CHECK(result);
  return module;
}

/* The model's weight table; absent (NULL) in programs that have none. */
extern const ResnetGpuWeights resnet_gpu_weights __attribute__((weak));

/* Fills the weight globals `module` declares from the host copies. A weight
 * the module does not declare is not its own (or not used). */
static void uploadWeights(CUmodule module) {
  const ResnetGpuWeights *table = &resnet_gpu_weights;
  if (!table)
    return;
  for (uint64_t i = 0; i < table->count; ++i) {
    const ResnetGpuWeight *weight = &table->entries[i];
    CUdeviceptr global = 0;
    size_t bytes = 0;
    CUresult result =
        p_cuModuleGetGlobal_v2(&global, &bytes, module, weight->name);
    if (result == RESNET_CUDA_ERROR_NOT_FOUND)
      continue;
    CUDA_CHECK(result);
    if (bytes != weight->bytes) {
      fprintf(stderr,
              "resnet-cuda: device global '%s' has %zu bytes, the host's "
              "weights %llu (exit code %d)\n",
              weight->name, bytes, (unsigned long long)weight->bytes,
              RESNET_CUDA_EXIT_ERROR);
      quit(RESNET_CUDA_EXIT_ERROR);
    }
    CUDA_CHECK(p_cuMemcpyHtoD_v2(global, weight->data, bytes));
  }
}

/* The driver module of `lazy`, loaded on the current device at first use. */
static CUmodule loadedModule(LazyModule *lazy) {
  ensureContext();
  int device = currentDevice();
  pthread_mutex_lock(&moduleMutex);
  /* A module is per context: after a device switch, load it again there. */
  if (!lazy->module || lazy->device != device) {
    lazy->module = loadImage(lazy);
    lazy->device = device;
    uploadWeights(lazy->module);
  }
  CUmodule module = lazy->module;
  pthread_mutex_unlock(&moduleMutex);
  return module;
}

void *mgpuModuleLoad(void *data, size_t gpuBlobSize) {
  (void)gpuBlobSize; /* cubin and fatbin carry their own size */
  return newLazyModule(data, false, 0);
}

void *mgpuModuleLoadJIT(void *data, int optLevel) {
  return newLazyModule(data, true, optLevel);
}

void mgpuModuleUnload(void *module) {
  LazyModule *lazy = module;
  if (!lazy)
    return;
  if (lazy->module) { /* never loaded: the driver need not be touched */
    ensureContext();
    CUDA_CHECK(p_cuModuleUnload(lazy->module));
  }
  free(lazy);
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  CUmodule loaded = loadedModule(module);
  CUfunction function = NULL;
  CUresult result = p_cuModuleGetFunction(&function, loaded, name);
  if (result != RESNET_CUDA_SUCCESS)
    fprintf(stderr, "resnet-cuda: no kernel named '%s'\n", name);
  CUDA_CHECK(result);
  return function;
}

/* Above 48 KiB, dynamic shared memory must be opted into per kernel. */
static void allowSharedMemory(CUfunction function, int32_t smem) {
  if (smem <= 48 * 1024)
    return;
  requireEntry(p_cuFuncSetAttribute != NULL, "cuFuncSetAttribute");
  CUDA_CHECK(p_cuFuncSetAttribute(
      function, RESNET_CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem));
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t smem, void *stream,
                      void **params, void **extra, size_t paramsCount) {
  (void)paramsCount;
  ensureContext();
  allowSharedMemory((CUfunction)function, smem);
  CUDA_CHECK(p_cuLaunchKernel((CUfunction)function, gridX, gridY, gridZ,
                              blockX, blockY, blockZ, smem, (CUstream)stream,
                              params, extra));
}

void mgpuLaunchClusterKernel(void *function, intptr_t clusterX,
                             intptr_t clusterY, intptr_t clusterZ,
                             intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                             intptr_t blockX, intptr_t blockY, intptr_t blockZ,
                             int32_t smem, void *stream, void **params,
                             void **extra, size_t paramsCount) {
  (void)paramsCount;
  ensureContext();
  allowSharedMemory((CUfunction)function, smem);
  CUlaunchAttribute cluster = {0};
  cluster.id = RESNET_CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
  cluster.value.clusterDim.x = clusterX;
  cluster.value.clusterDim.y = clusterY;
  cluster.value.clusterDim.z = clusterZ;
  CUlaunchConfig config = {gridX,  gridY,  gridZ, blockX,   blockY,
                           blockZ, smem,   (CUstream)stream, &cluster, 1};
  requireEntry(p_cuLaunchKernelEx != NULL, "cuLaunchKernelEx");
  CUDA_CHECK(p_cuLaunchKernelEx(&config, (CUfunction)function, params, extra));
}

void *mgpuStreamCreate(void) {
  ensureContext();
  CUstream stream = NULL;
  CUDA_CHECK(p_cuStreamCreate(&stream, RESNET_CU_STREAM_NON_BLOCKING));
  return stream;
}

void mgpuStreamDestroy(void *stream) {
  ensureContext();
  CUDA_CHECK(p_cuStreamDestroy_v2((CUstream)stream));
}

void mgpuStreamSynchronize(void *stream) {
  ensureContext();
  CUDA_CHECK(p_cuStreamSynchronize((CUstream)stream));
}

void mgpuStreamWaitEvent(void *stream, void *event) {
  ensureContext();
  CUDA_CHECK(p_cuStreamWaitEvent((CUstream)stream, (CUevent)event, 0));
}

void *mgpuEventCreate(void) {
  ensureContext();
  CUevent event = NULL;
  CUDA_CHECK(p_cuEventCreate(&event, RESNET_CU_EVENT_DISABLE_TIMING));
  return event;
}

void mgpuEventDestroy(void *event) {
  ensureContext();
  CUDA_CHECK(p_cuEventDestroy_v2((CUevent)event));
}

void mgpuEventSynchronize(void *event) {
  ensureContext();
  CUDA_CHECK(p_cuEventSynchronize((CUevent)event));
}

void mgpuEventRecord(void *event, void *stream) {
  ensureContext();
  CUDA_CHECK(p_cuEventRecord((CUevent)event, (CUstream)stream));
}

/* Every block the allocator got from the driver; `inUse` is false while it
 * waits in the cache. A model makes tens to hundreds of allocations per
 * run, so a linear search is cheap next to a kernel launch. */
typedef struct Block {
  CUdeviceptr ptr;
  uint64_t sizeBytes;
  int device;
  bool managed, inUse;
} Block;

static pthread_mutex_t blockMutex = PTHREAD_MUTEX_INITIALIZER;
static Block *blocks = NULL;
static size_t blockCount = 0, blockCapacity = 0;

/* A cached block of exactly this size, kind and device, now in use. */
static CUdeviceptr reuseBlock(uint64_t sizeBytes, int device, bool managed) {
  for (size_t i = 0; i < blockCount; ++i) {
    Block *b = &blocks[i];
    if (!b->inUse && b->sizeBytes == sizeBytes && b->device == device &&
        b->managed == managed) {
      b->inUse = true;
      return b->ptr;
    }
  }
  return 0;
}

static void recordBlock(Block block) {
  if (blockCount == blockCapacity) {
    size_t capacity = blockCapacity ? 2 * blockCapacity : 64;
    Block *grown = realloc(blocks, capacity * sizeof *grown);
    if (!grown) {
      pthread_mutex_unlock(&blockMutex);
      fprintf(stderr, "resnet-cuda: out of host memory (exit code %d)\n",
              RESNET_CUDA_EXIT_ERROR);
      quit(RESNET_CUDA_EXIT_ERROR);
    }
    blocks = grown;
    blockCapacity = capacity;
  }
  blocks[blockCount++] = block;
}

void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared) {
  (void)stream; /* allocation is synchronous, as upstream's */
  ensureContext();
  if (sizeBytes == 0)
    return NULL;
  int device = currentDevice();
  pthread_mutex_lock(&blockMutex);
  CUdeviceptr ptr = reuseBlock(sizeBytes, device, isHostShared);
  if (!ptr) {
    CUresult result =
        isHostShared ? p_cuMemAllocManaged(&ptr, sizeBytes,
                                           RESNET_CU_MEM_ATTACH_GLOBAL)
                     : p_cuMemAlloc_v2(&ptr, sizeBytes);
    if (result != RESNET_CUDA_SUCCESS)
      pthread_mutex_unlock(&blockMutex);
    check(result, isHostShared ? "cuMemAllocManaged" : "cuMemAlloc");
    recordBlock((Block){ptr, sizeBytes, device, isHostShared, true});
  }
  pthread_mutex_unlock(&blockMutex);
  return (void *)(uintptr_t)ptr;
}

/* Blocks go back to the cache, not to the driver: launches are synchronous
 * (each on its own stream, synchronised), so nothing still reads them. */
void mgpuMemFree(void *ptr, void *stream) {
  (void)stream;
  if (!ptr)
    return;
  pthread_mutex_lock(&blockMutex);
  for (size_t i = 0; i < blockCount; ++i) {
    if (blocks[i].ptr == (CUdeviceptr)(uintptr_t)ptr && blocks[i].inUse) {
      blocks[i].inUse = false;
      pthread_mutex_unlock(&blockMutex);
      return;
    }
  }
  pthread_mutex_unlock(&blockMutex);
  /* Not ours (or freed twice): hand it to the driver, which reports it. */
  ensureContext();
  CUDA_CHECK(p_cuMemFree_v2((CUdeviceptr)(uintptr_t)ptr));
}

void mgpuResnetReleaseCachedMemory(void) {
  pthread_mutex_lock(&blockMutex);
  size_t kept = 0;
  bool freed = false;
  for (size_t i = 0; i < blockCount; ++i) {
    if (blocks[i].inUse) {
      blocks[kept++] = blocks[i];
      continue;
    }
    if (!freed)
      ensureContext();
    freed = true;
    CUresult result = p_cuMemFree_v2(blocks[i].ptr);
    if (result != RESNET_CUDA_SUCCESS)
      pthread_mutex_unlock(&blockMutex);
    check(result, "cuMemFree");
  }
  blockCount = kept;
  pthread_mutex_unlock(&blockMutex);
}

void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream) {
  ensureContext();
  CUDA_CHECK(p_cuMemcpyAsync((CUdeviceptr)(uintptr_t)dst,
                             (CUdeviceptr)(uintptr_t)src, sizeBytes,
                             (CUstream)stream));
}

void mgpuMemset32(void *dst, unsigned value, size_t count, void *stream) {
  ensureContext();
  CUDA_CHECK(p_cuMemsetD32Async((CUdeviceptr)(uintptr_t)dst, value, count,
                                (CUstream)stream));
}

void mgpuMemset16(void *dst, unsigned short value, size_t count,
                  void *stream) {
  ensureContext();
  CUDA_CHECK(p_cuMemsetD16Async((CUdeviceptr)(uintptr_t)dst, value, count,
                                (CUstream)stream));
}

void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes) {
  ensureContext();
  CUDA_CHECK(p_cuMemHostRegister_v2(ptr, sizeBytes, 0));
}

void mgpuMemHostUnregister(void *ptr) {
  ensureContext();
  CUDA_CHECK(p_cuMemHostUnregister(ptr));
}

/* Start and dense byte size of a ranked memref descriptor
 * {base, data, offset, sizes[rank], strides[rank]}. */
static void *memRefExtent(int64_t rank, void *descriptor,
                          int64_t elementSizeBytes, uint64_t *sizeBytes) {
  struct {
    char *base;
    char *data;
    int64_t offset;
    int64_t sizes[];
  } *memref = descriptor;
  uint64_t elements = 1;
  for (int64_t i = 0; i < rank; ++i)
    elements *= (uint64_t)memref->sizes[i];
  *sizeBytes = elements * (uint64_t)elementSizeBytes;
  return memref->data + memref->offset * elementSizeBytes;
}

void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                               int64_t elementSizeBytes) {
  uint64_t sizeBytes;
  void *ptr = memRefExtent(rank, descriptor, elementSizeBytes, &sizeBytes);
  mgpuMemHostRegister(ptr, sizeBytes);
}

void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                 int64_t elementSizeBytes) {
  uint64_t sizeBytes;
  void *ptr = memRefExtent(rank, descriptor, elementSizeBytes, &sizeBytes);
  mgpuMemHostUnregister(ptr);
}
