//===- Subprocess.h - programs that die with the tool -----------*- C++ -*-===//
//
// runSubprocess runs a program (the C driver that links executables) so
// that it cannot outlive the tool: a killed compile must not leave a linker
// running that writes its output later, nor the linker's output, nor its
// temporary files. prctl(PR_SET_PDEATHSIG) alone does not do it, since it
// reaches one process and `cc` runs collect2 and ld below it; so the tool
// forks a small supervisor that
//   - leaves the tool's process group, so that a signal sent to that group
//     reaches the tool and not the supervisor first,
//   - asks the kernel for SIGTERM when the tool dies (PR_SET_PDEATHSIG, for
//     any cause, SIGKILL included),
//   - creates the program's output files (exclusively: their names are
//     reserved) and a private $TMPDIR for it, so that nothing is created
//     before the supervisor is there to remove it,
//   - runs the program in a new process group, which everything the program
//     starts inherits,
//   - on the tool's death, SIGKILLs that group, removes the output files
//     and the private $TMPDIR with what the program left in it, and exits,
//   - otherwise, when the program ends, removes the private $TMPDIR and
//     reports the program's status; with an OutputGuard it then keeps
//     guarding the output files until the tool has renamed (or removed)
//     them: a tool killed between the program's end and its rename leaves
//     no temporary output either.
// The program inherits the tool's stdout, stderr and environment.
//
// PR_SET_PDEATHSIG follows the thread that forked the supervisor: call
// runSubprocess, and release its guard, from a thread that outlives both.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_SUPPORT_SUBPROCESS_H
#define RESNET_SUPPORT_SUBPROCESS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <sys/types.h>

namespace mlir::resnet {

/// A supervisor still guarding a finished program's output files: while
/// it lives, the tool's death removes them. release() (or the destructor)
/// lets the supervisor exit without touching them.
class OutputGuard {
public:
  OutputGuard() = default;
  OutputGuard(OutputGuard &&other);
  OutputGuard &operator=(OutputGuard &&other);
  OutputGuard(const OutputGuard &) = delete;
  OutputGuard &operator=(const OutputGuard &) = delete;
  ~OutputGuard() { release(); }

  /// The output files are renamed or removed: the supervisor may go.
  void release();

private:
  friend llvm::Expected<int> runSubprocess(llvm::StringRef,
                                           llvm::ArrayRef<std::string>,
                                           llvm::ArrayRef<std::string>,
                                           OutputGuard *);
  pid_t supervisor = -1;
  /// The socket the supervisor waits on: one byte releases it, its end
  /// without one (the tool died) makes it remove the files.
  int releaseFd = -1;
};

/// Runs `program` with `args` (args[0] is the name it sees) and waits for
/// it. `outputs` are the files it writes: created empty before it runs
/// (failing with "cannot create '<file>': ..." if one exists), removed when
/// the tool dies while it runs and, given `guard`, until the guard is
/// released. Returns its exit status, 128 + N when signal N killed it, or
/// an Error when it could not be started ("cannot run '<program>': ...").
llvm::Expected<int> runSubprocess(llvm::StringRef program,
                                  llvm::ArrayRef<std::string> args,
                                  llvm::ArrayRef<std::string> outputs = {},
                                  OutputGuard *guard = nullptr);

} // namespace mlir::resnet

#endif // RESNET_SUPPORT_SUBPROCESS_H
