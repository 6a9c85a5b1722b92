//===- Subprocess.cpp - programs that die with the tool -------------------===//
//
// Between fork() and exec() a child of a multithreaded process may only make
// async-signal-safe calls: everything the children need (argv, the error
// pipe) is prepared before the first fork.
//
//===----------------------------------------------------------------------===//
#include "support/Subprocess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace llvm;

namespace mlir::resnet {

/// The supervisor's SIGTERM handler: the tool died, so the program and
/// everything it started (the supervisor's process group) die too.
static void killProcessGroup(int) { ::kill(0, SIGKILL); }

static int waitForExit(pid_t pid) {
  int status;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return status;
}

static int exitCode(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return 1;
}

/// The supervisor (the tool's child): never returns. A failed exec writes
/// its errno to `errorPipe`.
[[noreturn]] static void supervise(const char *program, char *const *argv,
                                   pid_t tool, int errorPipe) {
  ::setpgid(0, 0);
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = killProcessGroup;
  ::sigaction(SIGTERM, &action, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  // The tool may have died before the prctl.
  if (::getppid() != tool)
    killProcessGroup(0);

  pid_t child = ::fork();
  if (child == 0) {
    // exec resets the handlers above to the default action.
    ::execve(program, argv, environ);
    int error = errno;
    (void)!::write(errorPipe, &error, sizeof error);
    ::_exit(127);
  }
  ::close(errorPipe);
  if (child < 0)
    ::_exit(127);
  int status = waitForExit(child);
  ::_exit(status < 0 ? 127 : exitCode(status));
}

Expected<int> runSubprocess(StringRef program, ArrayRef<std::string> args) {
  std::string programPath = program.str();
  std::vector<std::string> storage(args.begin(), args.end());
  std::vector<char *> argv;
  for (std::string &arg : storage)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  auto cannotRun = [&](int error) {
    return createStringError(std::error_code(error, std::generic_category()),
                             "cannot run '" + program +
                                 "': " + std::strerror(error));
  };
  int errorPipe[2];
  if (::pipe2(errorPipe, O_CLOEXEC) != 0)
    return cannotRun(errno);
  pid_t tool = ::getpid();
  pid_t supervisor = ::fork();
  if (supervisor == 0) {
    ::close(errorPipe[0]);
    supervise(programPath.c_str(), argv.data(), tool, errorPipe[1]);
  }
  int forkError = errno;
  ::close(errorPipe[1]);
  if (supervisor < 0) {
    ::close(errorPipe[0]);
    return cannotRun(forkError);
  }
  int execError = 0;
  ssize_t got;
  while ((got = ::read(errorPipe[0], &execError, sizeof execError)) < 0 &&
         errno == EINTR) {
  }
  ::close(errorPipe[0]);
  int status = waitForExit(supervisor);
  if (got == static_cast<ssize_t>(sizeof execError))
    return cannotRun(execError);
  if (status < 0)
    return cannotRun(errno);
  return exitCode(status);
}

} // namespace mlir::resnet
