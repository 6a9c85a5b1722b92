/*===- npy.c - minimal .npy reading and writing (f32, C order) ------------===*/
#define _POSIX_C_SOURCE 200809L /* fdopen, O_CLOEXEC */
#include "runtime/npy.h"
#include "runtime/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *error, size_t size, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(error, size, format, args);
  va_end(args);
  return -1;
}

/* Finds `'key':` in the header dict and returns the text after it. */
static const char *findKey(const char *header, const char *key) {
  char quoted[32];
  snprintf(quoted, sizeof quoted, "'%s'", key);
  const char *at = strstr(header, quoted);
  if (!at)
    return NULL;
  at += strlen(quoted);
  while (*at == ' ' || *at == ':')
    ++at;
  return at;
}

/* The NumPy name of a 1-byte integer dtype, for messages. */
static const char *byteTypeName(const char *dtype) {
  return strcmp(dtype, "|u1") == 0 ? "uint8" : "int8";
}

/* Reads the header's dtype: '<f4', or `byteType` ("|u1", "|i1"; NULL:
   none) when the caller accepts it; `*elementSize` is 4 or 1. */
static int parseDtype(const char *path, const char *descr,
                      const char *byteType, size_t *elementSize,
                      char *error, size_t size) {
  char dtype[16] = {0};
  sscanf(descr, "'%15[^']'", dtype);
  if (strncmp(descr, "'<f4'", 5) == 0) {
    *elementSize = sizeof(float);
    return 0;
  }
  if (byteType && strcmp(dtype, byteType) == 0) {
    *elementSize = 1;
    return 0;
  }
  if (byteType)
    return fail(error, size,
                "%s: dtype is '%s', expected %s ('%s', as the model "
                "declares) or float32 ('<f4')",
                path, dtype, byteTypeName(byteType), byteType);
  return fail(error, size, "%s: dtype is '%s', expected float32 ('<f4')",
              path, dtype);
}

static int parseHeader(const char *path, const char *header,
                       const char *byteType, size_t *elementSize,
                       resnet_npy_array *array, char *error, size_t size) {
  const char *descr = findKey(header, "descr");
  if (!descr)
    return fail(error, size, "%s: .npy header has no 'descr'", path);
  if (parseDtype(path, descr, byteType, elementSize, error, size))
    return -1;
  const char *order = findKey(header, "fortran_order");
  if (!order || strncmp(order, "False", 5) != 0)
    return fail(error, size, "%s: Fortran-order arrays are not supported",
                path);
  const char *shape = findKey(header, "shape");
  if (!shape || *shape != '(')
    return fail(error, size, "%s: .npy header has no 'shape'", path);
  ++shape;
  array->rank = 0;
  for (;;) {
    while (*shape == ' ' || *shape == ',')
      ++shape;
    if (*shape == ')')
      break;
    char *end;
    errno = 0;
    long long dim = strtoll(shape, &end, 10);
    if (end == shape || errno || dim < 0)
      return fail(error, size, "%s: malformed shape in the .npy header", path);
    if (array->rank == RESNET_NPY_MAX_RANK)
      return fail(error, size, "%s: rank above %d", path, RESNET_NPY_MAX_RANK);
    array->shape[array->rank++] = dim;
    shape = end;
  }
  return 0;
}

/* "a FIFO", "a directory", ...: what a file that is not regular is. */
static const char *fileKind(mode_t mode) {
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISSOCK(mode))
    return "a socket";
  return "not a regular file";
}

FILE *resnet_open_regular(const char *path, char *error, size_t size) {
  /* O_NONBLOCK: opening a FIFO without a writer must not block. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    fail(error, size, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    fail(error, size, "%s: cannot open: %s", path, strerror(errno));
    close(fd);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    fail(error, size, "%s is %s, not a regular file", path,
         fileKind(st.st_mode));
    close(fd);
    return NULL;
  }
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0)
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  FILE *file = fdopen(fd, "rb");
  if (!file) {
    fail(error, size, "%s: cannot open: %s", path, strerror(errno));
    close(fd);
  }
  return file;
}

int resnet_npy_read(const char *path, resnet_npy_array *array, char *error,
                    size_t size) {
  return resnet_npy_read_as(path, NULL, array, error, size);
}

int resnet_npy_read_as(const char *path, const char *dtype,
                       resnet_npy_array *array, char *error, size_t size) {
  memset(array, 0, sizeof *array);
  const char *byteType =
      dtype && (strcmp(dtype, "|u1") == 0 || strcmp(dtype, "|i1") == 0)
          ? dtype
          : NULL;
  size_t elementSize = sizeof(float);
  FILE *file = resnet_open_regular(path, error, size);
  if (!file)
    return -1;
  unsigned char prefix[12];
  int result = -1;
  char *header = NULL;
  if (fread(prefix, 1, 10, file) != 10 ||
      memcmp(prefix, "\x93NUMPY", 6) != 0) {
    fail(error, size, "%s: not a .npy file (bad magic)", path);
    goto done;
  }
  unsigned major = prefix[6];
  size_t headerLength;
  if (major == 1) {
    headerLength = prefix[8] | (size_t)prefix[9] << 8;
  } else if (major == 2 || major == 3) {
    if (fread(prefix + 10, 1, 2, file) != 2) {
      fail(error, size, "%s: truncated .npy header", path);
      goto done;
    }
    headerLength = prefix[8] | (size_t)prefix[9] << 8 |
                   (size_t)prefix[10] << 16 | (size_t)prefix[11] << 24;
  } else {
    fail(error, size, "%s: unsupported .npy version %u", path, major);
    goto done;
  }
  if (headerLength > (1u << 20)) { /* numpy writes a few hundred bytes */
    fail(error, size, "%s: .npy header of %zu bytes is too long", path,
         headerLength);
    goto done;
  }
  header = malloc(headerLength + 1);
  if (!header || fread(header, 1, headerLength, file) != headerLength) {
    fail(error, size, "%s: truncated .npy header", path);
    goto done;
  }
  header[headerLength] = '\0';
  if (parseHeader(path, header, byteType, &elementSize, array, error, size))
    goto done;
  /* The header's element count must be exactly what the file holds: no
     overflow, no short read, no trailing bytes (checked before allocating,
     so a lying header cannot ask for terabytes). */
  size_t count = 1;
  for (int d = 0; d < array->rank; ++d) {
    size_t dim = (size_t)array->shape[d];
    if (dim && count > SIZE_MAX / sizeof(float) / dim) {
      fail(error, size, "%s: the .npy shape's size overflows", path);
      goto done;
    }
    count *= dim;
  }
  long start = ftell(file);
  if (start < 0 || fseek(file, 0, SEEK_END) != 0) {
    fail(error, size, "%s: cannot seek: %s", path, strerror(errno));
    goto done;
  }
  long end = ftell(file);
  if (end < start || fseek(file, start, SEEK_SET) != 0) {
    fail(error, size, "%s: cannot seek: %s", path, strerror(errno));
    goto done;
  }
  size_t bytes = (size_t)(end - start);
  if (bytes / elementSize < count) {
    fail(error, size, "%s: truncated data: %zu of %zu elements", path,
         bytes / elementSize, count);
    goto done;
  }
  if (bytes != count * elementSize) {
    fail(error, size,
         "%s: %zu bytes of data after the %zu elements the header declares",
         path, bytes - count * elementSize, count);
    goto done;
  }
  array->data = malloc(count ? count * sizeof(float) : 1);
  if (!array->data) {
    fail(error, size, "%s: out of memory", path);
    goto done;
  }
  size_t got;
  if (elementSize == 1) {
    /* 1-byte integers, widened to the f32 values they are. */
    unsigned char *bytes8 = malloc(count ? count : 1);
    got = bytes8 ? fread(bytes8, 1, count, file) : 0;
    int isSigned = strcmp(byteType, "|i1") == 0;
    for (size_t i = 0; i < got; ++i)
      array->data[i] = isSigned ? (float)(signed char)bytes8[i]
                                : (float)bytes8[i];
    free(bytes8);
  } else {
    got = fread(array->data, sizeof(float), count, file);
  }
  if (got != count) {
    fail(error, size, "%s: truncated data: %zu of %zu elements", path, got,
         count);
    free(array->data);
    array->data = NULL;
    goto done;
  }
  result = 0;
done:
  free(header);
  fclose(file);
  return result;
}

int resnet_npy_write(const char *path, const float *data, const int64_t *shape,
                     int rank, char *error, size_t size) {
  char dict[384], dims[256] = ""; /* 8 dims of up to 20 digits + ", " */
  size_t count = 1;
  for (int d = 0; d < rank; ++d) {
    size_t used = strlen(dims);
    snprintf(dims + used, sizeof dims - used, "%lld,%s", (long long)shape[d],
             (rank > 1 && d + 1 < rank) ? " " : "");
    count *= (size_t)shape[d];
  }
  if (rank > 1)
    dims[strlen(dims) - 1] = '\0'; /* "(2, 3)" but "(2,)" */
  int length = snprintf(dict, sizeof dict,
                        "{'descr': '<f4', 'fortran_order': False, "
                        "'shape': (%s), }",
                        dims);
  /* Pad with spaces to a multiple of 64 bytes, newline-terminated. */
  int total = 10 + length + 1;
  int padding = (64 - total % 64) % 64;
  /* Written whole or not at all: a failed or interrupted write leaves the
     old file. */
  resnet_atomic_file out;
  if (resnet_atomic_open(&out, path, error, size))
    return -1;
  FILE *file = out.file;
  unsigned headerLength = (unsigned)(length + padding + 1);
  unsigned char prefix[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                              (unsigned char)(headerLength & 0xff),
                              (unsigned char)(headerLength >> 8)};
  int ok = fwrite(prefix, 1, 10, file) == 10 &&
           fwrite(dict, 1, (size_t)length, file) == (size_t)length;
  for (int i = 0; ok && i < padding; ++i)
    ok = fputc(' ', file) != EOF;
  ok = ok && fputc('\n', file) != EOF &&
       fwrite(data, sizeof(float), count, file) == count;
  if (!ok) {
    int saved = errno;
    resnet_atomic_discard(&out);
    return fail(error, size, "%s: write failed: %s", path, strerror(saved));
  }
  return resnet_atomic_commit(&out, error, size);
}
