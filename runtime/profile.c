/*===- profile.c - per-layer profile of a compiled model -------------------===
 *
 * The hooks an instrumented model calls around each layer (see profile.h),
 * the recording of several runs and the printed table.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L
#include "runtime/profile.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Emitted by resnet-compile --profile; absent (NULL) otherwise. */
extern const int64_t resnet_profile_count __attribute__((weak));
extern const int64_t resnet_profile_flops[] __attribute__((weak));
extern const char resnet_profile_names[] __attribute__((weak));

/* The thread pool's busy time (threads.c), linked only into models that
   run layers on threads. */
extern void resnet_threads_account(int on) __attribute__((weak));
extern int64_t resnet_threads_busy_ns(void) __attribute__((weak));
extern int resnet_get_max_threads(void) __attribute__((weak));

/* What is being recorded; `times == NULL` when not recording. */
static struct {
  double *times;  /* [runs][layers]: seconds spent in each layer */
  double *totals; /* [runs]: seconds of each run end to end */
  double *start;  /* [layers]: when the layer's open bracket began */
  double *busy;   /* [runs][layers]: the threads' busy seconds, summed */
  int64_t *busyStart; /* [layers]: the pool's busy time at the bracket */
  long runs, run;
  int64_t layers;
} rec;

static int64_t busyNow(void) {
  return resnet_threads_busy_ns ? resnet_threads_busy_ns() : 0;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void resnet_prof_begin(int64_t layer) {
  if (!rec.times || layer < 0 || layer >= rec.layers)
    return;
  rec.busyStart[layer] = busyNow();
  rec.start[layer] = now();
}

void resnet_prof_end(int64_t layer) {
  if (!rec.times || layer < 0 || layer >= rec.layers || rec.run >= rec.runs)
    return;
  /* += : a layer split in several runs of ops is timed as their sum. */
  rec.times[rec.run * rec.layers + layer] += now() - rec.start[layer];
  rec.busy[rec.run * rec.layers + layer] +=
      1e-9 * (double)(busyNow() - rec.busyStart[layer]);
}

/* Frees the recording and stops the pool's accounting. */
static void stopRecording(void) {
  free(rec.times);
  free(rec.totals);
  free(rec.start);
  free(rec.busy);
  free(rec.busyStart);
  memset(&rec, 0, sizeof rec);
  if (resnet_threads_account)
    resnet_threads_account(0);
}

int64_t resnet_profile_layers(void) {
  return &resnet_profile_count ? resnet_profile_count : 0;
}

int resnet_profile_start(long runs) {
  int64_t layers = resnet_profile_layers();
  stopRecording();
  rec.layers = layers;
  rec.runs = runs > 0 ? runs : 1;
  rec.run = 0;
  size_t cells = (size_t)(rec.runs * (layers ? layers : 1));
  rec.times = calloc(cells, sizeof *rec.times);
  rec.totals = calloc((size_t)rec.runs, sizeof *rec.totals);
  rec.start = calloc((size_t)(layers ? layers : 1), sizeof *rec.start);
  rec.busy = calloc(cells, sizeof *rec.busy);
  rec.busyStart = calloc((size_t)(layers ? layers : 1), sizeof *rec.busyStart);
  if (rec.times && rec.totals && rec.start && rec.busy && rec.busyStart) {
    if (resnet_threads_account)
      resnet_threads_account(1);
    return 0;
  }
  stopRecording();
  return -1;
}

void resnet_profile_end_run(double seconds) {
  if (rec.times && rec.run < rec.runs)
    rec.totals[rec.run++] = seconds;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of `count` values (sorted in place). */
static double median(double *values, long count) {
  if (count <= 0)
    return 0;
  qsort(values, (size_t)count, sizeof *values, compareDoubles);
  return count % 2 ? values[count / 2]
                   : 0.5 * (values[count / 2 - 1] + values[count / 2]);
}

/* "   45.67  20.7%" or dashes when the FLOPs or the peak are unknown. */
static void printRate(FILE *out, double flops, double seconds, double peak) {
  if (flops <= 0 || seconds <= 0) {
    fprintf(out, " %9s %6s", "-", "-");
    return;
  }
  double gflops = flops / seconds * 1e-9;
  fprintf(out, " %9.2f", gflops);
  if (peak > 0)
    fprintf(out, " %5.1f%%", 100 * gflops / peak);
  else
    fprintf(out, " %6s", "-");
}

/* On threads, the share of the layers' thread time (threads x time) the
   threads spent working; 0 on one thread or when no layer ran on the
   pool. */
static double busyShare(const double *time, const double *busy,
                        int64_t layers, int threads) {
  if (threads < 2 || !resnet_threads_busy_ns)
    return 0;
  double threadTime = 0, busyTime = 0;
  for (int64_t l = 0; l < layers; ++l) {
    threadTime += threads * time[l];
    busyTime += busy[l];
  }
  return threadTime > 0 && busyTime > 0 ? busyTime / threadTime : 0;
}

/* Each layer's idle thread time, threads x time - busy (-1 for a layer
   that never ran on the pool). */
static void idleTimes(const double *time, const double *busy, int64_t layers,
                      int threads, double *idle) {
  for (int64_t l = 0; l < layers; ++l) {
    double left = threads * time[l] - busy[l];
    idle[l] = busy[l] > 0 ? (left > 0 ? left : 0) : -1;
  }
}

/* "threads: 2, busy 91.3% of the layers' thread time; most idle: 45
   (0.121 ms) ...": where the threads waited longest (at barriers, for a
   thread still working, on serial code). */
static void printMostIdle(FILE *out, double *idle, int64_t layers,
                          int threads, double share) {
  fprintf(out, "threads: %d, busy %.1f%% of the layers' thread time; most idle:",
          threads, 100 * share);
  for (int k = 0; k < 5; ++k) {
    int64_t most = -1;
    for (int64_t l = 0; l < layers; ++l)
      if (idle[l] >= 0 && (most < 0 || idle[l] > idle[most]))
        most = l;
    if (most < 0)
      break;
    fprintf(out, " %lld (%.3f ms)", (long long)most, idle[most] * 1e3);
    idle[most] = -1;
  }
  fprintf(out, "\n");
}

void resnet_profile_print(FILE *out, const char *model, double peak_gflops) {
  if (!rec.times)
    return;
  long runs = rec.run;
  int64_t layers = rec.layers;
  double *column = malloc((size_t)(runs ? runs : 1) * sizeof *column);
  double *layerTime = malloc((size_t)(layers ? layers : 1) * sizeof *layerTime);
  double *layerBusy = malloc((size_t)(layers ? layers : 1) * sizeof *layerBusy);
  if (!column || !layerTime || !layerBusy) {
    fprintf(out, "profile of '%s': out of memory\n", model);
    free(column);
    free(layerTime);
    free(layerBusy);
    stopRecording();
    return;
  }
  double flops = 0;
  for (int64_t l = 0; l < layers; ++l) {
    for (long r = 0; r < runs; ++r)
      column[r] = rec.times[r * layers + l];
    layerTime[l] = median(column, runs);
    for (long r = 0; r < runs; ++r)
      column[r] = rec.busy[r * layers + l];
    layerBusy[l] = median(column, runs);
    flops += (double)resnet_profile_flops[l];
  }

  /* Outside the layers: per run, what the layers leave of the total (the
     sum of the layers' medians need not be the median of their sums). */
  for (long r = 0; r < runs; ++r) {
    column[r] = rec.totals[r];
    for (int64_t l = 0; l < layers; ++l)
      column[r] -= rec.times[r * layers + l];
  }
  double other = median(column, runs);
  if (other < 0)
    other = 0;
  double total = median(rec.totals, runs);
  fprintf(out, "profile of '%s': %lld layers, median of %ld run(s)", model,
          (long long)layers, runs);
  if (peak_gflops > 0)
    fprintf(out, ", peak %.1f GFLOP/s", peak_gflops);
  fprintf(out, "\n%5s %10s %7s %9s %6s  %s\n", "layer", "time_ms", "share",
          "GFLOP/s", "%peak", "name");
  const char *name = resnet_profile_names;
  for (int64_t l = 0; l < layers; ++l, name += strlen(name) + 1) {
    fprintf(out, "%5lld %10.4f %6.1f%%", (long long)l, layerTime[l] * 1e3,
            total > 0 ? 100 * layerTime[l] / total : 0.0);
    printRate(out, (double)resnet_profile_flops[l], layerTime[l],
              peak_gflops);
    fprintf(out, "  %s\n", name);
  }
  fprintf(out, "%5s %10.4f %6.1f%% %9s %6s  outside the layers\n", "other",
          other * 1e3, total > 0 ? 100 * other / total : 0.0, "", "");
  fprintf(out, "%5s %10.4f %6.1f%%", "total", total * 1e3, 100.0);
  printRate(out, flops, total, peak_gflops);
  fprintf(out, "  %.3f GFLOP\n", flops * 1e-9);

  int threads = resnet_get_max_threads ? resnet_get_max_threads() : 1;
  double share = busyShare(layerTime, layerBusy, layers, threads);
  /* In place of the busy times (each read before it is replaced), before
     the next loop marks the layers it has printed. */
  double *layerIdle = layerBusy;
  idleTimes(layerTime, layerBusy, layers, threads, layerIdle);

  /* The five slowest layers, so they stand out in a long table. */
  fprintf(out, "slowest:");
  for (int k = 0; k < 5 && k < layers; ++k) {
    int64_t best = -1;
    for (int64_t l = 0; l < layers; ++l)
      if (layerTime[l] >= 0 && (best < 0 || layerTime[l] > layerTime[best]))
        best = l;
    fprintf(out, " %lld (%.1f%%)", (long long)best,
            total > 0 ? 100 * layerTime[best] / total : 0.0);
    layerTime[best] = -1;
  }
  fprintf(out, "\n");
  if (share > 0)
    printMostIdle(out, layerIdle, layers, threads, share);
  free(column);
  free(layerTime);
  free(layerBusy);
  stopRecording();
}
