//===- PreprocessOptions.h - resnet-compile's image preprocessing flags ---===//
//
// The flags that state how executables preprocess image files
// (--preprocess, --resize, --crop, --mean, --std, --bgr), in a category of
// their own in resnet-compile --help.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_TOOLS_RESNET_COMPILE_PREPROCESSOPTIONS_H
#define RESNET_TOOLS_RESNET_COMPILE_PREPROCESSOPTIONS_H

#include "codegen/Compiler.h"

#include "llvm/Support/CommandLine.h"

/// The flags' category (for cl::HideUnrelatedOptions).
llvm::cl::OptionCategory &imagePreprocessCategory();

/// The preprocessing the command line asked for.
mlir::resnet::PreprocessOptions readPreprocessOptions();

#endif // RESNET_TOOLS_RESNET_COMPILE_PREPROCESSOPTIONS_H
