/* How fast a late layer can stream its weights from outside L2, by prefetch
 * schedule. The kernel is the one --resnet-tile builds for a 1x1 conv whose
 * weights do not stay in L2 (channels outermost): for each 16-channel tile
 * of the output, every output row sweeps the tile's weights (C x 16
 * floats) with a register tile of one row's W pixels x 1 vector; only the
 * first sweep finds them outside L2. Layers of fresh weights run one after
 * another, as in a model. Schedules of the next tile's weights:
 *   none         no software prefetch: the first sweep waits for memory
 *   every sweep  each sweep prefetches every line of the next tile (what
 *                --resnet-prefetch-weights emits): the lines are asked for
 *                once per row, the first time at the rate of a sweep
 *   spread       each line once, the k-th weight line of the next tile in
 *                the (k mod H)-th sweep: the memory stream spread over the
 *                whole tile
 * and, for scale, one core's plain sequential read of a buffer larger than
 * any cache. Not a test: see bench/README.md.
 *
 *   cc -O3 -march=native bench/weightstream.c -o weightstream
 *   taskset -c 0 ./weightstream
 * prints one line per schedule: the fastest of 5 rounds, ms per layer,
 * GFLOP/s and the weights' GB/s. The shape is fixed at compile time (the
 * register tile must be, to stay in registers): -DC=1024 -DF=2048 -DH=5
 * -DW=9 -DLAYERS=12 are the defaults (ResNeXt-50's last stage at 131x257).
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef C
#define C 1024
#endif
#ifndef F
#define F 2048
#endif
#ifndef H
#define H 5
#endif
#ifndef W
#define W 9
#endif
#ifndef LAYERS
#define LAYERS 12
#endif

enum { kLanes = 16, kRounds = 5 };
enum Schedule { kNone, kEverySweep, kSpread };

_Static_assert(F % kLanes == 0, "F must be a multiple of 16");
_Static_assert(W >= 1 && W <= 15, "W pixels x 1 vector: at most 15 registers");

static float *input, *output;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One layer: output[h][w][f] = relu(sum_c input[h][w][c] * weights[f/16][c][f%16]). */
static void layer(const float *weights, enum Schedule schedule) {
  for (int tile = 0; tile < F / kLanes; ++tile) {
    const float *own = weights + (size_t)tile * C * kLanes;
    const float *next = own + (size_t)C * kLanes;
    int prefetch = schedule != kNone && tile + 1 < F / kLanes;
    for (int h = 0; h < H; ++h) {
      __m512 acc[W];
      for (int p = 0; p < W; ++p)
        acc[p] = _mm512_setzero_ps();
      const float *row = input + (size_t)h * W * C;
      for (int c = 0; c < C; ++c) {
        if (prefetch && (schedule == kEverySweep || c % H == h))
          _mm_prefetch((const char *)(next + (size_t)c * kLanes), _MM_HINT_T1);
        __m512 w = _mm512_loadu_ps(own + (size_t)c * kLanes);
        for (int p = 0; p < W; ++p)
          acc[p] = _mm512_fmadd_ps(_mm512_set1_ps(row[(size_t)p * C + c]), w,
                                   acc[p]);
      }
      for (int p = 0; p < W; ++p)
        _mm512_storeu_ps(output + ((size_t)h * W + p) * F + tile * kLanes,
                         _mm512_max_ps(acc[p], _mm512_setzero_ps()));
    }
  }
}

int main(void) {
  const int layers = LAYERS;
  size_t perLayer = (size_t)C * F;
  float *weights = aligned_alloc(64, perLayer * layers * sizeof(float));
  input = aligned_alloc(64, (size_t)H * W * C * sizeof(float));
  output = aligned_alloc(64, (size_t)H * W * F * sizeof(float));
  if (!weights || !input || !output) {
    fprintf(stderr, "weightstream: out of memory\n");
    return 1;
  }
  for (size_t i = 0; i < perLayer * layers; ++i)
    weights[i] = (float)(i % 7) * 0.01f;
  for (size_t i = 0; i < (size_t)H * W * C; ++i)
    input[i] = (float)(i % 5) * 0.1f;
  const char *names[] = {"none", "every sweep", "spread"};
  double flops = 2.0 * C * F * H * W;
  for (int s = kNone; s <= kSpread; ++s) {
    double best = 1e9;
    for (int round = 0; round < kRounds; ++round) {
      double start = now();
      for (int l = 0; l < layers; ++l)
        layer(weights + perLayer * l, (enum Schedule)s);
      double t = (now() - start) / layers;
      best = t < best ? t : best;
    }
    printf("weightstream %dx%d %d->%d schedule=%s ms=%.3f gflops=%.1f "
           "weights_gbps=%.2f\n", H, W, C, F, names[s], best * 1e3,
           flops / best * 1e-9, perLayer * sizeof(float) / best * 1e-9);
  }
  /* One core's sequential read of all the layers' weights. */
  double best = 1e9;
  __m512 sum = _mm512_setzero_ps();
  for (int round = 0; round < kRounds; ++round) {
    double start = now();
    for (size_t i = 0; i < perLayer * layers; i += kLanes)
      sum = _mm512_add_ps(sum, _mm512_load_ps(weights + i));
    double t = now() - start;
    best = t < best ? t : best;
  }
  printf("weightstream sequential read gbps=%.2f (checksum %.0f)\n",
         perLayer * layers * sizeof(float) / best * 1e-9,
         _mm512_reduce_add_ps(sum));
  return 0;
}
