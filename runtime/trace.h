/*===- trace.h - per-layer numerics trace of a compiled model --*- C -*-===//
 *
 * `resnet-compile --trace` makes the model call resnet_trace_write after
 * each layer and emits the layer table (codegen/common/LowerTrace.cpp):
 *   const int64_t resnet_trace_count;
 *   const char resnet_trace_names[];   (NUL-terminated names in a row)
 * This file is linked only into such binaries (the model's calls pull it
 * from libresnet_runtime.a; main.c refers to it weakly), so a binary
 * compiled without --trace holds no trace code at all.
 *
 * A trace directory holds one NNN_<name>.npy per layer (f32, NCHW for 4-D
 * layers, whatever layout the code keeps them in; NNN: the order of the
 * writes) and index.txt, one `<file>\t<name>` line per layer in that
 * order (dialect/TraceNames.h; resnet-run --trace writes the same).
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_TRACE_H
#define RESNET_RUNTIME_TRACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The call after each layer: the layer's table index, its buffer's aligned
   pointer and element offset, its rank (<= 4) and, in the layer's logical
   (NCHW) order, its sizes and element strides (unused dimensions: size 1,
   stride 0). Writes the layer while a trace is open, else returns. */
void resnet_trace_write(int64_t layer, int64_t data, int64_t offset,
                        int64_t rank, int64_t size0, int64_t size1,
                        int64_t size2, int64_t size3, int64_t stride0,
                        int64_t stride1, int64_t stride2, int64_t stride3);

/* Opens a trace into `dir` (created if missing): the layers of the model
   runs until resnet_trace_close are written there. -1 and a message on
   error. */
int resnet_trace_open(const char *dir, char *error, size_t errorSize);

/* Closes the trace; -1 and the first error (a file that could not be
   written) if any, else the number of layers written. */
int resnet_trace_close(char *error, size_t errorSize);

#ifdef __cplusplus
}
#endif

#endif /* RESNET_RUNTIME_TRACE_H */
