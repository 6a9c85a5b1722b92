/* stb_image (Debian's libstb-dev, header-only) compiled into the runtime:
   PNG and JPEG only, from memory (image.c reads the file), images of at
   most RESNET_IMAGE_MAX_PIXELS refused by image.c before decoding, and no
   side larger than STBI_MAX_DIMENSIONS. */
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_MAX_DIMENSIONS (1 << 16)
#include <stb/stb_image.h>
