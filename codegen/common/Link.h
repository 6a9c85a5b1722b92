//===- Link.h - from an object file to what resnet-compile emits -*- C++ -*-===//
//
// The target-independent last steps of resnet-compile: the intermediate
// object file, the system C driver (`cc`, or $CC) that links executables and
// shared libraries, the static archive and the C header of a model library.
// Outputs are written through AtomicFile (support/): each appears complete
// or not at all. Every function returns an Error whose message is the one
// the tool prints.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_COMMON_LINK_H
#define RESNET_CODEGEN_COMMON_LINK_H

#include "codegen/common/ModelAbi.h"
#include "support/AtomicFile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::resnet {

/// The object file the linker reads. It lives in memory (a memfd, named
/// /dev/fd/N for the linker, which inherits it) and vanishes with the
/// process however it ends, so nothing is left in $TMPDIR even after
/// SIGKILL. Where memfds are unavailable it is a `resnet-model-*.o` in
/// $TMPDIR, removed on SIGINT/SIGTERM and on every error path.
class ObjectFile {
public:
  /// "cannot create a temporary file: ..." on failure.
  static llvm::Expected<ObjectFile> create();

  ObjectFile(ObjectFile &&other);
  ObjectFile(const ObjectFile &) = delete;
  ObjectFile &operator=(const ObjectFile &) = delete;
  ObjectFile &operator=(ObjectFile &&) = delete;
  ~ObjectFile();

  /// Writes the object's bytes.
  llvm::Error write(llvm::StringRef bytes);
  /// The path the linker reads.
  llvm::StringRef path() const { return objectPath; }

private:
  ObjectFile(int fd, llvm::StringRef path, bool inMemory)
      : fd(fd), objectPath(path), inMemory(inMemory) {}

  int fd;
  llvm::SmallString<128> objectPath;
  bool inMemory;
};

/// Runs the C driver ($CC, else `cc`, or in a sanitizer build that build's
/// C compiler) with `args`, which name output.pathForProgram() as what it
/// writes, so that it dies with this process and its output with it, up to
/// the output's commit (AtomicFile::runProgram); its failure as an Error
/// ("linking with 'cc' failed ...").
llvm::Error runCDriver(llvm::ArrayRef<std::string> args, AtomicFile &output);

/// libresnet_runtime.a in ../lib/ next to the running executable.
std::string defaultRuntimeLibrary(const char *argv0);

/// Writes to `os` a deterministic GNU archive holding `object` as member
/// `<name>.o`, then every member of the archive `extraArchive` when one is
/// given (the thread runtime of a threaded model).
llvm::Error writeStaticArchive(llvm::StringRef object, llvm::raw_ostream &os,
                               const ModelSignature &signature,
                               llvm::StringRef extraArchive = "");

/// The C header of the library `library`: its extension replaced by .h.
std::string libraryHeaderPath(llvm::StringRef library);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMMON_LINK_H
