//===- ScratchFile.h - fuzz inputs as files ---------------------*- C++ -*-===//
#ifndef RESNET_TEST_FUZZ_SCRATCHFILE_H
#define RESNET_TEST_FUZZ_SCRATCHFILE_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace resnet_fuzz {

/// Writes the input to a per-process scratch file (the readers under test
/// take paths) and returns its path; aborts if the file cannot be written,
/// which is a broken environment, not a finding.
inline const std::string &writeScratchFile(const uint8_t *data, size_t size,
                                           const char *suffix) {
  // Removed at exit; one name per process and target.
  static struct Scratch {
    std::string path;
    ~Scratch() {
      if (!path.empty())
        std::remove(path.c_str());
    }
  } scratch;
  std::string &path = scratch.path;
  const char *dir = std::getenv("TMPDIR");
  path = std::string(dir && *dir ? dir : "/tmp") + "/resnet-fuzz-" +
         std::to_string(getpid()) + suffix;
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file || std::fwrite(data, 1, size, file) != size ||
      std::fclose(file) != 0) {
    std::perror(path.c_str());
    std::abort();
  }
  return path;
}

} // namespace resnet_fuzz

#endif // RESNET_TEST_FUZZ_SCRATCHFILE_H
