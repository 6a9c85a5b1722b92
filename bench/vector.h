/* What the bench/ C tools share: the widest f32 vector the compiler was
 * told to use (-march=native: 512-bit with AVX-512, 256-bit with AVX,
 * else 128-bit) as a GCC/Clang vector type, and a monotonic clock. Each
 * tool is still one `cc` command: the include is found beside it. */
#ifndef RESNET_BENCH_VECTOR_H
#define RESNET_BENCH_VECTOR_H

#include <time.h>

#if defined(__AVX512F__)
#define VECTOR_BYTES 64
#elif defined(__AVX__)
#define VECTOR_BYTES 32
#else
#define VECTOR_BYTES 16
#endif
typedef float vec __attribute__((vector_size(VECTOR_BYTES)));

static inline double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#endif
