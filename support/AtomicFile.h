//===- AtomicFile.h - outputs that appear whole or not at all ---*- C++ -*-===//
//
// Every file the tools write goes through AtomicFile. The bytes go to a
// temporary file in the target's directory (so that the final rename never
// crosses file systems), which is flushed, fsync'ed and renamed over the
// target only once it is complete. Until then the target keeps its old
// contents whatever happens: a write error, a full disk, a failed link,
// SIGINT, SIGTERM or SIGKILL. Two processes writing one target each rename a
// complete file: the last one wins, nothing is mixed.
//
// The temporary file has no name while it is written (O_TMPFILE), so that
// even SIGKILL leaves nothing behind: it gets one (`<target>.tmp-XXXXXXXX`)
// just before the rename. A program that writes the file itself (the
// linker) needs a name from the start: pathForProgram() reserves one and
// runProgram() runs the program under a supervisor (runSubprocess) that
// creates the file and removes it if the tool dies, SIGKILL included, at
// any point before commit() or discard() (LLVM's signal handlers and every
// error path remove it too). File systems without O_TMPFILE get a named
// file from the start.
//
// Targets that a rename cannot replace are written in place: "-" (stdout)
// and files that exist and are not regular files (/dev/null, /dev/full, a
// FIFO). An existing directory is refused. A symbolic link is followed: the
// file it names is replaced, the link stays.
//
// Error messages read "cannot write '<target>': <reason>", and the Error
// carries the system error code.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_SUPPORT_ATOMICFILE_H
#define RESNET_SUPPORT_ATOMICFILE_H

#include "support/Subprocess.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>

namespace mlir::resnet {

class AtomicFile {
public:
  /// Creates the temporary file for `target` (or opens `target` itself when
  /// it is written in place). Fails when the target's directory is missing
  /// or not writable, or the target is a directory: callers open their
  /// outputs before the work that produces them, so such an error comes
  /// first.
  static llvm::Expected<AtomicFile> create(llvm::StringRef target);

  AtomicFile(AtomicFile &&other);
  AtomicFile &operator=(AtomicFile &&) = delete;
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;
  /// Discards the file unless it was committed.
  ~AtomicFile();

  /// The target as given.
  llvm::StringRef target() const { return targetName; }
  /// The stream on the file; its errors are reported by commit().
  llvm::raw_ostream &os() { return *stream; }
  /// The path to give a program that writes the file itself (a linker),
  /// instead of the stream: the reserved name of a temporary file (created
  /// by runProgram), or the target when it is written in place.
  std::string pathForProgram();
  /// Runs `program` with `args`, which name pathForProgram() as its output
  /// (runSubprocess: its exit status, or why it could not run). Until
  /// commit() or discard(), the tool's death removes the program's output
  /// and kills the program. Once per file.
  llvm::Expected<int> runProgram(llvm::StringRef program,
                                 llvm::ArrayRef<std::string> args);

  /// Flushes the stream, fsyncs the file and renames it over the target
  /// (then fsyncs the directory, so that the rename is durable too). On
  /// failure the temporary file is removed and the target left as it was.
  llvm::Error commit();
  /// Removes the temporary file; the target keeps its old contents.
  void discard();

  /// The bytes written so far (before commit()): the stream's position, or
  /// when a program wrote the file, its size.
  uint64_t size() const;

private:
  AtomicFile(std::string target, bool replacesTarget,
             std::unique_ptr<llvm::raw_fd_ostream> stream);
  /// Closes the stream; its write error (if any) named after the target.
  llvm::Error closeStream();
  /// Gives the unnamed file written through the stream a unique name.
  std::error_code nameTemporary();

  std::string targetName;
  /// The file the rename replaces (the target, its symlinks resolved).
  std::string renameTo;
  /// The named temporary file (empty while it has none).
  std::string temporaryPath;
  /// False for targets written in place.
  bool replacesTarget;
  /// A program writes temporaryPath (pathForProgram was called).
  bool programWrites = false;
  bool done = false;
  std::unique_ptr<llvm::raw_fd_ostream> stream;
  /// The stream's file descriptor (-1: not needed).
  int streamFd = -1;
  /// The supervisor of the program that wrote the file, if any.
  OutputGuard programGuard;
};

/// Commits `files` (in order) as one: under an exclusive flock(2) on the
/// first one's directory, so that of two processes committing the same set
/// (a library and its header) each renames all its files before the other
/// starts, and the set left is one process's. Stops at the first error;
/// the files not committed are discarded.
llvm::Error commitTogether(llvm::ArrayRef<AtomicFile *> files);

/// Writes `target` through an AtomicFile with `write`.
llvm::Error writeFileAtomically(llvm::StringRef target,
                                llvm::function_ref<void(llvm::raw_ostream &)>
                                    write);

/// "cannot write '<path>': <ec's message>" (for "-": "cannot write to
/// stdout: ...") carrying `ec`.
llvm::Error writeError(llvm::StringRef path, std::error_code ec);

/// Flushes llvm::outs() and returns its write error as a writeError for
/// "-", cleared, so that the tool reports it and exits 1 rather than dying
/// at exit with "LLVM ERROR: IO failure on output stream".
llvm::Error flushStdout();

} // namespace mlir::resnet

#endif // RESNET_SUPPORT_ATOMICFILE_H
