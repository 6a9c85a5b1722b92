//===- Link.cpp - from an object file to what resnet-compile emits --------===//
#include "codegen/common/Link.h"

#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cstdlib>
#include <unistd.h>

using namespace llvm;

namespace mlir::resnet {

ObjectFile ObjectFile::at(StringRef output) {
  return ObjectFile(output, /*isTemporary=*/false);
}

Expected<ObjectFile> ObjectFile::temporary() {
  int fd;
  SmallString<128> path;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("resnet-model", "o", fd, path))
    return createStringError(ec, "cannot create a temporary file: " +
                                     ec.message());
  ::close(fd);
  return ObjectFile(path, /*isTemporary=*/true);
}

ObjectFile::ObjectFile(ObjectFile &&other)
    : objectPath(std::move(other.objectPath)),
      isTemporary(other.isTemporary) {
  other.isTemporary = false;
}

ObjectFile::~ObjectFile() {
  // Problems removing a temporary file are ignored.
  if (isTemporary)
    sys::fs::remove(objectPath);
}

Error runCDriver(ArrayRef<std::string> args) {
  std::string driver = "cc";
  if (const char *cc = getenv("CC"); cc && *cc)
    driver = cc;
  ErrorOr<std::string> program = sys::findProgramByName(driver);
  if (!program)
    return createStringError("cannot find the C driver '" + driver +
                             "' on PATH (set CC)");
  SmallVector<StringRef> argv = {*program};
  for (const std::string &arg : args)
    argv.push_back(arg);
  std::string message;
  int rc = sys::ExecuteAndWait(*program, argv, std::nullopt, {}, 0, 0,
                               &message);
  if (rc != 0)
    return createStringError("linking with '" + driver + "' failed" +
                             (message.empty() ? "" : ": " + message));
  return Error::success();
}

std::string defaultRuntimeLibrary(const char *argv0) {
  static int anchor;
  std::string exe = sys::fs::getMainExecutable(argv0, &anchor);
  SmallString<256> path(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(path, "lib", "libresnet_runtime.a");
  return std::string(path);
}

Error writeStaticArchive(StringRef object, StringRef output,
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
  sys::fs::remove(output);
  return writeArchive(output, members, SymtabWritingMode::NormalSymtab,
                      object::Archive::K_GNU,
                      /*Deterministic=*/true, /*Thin=*/false);
}

Error writeOutputFile(StringRef path,
                      function_ref<void(raw_ostream &)> write) {
  std::error_code ec;
  ToolOutputFile out(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec, "cannot write '" + path +
                                     "': " + ec.message());
  write(out.os());
  out.keep();
  return Error::success();
}

Error writeLibraryHeader(StringRef library, const ModelSignature &signature,
                         bool shared) {
  SmallString<128> header(library);
  sys::path::replace_extension(header, "h");
  return writeOutputFile(header, [&](raw_ostream &os) {
    os << makeLibraryHeader(signature, shared);
  });
}

} // namespace mlir::resnet
