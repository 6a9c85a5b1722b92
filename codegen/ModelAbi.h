//===- ModelAbi.h - the C interface of a compiled model ---------*- C++ -*-===//
//
// A compiled model exports (see runtime/resnet_model.h):
//   void resnet_<name>_run(const float *input, float *output);
//     the whole network on one batch, NCHW f32 in and out, on caller
//     buffers; reentrant (temporaries are allocated per call);
//   const resnet_model_desc resnet_<name>_model;  (and, in executables,
//     `resnet_model`, which runtime/'s main() reads)
// and, for libraries, a generated header with create/infer/destroy.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_MODELABI_H
#define RESNET_CODEGEN_MODELABI_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Module.h"
#include <string>

namespace mlir::resnet {

struct ModelSignature {
  /// C identifier: the symbols are resnet_<name>_*.
  std::string name;
  llvm::SmallVector<int64_t, 4> inputShape, outputShape;

  std::string entrySymbol() const { return "resnet_" + name + "_run"; }
  std::string descriptorSymbol() const { return "resnet_" + name + "_model"; }
};

/// Adds `const resnet_model_desc <symbol>` describing the model (its entry
/// function must already be in `module`).
void addModelDescriptor(llvm::Module &module, const ModelSignature &signature,
                        llvm::StringRef symbol);

/// The C header of a static or shared model library.
std::string makeLibraryHeader(const ModelSignature &signature);

/// `text` made into a C identifier ([A-Za-z0-9_], not starting with a digit).
std::string toCIdentifier(llvm::StringRef text);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_MODELABI_H
