//===- ModelAbi.h - the C interface of a compiled model ---------*- C++ -*-===//
//
// A compiled model exports (see runtime/resnet_model.h):
//   void resnet_<name>_run(const float *input, float *output,
//                          void *workspace);
//     the whole network on one batch, NCHW f32 in and out, on caller
//     buffers; the activations live in `workspace` (arena_bytes, planned at
//     compile time by --resnet-plan-arena); reentrant on distinct
//     workspaces;
//   const resnet_model_desc resnet_<name>_model;  (and, in executables,
//     `resnet_model`, which runtime/'s main() reads)
// and, for libraries, create/infer/infer_n (any image count: whole batches,
// the rest padded)/destroy/set_threads around the entry
// (real functions, so that ctypes and dlsym find them), in a shared library
// `resnet_model_open()` too, and a generated C header declaring them.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_CODEGEN_COMMON_MODELABI_H
#define RESNET_CODEGEN_COMMON_MODELABI_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"
#include <optional>
#include <string>

namespace mlir::resnet {

/// The activation arena of the entry function (--resnet-plan-arena).
/// The entry function's attribute: the groups of images its body runs the
/// batch as, one after the other (--resnet-select-image-groups).
constexpr llvm::StringLiteral kImageGroupsAttr = "resnet.image_groups";

struct ArenaPlan {
  /// The workspace one call needs (0: none; the pointer may be NULL) and
  /// the alignment its address must have.
  int64_t bytes = 0;
  int64_t alignment = 64;
  /// For the report: the arena's size without reuse, and the allocations
  /// left out of it (they stay malloc/alloca in the code).
  int64_t unsharedBytes = 0;
  int64_t unplannedAllocs = 0;
};

/// How executables preprocess image files (runtime/resnet_model.h's
/// resnet_preprocess_desc); the centre crop is the model's input size.
struct Preprocess {
  /// Shorter side resized to this first; 0: the whole image to the input.
  int64_t resize = 0;
  bool bgr = false;
  /// Per model channel, in units of pixel/255.
  llvm::SmallVector<float, 3> mean = {0, 0, 0}, std = {1, 1, 1};
};

struct ModelSignature {
  /// C identifier: the symbols are resnet_<name>_*.
  std::string name;
  llvm::SmallVector<int64_t, 4> inputShape, outputShape;
  ArenaPlan arena;
  /// Groups of images the entry runs its body on, one after the other: the
  /// compiled body takes inputShape[0] / imageGroups images
  /// (kImageGroupsAttr).
  int64_t imageGroups = 1;
  /// Image preprocessing recorded in the descriptor (executables' image
  /// arguments), when given at compile time.
  std::optional<Preprocess> preprocess;
  /// The .npy dtype of the input's values ("<f4"; "|u1" or "|i1" for a
  /// model that declares uint8 or int8 input data).
  std::string inputDtype = "<f4";

  std::string entrySymbol() const { return "resnet_" + name + "_run"; }
  std::string descriptorSymbol() const { return "resnet_" + name + "_model"; }
};

/// Adds `const resnet_model_desc <symbol>` describing the model (its entry
/// function must already be in `module`). An entry function without the
/// workspace parameter (a pipeline that plans no arena) is first wrapped in
/// one that has it, so every model has the same ABI.
void addModelDescriptor(llvm::Module &module, const ModelSignature &signature,
                        llvm::StringRef symbol);

/// What a library exports besides the entry and its descriptor:
/// resnet_<name>_create/infer/infer_n/destroy/set_threads (`threads`: the model
/// calls runtime/threads.c, whose resnet_set_num_threads the library
/// carries) and, with `modelOpen` (shared libraries: one model per file),
/// `resnet_model_open()` returning the descriptor.
void addLibraryEntryPoints(llvm::Module &module,
                           const ModelSignature &signature, bool threads,
                           bool modelOpen);

/// Reads the arena plan that --resnet-plan-arena attached to the entry
/// function (a func.func or, after lowering, an llvm.func) into `signature`;
/// leaves it empty when there is none.
/// The arena plan and the image groups recorded on the compiled entry.
void readEntryPlan(mlir::ModuleOp module, ModelSignature &signature);

/// The C header of a static or shared (`shared`: declares
/// resnet_model_open) model library.
std::string makeLibraryHeader(const ModelSignature &signature, bool shared);

/// `text` made into a C identifier ([A-Za-z0-9_], not starting with a digit).
std::string toCIdentifier(llvm::StringRef text);

} // namespace mlir::resnet

#endif // RESNET_CODEGEN_COMMON_MODELABI_H
