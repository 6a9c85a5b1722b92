//===- FuzzImage.cpp - fuzz target: the binaries' image decoder -----------===//
//
// runtime/image.c as the compiled binaries use it: decode the input as a
// PNG or JPEG to 3 and to 1 channels; when it decodes, preprocess it into a
// small input (resize 8, centre crop 7x5) and check the result is finite.
//
//===----------------------------------------------------------------------===//
extern "C" {
#include "runtime/image.h"
}

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int channels : {3, 1}) {
    char error[512];
    resnet_image image;
    if (resnet_image_decode(data, size, channels, &image, error,
                            sizeof error) != 0) {
      if (!std::memchr(error, '\0', sizeof error))
        std::abort(); // the message must be a terminated string
      continue;
    }
    resnet_preprocess_desc pre = {8, 1, {0.5f, 0.5f, 0.5f}, {0.25f, 0.25f, 0.25f}};
    float out[3 * 7 * 5];
    resnet_image_preprocess(&image, &pre, channels, 7, 5, out);
    for (int i = 0; i < channels * 7 * 5; ++i)
      if (!std::isfinite(out[i]) || std::fabs(out[i]) > 2.0f / 0.25f + 1)
        std::abort(); // (pixel/255 - 0.5) / 0.25 is within [-2, 2]
    std::free(image.pixels);
  }
  return 0;
}
