//===- InputFiles.h - read untrusted input files safely ---------*- C++ -*-===//
//
// Every file the tools read (models, weights, external data, .npy inputs) is
// user input. Two rules keep a hostile path from hanging or exhausting the
// process:
//
//  * Only regular files are read. `/dev/zero`, `/dev/urandom` and a FIFO
//    are endless or block; a directory has no contents. The file is opened
//    with O_NONBLOCK (a FIFO without a writer does not block the open), its
//    type checked with fstat on that descriptor (no race with a rename),
//    and exactly the size fstat reported is read.
//  * The textual MLIR parser, verifier and printer recurse once per nesting
//    level of regions and attributes. `checkNestingDepth` refuses text
//    nested deeper than kMaxNestingDepth before it is parsed, and the tools
//    run their work on a thread whose stack holds that depth with a wide
//    margin (`runOnLargeStack`), which also covers bytecode input.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_DIALECT_INPUTFILES_H
#define RESNET_DIALECT_INPUTFILES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace mlir::resnet {

/// The deepest nesting of brackets ({, [, (, <) accepted in textual MLIR.
/// Real models nest a few tens of levels.
constexpr unsigned kMaxNestingDepth = 1000;

/// The stack size of the thread `runOnLargeStack` starts.
constexpr size_t kLargeStackBytes = size_t(512) << 20; // 512 MiB

/// Reads the regular file `path` ("-": standard input, unless it is a
/// character device other than a terminal). `what` names the file's role in
/// errors: "<what> '<path>' is a FIFO, not a regular file".
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef path, llvm::StringRef what,
              bool requiresNullTerminator = false);

/// Checks that `path` names a regular file without reading it (and without
/// blocking on a FIFO). Same errors as readInputFile.
llvm::Error checkRegularFile(llvm::StringRef path, llvm::StringRef what);

/// Fails with "<name>:<line>: nesting deeper than N levels" when the
/// brackets of textual MLIR `text` nest deeper than `limit` (comments and
/// string literals skipped). MLIR bytecode is not checked.
llvm::Error checkNestingDepth(llvm::StringRef text, llvm::StringRef name,
                              unsigned limit = kMaxNestingDepth);

/// Runs `body` on a thread with a kLargeStackBytes stack and returns its
/// result; runs it on the calling thread if no such thread can be started.
int runOnLargeStack(llvm::function_ref<int()> body);

} // namespace mlir::resnet

#endif // RESNET_DIALECT_INPUTFILES_H
