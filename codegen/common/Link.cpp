//===- Link.cpp - from an object file to what resnet-compile emits --------===//
#include "codegen/common/Link.h"

#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"

#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

using namespace llvm;

namespace mlir::resnet {

Expected<ObjectFile> ObjectFile::create() {
  // Not close-on-exec: the linker opens it as /dev/fd/N.
  int fd = ::memfd_create("resnet-model.o", 0);
  if (fd >= 0) {
    std::string path = "/dev/fd/" + std::to_string(fd);
    if (sys::fs::exists(path))
      return ObjectFile(fd, path, /*inMemory=*/true);
    ::close(fd); // No /proc: a file in $TMPDIR then.
  }
  SmallString<128> path;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("resnet-model", "o", fd, path))
    return createStringError(ec, "cannot create a temporary file: " +
                                     ec.message());
  sys::RemoveFileOnSignal(path);
  return ObjectFile(fd, path, /*inMemory=*/false);
}

ObjectFile::ObjectFile(ObjectFile &&other)
    : fd(other.fd), objectPath(std::move(other.objectPath)),
      inMemory(other.inMemory) {
  other.fd = -1;
}

ObjectFile::~ObjectFile() {
  if (fd < 0)
    return;
  ::close(fd);
  // Problems removing a temporary file are ignored.
  if (!inMemory) {
    sys::fs::remove(objectPath);
    sys::DontRemoveFileOnSignal(objectPath);
  }
}

Error ObjectFile::write(StringRef bytes) {
  raw_fd_ostream os(fd, /*shouldClose=*/false);
  os << bytes;
  os.flush();
  if (std::error_code ec = os.error()) {
    os.clear_error();
    return createStringError(ec, "cannot write the temporary object file: " +
                                     ec.message());
  }
  return Error::success();
}

/// The linker the C driver is asked for: gold, else lld, where installed
/// (the driver finds them on PATH too). GNU ld, the default, takes seconds
/// to copy a model's 100-230 MB of weights; gold and lld a fraction of
/// that, for the same program. The output is written in place, as GNU ld
/// does, for the supervisor to remove if the tool dies: lld's default
/// (a temporary file beside it, renamed at the end) would outlive a
/// SIGKILL.
static std::vector<std::string> fastLinkerFlags() {
  if (sys::findProgramByName("ld.gold"))
    return {"-fuse-ld=gold"};
  if (sys::findProgramByName("ld.lld"))
    return {"-fuse-ld=lld", "-Wl,--no-mmap-output-file"};
  return {};
}

// Sanitizer builds set RESNET_C_DRIVER to the build's own C compiler: the
// runtime archive they link is instrumented by that compiler and needs its
// sanitizer runtimes (a clang-instrumented archive does not link with gcc).
#ifndef RESNET_C_DRIVER
#define RESNET_C_DRIVER "cc"
#endif

Error runCDriver(ArrayRef<std::string> args, AtomicFile &output) {
  std::string driver = RESNET_C_DRIVER;
  if (const char *cc = getenv("CC"); cc && *cc)
    driver = cc;
  ErrorOr<std::string> program = sys::findProgramByName(driver);
  if (!program)
    return createStringError("cannot find the C driver '" + driver +
                             "' on PATH (set CC)");
  std::vector<std::string> argv = {*program};
  for (std::string &flag : fastLinkerFlags())
    argv.push_back(std::move(flag));
  argv.insert(argv.end(), args.begin(), args.end());
  Expected<int> status = output.runProgram(*program, argv);
  if (!status)
    return createStringError("linking with '" + driver +
                             "' failed: " + toString(status.takeError()));
  if (*status != 0)
    return createStringError("linking with '" + driver +
                             "' failed (exit status " +
                             std::to_string(*status) + ")");
  return Error::success();
}

std::string defaultRuntimeLibrary(const char *argv0) {
  static int anchor;
  std::string exe = sys::fs::getMainExecutable(argv0, &anchor);
  SmallString<256> path(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(path, "lib", "libresnet_runtime.a");
  return std::string(path);
}

Error writeStaticArchive(StringRef object, raw_ostream &os,
                         const ModelSignature &signature,
                         StringRef extraArchive) {
  Expected<NewArchiveMember> member =
      NewArchiveMember::getFile(object, /*Deterministic=*/true);
  if (!member)
    return member.takeError();
  std::string memberName = signature.name + ".o";
  member->MemberName = memberName;
  std::vector<NewArchiveMember> members;
  members.push_back(std::move(*member));

  // The members of `extraArchive`, read from a buffer that outlives them.
  std::unique_ptr<MemoryBuffer> extraBuffer;
  std::unique_ptr<object::Archive> extra;
  if (!extraArchive.empty()) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
        MemoryBuffer::getFile(extraArchive);
    if (!buffer)
      return createStringError(buffer.getError(),
                               "cannot read '" + extraArchive +
                                   "': " + buffer.getError().message());
    extraBuffer = std::move(*buffer);
    Expected<std::unique_ptr<object::Archive>> archive =
        object::Archive::create(extraBuffer->getMemBufferRef());
    if (!archive)
      return archive.takeError();
    extra = std::move(*archive);
    Error error = Error::success();
    for (const object::Archive::Child &child : extra->children(error)) {
      Expected<NewArchiveMember> old =
          NewArchiveMember::getOldMember(child, /*Deterministic=*/true);
      if (!old)
        return old.takeError();
      members.push_back(std::move(*old));
    }
    if (error)
      return error;
  }
  return writeArchiveToStream(os, members, SymtabWritingMode::NormalSymtab,
                              object::Archive::K_GNU,
                              /*Deterministic=*/true, /*Thin=*/false);
}

std::string libraryHeaderPath(StringRef library) {
  SmallString<128> header(library);
  sys::path::replace_extension(header, "h");
  return std::string(header);
}

} // namespace mlir::resnet
