//===- FuzzCommon.h - helpers shared by the fuzz targets --------*- C++ -*-===//
//
// Each target defines LLVMFuzzerTestOneInput. Built with -fsanitize=fuzzer it
// is a libFuzzer binary; in a normal build it links ReplayMain.cpp, which
// runs the target once on every file it is given (the lit smoke test).
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_TEST_FUZZ_FUZZCOMMON_H
#define RESNET_TEST_FUZZ_FUZZCOMMON_H

#include "ScratchFile.h"

#include "dialect/ResNetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

namespace resnet_fuzz {

/// A context for one input, with diagnostics swallowed: bad input is the
/// expected case; only crashes and sanitizer reports are findings.
struct QuietContext {
  explicit QuietContext(mlir::DialectRegistry &registry)
      : context(registry, mlir::MLIRContext::Threading::DISABLED),
        handler(&context, [](mlir::Diagnostic &) { return mlir::success(); }) {
    context.loadAllAvailableDialects();
  }
  mlir::MLIRContext context;
  mlir::ScopedDiagnosticHandler handler;
};

/// The dialects a model module holds: resnet ops, func, arith constants.
inline mlir::DialectRegistry &modelRegistry() {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    r->insert<mlir::resnet::ResNetDialect, mlir::arith::ArithDialect,
              mlir::func::FuncDialect>();
    return r;
  }();
  return *registry;
}

} // namespace resnet_fuzz

#endif // RESNET_TEST_FUZZ_FUZZCOMMON_H
