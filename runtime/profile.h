/*===- profile.h - per-layer profile of a compiled model ------*- C -*-===//
 *
 * `resnet-compile --profile` brackets each layer of the model with
 * resnet_prof_begin(i) / resnet_prof_end(i) (on the calling thread) and
 * emits the layer table (passes/Profile.h):
 *   const int64_t resnet_profile_count;
 *   const int64_t resnet_profile_flops[count];
 *   const char resnet_profile_names[];   (NUL-terminated names in a row)
 * Binaries compiled without it have no table (weak references, NULL here)
 * and never call the hooks.
 *
 * The hooks return at once unless recording (one load and a branch), so an
 * instrumented binary runs at full speed without --profile.
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_PROFILE_H
#define RESNET_RUNTIME_PROFILE_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The hooks the instrumented model calls. */
void resnet_prof_begin(int64_t layer);
void resnet_prof_end(int64_t layer);

/* The number of layers in the table; 0 when the model was compiled without
   --profile. */
int64_t resnet_profile_layers(void);

/* Starts recording `runs` runs of the model; -1 when out of memory. */
int resnet_profile_start(long runs);

/* Ends the current run, which took `seconds` end to end. */
void resnet_profile_end_run(double seconds);

/* Stops recording and prints one line per layer (median time over the
   recorded runs, share of the total, GFLOP/s, % of `peak_gflops` when it is
   > 0), the time outside the layers, the total and the slowest layers; on
   more than one thread, how busy the threads were in the layers and the
   layers that left them idle longest. */
void resnet_profile_print(FILE *out, const char *model, double peak_gflops);

#ifdef __cplusplus
}
#endif

#endif /* RESNET_RUNTIME_PROFILE_H */
