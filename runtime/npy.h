/*===- npy.h - minimal .npy reading and writing (f32, C order) ----*- C -*-===*/
#ifndef RESNET_RUNTIME_NPY_H
#define RESNET_RUNTIME_NPY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RESNET_NPY_MAX_RANK 8

typedef struct resnet_npy_array {
  int rank;
  int64_t shape[RESNET_NPY_MAX_RANK];
  float *data; /* malloc'ed; free() it */
} resnet_npy_array;

/* Reads a little-endian f32 ('<f4'), C-order .npy (versions 1-3). On error
   returns -1 with a message naming the file in `error`. */
int resnet_npy_read(const char *path, resnet_npy_array *array, char *error,
                    size_t errorSize);

/* The same, accepting also the 1-byte integer dtype `dtype` ("|u1" or
   "|i1"; "<f4" or NULL: float32 only), whose values are converted to f32
   exactly. Another dtype is an error naming the ones expected. */
int resnet_npy_read_as(const char *path, const char *dtype,
                       resnet_npy_array *array, char *error,
                       size_t errorSize);

/* Opens `path` for reading if it is a regular file: a FIFO, a device
   (/dev/zero, /dev/urandom) or a directory is refused with a message naming
   the file in `error` (NULL returned), and the open never blocks. */
FILE *resnet_open_regular(const char *path, char *error, size_t errorSize);

/* Writes `data` as a version 1.0 '<f4' .npy file; -1 and a message on
   error. */
int resnet_npy_write(const char *path, const float *data, const int64_t *shape,
                     int rank, char *error, size_t errorSize);

#endif /* RESNET_RUNTIME_NPY_H */
