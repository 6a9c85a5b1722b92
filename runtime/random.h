/*===- random.h - the deterministic test-input generator ----------*- C -*-===
 *
 * The one generator every tool uses for "no input given" runs, so that
 * `resnet-run --seed N` and a compiled model run with the same seed see the
 * same input. Plain C99, header-only: runtime/ C code includes or copies it.
 *
 * Definition (reproduce it exactly when porting):
 *   - state: a uint64_t, initialised to `seed + k` for the k-th input
 *     (0-based) of the entry function;
 *   - step: splitmix64 (Steele, Lea, Flood 2014):
 *       state += 0x9E3779B97F4A7C15;
 *       z = state;
 *       z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
 *       z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
 *       z = z ^ (z >> 31);
 *   - element: (float)(z >> 40) * 2^-23 - 1, uniform in [-1, 1) on a grid of
 *     2^-23 (every value is exact in f32);
 *   - a tensor is filled in C (row-major) order, one step per element.
 *
 * In numpy (for tests):
 *   M = (1 << 64) - 1
 *   def gen(seed, n):
 *       s, out = seed, []
 *       for _ in range(n):
 *           s = (s + 0x9E3779B97F4A7C15) & M
 *           z = s
 *           z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
 *           z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
 *           z ^= z >> 31
 *           out.append((z >> 40) / 8388608.0 - 1.0)
 *       return np.array(out, dtype=np.float32)
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_RANDOM_H
#define RESNET_RUNTIME_RANDOM_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t resnet_splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Next value, uniform in [-1, 1). */
static inline float resnet_random_uniform(uint64_t *state) {
  return (float)(resnet_splitmix64(state) >> 40) * (1.0f / 8388608.0f) - 1.0f;
}

/* Fills `data[0..count)` from a generator started at `seed`. */
static inline void resnet_fill_random(float *data, size_t count,
                                      uint64_t seed) {
  uint64_t state = seed;
  for (size_t i = 0; i < count; ++i)
    data[i] = resnet_random_uniform(&state);
}

#endif /* RESNET_RUNTIME_RANDOM_H */
