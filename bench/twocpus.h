/* What the bench/ C tools that time two pinned threads share: the first
 * two CPUs this process may run on, pinning the calling thread to one,
 * and a monotonic clock. Each tool is still one `cc` command: the include
 * is found beside it. */
#ifndef RESNET_BENCH_TWOCPUS_H
#define RESNET_BENCH_TWOCPUS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>
#include <time.h>

static inline double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Pins the calling thread to `cpu`. */
static inline void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* The first two CPUs the process may run on, in cpus[0] and cpus[1]: how
 * many there are (0 to 2), or -1 where the affinity cannot be read. */
static inline int first_two_cpus(int cpus[2]) {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
    return -1;
  int found = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE && found < 2; ++cpu)
    if (CPU_ISSET(cpu, &allowed))
      cpus[found++] = cpu;
  return found;
}

#endif
