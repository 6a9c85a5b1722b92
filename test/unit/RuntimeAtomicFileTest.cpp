//===- RuntimeAtomicFileTest.cpp - runtime/atomic_file.c ------------------===//
//
// The binary's --output: the target is replaced only by a commit; a
// discard, a write error or SIGTERM/SIGINT during the write leaves the old
// file and no temporary file.
//
//===----------------------------------------------------------------------===//
extern "C" {
#include "runtime/atomic_file.h"
}

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

class RuntimeAtomicFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    char pattern[] = "/tmp/runtime-atomic-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir = pattern;
  }
  void TearDown() override {
    for (const std::string &name : entries())
      unlink((dir + "/" + name).c_str());
    rmdir(dir.c_str());
  }
  std::string path(const std::string &name) { return dir + "/" + name; }
  void write(const std::string &name, const std::string &text) {
    std::ofstream(path(name)) << text;
  }
  std::string read(const std::string &name) {
    std::ifstream in(path(name));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::vector<std::string> entries() {
    std::vector<std::string> names;
    if (DIR *d = opendir(dir.c_str())) {
      while (dirent *entry = readdir(d))
        if (entry->d_name[0] != '.')
          names.push_back(entry->d_name);
      closedir(d);
    }
    return names;
  }

  std::string dir;
  char error[256] = "";
};

TEST_F(RuntimeAtomicFileTest, CommitReplacesDiscardKeeps) {
  write("y.npy", "old");
  resnet_atomic_file file;
  ASSERT_EQ(resnet_atomic_open(&file, path("y.npy").c_str(), error,
                               sizeof error),
            0);
  fputs("new", file.file);
  resnet_atomic_discard(&file);
  EXPECT_EQ(read("y.npy"), "old");
  ASSERT_EQ(resnet_atomic_open(&file, path("y.npy").c_str(), error,
                               sizeof error),
            0);
  fputs("new", file.file);
  EXPECT_EQ(read("y.npy"), "old");
  ASSERT_EQ(resnet_atomic_commit(&file, error, sizeof error), 0) << error;
  EXPECT_EQ(read("y.npy"), "new");
  EXPECT_EQ(entries(), std::vector<std::string>{"y.npy"});
}

TEST_F(RuntimeAtomicFileTest, ErrorsNameTheFile) {
  resnet_atomic_file file;
  EXPECT_EQ(resnet_atomic_open(&file, dir.c_str(), error, sizeof error), -1);
  EXPECT_EQ(std::string(error), dir + ": cannot write: Is a directory");
  EXPECT_EQ(resnet_atomic_open(&file, path("no/y.npy").c_str(), error,
                               sizeof error),
            -1);
  EXPECT_EQ(std::string(error),
            path("no/y.npy") + ": cannot write: No such file or directory");
  if (access("/dev/full", W_OK) != 0)
    GTEST_SKIP() << "no /dev/full";
  ASSERT_EQ(resnet_atomic_open(&file, "/dev/full", error, sizeof error), 0);
  fputs("bytes", file.file);
  EXPECT_EQ(resnet_atomic_commit(&file, error, sizeof error), -1);
  EXPECT_EQ(std::string(error), "/dev/full: write failed: No space left on "
                                "device");
}

/// A process that opens the file, writes half of it and gets `signal`.
static void interruptedWriter(const std::string &target, int signal) {
  // A test runner started in the background (a shell's `&`) hands its
  // children SIGINT ignored, and an ignored signal is left ignored: restore
  // the default action a terminal or CI would give.
  ::signal(signal, SIG_DFL);
  resnet_atomic_file file;
  char error[256];
  if (resnet_atomic_open(&file, target.c_str(), error, sizeof error))
    _exit(2);
  fputs("half", file.file);
  fflush(file.file);
  raise(signal);
  _exit(3); // Not reached: the signal's default action ends the process.
}

TEST_F(RuntimeAtomicFileTest, SignalsRemoveTheTemporaryFile) {
  write("y.npy", "old");
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0)
      interruptedWriter(path("y.npy"), signal);
    int status;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "exit " << WEXITSTATUS(status);
    EXPECT_EQ(WTERMSIG(status), signal);
    EXPECT_EQ(read("y.npy"), "old");
    EXPECT_EQ(entries(), std::vector<std::string>{"y.npy"});
  }
}

} // namespace
