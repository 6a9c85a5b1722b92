/*===- image.c - image files in: decode (PNG, JPEG) and preprocess --------===
 *
 * See image.h for the steps. Decoding is stb_image's (stb_image_impl.c);
 * this file guards it: size limits before decoding, a JPEG must end (its
 * EOI marker must be present: stb_image decodes a truncated JPEG as grey
 * rows without complaint), and every failure names the file.
 *===----------------------------------------------------------------------===*/
#include "runtime/image.h"

#include <stb/stb_image.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int isPng(const unsigned char *data, size_t size) {
  static const unsigned char signature[8] = {0x89, 'P', 'N',  'G',
                                             '\r', '\n', 0x1A, '\n'};
  return size >= 8 && !memcmp(data, signature, 8);
}

static int isJpeg(const unsigned char *data, size_t size) {
  return size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

/* Whether the JPEG's end-of-image marker (FF D9) is present. */
static int jpegHasEnd(const unsigned char *data, size_t size) {
  for (size_t i = size; i >= 2; --i)
    if (data[i - 2] == 0xFF && data[i - 1] == 0xD9)
      return 1;
  return 0;
}

/* Whether every Huffman table (DHT segment) of the JPEG holds at most 256
   codes, within its segment. stb_image builds a table from its 16 code
   counts into a 257-entry array without checking their sum: a corrupt
   table would write past it. Markers are found by their FF prefix: in
   entropy-coded data an FF byte is followed by 00 (stuffing) or a
   restart marker, so DHT segments between progressive scans are seen too.
   Other malformations are left to stb_image, which reports them. */
static int jpegHuffmanTablesFit(const unsigned char *data, size_t size) {
  size_t i = 2; /* after SOI */
  while (i + 3 < size) {
    unsigned char marker = data[i + 1];
    if (data[i] != 0xFF || marker == 0xFF || marker == 0x00 ||
        marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
      i += data[i] == 0xFF && marker != 0xFF ? 2 : 1;
      continue;
    }
    if (marker == 0xD9) /* end of image */
      return 1;
    size_t length = (size_t)data[i + 2] << 8 | data[i + 3];
    size_t end = i + 2 + length;
    if (length < 2 || end > size)
      return 1;
    if (marker == 0xC4)
      for (size_t table = i + 4; table < end;) {
        size_t codes = 0;
        if (table + 17 > end)
          return 0;
        for (int bits = 1; bits <= 16; ++bits)
          codes += data[table + bits];
        if (codes > 256 || table + 17 + codes > end)
          return 0;
        table += 17 + codes;
      }
    i = end;
  }
  return 1;
}

static uint32_t bigEndian32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

/* The image's size from its header (a PNG's IHDR, or stb_image's JPEG
   header parser), before anything is decoded. */
static int readSize(const unsigned char *data, size_t size, long *width,
                    long *height, char *error, size_t errorSize) {
  if (isPng(data, size)) {
    if (size < 24 || memcmp(data + 12, "IHDR", 4)) {
      snprintf(error, errorSize, "corrupt PNG (no IHDR header)");
      return -1;
    }
    *width = (long)bigEndian32(data + 16);
    *height = (long)bigEndian32(data + 20);
    return 0;
  }
  if (!isJpeg(data, size)) {
    snprintf(error, errorSize, "not a PNG or JPEG image");
    return -1;
  }
  if (!jpegHuffmanTablesFit(data, size)) {
    snprintf(error, errorSize,
             "corrupt JPEG (a Huffman table has more than 256 codes or "
             "overruns its segment)");
    return -1;
  }
  int w, h, channels;
  if (!stbi_info_from_memory(data, (int)size, &w, &h, &channels)) {
    snprintf(error, errorSize, "corrupt JPEG header (%s)",
             stbi_failure_reason());
    return -1;
  }
  *width = w;
  *height = h;
  return 0;
}

int resnet_image_decode(const unsigned char *data, size_t size, int channels,
                        resnet_image *image, char *error, size_t errorSize) {
  memset(image, 0, sizeof *image);
  if (size > (size_t)INT32_MAX) {
    snprintf(error, errorSize, "file too large to decode");
    return -1;
  }
  long width, height;
  if (readSize(data, size, &width, &height, error, errorSize))
    return -1;
  if (width <= 0 || height <= 0 || width > RESNET_IMAGE_MAX_PIXELS ||
      height > RESNET_IMAGE_MAX_PIXELS ||
      width * height > RESNET_IMAGE_MAX_PIXELS) {
    snprintf(error, errorSize,
             "image of %ldx%ld pixels is empty or larger than the limit of "
             "%ld pixels",
             width, height, RESNET_IMAGE_MAX_PIXELS);
    return -1;
  }
  if (isJpeg(data, size) && !jpegHasEnd(data, size)) {
    snprintf(error, errorSize, "truncated JPEG (no end-of-image marker)");
    return -1;
  }
  int w, h, fileChannels;
  unsigned char *pixels = stbi_load_from_memory(data, (int)size, &w, &h,
                                                &fileChannels, channels);
  if (!pixels) {
    snprintf(error, errorSize, "corrupt or truncated %s (%s)",
             isPng(data, size) ? "PNG" : "JPEG", stbi_failure_reason());
    return -1;
  }
  image->width = w;
  image->height = h;
  image->channels = channels;
  image->pixels = pixels;
  return 0;
}

/* Reads the whole file, refusing more than RESNET_IMAGE_MAX_FILE_BYTES. */
static unsigned char *readFile(const char *path, size_t *size, char *error,
                               size_t errorSize) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    snprintf(error, errorSize, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  unsigned char *data = NULL;
  size_t used = 0, capacity = 0;
  for (;;) {
    if (used == capacity) {
      if (capacity >= (size_t)RESNET_IMAGE_MAX_FILE_BYTES) {
        snprintf(error, errorSize, "%s: larger than %ld MiB", path,
                 RESNET_IMAGE_MAX_FILE_BYTES >> 20);
        break;
      }
      capacity = capacity ? 2 * capacity : 1 << 16;
      unsigned char *grown = realloc(data, capacity);
      if (!grown) {
        snprintf(error, errorSize, "%s: out of memory", path);
        break;
      }
      data = grown;
    }
    size_t got = fread(data + used, 1, capacity - used, file);
    used += got;
    if (got == 0) {
      if (ferror(file)) {
        snprintf(error, errorSize, "%s: cannot read: %s", path,
                 strerror(errno));
        break;
      }
      fclose(file);
      if (used == 0) {
        snprintf(error, errorSize, "%s: empty file, not an image", path);
        free(data);
        return NULL;
      }
      *size = used;
      return data;
    }
  }
  fclose(file);
  free(data);
  return NULL;
}

/* One axis of the bilinear resize: the two source indices and the weight
   of the second for destination index `dst` (of `dstSize`, from
   `srcSize`), half-pixel centres. */
typedef struct tap {
  int first, second;
  double weight;
} tap;

static tap bilinearTap(int64_t dst, int64_t dstSize, int64_t srcSize) {
  double position =
      ((double)dst + 0.5) * ((double)srcSize / (double)dstSize) - 0.5;
  if (position < 0)
    position = 0;
  tap t;
  t.first = (int)position;
  if (t.first > srcSize - 1)
    t.first = (int)srcSize - 1;
  t.second = t.first < srcSize - 1 ? t.first + 1 : t.first;
  t.weight = position - (double)t.first;
  return t;
}

void resnet_image_preprocess(const resnet_image *image,
                             const resnet_preprocess_desc *pre,
                             int64_t channels, int64_t height, int64_t width,
                             float *out) {
  /* The resized size, then the centre crop's offset in it. */
  int64_t resizedH = height, resizedW = width;
  if (pre->resize > 0) {
    if (image->width <= image->height) {
      resizedW = pre->resize;
      resizedH = (int64_t)((double)pre->resize * image->height / image->width);
    } else {
      resizedH = pre->resize;
      resizedW = (int64_t)((double)pre->resize * image->width / image->height);
    }
  }
  int64_t top = (resizedH - height) / 2, left = (resizedW - width) / 2;
  for (int64_t y = 0; y < height; ++y) {
    tap ty = bilinearTap(y + top, resizedH, image->height);
    for (int64_t x = 0; x < width; ++x) {
      tap tx = bilinearTap(x + left, resizedW, image->width);
      for (int64_t c = 0; c < channels; ++c) {
        int64_t source = channels == 3 && pre->bgr ? 2 - c : c;
        const unsigned char *p = image->pixels + source;
        size_t stride = (size_t)image->channels;
        double p00 = p[((size_t)ty.first * image->width + tx.first) * stride];
        double p01 = p[((size_t)ty.first * image->width + tx.second) * stride];
        double p10 = p[((size_t)ty.second * image->width + tx.first) * stride];
        double p11 =
            p[((size_t)ty.second * image->width + tx.second) * stride];
        double value =
            (1 - ty.weight) * ((1 - tx.weight) * p00 + tx.weight * p01) +
            ty.weight * ((1 - tx.weight) * p10 + tx.weight * p11);
        double normalized = (value / 255.0 - pre->mean[c]) / pre->std[c];
        out[(c * height + y) * width + x] = (float)normalized;
      }
    }
  }
}

int resnet_image_load(const char *path, const resnet_preprocess_desc *pre,
                      int64_t channels, int64_t height, int64_t width,
                      float *out, char *error, size_t errorSize) {
  size_t size = 0;
  unsigned char *data = readFile(path, &size, error, errorSize);
  if (!data)
    return -1;
  resnet_image image;
  char reason[256];
  int status = resnet_image_decode(data, size, (int)channels, &image, reason,
                                   sizeof reason);
  free(data);
  if (status) {
    snprintf(error, errorSize, "%s: %s", path, reason);
    return -1;
  }
  resnet_image_preprocess(&image, pre, channels, height, width, out);
  stbi_image_free(image.pixels);
  return 0;
}
