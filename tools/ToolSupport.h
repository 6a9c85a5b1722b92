//===- ToolSupport.h - what every resnet tool's main shares -----*- C++ -*-===//
//
// --version (the project's version and git commit, from the generated
// ResNetVersion.h) and resnet-opt's concise --help: the command-line
// options that libLLVM's backends register before main() (AArch64, AMDGPU,
// Polly, ...; about a thousand) and MLIR's debugging options are hidden.
// Hidden options still work, and --help-hidden lists them.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_TOOLS_TOOLSUPPORT_H
#define RESNET_TOOLS_TOOLSUPPORT_H

#include "ResNetVersion.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace mlir::resnet {

/// `--version` prints "resnet-mlir X.Y.Z (git HASH)" and LLVM's version.
inline void setVersionPrinter() {
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << RESNET_VERSION_STRING << "\n  built with LLVM/MLIR "
       << LLVM_VERSION_STRING << "\n";
  });
}

/// Hides every option registered so far except the generic ones (--help,
/// --version, ...) and `keep`; options registered later stay visible.
inline void hideOptionsExcept(llvm::ArrayRef<llvm::StringRef> keep) {
  for (auto &entry : llvm::cl::getRegisteredOptions()) {
    llvm::StringRef name = entry.first;
    // A pass list (no name of its own; each pass is a value) stays.
    if (entry.second->ArgStr.empty() || name.starts_with("help") ||
        name == "version" || llvm::is_contained(keep, name))
      continue;
    entry.second->setHiddenFlag(llvm::cl::Hidden);
  }
}

/// resnet-opt's --help: MLIR's options are registered early (MlirOptMain
/// registers them again, which is a no-op) so that all but the everyday
/// ones, and libLLVM's backend flags, can be hidden.
inline void prepareConciseOptHelp(DialectRegistry &registry) {
  MlirOptMainConfig::registerCLOptions(registry);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  hideOptionsExcept({"o",
                     "split-input-file",
                     "verify-diagnostics",
                     "pass-pipeline",
                     "allow-unregistered-dialect",
                     "emit-bytecode",
                     "dump-pass-pipeline",
                     "list-passes",
                     "show-dialects",
                     "verify-each",
                     "mlir-disable-threading",
                     "mlir-print-ir-after-all",
                     "mlir-print-ir-before-all",
                     "mlir-print-ir-after",
                     "mlir-print-ir-before",
                     "mlir-print-ir-after-failure",
                     "mlir-print-debuginfo",
                     "mlir-print-op-generic",
                     "mlir-print-local-scope",
                     "mlir-elide-elementsattrs-if-larger",
                     "mlir-elide-resource-strings-if-larger",
                     "mlir-pass-statistics",
                     "mlir-timing",
                     "mlir-print-stacktrace-on-diagnostic"});
}

/// The option's value when it was given, else std::nullopt.
template <typename T>
std::optional<T> optionalValue(const llvm::cl::opt<T> &option) {
  if (option.getNumOccurrences() == 0)
    return std::nullopt;
  return option.getValue();
}

/// Whether the command line asks for --help (not --help-hidden): then
/// resnet-opt registers only the upstream passes we use.
inline bool wantsConciseHelp(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = llvm::StringRef(argv[i]).ltrim('-');
    if (arg == "help" || arg == "h" || arg == "help-list")
      return true;
  }
  return false;
}

} // namespace mlir::resnet

#endif // RESNET_TOOLS_TOOLSUPPORT_H
