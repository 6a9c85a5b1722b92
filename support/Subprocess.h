//===- Subprocess.h - programs that die with the tool -----------*- C++ -*-===//
//
// runSubprocess runs a program (the C driver that links executables) so
// that it cannot outlive the tool: a killed compile must not leave a linker
// running that writes its output later, nor the linker's half-written
// output. prctl(PR_SET_PDEATHSIG) alone does not do it, since it reaches one
// process and `cc` runs collect2 and ld below it; so the tool forks a small
// supervisor that
//   - leaves the tool's process group, so that a signal sent to that group
//     reaches the tool and not the supervisor first,
//   - runs the program in a new process group, which everything the program
//     starts inherits,
//   - asks the kernel for SIGTERM when the tool dies (PR_SET_PDEATHSIG, for
//     any cause, SIGKILL included), on which it SIGKILLs that group, removes
//     the files the program was writing, and exits,
//   - otherwise waits for the program and exits with its status.
// The program inherits the tool's stdout, stderr and environment.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_SUPPORT_SUBPROCESS_H
#define RESNET_SUPPORT_SUBPROCESS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::resnet {

/// Runs `program` with `args` (args[0] is the name it sees) and waits for
/// it. `removeIfKilled` are the files it writes, removed when the tool dies
/// while it runs. Returns its exit status, 128 + N when signal N killed it,
/// or an Error when it could not be started ("cannot run '<program>': ...").
llvm::Expected<int> runSubprocess(llvm::StringRef program,
                                  llvm::ArrayRef<std::string> args,
                                  llvm::ArrayRef<std::string> removeIfKilled =
                                      {});

} // namespace mlir::resnet

#endif // RESNET_SUPPORT_SUBPROCESS_H
