/*===- resnet_model.h - the ABI between a compiled model and runtime/ -*- C -*-
 *
 * resnet-compile emits, for a model named NAME (a C identifier):
 *
 *   void resnet_NAME_run(const float *input, float *output,
 *                        void *workspace);
 *       The whole network on one batch: `input` is f32 NCHW of the compiled
 *       shape, `output` receives the f32 result (caller-owned buffers, no
 *       alignment required). `workspace` holds every activation: arena_bytes
 *       bytes (the layout is planned at compile time) at an address aligned
 *       to arena_alignment, overlapping neither input nor output; it may be
 *       NULL when arena_bytes is 0. The run allocates nothing; weights are
 *       read-only data in the binary, used in place. Calls may run at the
 *       same time on distinct workspaces (one per thread).
 *
 *   const resnet_model_desc resnet_NAME_model;
 *       Its shapes and entry point. Executables also get `resnet_model`,
 *       the descriptor runtime/main.c reads.
 *
 * Libraries (--emit=static-lib|shared-lib) also export
 *   resnet_NAME_context *resnet_NAME_create(void);
 *   int resnet_NAME_infer(resnet_NAME_context *, const float *, float *);
 *   int resnet_NAME_infer_n(resnet_NAME_context *, const float *input,
 *                           int64_t count, float *output);
 *       (any number of images: whole batches, then the rest padded with
 *       zero images whose outputs are dropped)
 *   void resnet_NAME_destroy(resnet_NAME_context *);
 *   int resnet_NAME_set_threads(int n);
 * and a shared library the name-independent
 *   const resnet_model_desc *resnet_model_open(void);
 * declared, with this file's types, in the generated header NAME.h.
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_RESNET_MODEL_H
#define RESNET_RUNTIME_RESNET_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How an executable turns an image file into the model's input
   (resnet-compile --preprocess, --resize, --mean, --std, --bgr): decode to
   8-bit RGB (or grey for a 1-channel model), resize bilinearly, crop the
   centre to the input's height x width, scale to [0, 1], subtract `mean`
   and divide by `std` per channel, NCHW. */
typedef struct resnet_preprocess_desc {
  int64_t resize; /* shorter side resized to this first; 0: the whole image
                     is resized to the input's height x width */
  int64_t bgr;    /* 1: the model's channels are B, G, R */
  float mean[3];  /* per channel of the model, in units of pixel/255 */
  float std[3];
} resnet_preprocess_desc;

typedef struct resnet_model_desc {
  const char *name;
  int64_t input_rank;
  const int64_t *input_shape; /* input_shape[0] is the compiled batch */
  int64_t output_rank;
  const int64_t *output_shape;
  void (*run)(const float *input, float *output, void *workspace);
  int64_t arena_bytes;     /* the workspace `run` needs (may be 0) */
  int64_t arena_alignment; /* of the workspace's address (a power of 2) */
  const resnet_preprocess_desc *preprocess; /* NULL: tensors only */
  /* The .npy dtype of the model's input values: "<f4" (float32), or "|u1" /
     "|i1" when the model declares uint8 / int8 data (ONNX), which the
     entry still takes as exact f32 values; executables read .npy inputs of
     this dtype or of float32. */
  const char *input_dtype;
} resnet_model_desc;

#ifdef __cplusplus
}
#endif

#endif /* RESNET_RUNTIME_RESNET_MODEL_H */
