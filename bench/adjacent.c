/* Two cores writing regions that abut: how much slower than regions a few
 * lines apart. Two threads, pinned to the first two CPUs this process may
 * run on, each read, add to and write back their own region of REGION
 * bytes (vector loads and stores at -O3; a worker's Winograd V and M, say)
 * over and over; the second region starts GAP bytes after the first. The
 * regions share no cache line (nor, at the default REGION of two pages,
 * any page), yet where they abut the first core's prefetchers, streaming
 * through its region, fetch the lines past its end: the start of the other
 * core's region, which that core then has to take back, again and again.
 * A hole of a few lines between them is enough; the compiler keeps a page
 * between the slots two workers write (--resnet-band-scratch).
 *
 *   cc -O3 -march=native -pthread bench/adjacent.c -o adjacent && ./adjacent
 * prints one line per layout, "adjacent region=R gap=G threads=T ms=M"
 * (best of 5 trials): one thread alone, two threads whose regions abut,
 * 256 bytes apart, a page apart. Not a test: see bench/README.md.
 */
#include "twocpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef REGION
#define REGION 8192
#endif

enum { kPage = 4096, kPasses = 1000000, kTrials = 5 };

static char *buffer;
static long gap;
static int cpus[2];

static void *writer(void *arg) {
  long index = (long)arg;
  pin(cpus[index]);
  float *region = (float *)(buffer + index * gap);
  for (int pass = 0; pass < kPasses; ++pass) {
    for (long i = 0; i < REGION / (long)sizeof(float); ++i)
      region[i] += 1.0f;
    /* Each pass reads what the last one wrote (no pass folded away). */
    __asm__ volatile("" ::: "memory");
  }
  return NULL;
}

/* Best of kTrials runs of `threads` writers, in ms. */
static double trial(int threads) {
  double best = 1e30;
  for (int t = 0; t < kTrials; ++t) {
    pthread_t ids[2];
    double start = now();
    for (long i = 0; i < threads; ++i)
      pthread_create(&ids[i], NULL, writer, (void *)i);
    for (int i = 0; i < threads; ++i)
      pthread_join(ids[i], NULL);
    double ms = (now() - start) * 1e3;
    best = ms < best ? ms : best;
  }
  return best;
}

int main(void) {
  if (first_two_cpus(cpus) < 2) {
    printf("adjacent: one CPU only\n");
    return 0;
  }
  buffer = aligned_alloc(kPage, 4 * (REGION + kPage));
  if (!buffer)
    return 1;
  memset(buffer, 0, 4 * (REGION + kPage));
  long layouts[][2] = {
      {REGION, 1}, {REGION, 2}, {REGION + 256, 2}, {REGION + kPage, 2}};
  for (int l = 0; l < 4; ++l) {
    gap = layouts[l][0];
    int threads = (int)layouts[l][1];
    printf("adjacent region=%d gap=%ld threads=%d ms=%.1f\n", REGION, gap,
           threads, trial(threads));
  }
  return 0;
}
