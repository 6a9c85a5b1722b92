/* What a buffer touched by the other core costs: reading lines another
 * core wrote, and writing lines another core read. Two threads, pinned to
 * the first two CPUs this process may run on, take turns on one buffer of
 * BYTES bytes (default 800 KiB: a 14x14 256-channel Winograd layer's V).
 * Each round times, on the first CPU:
 *   - reading the buffer after writing it itself ("read own"),
 *   - reading it after the second CPU wrote it ("read after other wrote"),
 *   - writing it when only this core holds it ("write own"),
 *   - writing it after the second CPU read it ("write after other read"):
 *     every line is then shared, and each store waits for the other
 *     core's copy to be invalidated.
 * The layers on threads meet both: one layer's tiles write a buffer split
 * one way, the next reads it split another way, and the arena hands the
 * same buffers to later layers.
 *
 *   cc -O3 -march=native -pthread bench/crosscore.c -o crosscore
 *   ./crosscore [BYTES]
 * prints "crosscore bytes=B read_own_us=.. read_other_us=.. write_own_us=..
 * write_other_us=.." (medians of 41 rounds; nan where the process may run
 * on one CPU only). Not a test: see bench/README.md.
 */
#include "twocpus.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { kRounds = 41 };
enum { kIdle, kRead, kWrite, kStop };

static float *buffer;
static size_t count;
static _Atomic int request = kIdle;
static volatile float sink;
static int cpus[2];

/* Sixteen sums a step, one per lane (vector adds with no reassociation):
   the loads, not an add chain, are the bound. */
static double readAll(void) {
  double start = now();
  float sums[16] = {0};
  for (size_t i = 0; i + 16 <= count; i += 16)
    for (int j = 0; j < 16; ++j)
      sums[j] += buffer[i + j];
  float sum = 0;
  for (int j = 0; j < 16; ++j)
    sum += sums[j];
  sink = sum;
  return now() - start;
}

static double writeAll(float value) {
  double start = now();
  for (size_t i = 0; i < count; ++i)
    buffer[i] = value;
  return now() - start;
}

/* The second CPU: reads or writes the buffer when asked. */
static void *other(void *unused) {
  (void)unused;
  pin(cpus[1]);
  for (;;) {
    int r;
    while ((r = atomic_load(&request)) == kIdle)
      ;
    if (r == kStop)
      return NULL;
    if (r == kRead)
      readAll();
    else
      writeAll(2.0f);
    atomic_store(&request, kIdle);
  }
}

static void ask(int what) {
  atomic_store(&request, what);
  while (atomic_load(&request) != kIdle)
    ;
}

static int byValue(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *t) {
  qsort(t, kRounds, sizeof *t, byValue);
  return t[kRounds / 2] * 1e6;
}

int main(int argc, char **argv) {
  size_t bytes = argc > 1 ? strtoul(argv[1], NULL, 0) : 800 * 1024;
  int found = first_two_cpus(cpus);
  if (bytes < 4096) {
    fprintf(stderr, "crosscore: BYTES must be at least 4096\n");
    return 1;
  }
  /* On one CPU there is no other core: say so rather than time a thread
     that waits for a partner it shares the CPU with. */
  if (found < 2) {
    printf("crosscore bytes=%zu read_own_us=nan read_other_us=nan "
           "write_own_us=nan write_other_us=nan\n",
           bytes);
    return 0;
  }
  count = bytes / sizeof(float);
  buffer = aligned_alloc(4096, count * sizeof(float));
  if (!buffer)
    return 1;
  pin(cpus[0]);
  pthread_t thread;
  pthread_create(&thread, NULL, other, NULL);
  double readOwn[kRounds], readOther[kRounds], writeOwn[kRounds],
      writeOther[kRounds];
  for (int r = 0; r < kRounds; ++r) {
    writeAll(1.0f);
    readOwn[r] = readAll();
    ask(kWrite);
    readOther[r] = readAll();
    writeAll(3.0f); /* the other core's copies invalidated, ours alone */
    writeOwn[r] = writeAll(4.0f);
    ask(kRead);
    writeOther[r] = writeAll(5.0f);
  }
  atomic_store(&request, kStop);
  pthread_join(thread, NULL);
  printf("crosscore bytes=%zu read_own_us=%.1f read_other_us=%.1f "
         "write_own_us=%.1f write_other_us=%.1f\n",
         bytes, median(readOwn), median(readOther), median(writeOwn),
         median(writeOther));
  return 0;
}
