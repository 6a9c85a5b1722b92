/*===- atomic_file.h - output files that appear whole or not at all -*- C -*-===*/
/* The C counterpart of support/AtomicFile.h, for the executables' --output:
   the bytes go to a unique temporary file next to the target
   (`<target>.tmp-<pid>-<n>`), which is flushed, fsync'ed and renamed over
   the target only once complete. A write error, a full disk, a file-size
   limit or SIGINT/SIGTERM/SIGHUP (the temporary file is removed, then the
   signal takes its course) leave the old target as it was; SIGKILL leaves
   the temporary file behind, the target untouched. Targets that a rename
   cannot replace (an existing device or FIFO: /dev/null, /dev/full) are
   written in place; a directory is refused. One file at a time. */
#ifndef RESNET_RUNTIME_ATOMIC_FILE_H
#define RESNET_RUNTIME_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct resnet_atomic_file {
  FILE *file;           /* write here */
  char target[4096];    /* a copy of the path */
  char temp[4096 + 64]; /* "": written in place */
} resnet_atomic_file;

/* Opens `path` for writing; -1 and "<path>: cannot write: <reason>" in
   `error` on failure. */
int resnet_atomic_open(resnet_atomic_file *f, const char *path, char *error,
                       size_t errorSize);

/* Closes the file and renames it over the target; on failure removes it and
   returns -1 with "<path>: write failed: <reason>". */
int resnet_atomic_commit(resnet_atomic_file *f, char *error,
                         size_t errorSize);

/* Closes and removes the temporary file; the target keeps its contents. */
void resnet_atomic_discard(resnet_atomic_file *f);

#endif /* RESNET_RUNTIME_ATOMIC_FILE_H */
