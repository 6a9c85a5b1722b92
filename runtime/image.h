/*===- image.h - image files in: decode (PNG, JPEG) and preprocess -*- C -*-===
 *
 * Turns an image file into a model's input tensor the way the model was
 * compiled to expect (resnet_preprocess_desc, see resnet_model.h):
 *   1. decode to 8-bit RGB, or grey for a 1-channel model (stb_image; a grey
 *      image given to an RGB model has R = G = B; grey from colour is
 *      stb_image's (77 R + 150 G + 29 B) >> 8);
 *   2. resize bilinearly, half-pixel centres (align_corners=False), no
 *      antialiasing: the shorter side to `resize` and the other to
 *      floor(resize * longer / shorter), or, when resize is 0, the whole
 *      image to the input's height x width;
 *   3. crop the centre to the input's height x width (offset
 *      floor((resized - crop) / 2) on each axis);
 *   4. x = (pixel / 255 - mean[c]) / std[c], channels in RGB order or, with
 *      bgr, in B, G, R order; written NCHW (one image: C x H x W).
 * Every step is in double precision; the result is rounded to float once.
 *===----------------------------------------------------------------------===*/
#ifndef RESNET_RUNTIME_IMAGE_H
#define RESNET_RUNTIME_IMAGE_H

#include "runtime/resnet_model.h"

#include <stddef.h>
#include <stdint.h>

/* Files larger than this, and images with more pixels, are refused before
   decoding. */
#define RESNET_IMAGE_MAX_FILE_BYTES (256L << 20)
#define RESNET_IMAGE_MAX_PIXELS (64L << 20)

typedef struct resnet_image {
  int width, height, channels; /* channels: 1 or 3 */
  unsigned char *pixels;       /* height x width x channels; free() it */
} resnet_image;

/* Decodes a PNG or JPEG held in memory to `channels` (1 or 3) 8-bit
   channels. On error returns -1 with a message (without the file's name)
   in `error`. */
int resnet_image_decode(const unsigned char *data, size_t size, int channels,
                        resnet_image *image, char *error, size_t errorSize);

/* Reads, decodes and preprocesses the image file `path` into `out`
   (channels x height x width floats). On error returns -1 with a message
   naming the file in `error`. */
int resnet_image_load(const char *path, const resnet_preprocess_desc *pre,
                      int64_t channels, int64_t height, int64_t width,
                      float *out, char *error, size_t errorSize);

/* Preprocesses a decoded image (steps 2-4 above) into `out`. */
void resnet_image_preprocess(const resnet_image *image,
                             const resnet_preprocess_desc *pre,
                             int64_t channels, int64_t height, int64_t width,
                             float *out);

#endif /* RESNET_RUNTIME_IMAGE_H */
