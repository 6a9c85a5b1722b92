//===- AtomicFile.cpp - outputs that appear whole or not at all -----------===//
#include "support/AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"

#include <csignal>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace llvm;

namespace mlir::resnet {

Error writeError(StringRef path, std::error_code ec) {
  if (path == "-")
    return createStringError(ec, "cannot write to stdout: " + ec.message());
  return createStringError(ec, "cannot write '" + path + "': " + ec.message());
}

Error flushStdout() {
  outs().flush();
  std::error_code ec = outs().error();
  if (!ec)
    return Error::success();
  outs().clear_error();
  return writeError("-", ec);
}

static std::error_code lastError() {
  return std::error_code(errno, std::generic_category());
}

/// fsync(2) on `path`; a file written by another program is synced too.
static std::error_code syncPath(StringRef path, int flags = O_RDONLY) {
  int fd = ::open(path.str().c_str(), flags | O_CLOEXEC);
  if (fd < 0)
    return lastError();
  std::error_code ec;
  if (::fsync(fd) != 0)
    ec = lastError();
  ::close(fd);
  return ec;
}

/// A write beyond the file-size limit (ulimit -f) then fails with EFBIG and
/// is reported like a full disk, instead of SIGXFSZ killing the process.
/// Programs we run (the linker) inherit this and fail the same way.
static void reportFileSizeLimitAsError() { ::signal(SIGXFSZ, SIG_IGN); }

/// The directory `path` is in.
static std::string directoryOf(StringRef path) {
  StringRef directory = sys::path::parent_path(path);
  return directory.empty() ? "." : directory.str();
}

/// An unnamed file in `directory` (O_TMPFILE), or -1 with errno set.
/// Naming it later goes through /proc/self/fd, which must exist.
static int openUnnamedFile(StringRef directory) {
#ifdef O_TMPFILE
  if (!sys::fs::exists("/proc/self/fd")) {
    errno = EOPNOTSUPP;
    return -1;
  }
  return ::open(directory.str().c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC,
                0666);
#else
  (void)directory;
  errno = EOPNOTSUPP;
  return -1;
#endif
}

/// The pattern of the temporary files next to `renameTo`.
static std::string temporaryPattern(StringRef renameTo) {
  return (renameTo + ".tmp-%%%%%%%%").str();
}

/// A fresh unique name for a temporary file next to `renameTo`, not
/// created.
static std::string unusedTemporaryName(StringRef renameTo) {
  SmallString<256> name;
  sys::fs::createUniquePath(temporaryPattern(renameTo), name,
                            /*MakeAbsolute=*/false);
  return name.str().str();
}

/// The unique name of a temporary file next to `renameTo`, created.
static std::error_code createNamedTemporary(StringRef renameTo, int &fd,
                                            std::string &path) {
  SmallString<256> created;
  std::error_code ec =
      sys::fs::createUniqueFile(temporaryPattern(renameTo), fd, created);
  if (ec)
    return ec;
  path = created.str().str();
  sys::RemoveFileOnSignal(path);
  return ec;
}

Expected<AtomicFile> AtomicFile::create(StringRef target) {
  std::error_code ec;
  if (target == "-") {
    auto stream = std::make_unique<raw_fd_ostream>("-", ec, sys::fs::OF_None);
    if (ec)
      return writeError(target, ec);
    AtomicFile file(target.str(), /*replacesTarget=*/false, std::move(stream));
    file.streamFd = STDOUT_FILENO;
    return std::move(file);
  }
  sys::fs::file_status status;
  if (!sys::fs::status(target, status)) {
    if (sys::fs::is_directory(status))
      return writeError(target,
                        std::make_error_code(std::errc::is_a_directory));
    if (!sys::fs::is_regular_file(status)) {
      auto stream =
          std::make_unique<raw_fd_ostream>(target, ec, sys::fs::OF_None);
      if (ec)
        return writeError(target, ec);
      return AtomicFile(target.str(), /*replacesTarget=*/false,
                        std::move(stream));
    }
  }
  // Replace the file a symbolic link names, not the link.
  SmallString<256> renameTo(target);
  if (sys::fs::is_symlink_file(target) && sys::fs::real_path(target, renameTo))
    renameTo = target;

  std::string temporaryPath;
  int fd = openUnnamedFile(directoryOf(renameTo));
  if (fd < 0) {
    // Only a file system without O_TMPFILE falls back to a named file; a
    // missing or read-only directory is the error to report.
    int error = errno;
    if (error != EOPNOTSUPP && error != EISDIR && error != EINVAL)
      return writeError(target, std::error_code(error, std::generic_category()));
    if ((ec = createNamedTemporary(renameTo, fd, temporaryPath)))
      return writeError(target, ec);
  }
  reportFileSizeLimitAsError();
  AtomicFile file(target.str(), /*replacesTarget=*/true,
                  std::make_unique<raw_fd_ostream>(fd, /*shouldClose=*/true));
  file.streamFd = fd;
  file.renameTo = renameTo.str().str();
  file.temporaryPath = std::move(temporaryPath);
  return std::move(file);
}

AtomicFile::AtomicFile(std::string target, bool replacesTarget,
                       std::unique_ptr<raw_fd_ostream> stream)
    : targetName(std::move(target)), renameTo(targetName),
      replacesTarget(replacesTarget), stream(std::move(stream)) {}

AtomicFile::AtomicFile(AtomicFile &&other)
    : targetName(std::move(other.targetName)),
      renameTo(std::move(other.renameTo)),
      temporaryPath(std::move(other.temporaryPath)),
      replacesTarget(other.replacesTarget), programWrites(other.programWrites),
      done(other.done), stream(std::move(other.stream)),
      streamFd(other.streamFd), programGuard(std::move(other.programGuard)) {
  other.done = true;
}

AtomicFile::~AtomicFile() { discard(); }

std::string AtomicFile::pathForProgram() {
  if (!replacesTarget)
    return targetName;
  if (!programWrites) {
    // The program's file replaces the stream's; a named one (no O_TMPFILE)
    // goes, so that the supervisor can create the name afresh.
    if (!temporaryPath.empty()) {
      sys::fs::remove(temporaryPath);
      sys::DontRemoveFileOnSignal(temporaryPath);
    }
    temporaryPath = unusedTemporaryName(renameTo);
    sys::RemoveFileOnSignal(temporaryPath);
    programWrites = true;
  }
  return temporaryPath;
}

Expected<int> AtomicFile::runProgram(StringRef program,
                                     ArrayRef<std::string> args) {
  std::vector<std::string> outputs;
  if (programWrites)
    outputs.push_back(temporaryPath);
  return runSubprocess(program, args, outputs, &programGuard);
}

std::error_code AtomicFile::nameTemporary() {
  std::string procPath = "/proc/self/fd/" + std::to_string(streamFd);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = unusedTemporaryName(renameTo);
    if (::linkat(AT_FDCWD, procPath.c_str(), AT_FDCWD, name.c_str(),
                 AT_SYMLINK_FOLLOW) == 0) {
      temporaryPath = name;
      sys::RemoveFileOnSignal(temporaryPath);
      return {};
    }
    if (errno != EEXIST)
      return lastError();
  }
  return std::make_error_code(std::errc::file_exists);
}

Error AtomicFile::closeStream() {
  if (!stream)
    return Error::success();
  // stdout stays open for the rest of the tool.
  if (streamFd == STDOUT_FILENO)
    stream->flush();
  else
    stream->close();
  std::error_code ec = stream->error();
  stream->clear_error();
  stream.reset();
  if (ec)
    return writeError(targetName, ec);
  return Error::success();
}

Error AtomicFile::commit() {
  if (done)
    return Error::success();
  if (!replacesTarget) {
    done = true;
    return closeStream();
  }
  std::error_code ec;
  if (temporaryPath.empty()) {
    // The unnamed file: synced, then named.
    stream->flush();
    if (!(ec = stream->error()) && ::fsync(streamFd) != 0)
      ec = lastError();
    if (!ec)
      ec = nameTemporary();
  }
  if (Error error = closeStream()) {
    discard();
    return error;
  }
  if (!ec)
    ec = syncPath(temporaryPath);
  if (!ec)
    ec = sys::fs::rename(temporaryPath, renameTo);
  if (ec) {
    discard();
    return writeError(targetName, ec);
  }
  sys::DontRemoveFileOnSignal(temporaryPath);
  done = true;
  programGuard.release();
  // The rename is durable once the directory is; a directory that cannot
  // be synced (some network file systems) does not fail the write.
  (void)syncPath(directoryOf(renameTo), O_RDONLY | O_DIRECTORY);
  return Error::success();
}

void AtomicFile::discard() {
  if (done)
    return;
  done = true;
  consumeError(closeStream());
  if (!temporaryPath.empty()) {
    sys::fs::remove(temporaryPath);
    sys::DontRemoveFileOnSignal(temporaryPath);
  }
  programGuard.release();
}

uint64_t AtomicFile::size() const {
  uint64_t bytes = stream ? stream->tell() : 0;
  if (bytes == 0 && !temporaryPath.empty())
    (void)sys::fs::file_size(temporaryPath, bytes);
  return bytes;
}

Error commitTogether(ArrayRef<AtomicFile *> files) {
  if (files.empty())
    return Error::success();
  // No lock (a directory that cannot be opened, stdout): commit anyway.
  int lock = ::open(directoryOf(files.front()->target()).c_str(),
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock >= 0)
    while (::flock(lock, LOCK_EX) != 0 && errno == EINTR) {
    }
  Error error = Error::success();
  for (AtomicFile *file : files) {
    if (error)
      file->discard();
    else
      error = file->commit();
  }
  if (lock >= 0)
    ::close(lock);
  return error;
}

Error writeFileAtomically(StringRef target,
                          function_ref<void(raw_ostream &)> write) {
  Expected<AtomicFile> file = AtomicFile::create(target);
  if (!file)
    return file.takeError();
  write(file->os());
  return file->commit();
}

} // namespace mlir::resnet
