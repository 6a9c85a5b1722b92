/* Classifies one input with a model compiled as a library:
 *
 *   resnet-compile model.mlir --name small --emit=static-lib -o libsmall.a
 *   cc -DMODEL_HEADER='"libsmall.h"' -I. classify.c libsmall.a -lm -lpthread \
 *      -o classify
 *   ./classify [input.raw]
 *
 * The input is raw little-endian f32 NCHW of the compiled shape; without one
 * a constant image is used. Prints the best class and its score. Two
 * contexts run at once on two threads, several times each, to show that
 * they are independent: each owns its workspace (the activation arena), the
 * weights are shared read-only data.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include MODEL_HEADER

typedef struct job {
  const float *input;
  float output[RESNET_SMALL_OUTPUT_SIZE];
  int status;
} job;

enum { kRuns = 4 };

static void *classify(void *arg) {
  job *j = arg;
  resnet_small_context *context = resnet_small_create();
  j->status = context ? 0 : -1;
  /* Repeated runs reuse the context's workspace: they must all agree. */
  float first[RESNET_SMALL_OUTPUT_SIZE];
  for (int run = 0; run < kRuns && j->status == 0; ++run) {
    j->status = resnet_small_infer(context, j->input, j->output);
    for (int i = 0; run == 0 && i < RESNET_SMALL_OUTPUT_SIZE; ++i)
      first[i] = j->output[i];
    for (int i = 0; j->status == 0 && i < RESNET_SMALL_OUTPUT_SIZE; ++i)
      if (j->output[i] != first[i])
        j->status = -2;
  }
  resnet_small_destroy(context);
  return NULL;
}

int main(int argc, char **argv) {
  static float input[RESNET_SMALL_INPUT_SIZE];
  if (argc > 1) {
    FILE *file = fopen(argv[1], "rb");
    if (!file || fread(input, sizeof(float), RESNET_SMALL_INPUT_SIZE, file) !=
                     RESNET_SMALL_INPUT_SIZE) {
      fprintf(stderr, "error: %s: cannot read %d floats\n", argv[1],
              RESNET_SMALL_INPUT_SIZE);
      return 1;
    }
    fclose(file);
  } else {
    for (int i = 0; i < RESNET_SMALL_INPUT_SIZE; ++i)
      input[i] = (float)(i % 17) / 17.0f - 0.5f;
  }
  job jobs[2] = {{input, {0}, 0}, {input, {0}, 0}};
  pthread_t threads[2];
  for (int t = 0; t < 2; ++t)
    pthread_create(&threads[t], NULL, classify, &jobs[t]);
  for (int t = 0; t < 2; ++t)
    pthread_join(threads[t], NULL);
  for (int t = 0; t < 2; ++t)
    if (jobs[t].status != 0) {
      fprintf(stderr, "error: %s\n", jobs[t].status == -2
                                         ? "repeated runs disagree"
                                         : "inference failed");
      return 1;
    }
  int classes = RESNET_SMALL_OUTPUT_SIZE / (int)resnet_small_output_shape[0];
  int best = 0;
  for (int c = 1; c < classes; ++c)
    if (jobs[0].output[c] > jobs[0].output[best])
      best = c;
  for (int i = 0; i < RESNET_SMALL_OUTPUT_SIZE; ++i)
    if (jobs[0].output[i] != jobs[1].output[i]) {
      fprintf(stderr, "error: the two contexts disagree\n");
      return 1;
    }
  printf("class %d score %g\n", best, jobs[0].output[best]);
  return 0;
}
