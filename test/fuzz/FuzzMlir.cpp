//===- FuzzMlir.cpp - fuzz target: .mlir text -> parse, verify, optimize --===//
//
// The path of every model through resnet-opt/resnet-compile: parse with the
// dialects a model uses, verify (shape inference included), then run the
// graph optimizations of --resnet-optimize on what verified.
//
//===----------------------------------------------------------------------===//
#include "FuzzCommon.h"

#include "dialect/InputFiles.h"
#include "dialect/ResNetDialect.h"
#include "dialect/ResourceLimits.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/SourceMgr.h"

using namespace mlir;

/// Models within the tools' limits can still need gigabytes (a splat
/// constant of 2^32 elements); such allocations are not findings, so inputs
/// with a tensor over 64 MiB are skipped.
static bool smallEnoughToFuzz(ModuleOp module) {
  constexpr int64_t kMaxElements = int64_t(1) << 24;
  WalkResult result = module.walk([](Operation *op) {
    for (Type type : op->getResultTypes())
      if (auto tensor = dyn_cast<RankedTensorType>(type))
        if (tensor.hasStaticShape() && tensor.getNumElements() > kMaxElements)
          return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !result.wasInterrupted();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  resnet_fuzz::QuietContext quiet(resnet_fuzz::modelRegistry());
  MLIRContext &context = quiet.context;

  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  // The tools refuse text nested deeper than this before parsing it.
  if (llvm::Error error = resnet::checkNestingDepth(text, "input.mlir")) {
    llvm::consumeError(std::move(error));
    return 0;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "input.mlir"),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module || failed(resnet::checkResourceLimits(*module)) ||
      !smallEnoughToFuzz(*module))
    return 0;
  // --resnet-optimize's passes (not its builder: Pipelines.cpp pulls in the
  // GPU pipelines and every other pass).
  PassManager pm(&context);
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(resnet::createExpandBlocks());
  func.addPass(resnet::createFoldBatchNorm());
  func.addPass(resnet::createTrimPaddingTaps());
  func.addPass(resnet::createFuseConv());
  func.addPass(createCanonicalizerPass());
  (void)pm.run(*module); // verifies before and after every pass
  return 0;
}
