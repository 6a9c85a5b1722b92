//===- Link.h - from an object file to what resnet-compile emits -*- C++ -*-===//
//
// The target-independent last steps of resnet-compile: a temporary object
// file, the system C driver (`cc`, or $CC) that links executables and shared
// libraries, the static archive and the C header of a model library.
// Every function returns an Error whose message is the one the tool prints.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_COMMON_LINK_H
#define RESNET_CODEGEN_COMMON_LINK_H

#include "codegen/common/ModelAbi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::resnet {

/// An object file the compiler writes and the linker reads: `path` itself
/// (--emit=obj/asm), or a temporary file removed when this is destroyed.
class ObjectFile {
public:
  /// `output` is the object file itself.
  static ObjectFile at(llvm::StringRef output);
  /// A new temporary `resnet-model-*.o`; "cannot create a temporary file:
  /// ..." on failure.
  static llvm::Expected<ObjectFile> temporary();

  ObjectFile(ObjectFile &&other);
  ObjectFile(const ObjectFile &) = delete;
  ObjectFile &operator=(const ObjectFile &) = delete;
  ObjectFile &operator=(ObjectFile &&) = delete;
  ~ObjectFile();

  llvm::StringRef path() const { return objectPath; }

private:
  ObjectFile(llvm::StringRef path, bool isTemporary)
      : objectPath(path), isTemporary(isTemporary) {}

  llvm::SmallString<128> objectPath;
  bool isTemporary;
};

/// Runs the C driver (`cc`, or $CC) with `args`; its failure as an Error
/// ("linking with 'cc' failed: ...").
llvm::Error runCDriver(llvm::ArrayRef<std::string> args);

/// libresnet_runtime.a in ../lib/ next to the running executable.
std::string defaultRuntimeLibrary(const char *argv0);

/// Writes a deterministic GNU archive `output` holding `object` as member
/// `<name>.o`, then every member of the archive `extraArchive` when one is
/// given (the thread runtime of a threaded model); any existing `output` is
/// replaced.
llvm::Error writeStaticArchive(llvm::StringRef object, llvm::StringRef output,
                               const ModelSignature &signature,
                               llvm::StringRef extraArchive = "");

/// Writes `path` with `write`; "cannot write '<path>': ..." on failure.
llvm::Error writeOutputFile(llvm::StringRef path,
                            llvm::function_ref<void(llvm::raw_ostream &)> write);

/// Writes the library's C header next to `library` (its extension -> .h);
/// `shared`: a shared library's (with resnet_model_open).
llvm::Error writeLibraryHeader(llvm::StringRef library,
                               const ModelSignature &signature, bool shared);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMMON_LINK_H
