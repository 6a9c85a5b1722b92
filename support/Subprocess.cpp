//===- Subprocess.cpp - programs that die with the tool -------------------===//
//
// Between fork() and exec() a child of a multithreaded process may only make
// async-signal-safe calls: everything the supervisor and the program need
// (argv, the environment, the files, the pipes) is prepared before the
// first fork, and the supervisor lists its private directory with the raw
// getdents64 call rather than opendir (which allocates).
//
//===----------------------------------------------------------------------===//
#include "support/Subprocess.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <optional>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace llvm;

namespace mlir::resnet {

namespace {
/// What the supervisor and the program tell the tool, in order, on one
/// pipe: at most one failure, then the program's exit.
struct Report {
  enum Kind : int { ExecFailed, CreateFailed, Exited } kind;
  /// errno for the failures, the exit code for Exited.
  int value;
  /// The output that could not be created.
  int output;
};

/// The supervisor's state, read by its SIGTERM handler.
volatile pid_t programGroup = 0;
char *const *volatile filesToRemove = nullptr;
const char *volatile privateTmp = nullptr;
} // namespace

static void writeReport(int fd, Report report) {
  (void)!::write(fd, &report, sizeof report);
}

/// Removes `dir` and the files in it (and empty directories: the C driver
/// and linkers make no deeper trees). Async-signal-safe.
static void removePrivateDirectory(const char *dir) {
  if (!dir)
    return;
  int fd = ::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    alignas(struct dirent64) char buffer[4096];
    // Removing entries while listing may skip some: list again until a
    // pass finds none.
    for (int pass = 0; pass < 16; ++pass) {
      ::lseek(fd, 0, SEEK_SET);
      bool found = false;
      ssize_t bytes;
      while ((bytes = ::getdents64(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t at = 0; at < bytes;) {
          auto *entry = reinterpret_cast<struct dirent64 *>(buffer + at);
          at += entry->d_reclen;
          const char *name = entry->d_name;
          if (!std::strcmp(name, ".") || !std::strcmp(name, ".."))
            continue;
          found = true;
          if (::unlinkat(fd, name, 0) != 0 && errno == EISDIR)
            ::unlinkat(fd, name, AT_REMOVEDIR);
        }
      }
      if (!found)
        break;
    }
    ::close(fd);
  }
  ::rmdir(dir);
}

static void removeOutputs(char *const *files) {
  for (char *const *file = files; file && *file; ++file)
    ::unlink(*file);
}

/// The supervisor's SIGTERM handler: the tool died, so the program and
/// everything it started die too, and what they wrote goes.
static void killProgram(int) {
  if (programGroup > 0) {
    ::kill(-programGroup, SIGKILL);
    int status;
    while (::waitpid(programGroup, &status, 0) < 0 && errno == EINTR) {
    }
  }
  removeOutputs(filesToRemove);
  removePrivateDirectory(privateTmp);
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
/// is reported on `reportFd`.
[[noreturn]] static void execProgram(const char *program, char *const *argv,
                                     char *const *envp, int reportFd) {
  ::setpgid(0, 0);
  // Ignored signals stay ignored across exec; handled ones become default.
  for (int signal : ignoredSignals)
    ::signal(signal, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(program, argv, envp);
  writeReport(reportFd, {Report::ExecFailed, errno, 0});
  ::_exit(127);
}

/// Everything the supervisor needs, prepared by the tool before the fork.
struct SupervisorPlan {
  const char *program;
  char *const *argv;
  /// The environment with TMPDIR set to `tmpDir`, and without (when that
  /// directory cannot be made).
  char *const *privateEnv;
  char *const *env;
  const char *tmpDir;
  char *const *outputs;
  pid_t tool;
  int reportFd;
  /// The read end of the release pipe, or -1 when not guarded.
  int releaseFd;
};

/// Creates the outputs exclusively; on failure removes those it created,
/// reports which one failed and returns false.
static bool createOutputs(const SupervisorPlan &plan) {
  for (int i = 0; plan.outputs[i]; ++i) {
    int fd = ::open(plan.outputs[i], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                    0666);
    if (fd >= 0) {
      ::close(fd);
      continue;
    }
    int error = errno;
    for (int j = 0; j < i; ++j)
      ::unlink(plan.outputs[j]);
    writeReport(plan.reportFd, {Report::CreateFailed, error, i});
    return false;
  }
  return true;
}

/// The supervisor (the tool's child): never returns.
[[noreturn]] static void supervise(const SupervisorPlan &plan) {
  // Out of the tool's process group: a signal sent to that group (a shell's
  // Ctrl-C, `timeout`, `kill -- -PGID`) reaches the tool, whose death this
  // process then handles, rather than this process first.
  ::setpgid(0, 0);
  for (int signal : ignoredSignals)
    ::signal(signal, SIG_IGN);
  // SIGTERM stays blocked while the handler's state changes.
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
  if (::getppid() != plan.tool)
    killProgram(0);

  if (!createOutputs(plan))
    ::_exit(127);
  filesToRemove = plan.outputs;
  char *const *envp = plan.env;
  if (::mkdir(plan.tmpDir, 0700) == 0) {
    privateTmp = plan.tmpDir;
    envp = plan.privateEnv;
  }

  pid_t child = ::fork();
  if (child == 0)
    execProgram(plan.program, plan.argv, envp, plan.reportFd);
  if (child < 0) {
    int error = errno;
    removeOutputs(plan.outputs);
    removePrivateDirectory(privateTmp);
    writeReport(plan.reportFd, {Report::ExecFailed, error, 0});
    ::_exit(127);
  }
  ::setpgid(child, child); // Also here: the child may not have run yet.
  programGroup = child;
  ::sigprocmask(SIG_UNBLOCK, &terminate, nullptr);
  int status = waitForExit(child);
  // Reaped: its process group may be reused, it must not be killed again.
  ::sigprocmask(SIG_BLOCK, &terminate, nullptr);
  programGroup = 0;
  removePrivateDirectory(privateTmp);
  privateTmp = nullptr;
  ::sigprocmask(SIG_UNBLOCK, &terminate, nullptr);
  int code = status < 0 ? 127 : exitCode(status);
  writeReport(plan.reportFd, {Report::Exited, code, 0});
  ::close(plan.reportFd);
  if (plan.releaseFd >= 0) {
    char byte;
    ssize_t got;
    while ((got = ::read(plan.releaseFd, &byte, 1)) < 0 && errno == EINTR) {
    }
    ::sigprocmask(SIG_BLOCK, &terminate, nullptr);
    // No byte: the tool died before renaming the outputs.
    if (got != 1)
      removeOutputs(plan.outputs);
  }
  ::_exit(code);
}

/// NULL-terminated pointers to `strings`' characters.
static std::vector<char *> cStrings(std::vector<std::string> &strings) {
  std::vector<char *> pointers;
  for (std::string &string : strings)
    pointers.push_back(string.data());
  pointers.push_back(nullptr);
  return pointers;
}

/// A name for the program's private $TMPDIR, unique to this call.
static std::string privateTmpName() {
  static std::atomic<unsigned> calls{0};
  const char *base = std::getenv("TMPDIR");
  std::string dir = base && *base ? base : "/tmp";
  return dir + "/resnet-subprocess-" + std::to_string(::getpid()) + "-" +
         std::to_string(calls++);
}

/// The tool's environment with TMPDIR replaced by `tmpDir`.
static std::vector<std::string> environmentWithTmp(const std::string &tmpDir) {
  std::vector<std::string> env;
  for (char **var = environ; var && *var; ++var)
    if (std::strncmp(*var, "TMPDIR=", 7) != 0)
      env.emplace_back(*var);
  env.push_back("TMPDIR=" + tmpDir);
  return env;
}

OutputGuard::OutputGuard(OutputGuard &&other)
    : supervisor(other.supervisor), releaseFd(other.releaseFd) {
  other.supervisor = -1;
  other.releaseFd = -1;
}

OutputGuard &OutputGuard::operator=(OutputGuard &&other) {
  if (this != &other) {
    release();
    std::swap(supervisor, other.supervisor);
    std::swap(releaseFd, other.releaseFd);
  }
  return *this;
}

void OutputGuard::release() {
  if (releaseFd >= 0) {
    char byte = 'r';
    while (::send(releaseFd, &byte, 1, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
    ::close(releaseFd);
    releaseFd = -1;
  }
  if (supervisor > 0) {
    waitForExit(supervisor);
    supervisor = -1;
  }
}

Expected<int> runSubprocess(StringRef program, ArrayRef<std::string> args,
                            ArrayRef<std::string> outputs,
                            OutputGuard *guard) {
  std::string programPath = program.str();
  std::vector<std::string> argStorage(args.begin(), args.end());
  std::vector<std::string> outputStorage(outputs.begin(), outputs.end());
  std::string tmpDir = privateTmpName();
  std::vector<std::string> envStorage = environmentWithTmp(tmpDir);
  std::vector<char *> argv = cStrings(argStorage);
  std::vector<char *> outputPointers = cStrings(outputStorage);
  std::vector<char *> privateEnv = cStrings(envStorage);

  auto failure = [&](int error, std::string what) {
    return createStringError(std::error_code(error, std::generic_category()),
                             what + ": " + std::strerror(error));
  };
  auto cannotRun = [&](int error) {
    return failure(error, "cannot run '" + programPath + "'");
  };
  int reportPipe[2], releaseSocket[2] = {-1, -1};
  if (::pipe2(reportPipe, O_CLOEXEC) != 0)
    return cannotRun(errno);
  // A socket rather than a pipe: the release is sent with MSG_NOSIGNAL, so
  // that a supervisor already gone (killed by someone) cannot SIGPIPE the
  // tool.
  if (guard && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
                            releaseSocket) != 0) {
    int error = errno;
    ::close(reportPipe[0]);
    ::close(reportPipe[1]);
    return cannotRun(error);
  }
  SupervisorPlan plan{programPath.c_str(), argv.data(),      privateEnv.data(),
                      environ,             tmpDir.c_str(),   outputPointers.data(),
                      ::getpid(),          reportPipe[1],    releaseSocket[0]};
  pid_t supervisor = ::fork();
  if (supervisor == 0) {
    ::close(reportPipe[0]);
    if (releaseSocket[1] >= 0)
      ::close(releaseSocket[1]);
    supervise(plan);
  }
  int forkError = errno;
  ::close(reportPipe[1]);
  if (releaseSocket[0] >= 0)
    ::close(releaseSocket[0]);
  if (supervisor < 0) {
    ::close(reportPipe[0]);
    if (releaseSocket[1] >= 0)
      ::close(releaseSocket[1]);
    return cannotRun(forkError);
  }

  // The reports, up to the program's exit (or the supervisor's end).
  std::optional<Report> failed;
  std::optional<int> exited;
  Report report;
  ssize_t got;
  while (!exited) {
    while ((got = ::read(reportPipe[0], &report, sizeof report)) < 0 &&
           errno == EINTR) {
    }
    if (got != static_cast<ssize_t>(sizeof report))
      break;
    if (report.kind == Report::Exited)
      exited = report.value;
    else if (!failed)
      failed = report;
  }
  ::close(reportPipe[0]);

  OutputGuard kept;
  kept.supervisor = supervisor;
  kept.releaseFd = releaseSocket[1];
  int status = 0;
  if (exited && guard) {
    // Waiting for the release: the caller's guard now.
    *guard = std::move(kept);
  } else {
    // Not guarded, or it ended without reporting an exit: its status.
    if (kept.releaseFd >= 0)
      ::close(kept.releaseFd);
    kept.releaseFd = -1;
    status = waitForExit(supervisor);
    kept.supervisor = -1;
  }
  if (failed && failed->kind == Report::CreateFailed)
    return failure(failed->value,
                   "cannot create '" + outputStorage[failed->output] + "'");
  if (failed)
    return cannotRun(failed->value);
  if (exited)
    return *exited;
  if (status < 0)
    return cannotRun(errno);
  return exitCode(status);
}

} // namespace mlir::resnet
