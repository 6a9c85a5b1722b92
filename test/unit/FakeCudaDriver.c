/*===- FakeCudaDriver.c - a stand-in libcuda for CudaRuntimeTest ---------===//
 *
 * Exports the driver entry points runtime/cuda looks up. "Device" memory is
 * host memory, launches only record their arguments. $FAKE_CUDA_MODE picks a
 * failure: "noinit" (cuInit fails), "nodevice" (zero devices), "oom"
 * (allocation fails). fakeCudaCounters() exposes what was called.
 * Device globals are found in a PTX image by their declaration
 * (`.global .align A .b8 NAME[BYTES];`), and live in host memory.
 *===----------------------------------------------------------------------===*/
#include "test/unit/FakeCudaDriver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
enum { OK = 0, OUT_OF_MEMORY = 2, NO_DEVICE = 100, NOT_FOUND = 500 };

static FakeCudaCounters counters;
static int fakeHandle; /* every module/stream/event points here */
static int fakeContexts[2]; /* one primary context per device */
static const char *lastImage; /* the module loaded last (all share a handle) */

/* Device globals handed out, kept so that they stay reachable. */
enum { MAX_GLOBALS = 4096 };
static void *globals[MAX_GLOBALS];
static int globalCount;

static int mode(const char *name) {
  const char *m = getenv("FAKE_CUDA_MODE");
  return m && strcmp(m, name) == 0;
}

FakeCudaCounters *fakeCudaCounters(void) { return &counters; }

/* $FAKE_CUDA_REPORT: what a whole program did, printed when it ends (lit
 * tests run compiled models on this driver). */
__attribute__((destructor)) static void report(void) {
  if (!getenv("FAKE_CUDA_REPORT"))
    return;
  fprintf(stderr,
          "fake-cuda: inits=%d module-loads=%d module-unloads=%d "
          "module-device=%d launches=%d allocations=%d managed=%d frees=%d "
          "globals-filled=%d global-bytes=%zu\n",
          counters.inits, counters.modulesLoaded, counters.modulesUnloaded,
          counters.lastModuleDevice, counters.launches, counters.allocations,
          counters.managedAllocations, counters.frees, counters.globalsFilled,
          counters.globalBytes);
}

CUresult cuInit(unsigned flags) {
  (void)flags;
  ++counters.inits;
  return mode("noinit") ? NO_DEVICE : OK;
}
CUresult cuGetErrorName(CUresult r, const char **name) {
  *name = r == OUT_OF_MEMORY ? "CUDA_ERROR_OUT_OF_MEMORY"
          : r == NOT_FOUND   ? "CUDA_ERROR_NOT_FOUND"
                             : "CUDA_ERROR_NO_DEVICE";
  return OK;
}
CUresult cuDeviceGetCount(int *count) {
  *count = mode("nodevice") ? 0 : 2;
  return OK;
}
CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  counters.lastDevice = ordinal;
  return OK;
}
CUresult cuDevicePrimaryCtxRetain(void **ctx, int device) {
  ++counters.contextRetains;
  *ctx = &fakeContexts[device];
  return OK;
}
CUresult cuCtxSetCurrent(void *ctx) {
  ++counters.contextSets;
  counters.currentDevice = (int)((int *)ctx - fakeContexts);
  return OK;
}
CUresult cuModuleLoadData(void **module, const void *image) {
  lastImage = image;
  ++counters.modulesLoaded;
  counters.lastModuleDevice = counters.currentDevice;
  *module = &fakeHandle;
  return OK;
}
CUresult cuModuleLoadDataEx(void **module, const void *image, unsigned n,
                            int *options, void **values) {
  for (unsigned i = 0; i < n; ++i)
    if (options[i] == 7 /* CU_JIT_OPTIMIZATION_LEVEL */)
      counters.jitOptLevel = (int)(intptr_t)values[i];
  return cuModuleLoadData(module, image);
}
CUresult cuModuleUnload(void *module) {
  (void)module;
  ++counters.modulesUnloaded;
  return OK;
}
CUresult cuModuleGetFunction(void **function, void *module, const char *name) {
  (void)module;
  if (strcmp(name, "missing") == 0)
    return NOT_FOUND;
  *function = &fakeHandle;
  return OK;
}
/* The size of global `name` as the PTX image declares it. */
CUresult cuModuleGetGlobal_v2(unsigned long long *ptr, size_t *bytes,
                              void *module, const char *name) {
  (void)module;
  size_t length = strlen(name);
  for (const char *at = lastImage ? strstr(lastImage, ".global ") : NULL; at;
       at = strstr(at + 1, ".global ")) {
    const char *end = strchr(at, ';');
    const char *found = strstr(at, name);
    if (!end || !found || found > end || found[-1] != ' ' ||
        found[length] != '[')
      continue;
    if (globalCount == MAX_GLOBALS)
      return OUT_OF_MEMORY;
    size_t size = strtoull(found + length + 1, NULL, 10);
    globals[globalCount] = calloc(size ? size : 1, 1);
    *ptr = (unsigned long long)(uintptr_t)globals[globalCount++];
    if (bytes)
      *bytes = size;
    return OK;
  }
  return NOT_FOUND;
}
CUresult cuMemcpyHtoD_v2(unsigned long long dst, const void *src,
                         size_t size) {
  memcpy((void *)(uintptr_t)dst, src, size);
  ++counters.globalsFilled;
  counters.globalBytes += size;
  return OK;
}
CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned smem,
                        void *stream, void **params, void **extra) {
  (void)f, (void)stream, (void)extra;
  ++counters.launches;
  unsigned dims[6] = {gx, gy, gz, bx, by, bz};
  memcpy(counters.lastLaunchDims, dims, sizeof(dims));
  counters.lastSharedMemory = smem;
  counters.lastFirstParam = params ? *(void **)params[0] : NULL;
  return OK;
}
CUresult cuLaunchKernelEx(const void *config, void *f, void **params,
                          void **extra) {
  (void)config, (void)f, (void)params, (void)extra;
  ++counters.launches;
  return OK;
}
CUresult cuFuncSetAttribute(void *f, int attribute, int value) {
  (void)f, (void)attribute;
  counters.sharedMemoryOptIn = value;
  return OK;
}
CUresult cuStreamCreate(void **stream, unsigned flags) {
  (void)flags;
  ++counters.streamsCreated;
  *stream = &fakeHandle;
  return OK;
}
CUresult cuStreamDestroy_v2(void *s) { (void)s; ++counters.streamsDestroyed; return OK; }
CUresult cuStreamSynchronize(void *s) { (void)s; ++counters.synchronizations; return OK; }
CUresult cuStreamWaitEvent(void *s, void *e, unsigned f) { (void)s, (void)e, (void)f; return OK; }
CUresult cuEventCreate(void **e, unsigned f) { (void)f; *e = &fakeHandle; return OK; }
CUresult cuEventDestroy_v2(void *e) { (void)e; return OK; }
CUresult cuEventSynchronize(void *e) { (void)e; return OK; }
CUresult cuEventRecord(void *e, void *s) { (void)e, (void)s; return OK; }
CUresult cuMemAlloc_v2(unsigned long long *ptr, size_t size) {
  if (mode("oom"))
    return OUT_OF_MEMORY;
  ++counters.allocations;
  *ptr = (unsigned long long)(uintptr_t)malloc(size);
  return OK;
}
CUresult cuMemAllocManaged(unsigned long long *ptr, size_t size, unsigned f) {
  (void)f;
  ++counters.managedAllocations;
  return cuMemAlloc_v2(ptr, size);
}
CUresult cuMemFree_v2(unsigned long long ptr) {
  ++counters.frees;
  free((void *)(uintptr_t)ptr);
  return OK;
}
CUresult cuMemcpyAsync(unsigned long long dst, unsigned long long src,
                       size_t size, void *stream) {
  (void)stream;
  memcpy((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, size);
  return OK;
}
CUresult cuMemsetD32Async(unsigned long long dst, unsigned value, size_t n,
                          void *stream) {
  (void)stream;
  for (size_t i = 0; i < n; ++i)
    ((unsigned *)(uintptr_t)dst)[i] = value;
  return OK;
}
CUresult cuMemsetD16Async(unsigned long long dst, unsigned short value,
                          size_t n, void *stream) {
  (void)stream;
  for (size_t i = 0; i < n; ++i)
    ((unsigned short *)(uintptr_t)dst)[i] = value;
  return OK;
}
CUresult cuMemHostRegister_v2(void *p, size_t size, unsigned f) {
  (void)f;
  counters.lastRegistered = p;
  counters.lastRegisteredBytes = size;
  return OK;
}
CUresult cuMemHostUnregister(void *p) {
  (void)p;
  ++counters.unregistrations;
  return OK;
}
