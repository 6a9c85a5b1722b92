//===- ScheduleOptions.h - resnet-compile's CPU schedule flags ------------===//
//
// The flags that steer how -O2/-O3 schedule the CPU code (Winograd, its
// memory budget, band fusion, the threads' loop schedule), in a category
// of their own in resnet-compile --help.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_TOOLS_RESNET_COMPILE_SCHEDULEOPTIONS_H
#define RESNET_TOOLS_RESNET_COMPILE_SCHEDULEOPTIONS_H

#include "codegen/Compiler.h"

#include "llvm/Support/CommandLine.h"

/// The flags' category (for cl::HideUnrelatedOptions).
llvm::cl::OptionCategory &scheduleCategory();

/// Copies the schedule flags into `options`.
void readScheduleOptions(mlir::resnet::CompileOptions &options);

#endif // RESNET_TOOLS_RESNET_COMPILE_SCHEDULEOPTIONS_H
