/*===- FakeCudaDriver.h - what the fake driver records ------------*- C -*-===*/
#ifndef RESNET_TEST_UNIT_FAKECUDADRIVER_H
#define RESNET_TEST_UNIT_FAKECUDADRIVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int inits, contextRetains, contextSets, lastDevice;
  int modulesLoaded, modulesUnloaded, jitOptLevel;
  int currentDevice;    /* device of the context made current last */
  int lastModuleDevice; /* current device when a module was loaded last */
  int launches, sharedMemoryOptIn;
  unsigned lastLaunchDims[6], lastSharedMemory;
  void *lastFirstParam;
  int streamsCreated, streamsDestroyed, synchronizations;
  int allocations, managedAllocations, frees, unregistrations;
  void *lastRegistered;
  size_t lastRegisteredBytes;
  /* Device globals filled by cuMemcpyHtoD (the weights), and their bytes. */
  int globalsFilled;
  size_t globalBytes;
} FakeCudaCounters;

FakeCudaCounters *fakeCudaCounters(void);

#ifdef __cplusplus
}
#endif

#endif
