/* FP32 FMA rate of register tiles, as the convolution kernels run them:
 * a tile of R rows x V vectors keeps R*V accumulators; each reduction step
 * loads V weight vectors and broadcasts one input element per row, then
 * issues R*V FMAs. Everything is in L1 (the rows a few lines apart, off
 * the 4 KiB period so that they do not share L1 sets), so what is left is
 * how the core issues the mix: the FMA rate, the loads and, where a
 * broadcast costs more than a load, the broadcasts. Shapes whose values
 * exceed the register file spill; the rate says so.
 *
 *   clang -O3 -march=native bench/regtile.c -o regtile && taskset -c 0 ./regtile
 * (clang: the backend the generated code goes through; GCC splits ymm
 * broadcasts on some cores, bench/README "Register tiles and broadcasts")
 * prints "tile RxV gflops=G peak_pct=P" per shape (best of 20 trials) after
 * "peak gflops=G", independent FMA chains without loads (bench/peak.c's
 * one-thread kernel).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

#include "vector.h"

enum { LANES = VECTOR_BYTES / 4, STEPS = 256, MAX_ROWS = 14, MAX_VECTORS = 4 };
/* A row of the input: the steps' elements plus a cache line and a quarter,
 * so that rows start in different L1 sets. */
enum { ROW_FLOATS = STEPS + 20 };
static const int kTrials = 20, kRepeats = 4000;

static float input[MAX_ROWS][ROW_FLOATS] __attribute__((aligned(64)));
static vec weights[STEPS][MAX_VECTORS];
static volatile float sink;

/* `x` in every lane (a broadcast load where `x` is in memory). */
static inline vec splat(float x) {
  vec v;
  for (int lane = 0; lane < LANES; ++lane)
    v[lane] = x;
  return v;
}

/* One tile's kernel: the accumulators start at zero per repeat and are
 * summed into `sink` so that nothing is optimized away. */
#define TILE(R, V)                                                            \
  static void tile_##R##x##V(int repeats) {                                   \
    float total = 0;                                                          \
    for (int repeat = 0; repeat < repeats; ++repeat) {                        \
      vec acc[R][V] = {{{0}}};                                                \
      for (int k = 0; k < STEPS; ++k) {                                       \
        vec w[V];                                                             \
        for (int v = 0; v < V; ++v)                                           \
          w[v] = weights[k][v];                                               \
        for (int r = 0; r < R; ++r) {                                         \
          vec b = splat(input[r][k]);                                     \
          for (int v = 0; v < V; ++v)                                         \
            acc[r][v] += b * w[v];                                            \
        }                                                                     \
      }                                                                       \
      for (int r = 0; r < R; ++r)                                             \
        for (int v = 0; v < V; ++v)                                           \
          total += acc[r][v][0];                                              \
    }                                                                         \
    sink = total;                                                             \
  }

TILE(4, 1)
TILE(7, 1)
TILE(10, 1)
TILE(14, 1)
TILE(3, 2)
TILE(4, 2)
TILE(5, 2)
TILE(6, 2)
TILE(7, 2)
TILE(3, 3)
TILE(4, 3)
TILE(2, 4)
TILE(3, 4)

/* The peak: 12 (AVX2) or 24 (AVX-512) independent FMA chains, no loads. */
enum { CHAINS = VECTOR_BYTES == 64 ? 24 : 12 };
static volatile float vScale = 0.999999f, vAdd = 1e-7f;
static void peak(int repeats) {
  vec acc[CHAINS], scale = splat(vScale), add = splat(vAdd);
  for (int c = 0; c < CHAINS; ++c)
    acc[c] = splat((float)c);
  for (long i = 0; i < (long)repeats * STEPS; ++i)
    for (int c = 0; c < CHAINS; ++c)
      acc[c] = acc[c] * scale + add;
  float total = 0;
  for (int c = 0; c < CHAINS; ++c)
    total += acc[c][0];
  sink = total;
}

/* Best GFLOP/s of `kernel` over the trials, `fmas` vector FMAs a step. */
static double rate(void (*kernel)(int), int fmas) {
  double best = 0;
  kernel(kRepeats / 10);
  for (int trial = 0; trial < kTrials; ++trial) {
    double start = now();
    kernel(kRepeats);
    double seconds = now() - start;
    double flops = 2.0 * LANES * fmas * STEPS * (double)kRepeats;
    if (flops / seconds > best)
      best = flops / seconds;
  }
  return best * 1e-9;
}

int main(void) {
  for (int r = 0; r < MAX_ROWS; ++r)
    for (int k = 0; k < ROW_FLOATS; ++k)
      input[r][k] = 1e-3f * (float)(k % 97);
  for (int k = 0; k < STEPS; ++k)
    for (int v = 0; v < MAX_VECTORS; ++v)
      weights[k][v] = splat(1e-3f * (float)(v + k % 13));
  struct {
    int rows, vectors;
    void (*kernel)(int);
  } tiles[] = {{4, 1, tile_4x1},  {7, 1, tile_7x1},  {10, 1, tile_10x1},
               {14, 1, tile_14x1}, {3, 2, tile_3x2},  {4, 2, tile_4x2},
               {5, 2, tile_5x2},  {6, 2, tile_6x2},  {7, 2, tile_7x2},
               {3, 3, tile_3x3},  {4, 3, tile_4x3},  {2, 4, tile_2x4},
               {3, 4, tile_3x4}};
  double top = rate(peak, CHAINS);
  printf("peak gflops=%.1f vector_bits=%d\n", top, VECTOR_BYTES * 8);
  for (unsigned i = 0; i < sizeof tiles / sizeof *tiles; ++i) {
    double g = rate(tiles[i].kernel, tiles[i].rows * tiles[i].vectors);
    printf("tile %dx%d gflops=%.1f peak_pct=%.0f\n", tiles[i].rows,
           tiles[i].vectors, g, 100 * g / top);
  }
  return 0;
}
