/* Runs resnet_<MODEL>_infer_n on the N images of a raw f32 file and writes
   the N output rows as raw f32; then checks that bad arguments are refused.
   Compiled by compile-any-count.test with -DMODEL=name,
   -DMODEL_HEADER='"libname.h"', -DIMAGE_IN=RESNET_NAME_IMAGE_INPUT_SIZE and
   -DIMAGE_OUT=RESNET_NAME_IMAGE_OUTPUT_SIZE (the header's macros). */
#include MODEL_HEADER

#include <stdio.h>
#include <stdlib.h>

#define CAT(a, b, c) a##b##c
#define API(name, fn) CAT(resnet_, name, fn)
#define CREATE API(MODEL, _create)
#define INFER_N API(MODEL, _infer_n)
#define DESTROY API(MODEL, _destroy)

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s IN.raw COUNT OUT.raw\n", argv[0]);
    return 1;
  }
  long count = atol(argv[2]), imageIn = IMAGE_IN, imageOut = IMAGE_OUT;
  float *input = malloc((size_t)(count * imageIn + 1) * sizeof(float));
  float *output = malloc((size_t)(count * imageOut + 1) * sizeof(float));
  FILE *in = fopen(argv[1], "rb");
  if (!in || fread(input, sizeof(float), (size_t)(count * imageIn), in) !=
                 (size_t)(count * imageIn)) {
    fprintf(stderr, "error: %s: cannot read %ld floats\n", argv[1],
            count * imageIn);
    return 1;
  }
  fclose(in);
  void *context = CREATE();
  int status = INFER_N(context, input, count, output);
  /* Twice: the second call reuses the context's padded batch. */
  if (!status)
    status = INFER_N(context, input, count, output);
  if (status) {
    fprintf(stderr, "error: infer_n returned %d\n", status);
    return 1;
  }
  printf("negative count: %d, null input: %d, no images: %d\n",
         INFER_N(context, input, -1, output),
         INFER_N(context, NULL, count, output),
         INFER_N(context, input, 0, output));
  DESTROY(context);
  FILE *out = fopen(argv[3], "wb");
  fwrite(output, sizeof(float), (size_t)(count * imageOut), out);
  fclose(out);
  free(input);
  free(output);
  return 0;
}
