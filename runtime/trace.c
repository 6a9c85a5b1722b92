/*===- trace.c - per-layer numerics trace of a compiled model --------------===
 *
 * The model calls resnet_trace_write after each layer (see trace.h); while a
 * trace is open, the layer's elements are gathered from wherever the code
 * keeps them (NHWC, inside a padded buffer) into NCHW order and written as
 * an .npy, and index.txt gets a line.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L
#include "runtime/trace.h"
#include "runtime/npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Emitted by resnet-compile --trace. */
extern const int64_t resnet_trace_count;
extern const char resnet_trace_names[];

/* Longest part of a layer name kept in a file name (kTraceMaxFileName). */
#define RESNET_TRACE_MAX_FILE_NAME 96

static struct {
  char *dir;
  FILE *index;
  long written;
  char error[512];
} trace;

static const char *layerName(int64_t layer) {
  const char *name = resnet_trace_names;
  for (int64_t i = 0; i < layer && i < resnet_trace_count; ++i)
    name += strlen(name) + 1;
  return name;
}

/* "007_L53_conv1.npy", as dialect/TraceNames.cpp's traceFileName. */
static void fileName(char *out, size_t size, long index, const char *name) {
  int used = snprintf(out, size, "%03ld_", index);
  size_t at = used > 0 ? (size_t)used : 0;
  for (const char *c = name;
       *c && at + 5 < size && c - name < RESNET_TRACE_MAX_FILE_NAME; ++c) {
    int keep = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
               (*c >= '0' && *c <= '9') || *c == '.' || *c == '-';
    out[at++] = keep ? *c : '_';
  }
  snprintf(out + at, size - at, ".npy");
}

static void fail(const char *format, const char *arg) {
  if (!trace.error[0])
    snprintf(trace.error, sizeof trace.error, format, arg, strerror(errno));
}

void resnet_trace_write(int64_t layer, int64_t data, int64_t offset,
                        int64_t rank, int64_t size0, int64_t size1,
                        int64_t size2, int64_t size3, int64_t stride0,
                        int64_t stride1, int64_t stride2, int64_t stride3) {
  if (!trace.dir || trace.error[0] || rank < 0 || rank > 4)
    return;
  const float *base = (const float *)(intptr_t)data + offset;
  int64_t shape[4] = {size0, size1, size2, size3};
  int64_t count = size0 * size1 * size2 * size3;
  float *values = malloc((size_t)(count ? count : 1) * sizeof *values);
  if (!values) {
    fail("out of memory tracing layer '%s' (%s)", layerName(layer));
    return;
  }
  float *out = values;
  for (int64_t a = 0; a < size0; ++a)
    for (int64_t b = 0; b < size1; ++b)
      for (int64_t c = 0; c < size2; ++c)
        for (int64_t d = 0; d < size3; ++d)
          *out++ = base[a * stride0 + b * stride1 + c * stride2 + d * stride3];

  const char *name = layerName(layer);
  char file[RESNET_TRACE_MAX_FILE_NAME + 16];
  fileName(file, sizeof file, trace.written, name);
  size_t pathSize = strlen(trace.dir) + sizeof file + 2;
  char *path = malloc(pathSize);
  char error[512];
  if (path) {
    snprintf(path, pathSize, "%s/%s", trace.dir, file);
    if (resnet_npy_write(path, values, shape, (int)rank, error, sizeof error))
      snprintf(trace.error, sizeof trace.error, "%s", error);
    else if (fprintf(trace.index, "%s\t%s\n", file, name) < 0)
      fail("%s/index.txt: cannot write: %s", trace.dir);
    else
      ++trace.written;
  } else {
    fail("out of memory tracing layer '%s' (%s)", name);
  }
  free(path);
  free(values);
}

int resnet_trace_open(const char *dir, char *error, size_t errorSize) {
  if (mkdir(dir, 0777) && errno != EEXIST) {
    snprintf(error, errorSize, "%s: cannot create the trace directory: %s",
             dir, strerror(errno));
    return -1;
  }
  size_t size = strlen(dir) + sizeof "/index.txt";
  char *indexPath = malloc(size);
  trace.dir = strdup(dir);
  if (!indexPath || !trace.dir) {
    snprintf(error, errorSize, "out of memory");
    free(indexPath);
    free(trace.dir);
    trace.dir = NULL;
    return -1;
  }
  snprintf(indexPath, size, "%s/index.txt", dir);
  trace.index = fopen(indexPath, "w");
  if (!trace.index) {
    snprintf(error, errorSize, "%s: cannot create: %s", indexPath,
             strerror(errno));
    free(indexPath);
    free(trace.dir);
    trace.dir = NULL;
    return -1;
  }
  free(indexPath);
  trace.written = 0;
  trace.error[0] = '\0';
  return 0;
}

int resnet_trace_close(char *error, size_t errorSize) {
  if (!trace.dir)
    return 0;
  if (fclose(trace.index) && !trace.error[0])
    fail("%s/index.txt: cannot write: %s", trace.dir);
  free(trace.dir);
  trace.dir = NULL;
  trace.index = NULL;
  if (trace.error[0]) {
    snprintf(error, errorSize, "%s", trace.error);
    return -1;
  }
  return (int)trace.written;
}
