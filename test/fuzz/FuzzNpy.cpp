//===- FuzzNpy.cpp - fuzz target: the emitted binary's .npy loader --------===//
//
// runtime/npy.c as the compiled binaries use it: read the input; when it
// loads, write it back and read that again (same shape, same bytes).
//
//===----------------------------------------------------------------------===//
#include "ScratchFile.h"

extern "C" {
#include "runtime/npy.h"
}

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string &path = resnet_fuzz::writeScratchFile(data, size, ".npy");
  char error[512];
  resnet_npy_array array;
  if (resnet_npy_read(path.c_str(), &array, error, sizeof error) != 0) {
    if (!std::memchr(error, '\0', sizeof error))
      std::abort(); // the message must be a terminated string
    return 0;
  }
  size_t count = 1;
  for (int d = 0; d < array.rank; ++d)
    count *= static_cast<size_t>(array.shape[d]);
  std::string copy = path + ".out.npy";
  if (resnet_npy_write(copy.c_str(), array.data, array.shape, array.rank,
                       error, sizeof error) == 0) {
    resnet_npy_array back;
    if (resnet_npy_read(copy.c_str(), &back, error, sizeof error) != 0 ||
        back.rank != array.rank ||
        std::memcmp(back.shape, array.shape, sizeof array.shape) != 0 ||
        std::memcmp(back.data, array.data, count * sizeof(float)) != 0)
      std::abort(); // a written file must read back unchanged
    std::free(back.data);
  }
  std::remove(copy.c_str());
  std::free(array.data);
  return 0;
}
