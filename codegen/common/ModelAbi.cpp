//===- ModelAbi.cpp - the C interface of a compiled model -----------------===//
#include "codegen/common/ModelAbi.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

static Constant *shapeArray(Module &module, ArrayRef<int64_t> shape,
                            const Twine &name) {
  LLVMContext &ctx = module.getContext();
  Constant *init = ConstantDataArray::get(ctx, shape);
  auto *global = new GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, init, name);
  return global;
}

/// The entry function with the ABI's three parameters (input, output,
/// workspace). A two-parameter entry (no arena planned) is renamed and
/// called from a new one that ignores the workspace.
static Function *entryWithWorkspace(Module &module,
                                    const mlir::resnet::ModelSignature &sig) {
  Function *entry = module.getFunction(sig.entrySymbol());
  assert(entry && "the entry function must be emitted first");
  if (entry->arg_size() == 3)
    return entry;
  LLVMContext &ctx = module.getContext();
  PointerType *ptr = PointerType::getUnqual(ctx);
  entry->setName(sig.entrySymbol() + ".body");
  entry->setLinkage(GlobalValue::InternalLinkage);
  auto *wrapper = Function::Create(
      FunctionType::get(Type::getVoidTy(ctx), {ptr, ptr, ptr}, false),
      GlobalValue::ExternalLinkage, sig.entrySymbol(), module);
  IRBuilder<> builder(BasicBlock::Create(ctx, "entry", wrapper));
  SmallVector<Value *, 2> args;
  for (unsigned i = 0; i < entry->arg_size(); ++i)
    args.push_back(wrapper->getArg(i));
  builder.CreateCall(entry, args);
  builder.CreateRetVoid();
  return wrapper;
}

static int64_t elementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  return count;
}

/// The ABI's entry (input, output, workspace): the three-parameter body
/// itself, or, for a batch run as image groups, a function that calls the
/// body once per group on consecutive images (the workspace is one group's).
static Function *entryPoint(Module &module,
                            const mlir::resnet::ModelSignature &sig) {
  Function *body = entryWithWorkspace(module, sig);
  // Built once: a second descriptor (an executable's resnet_model) shares it.
  if (sig.imageGroups <= 1 || module.getFunction(sig.entrySymbol() + ".group"))
    return body;
  LLVMContext &ctx = module.getContext();
  PointerType *ptr = PointerType::getUnqual(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  body->setName(sig.entrySymbol() + ".group");
  body->setLinkage(GlobalValue::InternalLinkage);
  auto *entry = Function::Create(
      FunctionType::get(llvm::Type::getVoidTy(ctx), {ptr, ptr, ptr}, false),
      GlobalValue::ExternalLinkage, sig.entrySymbol(), module);
  int64_t groupIn = elementCount(sig.inputShape) / sig.imageGroups;
  int64_t groupOut = elementCount(sig.outputShape) / sig.imageGroups;
  BasicBlock *start = BasicBlock::Create(ctx, "entry", entry);
  BasicBlock *loop = BasicBlock::Create(ctx, "group", entry);
  BasicBlock *done = BasicBlock::Create(ctx, "done", entry);
  IRBuilder<> b(start);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  PHINode *group = b.CreatePHI(i64, 2, "g");
  group->addIncoming(b.getInt64(0), start);
  Type *f32 = Type::getFloatTy(ctx);
  b.CreateCall(body, {b.CreateGEP(f32, entry->getArg(0),
                                  b.CreateMul(group, b.getInt64(groupIn))),
                      b.CreateGEP(f32, entry->getArg(1),
                                  b.CreateMul(group, b.getInt64(groupOut))),
                      entry->getArg(2)});
  Value *next = b.CreateAdd(group, b.getInt64(1));
  group->addIncoming(next, loop);
  b.CreateCondBr(b.CreateICmpULT(next, b.getInt64(sig.imageGroups)), loop,
                 done);
  IRBuilder<>(done).CreateRetVoid();
  return entry;
}

/// `const resnet_preprocess_desc` (resnet_model.h) for the descriptor's
/// preprocess field; null without preprocessing.
static Constant *preprocessDescriptor(Module &module,
                                      const mlir::resnet::ModelSignature &sig,
                                      const Twine &name) {
  LLVMContext &ctx = module.getContext();
  if (!sig.preprocess)
    return ConstantPointerNull::get(PointerType::getUnqual(ctx));
  const mlir::resnet::Preprocess &pre = *sig.preprocess;
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  auto floats = [&](ArrayRef<float> values) {
    SmallVector<float, 3> padded(values.begin(), values.end());
    padded.resize(3, padded.empty() ? 0.0f : padded.back());
    return ConstantDataArray::get(ctx, ArrayRef<float>(padded));
  };
  Constant *mean = floats(pre.mean), *std = floats(pre.std);
  // struct resnet_preprocess_desc { int64_t resize, bgr; float mean[3],
  //   std[3]; }
  StructType *type = StructType::get(
      ctx, {i64, i64, mean->getType(), std->getType()});
  Constant *init = ConstantStruct::get(
      type, {ConstantInt::get(i64, pre.resize),
             ConstantInt::get(i64, pre.bgr ? 1 : 0), mean, std});
  return new GlobalVariable(module, type, /*isConstant=*/true,
                            GlobalValue::PrivateLinkage, init, name);
}

void mlir::resnet::addModelDescriptor(Module &module,
                                      const ModelSignature &signature,
                                      StringRef symbol) {
  LLVMContext &ctx = module.getContext();
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  PointerType *ptr = PointerType::getUnqual(ctx);
  // struct resnet_model_desc { const char *name; int64_t input_rank;
  //   const int64_t *input_shape; int64_t output_rank;
  //   const int64_t *output_shape;
  //   void (*run)(const float *, float *, void *);
  //   int64_t arena_bytes; int64_t arena_alignment;
  //   const resnet_preprocess_desc *preprocess; const char *input_dtype; }
  StructType *descType =
      StructType::get(ctx, {ptr, i64, ptr, i64, ptr, ptr, i64, i64, ptr, ptr});
  auto string = [&](StringRef text, const Twine &globalName) {
    Constant *init = ConstantDataArray::getString(ctx, text);
    return new GlobalVariable(module, init->getType(), true,
                              GlobalValue::PrivateLinkage, init, globalName);
  };
  GlobalVariable *name = string(signature.name, symbol + ".name");
  Function *entry = entryPoint(module, signature);
  Constant *init = ConstantStruct::get(
      descType,
      {name, ConstantInt::get(i64, signature.inputShape.size()),
       shapeArray(module, signature.inputShape, symbol + ".input_shape"),
       ConstantInt::get(i64, signature.outputShape.size()),
       shapeArray(module, signature.outputShape, symbol + ".output_shape"),
       entry, ConstantInt::get(i64, signature.arena.bytes),
       ConstantInt::get(i64, signature.arena.alignment),
       preprocessDescriptor(module, signature, symbol + ".preprocess"),
       string(signature.inputDtype, symbol + ".input_dtype")});
  new GlobalVariable(module, descType, /*isConstant=*/true,
                     GlobalValue::ExternalLinkage, init, symbol);
}

//===----------------------------------------------------------------------===//
// Library entry points
//===----------------------------------------------------------------------===//

namespace {
/// Builds the exported functions of a library in LLVM IR, so that they are
/// real symbols of the library (not inline code in its header):
///   struct resnet_<name>_context { void *memory; void *workspace;
///                                  float *padded; };
/// `padded` (one batch of input then one of output, malloc'd by the first
/// infer_n call with a partial batch) runs the images that do not fill a
/// batch, with zero images after them.
class LibraryEntryPoints {
public:
  LibraryEntryPoints(Module &module, const mlir::resnet::ModelSignature &sig)
      : module(module), sig(sig), ctx(module.getContext()),
        ptr(PointerType::getUnqual(ctx)), i64(llvm::Type::getInt64Ty(ctx)),
        i32(llvm::Type::getInt32Ty(ctx)),
        contextType(StructType::get(ctx, {ptr, ptr, ptr})) {}

  /// resnet_<name>_context *resnet_<name>_create(void): the context and
  /// its workspace (malloc'd with room to align it); NULL when out of
  /// memory.
  void buildCreate() {
    Function *fn = define(ptr, {}, "create");
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
    Value *context = b.CreateCall(libc("calloc", ptr, {i64, i64}),
                                  {b.getInt64(1), b.getInt64(24)});
    BasicBlock *fail = BasicBlock::Create(ctx, "fail", fn);
    BasicBlock *allocate = BasicBlock::Create(ctx, "allocate", fn);
    b.CreateCondBr(b.CreateIsNull(context), fail, allocate);
    IRBuilder<>(fail).CreateRet(ConstantPointerNull::get(ptr));

    b.SetInsertPoint(allocate);
    int64_t bytes = sig.arena.bytes, align = sig.arena.alignment;
    if (bytes == 0) {
      b.CreateRet(context);
      return;
    }
    Value *memory = b.CreateCall(libc("malloc", ptr, {i64}),
                                 {b.getInt64(bytes + align)});
    BasicBlock *noMemory = BasicBlock::Create(ctx, "no_memory", fn);
    BasicBlock *done = BasicBlock::Create(ctx, "done", fn);
    b.CreateCondBr(b.CreateIsNull(memory), noMemory, done);
    IRBuilder<> nb(noMemory);
    nb.CreateCall(libc("free", llvm::Type::getVoidTy(ctx), {ptr}), {context});
    nb.CreateRet(ConstantPointerNull::get(ptr));

    b.SetInsertPoint(done);
    Value *end = b.CreateGEP(b.getInt8Ty(), memory, b.getInt64(align - 1));
    Value *workspace = b.CreateIntrinsic(Intrinsic::ptrmask, {ptr, i64},
                                         {end, b.getInt64(-align)});
    b.CreateStore(memory, field(b, context, 0));
    b.CreateStore(workspace, field(b, context, 1));
    b.CreateRet(context);
  }

  /// int resnet_<name>_infer(context, input, output): 0, or -1 on a null
  /// argument.
  void buildInfer(Function *entry) {
    Function *fn = define(i32, {ptr, ptr, ptr}, "infer");
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
    Value *anyNull = b.CreateOr(
        b.CreateIsNull(fn->getArg(0)),
        b.CreateOr(b.CreateIsNull(fn->getArg(1)),
                   b.CreateIsNull(fn->getArg(2))));
    BasicBlock *fail = BasicBlock::Create(ctx, "fail", fn);
    BasicBlock *run = BasicBlock::Create(ctx, "run", fn);
    b.CreateCondBr(anyNull, fail, run);
    IRBuilder<>(fail).CreateRet(b.getInt32(-1));
    b.SetInsertPoint(run);
    Value *workspace = b.CreateLoad(ptr, field(b, fn->getArg(0), 1));
    b.CreateCall(entry, {fn->getArg(1), fn->getArg(2), workspace});
    b.CreateRet(b.getInt32(0));
  }

  /// int resnet_<name>_infer_n(context, input, count, output): `count`
  /// images (any number >= 0): whole batches straight from `input` into
  /// `output`, then the remainder through the context's padded batch (zero
  /// images after it, their outputs dropped). 0; -1 on a null argument, a
  /// negative count, or a remainder when the output has no batch
  /// dimension; -2 when the padded batch cannot be allocated.
  void buildInferN(Function *entry) {
    Function *fn = define(i32, {ptr, ptr, i64, ptr}, "infer_n");
    Value *context = fn->getArg(0), *input = fn->getArg(1),
          *count = fn->getArg(2), *output = fn->getArg(3);
    Type *f32 = Type::getFloatTy(ctx);
    int64_t batch = sig.inputShape[0];
    int64_t batchIn = elementCount(sig.inputShape),
            batchOut = elementCount(sig.outputShape);
    int64_t imageIn = batchIn / batch;
    // Without a batch dimension in the output, only whole batches run.
    bool batchedOutput = sig.outputShape[0] == batch;
    int64_t imageOut = batchedOutput ? batchOut / batch : 0;

    IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
    BasicBlock *fail = BasicBlock::Create(ctx, "fail", fn);
    IRBuilder<>(fail).CreateRet(b.getInt32(-1));
    BasicBlock *start = BasicBlock::Create(ctx, "start", fn);
    Value *bad = b.CreateOr(
        b.CreateOr(b.CreateIsNull(context), b.CreateIsNull(input)),
        b.CreateOr(b.CreateIsNull(output),
                   b.CreateICmpSLT(count, b.getInt64(0))));
    b.CreateCondBr(bad, fail, start);

    b.SetInsertPoint(start);
    Value *workspace = b.CreateLoad(ptr, field(b, context, 1));
    Value *full = b.CreateUDiv(count, b.getInt64(batch), "full");
    Value *rest = b.CreateURem(count, b.getInt64(batch), "rest");
    BasicBlock *loop = BasicBlock::Create(ctx, "loop", fn);
    BasicBlock *body = BasicBlock::Create(ctx, "body", fn);
    BasicBlock *tail = BasicBlock::Create(ctx, "tail", fn);
    b.CreateBr(loop);

    // for (i = 0; i < full; ++i) run(input + i * batchIn, output + ...);
    b.SetInsertPoint(loop);
    PHINode *i = b.CreatePHI(i64, 2, "i");
    i->addIncoming(b.getInt64(0), start);
    b.CreateCondBr(b.CreateICmpULT(i, full), body, tail);
    b.SetInsertPoint(body);
    b.CreateCall(entry,
                 {b.CreateGEP(f32, input, b.CreateMul(i, b.getInt64(batchIn))),
                  b.CreateGEP(f32, output,
                              b.CreateMul(i, b.getInt64(batchOut))),
                  workspace});
    i->addIncoming(b.CreateAdd(i, b.getInt64(1)), body);
    b.CreateBr(loop);

    b.SetInsertPoint(tail);
    BasicBlock *done = BasicBlock::Create(ctx, "done", fn);
    IRBuilder<>(done).CreateRet(b.getInt32(0));
    BasicBlock *partial = BasicBlock::Create(ctx, "partial", fn);
    b.CreateCondBr(b.CreateICmpEQ(rest, b.getInt64(0)), done,
                   batchedOutput ? partial : fail);

    // The padded batch, allocated once per context.
    b.SetInsertPoint(partial);
    Value *slot = field(b, context, 2);
    Value *existing = b.CreateLoad(ptr, slot);
    BasicBlock *allocate = BasicBlock::Create(ctx, "allocate", fn);
    BasicBlock *noMemory = BasicBlock::Create(ctx, "no_memory", fn);
    BasicBlock *allocated = BasicBlock::Create(ctx, "allocated", fn);
    BasicBlock *pad = BasicBlock::Create(ctx, "pad", fn);
    b.CreateCondBr(b.CreateIsNull(existing), allocate, pad);
    b.SetInsertPoint(allocate);
    Value *fresh = b.CreateCall(libc("malloc", ptr, {i64}),
                                {b.getInt64(4 * (batchIn + batchOut))});
    b.CreateCondBr(b.CreateIsNull(fresh), noMemory, allocated);
    IRBuilder<>(noMemory).CreateRet(b.getInt32(-2));
    b.SetInsertPoint(allocated);
    b.CreateStore(fresh, slot);
    b.CreateBr(pad);

    // Copy the rest in, zero the other images, run, copy their rows out.
    b.SetInsertPoint(pad);
    PHINode *padded = b.CreatePHI(ptr, 2, "padded");
    padded->addIncoming(existing, partial);
    padded->addIncoming(fresh, allocated);
    Value *restIn = b.CreateMul(rest, b.getInt64(4 * imageIn));
    b.CreateMemCpy(
        padded, MaybeAlign(4),
        b.CreateGEP(f32, input, b.CreateMul(full, b.getInt64(batchIn))),
        MaybeAlign(4), restIn);
    b.CreateMemSet(b.CreateGEP(b.getInt8Ty(), padded, restIn), b.getInt8(0),
                   b.CreateSub(b.getInt64(4 * batchIn), restIn),
                   MaybeAlign(4));
    Value *paddedOut = b.CreateGEP(f32, padded, b.getInt64(batchIn));
    b.CreateCall(entry, {padded, paddedOut, workspace});
    b.CreateMemCpy(
        b.CreateGEP(f32, output, b.CreateMul(full, b.getInt64(batchOut))),
        MaybeAlign(4), paddedOut, MaybeAlign(4),
        b.CreateMul(rest, b.getInt64(4 * imageOut)));
    b.CreateBr(done);
  }

  /// void resnet_<name>_destroy(context): frees all three; NULL is ignored.
  void buildDestroy() {
    Function *fn = define(llvm::Type::getVoidTy(ctx), {ptr}, "destroy");
    FunctionCallee freeFn = libc("free", llvm::Type::getVoidTy(ctx), {ptr});
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
    BasicBlock *release = BasicBlock::Create(ctx, "release", fn);
    BasicBlock *done = BasicBlock::Create(ctx, "done", fn);
    b.CreateCondBr(b.CreateIsNull(fn->getArg(0)), done, release);
    b.SetInsertPoint(release);
    b.CreateCall(freeFn, {b.CreateLoad(ptr, field(b, fn->getArg(0), 0))});
    b.CreateCall(freeFn, {b.CreateLoad(ptr, field(b, fn->getArg(0), 2))});
    b.CreateCall(freeFn, {fn->getArg(0)});
    b.CreateBr(done);
    IRBuilder<>(done).CreateRetVoid();
  }

  /// int resnet_<name>_set_threads(int n): n > 0 sets the worker count of
  /// the thread runtime (shared by every model in the process); returns
  /// the count the next run uses (1 for a model without threads).
  void buildSetThreads(bool threads) {
    Function *fn = define(i32, {i32}, "set_threads");
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
    if (!threads) {
      b.CreateRet(b.getInt32(1));
      return;
    }
    BasicBlock *set = BasicBlock::Create(ctx, "set", fn);
    BasicBlock *get = BasicBlock::Create(ctx, "get", fn);
    b.CreateCondBr(b.CreateICmpSGT(fn->getArg(0), b.getInt32(0)), set, get);
    IRBuilder<> sb(set);
    sb.CreateCall(libc("resnet_set_num_threads", llvm::Type::getVoidTy(ctx),
                       {i32}),
                  {fn->getArg(0)});
    sb.CreateBr(get);
    b.SetInsertPoint(get);
    b.CreateRet(b.CreateCall(libc("resnet_get_max_threads", i32, {}), {}));
  }

  /// const resnet_model_desc *resnet_model_open(void).
  void buildModelOpen(GlobalVariable *descriptor) {
    auto *fn = Function::Create(FunctionType::get(ptr, {}, false),
                                GlobalValue::ExternalLinkage,
                                "resnet_model_open", module);
    IRBuilder<>(BasicBlock::Create(ctx, "entry", fn)).CreateRet(descriptor);
  }

private:
  Function *define(llvm::Type *result, ArrayRef<llvm::Type *> params,
                   StringRef suffix) {
    return Function::Create(FunctionType::get(result, params, false),
                            GlobalValue::ExternalLinkage,
                            "resnet_" + sig.name + "_" + suffix, module);
  }
  FunctionCallee libc(StringRef name, llvm::Type *result,
                      ArrayRef<llvm::Type *> params) {
    return module.getOrInsertFunction(
        name, FunctionType::get(result, params, false));
  }
  Value *field(IRBuilder<> &b, Value *context, unsigned index) {
    return b.CreateStructGEP(contextType, context, index);
  }

  Module &module;
  const mlir::resnet::ModelSignature &sig;
  LLVMContext &ctx;
  PointerType *ptr;
  llvm::Type *i64, *i32;
  StructType *contextType;
};
} // namespace

void mlir::resnet::addLibraryEntryPoints(Module &module,
                                         const ModelSignature &signature,
                                         bool threads, bool modelOpen) {
  Function *entry = module.getFunction(signature.entrySymbol());
  GlobalVariable *descriptor =
      module.getNamedGlobal(signature.descriptorSymbol());
  assert(entry && descriptor && "the descriptor must be added first");
  LibraryEntryPoints builder(module, signature);
  builder.buildCreate();
  builder.buildInfer(entry);
  builder.buildInferN(entry);
  builder.buildDestroy();
  builder.buildSetThreads(threads);
  if (modelOpen)
    builder.buildModelOpen(descriptor);
}

void mlir::resnet::readEntryPlan(ModuleOp module, ModelSignature &signature) {
  Operation *entry = SymbolTable::lookupSymbolIn(module, signature.entrySymbol());
  if (!entry)
    return;
  auto read = [&](StringRef name, int64_t &value) {
    if (auto attr = entry->getAttrOfType<IntegerAttr>(name))
      value = attr.getInt();
  };
  read("resnet.arena_bytes", signature.arena.bytes);
  read("resnet.arena_unshared_bytes", signature.arena.unsharedBytes);
  read("resnet.arena_unplanned", signature.arena.unplannedAllocs);
  read(kImageGroupsAttr, signature.imageGroups);
}

static std::string joinShape(ArrayRef<int64_t> shape) {
  std::string text;
  for (int64_t d : shape)
    text += (text.empty() ? "" : ", ") + std::to_string(d);
  return text;
}

std::string mlir::resnet::makeLibraryHeader(const ModelSignature &signature,
                                            bool shared) {
  static const char *descriptorTypes =
#include "ModelDescTypes.inc"
      ;
  std::string n = signature.name, upper = StringRef(n).upper();
  int64_t batch = signature.inputShape[0];
  std::string modelOpen =
      shared ? "\n/* The one model of this shared library, whatever its name "
               "(for dlsym and\n   ctypes). */\nconst resnet_model_desc "
               "*resnet_model_open(void);\n"
             : "";
  return formatv(R"(/* Generated by resnet-compile: the C interface of model '{0}'. */
#ifndef RESNET_{1}_H
#define RESNET_{1}_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Input: f32, NCHW, shape ({2}). Output: f32, shape ({3}). */
#define RESNET_{1}_INPUT_RANK {4}
#define RESNET_{1}_INPUT_SIZE {5}
#define RESNET_{1}_OUTPUT_RANK {6}
#define RESNET_{1}_OUTPUT_SIZE {7}
#define RESNET_{1}_BATCH {12}
#define RESNET_{1}_IMAGE_INPUT_SIZE {13}
#define RESNET_{1}_IMAGE_OUTPUT_SIZE {14}
/* The workspace (activation arena) one call needs, in bytes, and the
   alignment of its address. */
#define RESNET_{1}_ARENA_BYTES {8}
#define RESNET_{1}_ARENA_ALIGNMENT {9}
static const int64_t resnet_{0}_input_shape[] = {{{2}};
static const int64_t resnet_{0}_output_shape[] = {{{3}};

/* The compiled network on one batch, on caller buffers. `workspace` holds
   the activations: RESNET_{1}_ARENA_BYTES bytes aligned to
   RESNET_{1}_ARENA_ALIGNMENT (NULL when the size is 0), overlapping neither
   input nor output. Calls may run at once on distinct workspaces. */
void resnet_{0}_run(const float *input, float *output, void *workspace);

/* A context owns one workspace: one context per thread. */
typedef struct resnet_{0}_context resnet_{0}_context;
/* Returns NULL when out of memory. */
resnet_{0}_context *resnet_{0}_create(void);
/* One batch: RESNET_{1}_INPUT_SIZE floats in, RESNET_{1}_OUTPUT_SIZE out.
   Returns 0 on success, -1 on a null argument. */
int resnet_{0}_infer(resnet_{0}_context *context,
    const float *input, float *output);
/* Any number of images, `count` >= 0 (not only the compiled batch of
   RESNET_{1}_BATCH): RESNET_{1}_IMAGE_INPUT_SIZE floats in and
   RESNET_{1}_IMAGE_OUTPUT_SIZE out per image. Whole batches run in place;
   the rest is copied into a batch padded with zero images (allocated by the
   first such call, kept by the context) whose outputs are dropped.
   Returns 0 on success, -1 on a null argument or a negative count, -2 when
   out of memory. */
int resnet_{0}_infer_n(resnet_{0}_context *context,
    const float *input, int64_t count, float *output);
/* NULL is ignored. */
void resnet_{0}_destroy(resnet_{0}_context *context);
/* n > 0: the worker threads of the next runs (for every model in the
   process; default $OMP_NUM_THREADS, else all CPUs). Returns the count in
   use: 1 for a model compiled without threads. */
int resnet_{0}_set_threads(int n);

#ifndef RESNET_RUNTIME_RESNET_MODEL_H
#define RESNET_RUNTIME_RESNET_MODEL_H
{10}
#endif

/* The model's shapes and entry point. */
extern const resnet_model_desc resnet_{0}_model;
{11}
#ifdef __cplusplus
}
#endif

#endif /* RESNET_{1}_H */
)",
                 n, upper, joinShape(signature.inputShape),
                 joinShape(signature.outputShape), signature.inputShape.size(),
                 elementCount(signature.inputShape),
                 signature.outputShape.size(),
                 elementCount(signature.outputShape), signature.arena.bytes,
                 signature.arena.alignment, descriptorTypes, modelOpen,
                 batch, elementCount(signature.inputShape) / batch,
                 elementCount(signature.outputShape) /
                     signature.outputShape[0])
      .str();
}

std::string mlir::resnet::toCIdentifier(StringRef text) {
  std::string id;
  for (char c : text)
    id += isAlnum(c) ? c : '_';
  if (id.empty() || isDigit(id[0]))
    id = "m" + id;
  return id;
}
