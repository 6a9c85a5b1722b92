//===- Subprocess.cpp - programs that die with the tool -------------------===//
//
// Between fork() and exec() a child of a multithreaded process may only make
// async-signal-safe calls: everything the children need (argv, the files to
// remove, the error pipe) is prepared before the first fork.
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

namespace {
/// The supervisor's state, read by its SIGTERM handler.
volatile pid_t programGroup = 0;
char *const *filesToRemove = nullptr;
} // namespace

/// The supervisor's SIGTERM handler: the tool died, so the program and
/// everything it started die too, and their output goes.
static void killProgram(int) {
  if (programGroup > 0) {
    ::kill(-programGroup, SIGKILL);
    int status;
    while (::waitpid(programGroup, &status, 0) < 0 && errno == EINTR) {
    }
  }
  for (char *const *file = filesToRemove; file && *file; ++file)
    ::unlink(*file);
  ::_exit(128 + SIGTERM);
}

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

/// Signals the supervisor leaves to the tool: it ends when the tool does.
static const int ignoredSignals[] = {SIGINT, SIGHUP, SIGQUIT, SIGPIPE};

/// The program, in the supervisor's child: never returns. A failed exec
/// writes its errno to `errorPipe`.
[[noreturn]] static void execProgram(const char *program, char *const *argv,
                                     int errorPipe) {
  ::setpgid(0, 0);
  // Ignored signals stay ignored across exec; handled ones become default.
  for (int signal : ignoredSignals)
    ::signal(signal, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(program, argv, environ);
  int error = errno;
  (void)!::write(errorPipe, &error, sizeof error);
  ::_exit(127);
}

/// The supervisor (the tool's child): never returns.
[[noreturn]] static void supervise(const char *program, char *const *argv,
                                   char *const *removeIfKilled, pid_t tool,
                                   int errorPipe) {
  filesToRemove = removeIfKilled;
  // Out of the tool's process group: a signal sent to that group (a shell's
  // Ctrl-C, `timeout`, `kill -- -PGID`) reaches the tool, whose death this
  // process then handles, rather than this process first.
  ::setpgid(0, 0);
  for (int signal : ignoredSignals)
    ::signal(signal, SIG_IGN);
  // SIGTERM stays blocked until the program's group is known.
  sigset_t terminate;
  sigemptyset(&terminate);
  sigaddset(&terminate, SIGTERM);
  ::sigprocmask(SIG_SETMASK, &terminate, nullptr);
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = killProgram;
  ::sigaction(SIGTERM, &action, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  // The tool may have died before the prctl.
  if (::getppid() != tool)
    killProgram(0);

  pid_t child = ::fork();
  if (child == 0)
    execProgram(program, argv, errorPipe);
  ::close(errorPipe);
  if (child < 0)
    ::_exit(127);
  ::setpgid(child, child); // Also here: the child may not have run yet.
  programGroup = child;
  ::sigprocmask(SIG_UNBLOCK, &terminate, nullptr);
  int status = waitForExit(child);
  ::_exit(status < 0 ? 127 : exitCode(status));
}

/// NULL-terminated pointers to `strings`' characters.
static std::vector<char *> cStrings(std::vector<std::string> &strings) {
  std::vector<char *> pointers;
  for (std::string &string : strings)
    pointers.push_back(string.data());
  pointers.push_back(nullptr);
  return pointers;
}

Expected<int> runSubprocess(StringRef program, ArrayRef<std::string> args,
                            ArrayRef<std::string> removeIfKilled) {
  std::string programPath = program.str();
  std::vector<std::string> argStorage(args.begin(), args.end());
  std::vector<std::string> fileStorage(removeIfKilled.begin(),
                                       removeIfKilled.end());
  std::vector<char *> argv = cStrings(argStorage);
  std::vector<char *> files = cStrings(fileStorage);

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
    supervise(programPath.c_str(), argv.data(), files.data(), tool,
              errorPipe[1]);
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
