/*===- main.c - main() of an executable made by resnet-compile ------------===
 *
 * Runs the compiled model (the `resnet_model` descriptor, see
 * resnet_model.h) on an .npy input, on image files (PNG, JPEG; preprocessed
 * as recorded at compile time, see image.h) or on the deterministic random
 * input of runtime/random.h, writes/prints the result, and benchmarks it.
 * Exit status: 0 success, 1 bad usage or bad file.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L
#include "runtime/random.h"
#include "runtime/image.h"
#include "runtime/npy.h"
#include "runtime/profile.h"
#include "runtime/resnet_model.h"

#include "ResNetVersion.h" /* generated in the build tree */

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const resnet_model_desc resnet_model;

/* Defined when the model runs on CUDA (runtime/cuda, linked by
   resnet-compile --target=cuda); NULL in CPU executables. */
extern void mgpuSetDefaultDevice(int32_t device) __attribute__((weak));

#define RESNET_MAX_BENCH_RUNS 1000000L
#define RESNET_MAX_THREADS 1024L

/* The model's activation arena, allocated once (arena_bytes, aligned). */
static void *modelWorkspace;

typedef struct options {
  const char *input, *output, *labels, *inputList, *saveInput, *trace;
  long top, bench, threads;
  unsigned long long seed;
  int profile, softmax;
  double peakGflops;
  /* Image files: the command line's, then --input-list's. */
  char **images;
  long imageCount, imageCapacity;
} options;

/* Prints how image files are preprocessed for this model (--help). */
static void describePreprocessing(FILE *out) {
  const resnet_model_desc *m = &resnet_model;
  const resnet_preprocess_desc *pre = m->preprocess;
  if (!pre || m->input_rank != 4) {
    fprintf(out, "Image files: not accepted (compiled without "
                 "resnet-compile --preprocess).\n");
    return;
  }
  long long channels = (long long)m->input_shape[1];
  fprintf(out, "Image files (PNG, JPEG) are preprocessed as compiled: ");
  if (pre->resize > 0)
    fprintf(out, "shorter side resized to %lld (bilinear), centre crop "
                 "%lldx%lld,\n",
            (long long)pre->resize, (long long)m->input_shape[2],
            (long long)m->input_shape[3]);
  else
    fprintf(out, "resized to %lldx%lld (bilinear),\n",
            (long long)m->input_shape[2], (long long)m->input_shape[3]);
  fprintf(out, "  %s, (pixel/255 - mean) / std with mean (",
          channels == 1 ? "grey" : pre->bgr ? "BGR" : "RGB");
  for (long long c = 0; c < channels; ++c)
    fprintf(out, "%s%g", c ? ", " : "", pre->mean[c]);
  fprintf(out, ") std (");
  for (long long c = 0; c < channels; ++c)
    fprintf(out, "%s%g", c ? ", " : "", pre->std[c]);
  fprintf(out, ").\n");
}

static void usage(FILE *out, const char *argv0) {
  fprintf(out,
          "usage: %s [IMAGE...] [--input-list FILE] [--input x.npy] "
          "[--output y.npy]\n"
          "          [--top K] [--softmax] [--labels FILE] [--save-input "
          "x.npy]\n"
          "          [--bench N] [--threads T] [--seed S] [--profile]\n"
          "          [--peak-gflops G] [--trace DIR] [--help] [--version]\n"
          "Runs the compiled model '%s'.\n"
          "  IMAGE          PNG or JPEG files, any number (the last batch is "
          "padded with\n"
          "                 zeros); without --output, prints the top 5\n"
          "  --input-list FILE  more image files, one path per line\n"
          "  --input FILE   f32 NCHW .npy of any number of images (whole "
          "batches run in\n"
          "                 turn, the last padded with zero images)\n"
          "  --output FILE  write the result as an f32 .npy\n"
          "  --top K        print the K best classes (index=score) per image\n"
          "  --softmax      --top prints probabilities (softmax of each row)\n"
          "  --labels FILE  class names, one per line, for --top\n"
          "  --save-input FILE  write the input the model ran on (e.g. the "
          "preprocessed\n"
          "                 images) as an f32 .npy\n"
          "  --bench N      time N runs of one batch: median and min latency\n"
          "  --threads T    worker threads of models compiled at -O2/-O3 "
          "(default: all\n"
          "                 cores, or $OMP_NUM_THREADS)\n"
          "  --seed S       seed of the random input used without --input "
          "(default 0)\n"
          "  --profile      time each layer (median over the --bench N runs, "
          "or 1 run);\n"
          "                 needs a model compiled with resnet-compile "
          "--profile\n"
          "  --peak-gflops G  the machine's peak, for --profile's %% of peak "
          "column\n"
          "                 (default: $RESNET_PEAK_GFLOPS)\n"
          "  --trace DIR    write every layer's output (of the first batch) "
          "to DIR as\n"
          "                 .npy; needs a model compiled with resnet-compile "
          "--trace\n",
          argv0, resnet_model.name);
  if (mgpuSetDefaultDevice)
    fprintf(out, "  --device N     the CUDA device to run on (default 0)\n");
  describePreprocessing(out);
}

static int addImage(options *opts, const char *path) {
  if (opts->imageCount == opts->imageCapacity) {
    long capacity = opts->imageCapacity ? 2 * opts->imageCapacity : 16;
    char **grown = realloc(opts->images, (size_t)capacity * sizeof *grown);
    if (!grown) {
      fprintf(stderr, "error: out of memory\n");
      return -1;
    }
    opts->images = grown;
    opts->imageCapacity = capacity;
  }
  opts->images[opts->imageCount++] = strdup(path);
  return 0;
}

/* Takes `--device N` / `--device=N` out of argv and selects that CUDA device
   (before the first run loads the kernels). CPU executables refuse it. */
static int selectDevice(int *argc, char **argv) {
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const char *value = NULL;
    if (!strcmp(argv[i], "--device")) {
      if (i + 1 == *argc) {
        fprintf(stderr, "error: --device needs a value\n");
        return -1;
      }
      value = argv[++i];
    } else if (!strncmp(argv[i], "--device=", 9)) {
      value = argv[i] + 9;
    } else {
      argv[kept++] = argv[i];
      continue;
    }
    if (!mgpuSetDefaultDevice) {
      fprintf(stderr, "error: --device selects a CUDA device; this binary "
                      "runs on the CPU (compile with --target=cuda)\n");
      return -1;
    }
    char *end;
    errno = 0;
    long device = strtol(value, &end, 10);
    if (!*value || *end || errno || device < 0 || device > INT32_MAX) {
      fprintf(stderr, "error: --device expects a device number >= 0, got "
                      "'%s'\n", value);
      return -1;
    }
    mgpuSetDefaultDevice((int32_t)device);
  }
  *argc = kept;
  argv[kept] = NULL;
  return 0;
}

static int parseCount(const char *flag, const char *text, long min,
                      long max, long *value) {
  char *end;
  errno = 0;
  long parsed = strtol(text, &end, 10);
  if (!*text || *end || errno || parsed < min) {
    fprintf(stderr, "error: %s expects an integer >= %ld, got '%s'\n", flag,
            min, text);
    return -1;
  }
  if (parsed > max) {
    fprintf(stderr, "error: %s is at most %ld, got '%s'\n", flag, max, text);
    return -1;
  }
  *value = parsed;
  return 0;
}

/* A positive number of GFLOP/s. */
static int parsePeak(const char *flag, const char *text, double *value) {
  char *end;
  errno = 0;
  double parsed = strtod(text, &end);
  if (!*text || *end || errno || !(parsed > 0)) {
    fprintf(stderr, "error: %s expects a positive number, got '%s'\n", flag,
            text);
    return -1;
  }
  *value = parsed;
  return 0;
}

static int parseOptions(int argc, char **argv, options *opts) {
  memset(opts, 0, sizeof *opts);
  opts->threads = 0; /* 0: the thread runtime's default */
  const char *peak = getenv("RESNET_PEAK_GFLOPS");
  if (peak && *peak && parsePeak("RESNET_PEAK_GFLOPS", peak, &opts->peakGflops))
    return -1;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      usage(stdout, argv[0]);
      exit(0);
    }
    if (!strcmp(arg, "--version")) {
      printf("model '%s', compiled by %s\n", resnet_model.name,
             RESNET_VERSION_STRING);
      exit(0);
    }
    if (!strcmp(arg, "--profile")) {
      opts->profile = 1;
      continue;
    }
    if (!strcmp(arg, "--softmax")) {
      opts->softmax = 1;
      continue;
    }
    if (arg[0] != '-' || !strcmp(arg, "-")) {
      if (addImage(opts, arg))
        return -1;
      continue;
    }
    /* Every other flag takes a value: `--flag value` or `--flag=value`. */
    const char *value = NULL;
    char name[32];
    const char *eq = strchr(arg, '=');
    if (eq && eq - arg < (long)sizeof name) {
      memcpy(name, arg, (size_t)(eq - arg));
      name[eq - arg] = '\0';
      value = eq + 1;
    } else {
      snprintf(name, sizeof name, "%s", arg);
      if (i + 1 < argc)
        value = argv[++i];
    }
    int known = !strcmp(name, "--input") || !strcmp(name, "--output") ||
                !strcmp(name, "--labels") || !strcmp(name, "--top") ||
                !strcmp(name, "--bench") || !strcmp(name, "--threads") ||
                !strcmp(name, "--seed") || !strcmp(name, "--peak-gflops") ||
                !strcmp(name, "--input-list") || !strcmp(name, "--save-input") ||
                !strcmp(name, "--trace");
    if (!known) {
      fprintf(stderr, "error: unknown option '%s' (see --help)\n", arg);
      return -1;
    }
    if (!value) {
      fprintf(stderr, "error: %s needs a value\n", name);
      return -1;
    }
    long number = 0;
    if (!strcmp(name, "--input"))
      opts->input = value;
    else if (!strcmp(name, "--output"))
      opts->output = value;
    else if (!strcmp(name, "--labels"))
      opts->labels = value;
    else if (!strcmp(name, "--input-list"))
      opts->inputList = value;
    else if (!strcmp(name, "--save-input"))
      opts->saveInput = value;
    else if (!strcmp(name, "--trace"))
      opts->trace = value;
    else if (!strcmp(name, "--peak-gflops")) {
      if (parsePeak(name, value, &opts->peakGflops))
        return -1;
    } else if (!strcmp(name, "--seed")) {
      char *end;
      errno = 0;
      opts->seed = strtoull(value, &end, 10);
      if (!*value || *end || errno || *value == '-') {
        fprintf(stderr, "error: --seed expects an unsigned integer, got '%s'\n",
                value);
        return -1;
      }
    } else {
      long min = !strcmp(name, "--top") ? 0 : 1;
      /* Bounds that keep --bench's timing array and a thread pool sane. */
      long max = !strcmp(name, "--bench")     ? RESNET_MAX_BENCH_RUNS
                 : !strcmp(name, "--threads") ? RESNET_MAX_THREADS
                                              : LONG_MAX;
      if (parseCount(name, value, min, max, &number))
        return -1;
      if (!strcmp(name, "--top"))
        opts->top = number;
      else if (!strcmp(name, "--bench"))
        opts->bench = number;
      else
        opts->threads = number;
    }
  }
  return 0;
}

static size_t product(const int64_t *shape, int64_t rank) {
  size_t count = 1;
  for (int64_t d = 0; d < rank; ++d)
    count *= (size_t)shape[d];
  return count;
}

static void formatShape(char *buffer, size_t size, const int64_t *shape,
                        int64_t rank) {
  size_t used = snprintf(buffer, size, "(");
  for (int64_t d = 0; d < rank && used < size; ++d)
    used += snprintf(buffer + used, size - used, "%s%lld", d ? ", " : "",
                     (long long)shape[d]);
  if (used < size)
    snprintf(buffer + used, size - used, ")");
}

/* Checks the file's shape against the model's: same rank, same trailing
   dimensions, at least one image (any count: see padToBatches). */
static int checkInputShape(const char *path, const resnet_npy_array *array) {
  const resnet_model_desc *m = &resnet_model;
  int ok = array->rank == m->input_rank;
  for (int64_t d = 1; ok && d < m->input_rank; ++d)
    ok = array->shape[d] == m->input_shape[d];
  ok = ok && array->shape[0] > 0;
  if (ok)
    return 0;
  char got[128], want[128];
  formatShape(got, sizeof got, array->shape, array->rank);
  formatShape(want, sizeof want, m->input_shape, m->input_rank);
  fprintf(stderr,
          "error: %s: shape %s does not match the model input %s (the first "
          "dimension, the image count, may be any number >= 1)\n",
          path, got, want);
  return -1;
}

/* Grows `input` to whole batches of the compiled size: a remainder of
   fewer images than the batch is padded with zero images, whose outputs
   are dropped. */
static int padToBatches(resnet_npy_array *input) {
  const resnet_model_desc *m = &resnet_model;
  int64_t batch = m->input_shape[0], count = input->shape[0];
  int64_t padded = (count + batch - 1) / batch * batch;
  if (padded == count)
    return 0;
  size_t imageSize = product(m->input_shape + 1, m->input_rank - 1);
  float *grown =
      realloc(input->data, (size_t)padded * imageSize * sizeof(float));
  if (!grown) {
    fprintf(stderr, "error: out of memory (%lld images)\n", (long long)padded);
    return -1;
  }
  memset(grown + (size_t)count * imageSize, 0,
         (size_t)(padded - count) * imageSize * sizeof(float));
  input->data = grown;
  input->shape[0] = padded;
  return 0;
}

/* NaN or Inf in an input is refused: it is a preprocessing bug, and it
   would silently turn every score of the image into NaN. */
static int checkFinite(const char *path, const resnet_npy_array *array) {
  size_t count = product(array->shape, array->rank);
  for (size_t i = 0; i < count; ++i) {
    if (isfinite(array->data[i]))
      continue;
    fprintf(stderr,
            "error: %s: element %zu (image %zu) is %s; inputs must be "
            "finite\n",
            path, i, i / (count / (size_t)array->shape[0]),
            isnan(array->data[i]) ? "NaN" : "infinite");
    return -1;
  }
  return 0;
}

/* The lines of `path`, line ends removed; NULL after an error message
   that names `flag` and the file. */
static char **readLines(const char *flag, const char *path, long *count) {
  char error[512];
  FILE *file = resnet_open_regular(path, error, sizeof error);
  if (!file) {
    fprintf(stderr, "error: %s: %s\n", flag, error);
    return NULL;
  }
  char **lines = NULL;
  long n = 0, capacity = 0;
  char *line = NULL;
  size_t lineSize = 0;
  ssize_t length;
  while ((length = getline(&line, &lineSize, file)) >= 0) {
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
      line[--length] = '\0';
    if (n == capacity) {
      capacity = capacity ? 2 * capacity : 64;
      lines = realloc(lines, (size_t)capacity * sizeof *lines);
    }
    lines[n++] = strdup(line);
  }
  free(line);
  fclose(file);
  *count = n;
  return lines ? lines : calloc(1, sizeof *lines);
}

/* One class name per line; at least `classes` lines (the model's outputs
   per image), so that every index --top prints has its name. */
static char **readLabels(const char *path, size_t classes, long *count) {
  char **labels = readLines("--labels", path, count);
  if (!labels || (size_t)*count >= classes)
    return labels;
  fprintf(stderr,
          "error: --labels: %s has %ld line%s, but the model has %zu "
          "classes (one name per line)\n",
          path, *count, *count == 1 ? "" : "s", classes);
  for (long i = 0; i < *count; ++i)
    free(labels[i]);
  free(labels);
  return NULL;
}

/* Softmax of each row, in place (for --softmax). */
static void softmaxRows(float *scores, size_t rows, size_t rowSize) {
  for (size_t r = 0; r < rows; ++r) {
    float *row = scores + r * rowSize;
    float largest = row[0];
    for (size_t c = 1; c < rowSize; ++c)
      largest = row[c] > largest ? row[c] : largest;
    double sum = 0;
    for (size_t c = 0; c < rowSize; ++c)
      sum += exp((double)row[c] - largest);
    for (size_t c = 0; c < rowSize; ++c)
      row[c] = (float)(exp((double)row[c] - largest) / sum);
  }
}

/* `names`: the image files of the rows, or NULL. */
static void printTop(const float *scores, size_t rows, size_t rowSize,
                     long k, char **labels, long labelCount, char **names) {
  for (size_t r = 0; r < rows; ++r) {
    const float *row = scores + r * rowSize;
    printf("image %zu top-%ld", r, k);
    if (names)
      printf(" (%s)", names[r]);
    printf(":");
    /* Selection of the k best (ties: lower index first). */
    unsigned char *taken = calloc(rowSize, 1);
    for (long i = 0; i < k && (size_t)i < rowSize; ++i) {
      size_t best = rowSize;
      for (size_t c = 0; c < rowSize; ++c)
        if (!taken[c] && (best == rowSize || row[c] > row[best]))
          best = c;
      taken[best] = 1;
      printf(" %zu=%g", best, row[best]);
      if (labels && (long)best < labelCount)
        printf(" (%s)", labels[best]);
    }
    free(taken);
    printf("\n");
  }
}

/* Adds the non-empty lines of --input-list's file to the images. */
static int readInputList(options *opts) {
  long count = 0;
  char **lines = readLines("--input-list", opts->inputList, &count);
  if (!lines)
    return -1;
  int status = 0;
  for (long i = 0; i < count; ++i) {
    if (!status && lines[i][0] && addImage(opts, lines[i]))
      status = -1;
    free(lines[i]);
  }
  free(lines);
  if (!status && opts->imageCount == 0) {
    fprintf(stderr, "error: %s: no image files listed\n", opts->inputList);
    return -1;
  }
  return status;
}

/* The images, preprocessed, as the model's input: ceil(count / batch)
   batches, the last padded with zeros. */
static int loadImages(const options *opts, resnet_npy_array *input) {
  const resnet_model_desc *m = &resnet_model;
  if (!m->preprocess || m->input_rank != 4) {
    fprintf(stderr,
            "error: %s: '%s' takes no image files: it was compiled without "
            "preprocessing (resnet-compile --preprocess=imagenet, or "
            "--resize/--mean/--std); give it an .npy with --input\n",
            opts->images[0], m->name);
    return -1;
  }
  int64_t batch = m->input_shape[0];
  int64_t batches = (opts->imageCount + batch - 1) / batch;
  size_t imageSize = product(m->input_shape + 1, m->input_rank - 1);
  input->rank = (int)m->input_rank;
  memcpy(input->shape, m->input_shape, (size_t)m->input_rank * sizeof(int64_t));
  input->shape[0] = batches * batch;
  input->data = calloc((size_t)input->shape[0] * imageSize, sizeof(float));
  if (!input->data) {
    fprintf(stderr, "error: out of memory (%ld images)\n", opts->imageCount);
    return -1;
  }
  char error[768];
  for (long i = 0; i < opts->imageCount; ++i)
    if (resnet_image_load(opts->images[i], m->preprocess, m->input_shape[1],
                          m->input_shape[2], m->input_shape[3],
                          input->data + (size_t)i * imageSize, error,
                          sizeof error)) {
      fprintf(stderr, "error: %s\n", error);
      return -1;
    }
  return 0;
}

static double nowSeconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void bench(const float *input, float *output, long runs,
                  long threads) {
  const resnet_model_desc *m = &resnet_model;
  double *times = malloc((size_t)runs * sizeof *times);
  m->run(input, output, modelWorkspace); /* warm-up */
  for (long i = 0; i < runs; ++i) {
    double start = nowSeconds();
    m->run(input, output, modelWorkspace);
    times[i] = nowSeconds() - start;
  }
  qsort(times, (size_t)runs, sizeof *times, compareDoubles);
  double median = runs % 2 ? times[runs / 2]
                           : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
  printf("bench: median_ms=%.4f min_ms=%.4f images_per_s=%.1f runs=%ld "
         "batch=%lld threads=%ld\n",
         median * 1e3, times[0] * 1e3,
         (double)m->input_shape[0] / median, runs,
         (long long)m->input_shape[0], threads);
  free(times);
}

/* --profile: each layer's time over `runs` runs (main() has already run
   the model once: no warm-up here). */
static int profile(const float *input, float *output, long runs,
                   double peakGflops) {
  const resnet_model_desc *m = &resnet_model;
  if (resnet_profile_start(runs)) {
    fprintf(stderr, "error: out of memory\n");
    return -1;
  }
  for (long i = 0; i < runs; ++i) {
    double start = nowSeconds();
    m->run(input, output, modelWorkspace);
    resnet_profile_end_run(nowSeconds() - start);
  }
  resnet_profile_print(stdout, m->name, peakGflops);
  return 0;
}

/* The thread runtime (threads.c), linked in from this library when the
   model was compiled with threads (its OpenMP loops call __kmpc_*); absent,
   so NULL here, otherwise. */
extern void resnet_set_num_threads(int) __attribute__((weak));
extern int resnet_get_max_threads(void) __attribute__((weak));

/* The trace writer (trace.c, see trace.h), linked in only when the model
   was compiled with --trace (its calls pull it from this library); NULL
   otherwise. */
extern int resnet_trace_open(const char *, char *, size_t)
    __attribute__((weak));
extern int resnet_trace_close(char *, size_t) __attribute__((weak));

/* Applies --threads; returns the thread count the model will use. */
static long setThreads(long requested) {
  if (!resnet_set_num_threads || !resnet_get_max_threads)
    return 1;
  if (requested > 0)
    resnet_set_num_threads((int)requested);
  return resnet_get_max_threads();
}

int main(int argc, char **argv) {
  if (selectDevice(&argc, argv))
    return 1;
  options opts;
  if (parseOptions(argc, argv, &opts))
    return 1;
  /* Everything allocated from here on is freed at `done`, on every path
     (LeakSanitizer checks the sanitized runtime's error exits too). */
  int status = 1;
  char **labels = NULL;
  long labelCount = 0;
  resnet_npy_array input = {0};
  int64_t images = 0;
  float *output = NULL;
  opts.threads = setThreads(opts.threads);
  const resnet_model_desc *m = &resnet_model;
  if (opts.profile && !resnet_profile_layers()) {
    fprintf(stderr,
            "error: --profile: '%s' was compiled without layer timing; "
            "compile it with resnet-compile --profile\n",
            m->name);
    goto done;
  }
  if (opts.trace && !resnet_trace_open) {
    fprintf(stderr,
            "error: --trace: '%s' was compiled without the numerics trace; "
            "compile it with resnet-compile --trace\n",
            m->name);
    goto done;
  }
  if (m->arena_bytes > 0 &&
      posix_memalign(&modelWorkspace, (size_t)m->arena_alignment,
                     (size_t)m->arena_bytes)) {
    fprintf(stderr, "error: out of memory (a %lld-byte workspace)\n",
            (long long)m->arena_bytes);
    goto done;
  }
  char error[512];
  size_t batchIn = product(m->input_shape, m->input_rank);
  size_t batchOut = product(m->output_shape, m->output_rank);

  if (opts.labels &&
      !(labels = readLabels(opts.labels, batchOut / (size_t)m->output_shape[0],
                            &labelCount)))
    goto done;

  if (opts.inputList && readInputList(&opts))
    goto done;
  if (opts.imageCount && opts.input) {
    fprintf(stderr, "error: give image files or --input, not both\n");
    goto done;
  }

  /* The images given; the input holds whole batches (zero images pad the
     last one), and their outputs are dropped. */
  images = m->input_shape[0];
  if (opts.imageCount) {
    images = opts.imageCount;
    if (loadImages(&opts, &input))
      goto done;
    /* Images: the top 5 unless told what to print. */
    if (!opts.output && !opts.top && !opts.bench && !opts.profile &&
        !opts.saveInput)
      opts.top = 5;
  } else if (opts.input) {
    if (resnet_npy_read_as(opts.input, m->input_dtype, &input, error,
                           sizeof error)) {
      fprintf(stderr, "error: %s\n", error);
      goto done;
    }
    if (checkInputShape(opts.input, &input) ||
        checkFinite(opts.input, &input))
      goto done;
    images = input.shape[0];
    if (padToBatches(&input))
      goto done;
  } else {
    input.rank = (int)m->input_rank;
    memcpy(input.shape, m->input_shape, (size_t)m->input_rank * sizeof(int64_t));
    input.data = malloc(batchIn * sizeof(float));
    resnet_fill_random(input.data, batchIn, opts.seed);
  }
  size_t batches = (size_t)(input.shape[0] / m->input_shape[0]);
  output = malloc(batches * batchOut * sizeof(float));
  if (!output) {
    fprintf(stderr, "error: out of memory\n");
    goto done;
  }
  if (opts.saveInput &&
      resnet_npy_write(opts.saveInput, input.data, input.shape, input.rank,
                       error, sizeof error)) {
    fprintf(stderr, "error: %s\n", error);
    goto done;
  }
  /* --trace: the layers of the first batch. */
  if (opts.trace && resnet_trace_open(opts.trace, error, sizeof error)) {
    fprintf(stderr, "error: %s\n", error);
    goto done;
  }
  for (size_t b = 0; b < batches; ++b) {
    m->run(input.data + b * batchIn, output + b * batchOut, modelWorkspace);
    if (b == 0 && opts.trace && resnet_trace_close(error, sizeof error) < 0) {
      fprintf(stderr, "error: --trace: %s\n", error);
      goto done;
    }
  }

  int64_t outShape[RESNET_NPY_MAX_RANK];
  memcpy(outShape, m->output_shape, (size_t)m->output_rank * sizeof(int64_t));
  /* One row per image given, without the padding (a model whose output
     has no batch dimension: the batches' outputs in turn). */
  if (m->output_shape[0] == m->input_shape[0])
    outShape[0] = images;
  else
    outShape[0] *= (int64_t)batches;
  if (opts.output && resnet_npy_write(opts.output, output, outShape,
                                      (int)m->output_rank, error,
                                      sizeof error)) {
    fprintf(stderr, "error: %s\n", error);
    goto done;
  }
  if (opts.top) {
    size_t rows = (size_t)outShape[0];
    size_t rowSize = batchOut / (size_t)m->output_shape[0];
    if (opts.softmax)
      softmaxRows(output, rows, rowSize);
    printTop(output, rows, rowSize, opts.top, labels, labelCount,
             opts.imageCount ? opts.images : NULL);
  }
  if (opts.bench)
    bench(input.data, output, opts.bench, opts.threads);
  if (opts.profile &&
      profile(input.data, output, opts.bench ? opts.bench : 1, opts.peakGflops))
    goto done;
  if (!opts.output && !opts.top && !opts.bench && !opts.profile &&
      !opts.saveInput && !opts.trace) {
    char shape[128];
    formatShape(shape, sizeof shape, outShape, m->output_rank);
    printf("ran '%s' on %zu batch(es); output shape %s (use --output, --top "
           "or --bench)\n",
           m->name, batches, shape);
  }
  status = 0;
done:
  free(output);
  free(input.data);
  free(modelWorkspace);
  for (long i = 0; labels && i < labelCount; ++i)
    free(labels[i]);
  free(labels);
  for (long i = 0; i < opts.imageCount; ++i)
    free(opts.images[i]);
  free(opts.images);
  return status;
}
