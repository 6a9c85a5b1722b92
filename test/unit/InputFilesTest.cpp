//===- InputFilesTest.cpp - untrusted input: file kinds, nesting, stack ---===//
#include "dialect/InputFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <string>
#include <sys/stat.h>

using namespace mlir::resnet;

namespace {
std::string errorText(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : std::string();
}

TEST(NestingDepth, CountsEveryBracketKind) {
  EXPECT_EQ(errorText(checkNestingDepth("{[(<>)]}", "f", 4)), "");
  EXPECT_EQ(errorText(checkNestingDepth("{[(<>)]}", "f", 3)),
            "f:1: brackets nest deeper than 3 levels; refusing to parse (the "
            "parser's recursion would exhaust the stack)");
}

TEST(NestingDepth, NamesTheLine) {
  EXPECT_EQ(errorText(checkNestingDepth("{\n{\n{", "m.mlir", 2))
                .substr(0, 9),
            "m.mlir:3:");
}

TEST(NestingDepth, SkipsStringsCommentsAndArrows) {
  // Brackets in a string (with an escaped quote) or a comment do not nest;
  // `->` and `>=` close nothing.
  EXPECT_EQ(errorText(checkNestingDepth(R"("\"[[[[" // {{{{
(a) -> (b) : (d0 >= 0))", "f", 1)), "");
  // Siblings do not add up.
  EXPECT_EQ(errorText(checkNestingDepth("[][][][]", "f", 1)), "");
}

TEST(NestingDepth, SkipsBytecode) {
  EXPECT_EQ(errorText(checkNestingDepth("ML\xefR[[[[", "f", 1)), "");
}

TEST(InputFile, RefusesWhatIsNotRegular) {
  EXPECT_EQ(errorText(readInputFile("/dev/zero", "model").takeError()),
            "model '/dev/zero' is a character device, not a regular file");
  EXPECT_EQ(errorText(checkRegularFile("/", "weights")),
            "weights '/' is a directory, not a regular file");
  llvm::SmallString<128> fifo;
  llvm::sys::fs::createUniquePath("resnet-fifo-%%%%%%", fifo, true);
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Opened without blocking, then refused.
  EXPECT_EQ(errorText(readInputFile(fifo, "input").takeError()),
            "input '" + std::string(fifo) + "' is a FIFO, not a regular file");
  llvm::sys::fs::remove(fifo);
}

TEST(InputFile, ReadsRegularFiles) {
  llvm::SmallString<128> path;
  int fd;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("resnet", "txt", fd, path));
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << "hello";
  }
  auto buffer = readInputFile(path, "file", /*requiresNullTerminator=*/true);
  ASSERT_TRUE(bool(buffer));
  EXPECT_EQ((*buffer)->getBuffer(), "hello");
  EXPECT_EQ(*(*buffer)->getBufferEnd(), '\0');
  llvm::sys::fs::remove(path);
}

/// Recursion with a live 1 KiB frame per level (the volatile store after
/// the call keeps the compiler from turning it into a loop).
int recurse(int depth) {
  volatile char frame[1024];
  frame[0] = 1;
  if (depth == 0)
    return 0;
  int below = recurse(depth - 1);
  frame[1023] = static_cast<char>(below);
  return below + frame[0];
}

TEST(LargeStack, HoldsDeepRecursion) {
  // 100 MiB of frames: far more than the main thread's default 8 MiB.
  EXPECT_EQ(runOnLargeStack([] { return recurse(100 * 1024); }),
            100 * 1024);
}
} // namespace
