//===- AtomicFile.cpp - outputs that appear whole or not at all -----------===//
#include "support/AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace llvm;

namespace mlir::resnet {

Error writeError(StringRef path, std::error_code ec) {
  return createStringError(ec, "cannot write '" + path + "': " + ec.message());
}

/// fsync(2) on `path`; a file written by another program is synced too.
static std::error_code syncPath(StringRef path, int flags = O_RDONLY) {
  int fd = ::open(path.str().c_str(), flags | O_CLOEXEC);
  if (fd < 0)
    return std::error_code(errno, std::generic_category());
  std::error_code ec;
  if (::fsync(fd) != 0)
    ec = std::error_code(errno, std::generic_category());
  ::close(fd);
  return ec;
}

/// A write beyond the file-size limit (ulimit -f) then fails with EFBIG and
/// is reported like a full disk, instead of SIGXFSZ killing the process.
/// Programs we run (the linker) inherit this and fail the same way.
static void reportFileSizeLimitAsError() { ::signal(SIGXFSZ, SIG_IGN); }

Expected<AtomicFile> AtomicFile::create(StringRef target) {
  std::error_code ec;
  if (target == "-") {
    auto stream = std::make_unique<raw_fd_ostream>("-", ec, sys::fs::OF_None);
    if (ec)
      return writeError(target, ec);
    return AtomicFile(target.str(), "-", /*replacesTarget=*/false,
                      std::move(stream));
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
      return AtomicFile(target.str(), target.str(), /*replacesTarget=*/false,
                        std::move(stream));
    }
  }
  // Replace the file a symbolic link names, not the link.
  SmallString<256> renameTo(target);
  if (sys::fs::is_symlink_file(target))
    if (sys::fs::real_path(target, renameTo))
      renameTo = target;
  int fd;
  SmallString<256> temporary;
  if ((ec = sys::fs::createUniqueFile(renameTo + ".tmp-%%%%%%%%", fd,
                                      temporary)))
    return writeError(target, ec);
  sys::RemoveFileOnSignal(temporary);
  reportFileSizeLimitAsError();
  AtomicFile file(target.str(), temporary.str().str(),
                  /*replacesTarget=*/true,
                  std::make_unique<raw_fd_ostream>(fd, /*shouldClose=*/true));
  file.renameTo = renameTo.str().str();
  return std::move(file);
}

AtomicFile::AtomicFile(std::string target, std::string path,
                       bool replacesTarget,
                       std::unique_ptr<raw_fd_ostream> stream)
    : targetName(std::move(target)), renameTo(targetName),
      writePath(std::move(path)), replacesTarget(replacesTarget),
      stream(std::move(stream)) {}

AtomicFile::AtomicFile(AtomicFile &&other)
    : targetName(std::move(other.targetName)),
      renameTo(std::move(other.renameTo)),
      writePath(std::move(other.writePath)),
      replacesTarget(other.replacesTarget), done(other.done),
      stream(std::move(other.stream)) {
  other.done = true;
}

AtomicFile::~AtomicFile() { discard(); }

Error AtomicFile::closeStream() {
  if (!stream)
    return Error::success();
  // stdout stays open for the rest of the tool.
  if (writePath == "-")
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
  if (Error error = closeStream()) {
    discard();
    return error;
  }
  done = true;
  if (!replacesTarget)
    return Error::success();
  std::error_code ec = syncPath(writePath);
  if (!ec)
    ec = sys::fs::rename(writePath, renameTo);
  if (ec) {
    sys::fs::remove(writePath);
    sys::DontRemoveFileOnSignal(writePath);
    return writeError(targetName, ec);
  }
  sys::DontRemoveFileOnSignal(writePath);
  // The rename is durable once the directory is; a directory that cannot
  // be synced (some network file systems) does not fail the write.
  StringRef directory = sys::path::parent_path(renameTo);
  (void)syncPath(directory.empty() ? "." : directory, O_RDONLY | O_DIRECTORY);
  return Error::success();
}

void AtomicFile::discard() {
  if (done)
    return;
  done = true;
  consumeError(closeStream());
  if (replacesTarget) {
    sys::fs::remove(writePath);
    sys::DontRemoveFileOnSignal(writePath);
  }
}

uint64_t AtomicFile::size() const {
  uint64_t bytes = stream ? stream->tell() : 0;
  if (bytes == 0 && writePath != "-")
    (void)sys::fs::file_size(writePath, bytes);
  return bytes;
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
