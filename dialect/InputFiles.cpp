//===- InputFiles.cpp - read untrusted input files safely -----------------===//
#include "dialect/InputFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"

#include <cerrno>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

namespace mlir::resnet {

namespace {
/// "a FIFO", "a directory", ...: what a non-regular file is.
const char *fileKind(mode_t mode) {
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISSOCK(mode))
    return "a socket";
  return "not a regular file";
}

Error notRegular(StringRef path, StringRef what, mode_t mode) {
  return createStringError(std::errc::invalid_argument,
                           "%s '%s' is %s, not a regular file",
                           what.str().c_str(), path.str().c_str(),
                           fileKind(mode));
}

Error cannotOpen(StringRef path, StringRef what, int error) {
  return createStringError(std::error_code(error, std::generic_category()),
                           "cannot open %s '%s': %s", what.str().c_str(),
                           path.str().c_str(),
                           std::error_code(error, std::generic_category())
                               .message()
                               .c_str());
}

/// Opens `path` without blocking and checks it is a regular file; returns
/// the (blocking again) descriptor and its size.
Expected<std::pair<int, off_t>> openRegular(StringRef path, StringRef what) {
  int fd = ::open(path.str().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return cannotOpen(path, what, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int error = errno;
    ::close(fd);
    return cannotOpen(path, what, error);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return notRegular(path, what, st.st_mode);
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0)
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return std::make_pair(fd, st.st_size);
}

Expected<std::unique_ptr<MemoryBuffer>>
readStandardInput(StringRef what, bool requiresNullTerminator) {
  struct stat st;
  if (::fstat(STDIN_FILENO, &st) != 0)
    return cannotOpen("-", what, errno);
  // A pipe is how `-` is meant to be used; a terminal is interactive. Any
  // other device (`< /dev/zero`) and a directory are refused.
  bool device = S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode);
  if (S_ISDIR(st.st_mode) ||
      (device && !sys::Process::StandardInIsUserInput()))
    return createStringError(std::errc::invalid_argument,
                             "%s on standard input is %s, not a regular "
                             "file or a pipe",
                             what.str().c_str(), fileKind(st.st_mode));
  if (S_ISREG(st.st_mode))
    return errorOrToExpected(MemoryBuffer::getOpenFile(
        sys::fs::convertFDToNativeFile(STDIN_FILENO), "<stdin>", st.st_size,
        requiresNullTerminator));
  return errorOrToExpected(MemoryBuffer::getSTDIN());
}
} // namespace

Expected<std::unique_ptr<MemoryBuffer>>
readInputFile(StringRef path, StringRef what, bool requiresNullTerminator) {
  if (path == "-")
    return readStandardInput(what, requiresNullTerminator);
  Expected<std::pair<int, off_t>> file = openRegular(path, what);
  if (!file)
    return file.takeError();
  auto [fd, size] = *file;
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getOpenFile(
      sys::fs::convertFDToNativeFile(fd), path, size, requiresNullTerminator);
  ::close(fd);
  if (!buffer)
    return createStringError(buffer.getError(), "cannot read %s '%s': %s",
                             what.str().c_str(), path.str().c_str(),
                             buffer.getError().message().c_str());
  return std::move(*buffer);
}

Error checkRegularFile(StringRef path, StringRef what) {
  Expected<std::pair<int, off_t>> file = openRegular(path, what);
  if (!file)
    return file.takeError();
  ::close(file->first);
  return Error::success();
}

Error checkNestingDepth(StringRef text, StringRef name, unsigned limit) {
  // MLIR bytecode starts with "ML\xefR" and is not text.
  if (text.starts_with("ML\xef\x52"))
    return Error::success();
  unsigned depth = 0, angles = 0, line = 1;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    switch (c) {
    case '\n':
      ++line;
      break;
    case '"': // a string literal: skip to its unescaped closing quote
      for (++i; i < e && text[i] != '"'; ++i) {
        if (text[i] == '\\')
          ++i;
        else if (text[i] == '\n')
          ++line;
      }
      break;
    case '/': // a `//` comment runs to the end of the line
      if (i + 1 < e && text[i + 1] == '/')
        while (i + 1 < e && text[i + 1] != '\n')
          ++i;
      break;
    case '<':
      ++angles;
      [[fallthrough]];
    case '{':
    case '[':
    case '(':
      if (++depth > limit)
        return createStringError(
            std::errc::invalid_argument,
            "%s:%u: brackets nest deeper than %u levels; refusing to parse "
            "(the parser's recursion would exhaust the stack)",
            name.str().c_str(), line, limit);
      break;
    case '>': // not the arrow `->`, nor `>=` in an integer set
      if (angles && (i == 0 || text[i - 1] != '-') &&
          (i + 1 == e || text[i + 1] != '=')) {
        --angles;
        depth -= depth > 0;
      }
      break;
    case '}':
    case ']':
    case ')':
      depth -= depth > 0;
      break;
    default:
      break;
    }
  }
  return Error::success();
}

namespace {
struct StackCall {
  function_ref<int()> body;
  int result = 0;
};

void *runStackCall(void *arg) {
  auto *call = static_cast<StackCall *>(arg);
  call->result = call->body();
  return nullptr;
}
} // namespace

int runOnLargeStack(function_ref<int()> body) {
  StackCall call{body};
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0 &&
                 pthread_attr_setstacksize(&attr, kLargeStackBytes) == 0 &&
                 pthread_create(&thread, &attr, runStackCall, &call) == 0;
  pthread_attr_destroy(&attr);
  // Under a tight address-space limit the thread may not start: then the
  // work runs here, with the nesting limit still in force.
  if (!started)
    return body();
  pthread_join(thread, nullptr);
  return call.result;
}

} // namespace mlir::resnet
