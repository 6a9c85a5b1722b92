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
 * Libraries (--emit=static-lib|shared-lib) come with a generated NAME.h
 * that adds create/infer/destroy around resnet_NAME_run.
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_RESNET_MODEL_H
#define RESNET_RUNTIME_RESNET_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct resnet_model_desc {
  const char *name;
  int64_t input_rank;
  const int64_t *input_shape; /* input_shape[0] is the compiled batch */
  int64_t output_rank;
  const int64_t *output_shape;
  void (*run)(const float *input, float *output, void *workspace);
  int64_t arena_bytes;     /* the workspace `run` needs (may be 0) */
  int64_t arena_alignment; /* of the workspace's address (a power of 2) */
} resnet_model_desc;

#ifdef __cplusplus
}
#endif

#endif /* RESNET_RUNTIME_RESNET_MODEL_H */
