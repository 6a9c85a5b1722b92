//===- ReplayMain.cpp - run a fuzz target over files, without libFuzzer ---===//
//
//   resnet-fuzz-X [-flag...] FILE|DIR...
//
// Runs LLVMFuzzerTestOneInput once per file (directories: every regular file
// below, in sorted order). Flags starting with '-' are libFuzzer's and are
// ignored, so `resnet-fuzz-X -runs=0 corpus/` replays a corpus with either
// build. A crash or sanitizer report ends the process like it would in
// libFuzzer; the last "replaying" line names the input.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace fs = std::filesystem;

static bool collect(const fs::path &path, std::vector<fs::path> &files) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto &entry : fs::recursive_directory_iterator(path, ec))
      if (entry.is_regular_file())
        files.push_back(entry.path());
    return !ec;
  }
  if (!fs::is_regular_file(path, ec))
    return false;
  files.push_back(path);
  return true;
}

int main(int argc, char **argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-')
      continue;
    if (!collect(argv[i], files)) {
      std::fprintf(stderr, "error: %s: no such file or directory\n", argv[i]);
      return 1;
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path &file : files) {
    std::fprintf(stderr, "replaying %s\n", file.c_str());
    std::ifstream in(file, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
    // Like libFuzzer: a copy of exactly `size` bytes, so reads past the end
    // are heap overflows under ASan.
    std::vector<uint8_t> input(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::fprintf(stderr, "replayed %zu inputs\n", files.size());
  return 0;
}
