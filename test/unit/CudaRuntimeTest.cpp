//===- CudaRuntimeTest.cpp - mgpu* runtime against a fake CUDA driver -----===//
//
// runtime/cuda loads the driver named by $RESNET_CUDA_DRIVER; here that is
// FakeCudaDriver.c, built by this folder's CMake. Failure paths run as death
// tests (each in a fresh process, since the driver is loaded once); the happy
// path checks the bookkeeping the fake driver records.
//
//===----------------------------------------------------------------------===//
#include "runtime/cuda/CudaRuntime.h"
#include "test/unit/FakeCudaDriver.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <cstdlib>
#include <cstring>

namespace {
struct CudaRuntimeTest : ::testing::Test {
  void SetUp() override {
    // Re-execute the binary for each death test: the runtime keeps the
    // driver it loaded first for the life of the process.
    ::testing::FLAGS_gtest_death_test_style = "threadsafe";
    setenv("RESNET_CUDA_DRIVER", FAKE_CUDA_DRIVER_PATH, /*overwrite=*/1);
    unsetenv("FAKE_CUDA_MODE");
  }
  // The fake driver's counters; valid once the runtime has loaded it.
  static FakeCudaCounters &counters() {
    void *driver = dlopen(FAKE_CUDA_DRIVER_PATH, RTLD_NOW | RTLD_NOLOAD);
    EXPECT_NE(driver, nullptr);
    auto get = reinterpret_cast<FakeCudaCounters *(*)()>(
        dlsym(driver, "fakeCudaCounters"));
    return *get();
  }
};

constexpr int kNoDevice = RESNET_CUDA_EXIT_NO_DEVICE;
constexpr int kCudaError = RESNET_CUDA_EXIT_ERROR;
} // namespace

TEST_F(CudaRuntimeTest, ExitCodesAreDocumentedValues) {
  EXPECT_EQ(kNoDevice, 3);
  EXPECT_EQ(kCudaError, 4);
}

TEST_F(CudaRuntimeTest, MissingDriverLibraryExitsWithNoDevice) {
  EXPECT_EXIT(
      {
        setenv("RESNET_CUDA_DRIVER", "resnet-no-such-libcuda.so.1", 1);
        mgpuStreamCreate();
      },
      ::testing::ExitedWithCode(kNoDevice),
      "resnet-cuda: no usable CUDA device: cannot load the CUDA driver: "
      "resnet-no-such-libcuda.so.1");
}

TEST_F(CudaRuntimeTest, LibraryWithoutDriverEntryPointsExitsWithNoDevice) {
  EXPECT_EXIT(
      {
        setenv("RESNET_CUDA_DRIVER", "libc.so.6", 1);
        mgpuStreamCreate();
      },
      ::testing::ExitedWithCode(kNoDevice),
      "the CUDA driver library lacks cuInit: libc.so.6");
}

TEST_F(CudaRuntimeTest, FailingInitExitsWithNoDevice) {
  EXPECT_EXIT(
      {
        setenv("FAKE_CUDA_MODE", "noinit", 1);
        mgpuModuleGetFunction(mgpuModuleLoad(nullptr, 0), "conv_kernel");
      },
      ::testing::ExitedWithCode(kNoDevice),
      "no usable CUDA device: cuInit failed: CUDA_ERROR_NO_DEVICE");
}

TEST_F(CudaRuntimeTest, ZeroDevicesExitsWithNoDevice) {
  EXPECT_EXIT(
      {
        setenv("FAKE_CUDA_MODE", "nodevice", 1);
        mgpuMemAlloc(16, nullptr, false);
      },
      ::testing::ExitedWithCode(kNoDevice),
      "no usable CUDA device: the driver reports no CUDA device");
}

TEST_F(CudaRuntimeTest, AbsentDefaultDeviceExitsWithNoDevice) {
  EXPECT_EXIT(
      {
        mgpuSetDefaultDevice(5);
        mgpuStreamCreate();
      },
      ::testing::ExitedWithCode(kNoDevice),
      "no such device: device 5 requested, 2 present");
}

TEST_F(CudaRuntimeTest, FailingCallExitsWithCudaError) {
  EXPECT_EXIT(
      {
        setenv("FAKE_CUDA_MODE", "oom", 1);
        mgpuMemAlloc(16, nullptr, false);
      },
      ::testing::ExitedWithCode(kCudaError),
      "resnet-cuda: cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY \\(2\\) "
      "\\(exit code 4\\)");
}

TEST_F(CudaRuntimeTest, UnknownKernelNameExitsWithCudaError) {
  EXPECT_EXIT(
      {
        void *module = mgpuModuleLoad(nullptr, 0);
        mgpuModuleGetFunction(module, "missing");
      },
      ::testing::ExitedWithCode(kCudaError), "no kernel named 'missing'");
}

// Global constructors of a compiled model call mgpuModuleLoad* before main
// parses --device: nothing may touch the driver then, and a module never
// used is unloaded without it.
TEST_F(CudaRuntimeTest, ModuleLoadIsDeferredToFirstUse) {
  EXPECT_EXIT(
      {
        setenv("RESNET_CUDA_DRIVER", "resnet-no-such-libcuda.so.1", 1);
        mgpuModuleUnload(mgpuModuleLoad(nullptr, 0));
        void *module = mgpuModuleLoadJIT(nullptr, 3);
        fprintf(stderr, "constructors done\n");
        mgpuModuleGetFunction(module, "conv_kernel");
      },
      ::testing::ExitedWithCode(kNoDevice),
      "constructors done\nresnet-cuda: no usable CUDA device: cannot load");
}

// --device N: the module is loaded once, on the device chosen before its
// first use, however many kernels are looked up (once per launch). Runs in
// a child process (the runtime's state is per process); the child prints
// what the fake driver saw.
TEST_F(CudaRuntimeTest, ModuleLoadsOnceOnTheChosenDevice) {
  EXPECT_EXIT(
      {
        void *module = mgpuModuleLoad(nullptr, 0);
        mgpuSetDefaultDevice(1);
        for (int run = 0; run < 3; ++run)
          mgpuModuleGetFunction(module, "conv_kernel");
        FakeCudaCounters &c = counters();
        fprintf(stderr, "loads=%d device=%d retains=%d\n", c.modulesLoaded,
                c.lastModuleDevice, c.contextRetains);
        // A later switch loads the module again in that device's context.
        mgpuSetDefaultDevice(0);
        mgpuModuleGetFunction(module, "conv_kernel");
        mgpuModuleUnload(module);
        fprintf(stderr, "loads=%d device=%d unloads=%d\n", c.modulesLoaded,
                c.lastModuleDevice, c.modulesUnloaded);
        exit(0);
      },
      ::testing::ExitedWithCode(0),
      "loads=1 device=1 retains=1\nloads=2 device=0 unloads=1");
}

// Activations: what a run frees is handed out again to the next run for the
// same size and kind, without driver calls; a new size is a new block.
// Prints what the fake driver saw and exits (run in a child process).
[[noreturn]] void allocateTwoRuns(FakeCudaCounters &(*counters)()) {
  const uint64_t sizes[] = {4096, 256, 4096, 64};
  void *first[4], *second[4];
  for (int i = 0; i < 4; ++i)
    first[i] = mgpuMemAlloc(sizes[i], nullptr, /*isHostShared=*/true);
  for (void *ptr : first)
    mgpuMemFree(ptr, nullptr);
  FakeCudaCounters &c = counters();
  fprintf(stderr, "run 1: allocs=%d frees=%d\n", c.managedAllocations,
          c.frees);
  for (int i = 0; i < 4; ++i)
    second[i] = mgpuMemAlloc(sizes[i], nullptr, /*isHostShared=*/true);
  int reused = 0;
  for (void *ptr : second)
    reused += std::count(std::begin(first), std::end(first), ptr);
  fprintf(stderr, "run 2: allocs=%d reused=%d distinct=%d\n",
          c.managedAllocations, reused, second[0] != second[2]);
  // Device memory is another kind than managed memory.
  void *device = mgpuMemAlloc(4096, nullptr, /*isHostShared=*/false);
  mgpuMemFree(device, nullptr);
  for (void *ptr : second)
    mgpuMemFree(ptr, nullptr);
  mgpuResnetReleaseCachedMemory();
  fprintf(stderr, "device allocs=%d; released: frees=%d\n", c.allocations,
          c.frees);
  mgpuMemAlloc(64, nullptr, true);
  fprintf(stderr, "after release: allocs=%d\n", c.managedAllocations);
  exit(0);
}

TEST_F(CudaRuntimeTest, AllocationsAreCachedAcrossRuns) {
  EXPECT_EXIT(allocateTwoRuns(counters), ::testing::ExitedWithCode(0),
              "run 1: allocs=4 frees=0\nrun 2: allocs=4 reused=4 "
              "distinct=1\ndevice allocs=5; released: frees=5\nafter "
              "release: allocs=5");
}

TEST_F(CudaRuntimeTest, HappyPathForwardsToTheDriver) {
  void *module = mgpuModuleLoadJIT(nullptr, /*optLevel=*/2);
  void *kernel = mgpuModuleGetFunction(module, "conv_kernel");
  FakeCudaCounters &c = counters();
  EXPECT_EQ(c.inits, 1);
  EXPECT_EQ(c.jitOptLevel, 2);
  int retains = c.contextRetains;
  EXPECT_EQ(retains, 1);
  EXPECT_EQ(c.lastDevice, 0);

  void *stream = mgpuStreamCreate();
  float host[4] = {1, 2, 3, 4}, back[4] = {};
  void *device = mgpuMemAlloc(sizeof(host), stream, false);
  mgpuMemcpy(device, host, sizeof(host), stream);
  mgpuMemcpy(back, device, sizeof(back), stream);
  EXPECT_EQ(std::memcmp(host, back, sizeof(host)), 0);
  mgpuMemset32(device, 0x3f800000u /*1.0f*/, 4, stream);
  mgpuMemcpy(back, device, sizeof(back), stream);
  EXPECT_EQ(back[3], 1.0f);
  EXPECT_EQ(mgpuMemAlloc(0, stream, false), nullptr);

  void *params[] = {&device};
  mgpuLaunchKernel(kernel, 7, 2, 1, 128, 1, 1, /*smem=*/64 * 1024, stream,
                   params, nullptr, 1);
  EXPECT_EQ(c.launches, 1);
  const unsigned dims[6] = {7, 2, 1, 128, 1, 1};
  EXPECT_EQ(std::memcmp(c.lastLaunchDims, dims, sizeof(dims)), 0);
  EXPECT_EQ(c.lastSharedMemory, 64u * 1024);
  EXPECT_EQ(c.sharedMemoryOptIn, 64 * 1024);
  EXPECT_EQ(c.lastFirstParam, device);

  void *managed = mgpuMemAlloc(8, stream, /*isHostShared=*/true);
  EXPECT_EQ(c.managedAllocations, 1);
  mgpuMemFree(managed, stream);
  mgpuMemFree(device, stream);
  EXPECT_EQ(c.allocations, 2);
  // Freed blocks stay cached until released.
  EXPECT_EQ(c.frees, 0);
  mgpuResnetReleaseCachedMemory();
  EXPECT_EQ(c.frees, 2);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(module);
  EXPECT_EQ(c.streamsCreated, 1);
  EXPECT_EQ(c.synchronizations, 1);
  EXPECT_EQ(c.streamsDestroyed, 1);
  EXPECT_EQ(c.modulesLoaded, 1);
  EXPECT_EQ(c.modulesUnloaded, 1);
  // One primary context, made current on every call.
  EXPECT_EQ(c.contextRetains, 1);
  EXPECT_GT(c.contextSets, 10);

  // A rank-2 memref<3x4xf32> descriptor at element offset 2.
  float storage[14];
  struct {
    float *base, *data;
    int64_t offset, sizes[2], strides[2];
  } memref = {storage, storage, 2, {3, 4}, {4, 1}};
  mgpuMemHostRegisterMemRef(2, &memref, sizeof(float));
  EXPECT_EQ(c.lastRegistered, static_cast<void *>(storage + 2));
  EXPECT_EQ(c.lastRegisteredBytes, 12 * sizeof(float));
  mgpuMemHostUnregisterMemRef(2, &memref, sizeof(float));
  EXPECT_EQ(c.unregistrations, 1);

  // Switching devices retains the new device's primary context.
  mgpuSetDefaultDevice(1);
  mgpuEventDestroy(mgpuEventCreate());
  EXPECT_EQ(c.lastDevice, 1);
  EXPECT_EQ(c.contextRetains, 2);
}
