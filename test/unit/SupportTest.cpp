//===- SupportTest.cpp - AtomicFile and runSubprocess ---------------------===//
//
// support/: an AtomicFile replaces its target only on commit(), leaves it
// untouched on discard() or on a failed write, leaves no temporary file
// either way, and names the target in its errors; runSubprocess returns the
// program's status and reports a program it cannot run.
//
//===----------------------------------------------------------------------===//
#include "support/AtomicFile.h"
#include "support/Subprocess.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;
using namespace mlir::resnet;

namespace {

/// A fresh directory, removed with everything in it at the end.
class AtomicFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("atomic-file-test", dir));
  }
  void TearDown() override { sys::fs::remove_directories(dir); }

  std::string path(StringRef name) {
    SmallString<128> result(dir);
    sys::path::append(result, name);
    return std::string(result);
  }
  void write(StringRef name, StringRef text) {
    ASSERT_FALSE(writeFileAtomically(path(name), [&](raw_ostream &os) {
      os << text;
    }));
  }
  std::string read(StringRef name) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
        MemoryBuffer::getFile(path(name));
    return buffer ? (*buffer)->getBuffer().str() : "<missing>";
  }
  /// The directory's entries, sorted.
  std::vector<std::string> entries() {
    std::vector<std::string> names;
    std::error_code ec;
    for (sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
         it.increment(ec))
      names.push_back(sys::path::filename(it->path()).str());
    std::sort(names.begin(), names.end());
    return names;
  }

  SmallString<128> dir;
};

TEST_F(AtomicFileTest, CommitReplacesTheTarget) {
  write("out", "old");
  Expected<AtomicFile> file = AtomicFile::create(path("out"));
  ASSERT_TRUE(bool(file));
  file->os() << "new";
  // Not yet: the target keeps its contents until the commit.
  EXPECT_EQ(read("out"), "old");
  EXPECT_EQ(file->size(), 3u);
  ASSERT_FALSE(file->commit());
  EXPECT_EQ(read("out"), "new");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

TEST_F(AtomicFileTest, DiscardAndDestructionKeepTheOldFile) {
  write("out", "old");
  {
    Expected<AtomicFile> file = AtomicFile::create(path("out"));
    ASSERT_TRUE(bool(file));
    file->os() << "half";
    file->discard();
  }
  {
    Expected<AtomicFile> file = AtomicFile::create(path("out"));
    ASSERT_TRUE(bool(file));
    file->os() << "half";
  }
  EXPECT_EQ(read("out"), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

TEST_F(AtomicFileTest, AProgramWritesThePathItGets) {
  write("out", "old");
  Expected<AtomicFile> file = AtomicFile::create(path("out"));
  ASSERT_TRUE(bool(file));
  std::string temporary = file->pathForProgram();
  EXPECT_NE(temporary, path("out"));
  EXPECT_TRUE(StringRef(temporary).starts_with(path("out.tmp-")));
  Expected<int> status = file->runProgram(
      "/bin/sh", {"sh", "-c", "test -f \"$0\" && printf linked > \"$0\"",
                  temporary});
  ASSERT_TRUE(bool(status));
  EXPECT_EQ(*status, 0);
  EXPECT_EQ(file->size(), 6u);
  ASSERT_FALSE(file->commit());
  EXPECT_EQ(read("out"), "linked");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

/// The entries of `dir` once they equal `expected`, polled for up to 5 s
/// (a dead tool's supervisor cleans up after it, asynchronously).
static std::vector<std::string>
settledEntries(llvm::function_ref<std::vector<std::string>()> list,
               const std::vector<std::string> &expected) {
  std::vector<std::string> names = list();
  for (int tries = 0; names != expected && tries < 50; ++tries) {
    ::usleep(100000);
    names = list();
  }
  return names;
}

// The tool killed after the program wrote its output and before the
// commit (here: a forked tool that SIGKILLs itself there): the supervisor
// removes the output, the target keeps its contents.
TEST_F(AtomicFileTest, AToolKilledBeforeTheCommitLeavesNoOutput) {
  write("out", "old");
  pid_t tool = ::fork();
  ASSERT_GE(tool, 0);
  if (tool == 0) {
    Expected<AtomicFile> file = AtomicFile::create(path("out"));
    if (!file)
      ::_exit(2);
    std::string temporary = file->pathForProgram();
    Expected<int> status = file->runProgram(
        "/bin/sh", {"sh", "-c", "printf linked > \"$0\"", temporary});
    if (!status || *status != 0)
      ::_exit(3);
    ::kill(::getpid(), SIGKILL);
  }
  int status;
  ASSERT_EQ(::waitpid(tool, &status, 0), tool);
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit " << WEXITSTATUS(status);
  EXPECT_EQ(settledEntries([&] { return entries(); }, {"out"}),
            std::vector<std::string>{"out"});
  EXPECT_EQ(read("out"), "old");
}

// The program runs with a private $TMPDIR, removed with what it left there
// whether it ends or the tool dies.
TEST_F(AtomicFileTest, AProgramsTemporaryFilesGoWithIt) {
  std::string tmp = path("tmp");
  ASSERT_FALSE(sys::fs::create_directory(tmp));
  ::setenv("TMPDIR", tmp.c_str(), 1);
  Expected<int> ended = runSubprocess(
      "/bin/sh", {"sh", "-c",
                  "test \"$TMPDIR\" != \"$0\" && touch \"$TMPDIR/left\"",
                  tmp});
  ASSERT_TRUE(bool(ended));
  EXPECT_EQ(*ended, 0);
  auto tmpEntries = [&] {
    std::vector<std::string> names;
    std::error_code ec;
    for (sys::fs::directory_iterator it(tmp, ec), end; it != end && !ec;
         it.increment(ec))
      names.push_back(sys::path::filename(it->path()).str());
    return names;
  };
  EXPECT_EQ(tmpEntries(), std::vector<std::string>{});

  pid_t tool = ::fork();
  ASSERT_GE(tool, 0);
  if (tool == 0) {
    // The program signals its tool once its file is there, then waits.
    (void)runSubprocess("/bin/sh",
                        {"sh", "-c",
                         "touch \"$TMPDIR/left\" && kill -9 $0 && sleep 10",
                         std::to_string(::getpid())});
    ::_exit(0);
  }
  int status;
  ASSERT_EQ(::waitpid(tool, &status, 0), tool);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(settledEntries(tmpEntries, {}), std::vector<std::string>{});
  ::unsetenv("TMPDIR");
}

TEST_F(AtomicFileTest, ErrorsNameTheTarget) {
  Expected<AtomicFile> missing = AtomicFile::create(path("no/such/out"));
  ASSERT_FALSE(bool(missing));
  EXPECT_EQ(toString(missing.takeError()),
            "cannot write '" + path("no/such/out") +
                "': No such file or directory");
  Expected<AtomicFile> directory = AtomicFile::create(dir);
  ASSERT_FALSE(bool(directory));
  EXPECT_EQ(toString(directory.takeError()),
            "cannot write '" + dir.str().str() + "': Is a directory");
}

TEST_F(AtomicFileTest, AFullDeviceFailsTheCommit) {
  if (!sys::fs::exists("/dev/full"))
    GTEST_SKIP() << "no /dev/full";
  Expected<AtomicFile> file = AtomicFile::create("/dev/full");
  ASSERT_TRUE(bool(file));
  file->os() << "bytes";
  EXPECT_EQ(toString(file->commit()),
            "cannot write '/dev/full': No space left on device");
}

TEST_F(AtomicFileTest, CommitTogetherStopsAtTheFirstError) {
  if (!sys::fs::exists("/dev/full"))
    GTEST_SKIP() << "no /dev/full";
  write("a", "old a");
  Expected<AtomicFile> a = AtomicFile::create(path("a"));
  Expected<AtomicFile> full = AtomicFile::create("/dev/full");
  Expected<AtomicFile> b = AtomicFile::create(path("b"));
  ASSERT_TRUE(a && full && b);
  a->os() << "new a";
  full->os() << "bytes";
  b->os() << "new b";
  Error error = commitTogether({&*a, &*full, &*b});
  EXPECT_TRUE(bool(error));
  consumeError(std::move(error));
  EXPECT_EQ(read("a"), "new a");
  EXPECT_EQ(entries(), std::vector<std::string>{"a"});
}

TEST(SubprocessTest, ExitStatusAndErrors) {
  Expected<int> ok = runSubprocess("/bin/sh", {"sh", "-c", "exit 0"});
  ASSERT_TRUE(bool(ok));
  EXPECT_EQ(*ok, 0);
  Expected<int> three = runSubprocess("/bin/sh", {"sh", "-c", "exit 3"});
  ASSERT_TRUE(bool(three));
  EXPECT_EQ(*three, 3);
  Expected<int> killed = runSubprocess("/bin/sh", {"sh", "-c", "kill -9 $$"});
  ASSERT_TRUE(bool(killed));
  EXPECT_EQ(*killed, 128 + 9);
  Expected<int> missing = runSubprocess("/no/such/program", {"program"});
  ASSERT_FALSE(bool(missing));
  EXPECT_EQ(toString(missing.takeError()),
            "cannot run '/no/such/program': No such file or directory");
  // An output that exists is not the program's to write.
  Expected<int> taken =
      runSubprocess("/bin/sh", {"sh", "-c", "exit 0"}, {"/dev/null"});
  ASSERT_FALSE(bool(taken));
  EXPECT_EQ(toString(taken.takeError()),
            "cannot create '/dev/null': File exists");
}

} // namespace
