/*===- atomic_file.c - output files that appear whole or not at all -------===*/
#define _POSIX_C_SOURCE 200809L
#include "runtime/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *error, size_t size, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(error, size, format, args);
  va_end(args);
  return -1;
}

/* The temporary file a signal handler removes ("" when none), and the
   actions the handlers replaced. */
static char pendingTemp[4096 + 64];
static volatile sig_atomic_t havePendingTemp;
static const int cleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};
#define CLEANUP_SIGNALS (sizeof cleanupSignals / sizeof cleanupSignals[0])
static struct sigaction previousActions[CLEANUP_SIGNALS];

static void restoreSignals(void) {
  for (size_t i = 0; i < CLEANUP_SIGNALS; ++i)
    sigaction(cleanupSignals[i], &previousActions[i], NULL);
}

static void removeTempAndReraise(int signal) {
  if (havePendingTemp)
    unlink(pendingTemp);
  havePendingTemp = 0;
  restoreSignals();
  raise(signal);
}

static void watchTemp(const char *temp) {
  strcpy(pendingTemp, temp);
  havePendingTemp = 1;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = removeTempAndReraise;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < CLEANUP_SIGNALS; ++i) {
    sigaction(cleanupSignals[i], NULL, &previousActions[i]);
    /* An ignored signal (SIGINT in a background job) stays ignored. */
    if (previousActions[i].sa_handler != SIG_IGN)
      sigaction(cleanupSignals[i], &action, NULL);
  }
  /* Beyond `ulimit -f` a write then fails with EFBIG (reported like a full
     disk) instead of SIGXFSZ killing the process. */
  signal(SIGXFSZ, SIG_IGN);
}

static void unwatchTemp(void) {
  if (!havePendingTemp)
    return;
  havePendingTemp = 0;
  restoreSignals();
}

/* Creates `<path>.tmp-<pid>-<n>` with mode 0666 less the umask. */
static int createTemp(const char *path, char *temp, size_t size) {
  for (unsigned attempt = 0; attempt < 100; ++attempt) {
    if ((size_t)snprintf(temp, size, "%s.tmp-%ld-%u", path, (long)getpid(),
                         attempt) >= size) {
      errno = ENAMETOOLONG;
      return -1;
    }
    int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  return -1;
}

int resnet_atomic_open(resnet_atomic_file *f, const char *path, char *error,
                       size_t errorSize) {
  memset(f, 0, sizeof *f);
  if (strlen(path) >= sizeof f->target)
    return fail(error, errorSize, "%s: cannot write: %s", path,
                strerror(ENAMETOOLONG));
  strcpy(f->target, path);
  struct stat status;
  if (stat(path, &status) == 0) {
    if (S_ISDIR(status.st_mode))
      return fail(error, errorSize, "%s: cannot write: %s", path,
                  strerror(EISDIR));
    if (!S_ISREG(status.st_mode)) {
      f->file = fopen(path, "wb");
      if (!f->file)
        return fail(error, errorSize, "%s: cannot write: %s", path,
                    strerror(errno));
      return 0;
    }
  }
  int fd = createTemp(path, f->temp, sizeof f->temp);
  if (fd < 0) {
    f->temp[0] = '\0';
    return fail(error, errorSize, "%s: cannot write: %s", path,
                strerror(errno));
  }
  watchTemp(f->temp);
  f->file = fdopen(fd, "wb");
  if (!f->file) {
    int saved = errno;
    close(fd);
    resnet_atomic_discard(f);
    return fail(error, errorSize, "%s: cannot write: %s", path,
                strerror(saved));
  }
  return 0;
}

int resnet_atomic_commit(resnet_atomic_file *f, char *error,
                         size_t errorSize) {
  int ok = fflush(f->file) == 0 && !ferror(f->file);
  /* Durable before it replaces the old file. */
  if (ok && f->temp[0])
    ok = fsync(fileno(f->file)) == 0;
  int saved = errno;
  if (fclose(f->file) != 0 && ok) {
    ok = 0;
    saved = errno;
  }
  f->file = NULL;
  if (ok && f->temp[0] && rename(f->temp, f->target) != 0) {
    ok = 0;
    saved = errno;
  }
  if (!ok) {
    resnet_atomic_discard(f);
    return fail(error, errorSize, "%s: write failed: %s", f->target,
                strerror(saved));
  }
  unwatchTemp();
  f->temp[0] = '\0';
  return 0;
}

void resnet_atomic_discard(resnet_atomic_file *f) {
  if (f->file)
    fclose(f->file);
  f->file = NULL;
  if (f->temp[0])
    unlink(f->temp);
  unwatchTemp();
  f->temp[0] = '\0';
}
