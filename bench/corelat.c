/* Time for a cache line written on one core to be read on another: two
 * threads, pinned to the first two CPUs this process may run on, pass a
 * counter back and forth through one cache line; a round trip is two such
 * transfers. Where two threads share a layer's data (a halo row, a border
 * written by one thread and read by the other, a layer that splits its
 * work differently from its producer) each line pays this latency, so it
 * bounds how much of the 2-thread scaling small layers can keep.
 *
 *   cc -O2 -pthread bench/corelat.c -o corelat && ./corelat
 * prints "corelat cpus=A,B one_way_ns=N" (median of 7 trials), or
 * "corelat cpus=A one_way_ns=nan" where only one CPU is available.
 */
#include "twocpus.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { kRoundTrips = 200000, kTrials = 7 };

static _Alignas(64) _Atomic long line;
static int cpus[2];

/* Waits for `value`, then answers with value + 1, `count` times from
 * `first` in steps of 2: the two threads take turns. */
static void take_turns(long first, long count) {
  for (long value = first; value < first + 2 * count; value += 2) {
    while (atomic_load_explicit(&line, memory_order_acquire) != value)
      ;
    atomic_store_explicit(&line, value + 1, memory_order_release);
  }
}

static void *partner(void *arg) {
  pin(cpus[1]);
  take_turns(*(long *)arg + 1, kRoundTrips);
  return NULL;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  int found = first_two_cpus(cpus);
  if (found < 0) {
    perror("corelat: sched_getaffinity");
    return 1;
  }
  if (found < 2) {
    printf("corelat cpus=%d one_way_ns=nan\n", cpus[0]);
    return 0;
  }
  pin(cpus[0]);
  double oneWay[kTrials];
  long start = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, partner, &start) != 0) {
      fprintf(stderr, "corelat: cannot start a thread\n");
      return 1;
    }
    double t0 = now();
    take_turns(start, kRoundTrips);
    pthread_join(thread, NULL);
    oneWay[trial] = (now() - t0) / (2.0 * kRoundTrips) * 1e9;
    start += 2 * kRoundTrips;
  }
  qsort(oneWay, kTrials, sizeof oneWay[0], compare);
  printf("corelat cpus=%d,%d one_way_ns=%.0f\n", cpus[0], cpus[1],
         oneWay[kTrials / 2]);
  return 0;
}
