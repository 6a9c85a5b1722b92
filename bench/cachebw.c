/* Bytes per core cycle one core reads from each level of the cache
 * hierarchy: the numbers behind CpuTarget's l2BytesPerCycle,
 * l3BytesPerCycle and memoryBytesPerCycle (codegen/cpu/Target.h). Each
 * buffer is read again and again with the widest vector loads (four
 * independent sums, so the loads are never waiting on an add); its size
 * places it in one level: half of L2, half of L3 per core, four times L3.
 * The core clock is measured the same way a cycle is defined: a chain of
 * dependent integer adds, one per cycle on every x86 core, so the result
 * holds under turbo and on a VM whose TSC runs at another rate.
 *
 *   cc -O2 -march=native bench/cachebw.c -o cachebw && taskset -c 0 ./cachebw
 * prints one line per level, "level=L2 bytes=... gb_per_s=...
 * bytes_per_cycle=..."
 * (best of 7 rounds). The sizes come from sysfs (cpu0's caches), or
 * -DL2=... -DL3=... in bytes where the VM hides them. Not a test: see
 * bench/README.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vector.h"

enum { kRounds = 7 };

/* Cycles per second: 400 M dependent adds, one a cycle. */
static double coreHz(void) {
  const long adds = 400 * 1000 * 1000;
  double best = 0;
  for (int round = 0; round < 3; ++round) {
    long x = 0;
    double start = now();
    for (long i = 0; i < adds / 8; ++i)
      __asm__ volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                       "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                       "add $1, %0\n\tadd $1, %0"
                       : "+r"(x));
    double hz = adds / (now() - start);
    if (hz > best)
      best = hz;
  }
  return best;
}

/* A cache size from sysfs ("512K", "8192K", "32M"), or 0. */
static long cacheBytes(int level) {
  for (int index = 0; index < 8; ++index) {
    char path[128], text[32];
    snprintf(path, sizeof path,
             "/sys/devices/system/cpu/cpu0/cache/index%d/level", index);
    FILE *file = fopen(path, "r");
    if (!file)
      return 0;
    int found = fscanf(file, "%31s", text) == 1 && atoi(text) == level;
    fclose(file);
    if (!found)
      continue;
    snprintf(path, sizeof path,
             "/sys/devices/system/cpu/cpu0/cache/index%d/size", index);
    file = fopen(path, "r");
    if (!file)
      return 0;
    long size = 0;
    char unit = 0;
    if (fscanf(file, "%ld%c", &size, &unit) < 1)
      size = 0;
    fclose(file);
    return unit == 'K' ? size << 10 : unit == 'M' ? size << 20 : size;
  }
  return 0;
}

static volatile float sink;

/* Seconds per byte of one read of `buffer` (best of kRounds, each reading
 * at least 2 GB). */
static double readSeconds(const vec *buffer, long bytes) {
  long vectors = bytes / VECTOR_BYTES;
  long passes = (2L << 30) / bytes + 1;
  double best = 1e30;
  for (int round = 0; round < kRounds; ++round) {
    vec s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
    double start = now();
    for (long pass = 0; pass < passes; ++pass)
      for (long i = 0; i < vectors; i += 4) {
        s0 += buffer[i];
        s1 += buffer[i + 1];
        s2 += buffer[i + 2];
        s3 += buffer[i + 3];
      }
    double seconds = (now() - start) / ((double)passes * bytes);
    vec s = s0 + s1 + s2 + s3;
    sink = s[0];
    if (seconds < best)
      best = seconds;
  }
  return best;
}

int main(void) {
#ifdef L2
  long l2 = L2;
#else
  long l2 = cacheBytes(2);
#endif
#ifdef L3
  long l3 = L3;
#else
  long l3 = cacheBytes(3);
#endif
  if (l2 <= 0 || l3 <= 0) {
    fprintf(stderr, "cachebw: cache sizes unknown: build with -DL2=... "
                    "-DL3=... (bytes)\n");
    return 1;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  struct {
    const char *name;
    long bytes;
  } levels[] = {{"L2", l2 / 2}, {"L3", l3 / 2 / (cores > 0 ? cores : 1)},
                {"memory", 4 * l3}};
  double hz = coreHz();
  printf("core_ghz=%.2f l2_bytes=%ld l3_bytes=%ld vector_bits=%d\n", hz / 1e9,
         l2, l3, VECTOR_BYTES * 8);
  for (unsigned i = 0; i < sizeof levels / sizeof levels[0]; ++i) {
    long bytes = levels[i].bytes / (4 * VECTOR_BYTES) * (4 * VECTOR_BYTES);
    vec *buffer = aligned_alloc(64, bytes);
    if (!buffer)
      return 1;
    memset(buffer, 0, bytes);
    double seconds = readSeconds(buffer, bytes);
    printf("level=%s bytes=%ld gb_per_s=%.1f bytes_per_cycle=%.1f\n",
           levels[i].name, bytes, 1e-9 / seconds, 1 / (seconds * hz));
    free(buffer);
  }
  return 0;
}
