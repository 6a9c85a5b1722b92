/* FP32 FMA peak of this machine: independent multiply-add chains of the
 * widest vector (512-bit with AVX-512, else 256-bit) per thread, enough to
 * hide the FMA latency on every current x86 core (see
 * shared/design/CPU-CODEGEN-NOTES.md): 24 in AVX-512's 32 registers, 12 in
 * AVX2's 16 (24 would spill there: 9 % below the peak on a Zen 1).
 *
 *   cc -O3 -march=native -pthread bench/peak.c -o peak && ./peak [THREADS]
 * prints "peak threads=T gflops=G vector_bits=B" (best of 20 trials).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#define VECTOR_BYTES 64
#define CHAINS 24
#elif defined(__AVX__)
#define VECTOR_BYTES 32
#define CHAINS 12
#else
#define VECTOR_BYTES 16
#define CHAINS 12
#endif
typedef float vec __attribute__((vector_size(VECTOR_BYTES)));
enum { LANES = VECTOR_BYTES / 4 };
static const long kIterations = 5 * 1000 * 1000;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Factors from memory the compiler cannot see through, so nothing folds. */
static volatile float vScale = 0.999999f, vAdd = 1e-7f;

static void *chains(void *result) {
  vec acc[CHAINS], scale, add;
  for (int i = 0; i < LANES; ++i) {
    scale[i] = vScale;
    add[i] = vAdd;
  }
  for (int c = 0; c < CHAINS; ++c)
    for (int i = 0; i < LANES; ++i)
      acc[c][i] = (float)(c + i);
  for (long n = 0; n < kIterations; ++n) {
    /* Unrolled so the chains live in registers: one FMA each. */
#pragma GCC unroll 24
    for (int c = 0; c < CHAINS; ++c)
      acc[c] = acc[c] * scale + add;
  }
  float sum = 0;
  for (int c = 0; c < CHAINS; ++c)
    for (int i = 0; i < LANES; ++i)
      sum += acc[c][i];
  *(float *)result = sum;
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  if (threads < 1 || threads > 1024) {
    fprintf(stderr, "usage: %s [THREADS]\n", argv[0]);
    return 1;
  }
  pthread_t *ids = malloc((size_t)threads * sizeof *ids);
  float *sums = malloc((size_t)threads * sizeof *sums);
  double best = 0;
  for (int trial = 0; trial < 20; ++trial) {
    double start = now();
    for (int t = 0; t < threads; ++t)
      pthread_create(&ids[t], NULL, chains, &sums[t]);
    for (int t = 0; t < threads; ++t)
      pthread_join(ids[t], NULL);
    double seconds = now() - start;
    double flops = 2.0 * CHAINS * LANES * (double)kIterations * threads;
    if (flops / seconds > best)
      best = flops / seconds;
  }
  float check = 0;
  for (int t = 0; t < threads; ++t)
    check += sums[t];
  printf("peak threads=%d gflops=%.1f vector_bits=%d (checksum %g)\n", threads,
         best * 1e-9, VECTOR_BYTES * 8, check);
  free(ids);
  free(sums);
  return 0;
}
