//===- ParallelCodegen.cpp - LLVM optimization and codegen on all cores ---===//
//
// LLVM's optimization and instruction selection are most of a model's
// compile time and run on one thread. The module is split into partitions
// that are optimized and compiled concurrently, each in its own LLVMContext
// (an LLVMContext is not thread-safe), moved there as bitcode, the way
// LLVM's own parallel LTO code generation (splitCodeGen) does it.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/ParallelCodegen.h"
#include "codegen/cpu/TargetMachine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"


#define DEBUG_TYPE "resnet-parallel-codegen"

using namespace llvm;

namespace mlir::resnet {
namespace {

/// Below this many LLVM instructions the copies between contexts cost more
/// than the second thread saves (a small test model compiles in well under
/// a second anyway).
constexpr uint64_t kMinInstructionsToSplit = 20000;

using ObjectBytes = SmallVector<char, 0>;

uint64_t instructionCount(const Function &function) {
  return function.getInstructionCount();
}

/// Symbols private to the module become hidden externals (a name is given
/// to unnamed ones), so that a partition can refer to one defined in
/// another; hidden keeps them out of a shared library's exports.
void externalizeLocals(Module &module) {
  unsigned unnamed = 0;
  auto externalize = [&](GlobalValue &value) {
    if (!value.hasLocalLinkage())
      return;
    if (!value.hasName())
      value.setName("resnet.local." + Twine(unnamed++));
    value.setLinkage(GlobalValue::ExternalLinkage);
    value.setVisibility(GlobalValue::HiddenVisibility);
  };
  for (GlobalValue &value : module.global_values())
    externalize(value);
}

/// Longest processing time first: the biggest function goes to the least
/// loaded partition.
DenseMap<const Function *, unsigned> assignPartitions(Module &module,
                                                       unsigned parts) {
  DenseMap<const Function *, unsigned> partitionOf;
  SmallVector<Function *> functions;
  for (Function &function : module)
    if (!function.isDeclaration())
      functions.push_back(&function);
  llvm::stable_sort(functions, [](Function *a, Function *b) {
    return instructionCount(*a) > instructionCount(*b);
  });
  SmallVector<uint64_t> load(parts, 0);
  for (Function *function : functions) {
    unsigned lightest =
        std::min_element(load.begin(), load.end()) - load.begin();
    partitionOf[function] = lightest;
    load[lightest] += instructionCount(*function);
  }
  LLVM_DEBUG({
    dbgs() << "[" DEBUG_TYPE "] " << functions.size() << " functions in "
           << parts << " partitions of";
    for (uint64_t instructions : load)
      dbgs() << " " << instructions;
    dbgs() << " instructions\n";
  });
  return partitionOf;
}

/// Constants small enough to copy into every partition, so that the
/// optimizer still sees their values (lookup tables, not weights).
constexpr uint64_t kMaxCopiedConstantBytes = 4096;

/// The functions of partition `index` as bitcode; every global variable is
/// declared only (the data stays in the calling context's module), small
/// constants with their values as available_externally copies.
ObjectBytes
partitionBitcode(Module &module, unsigned index,
                 const DenseMap<const Function *, unsigned> &partitionOf) {
  ValueToValueMapTy map;
  std::unique_ptr<Module> part =
      CloneModule(module, map, [&](const GlobalValue *value) {
        auto *function = dyn_cast<Function>(value);
        return function && partitionOf.lookup(function) == index;
      });
  const llvm::DataLayout &layout = module.getDataLayout();
  for (GlobalVariable &global : module.globals()) {
    if (!global.isConstant() || !global.hasInitializer() ||
        layout.getTypeAllocSize(global.getValueType()) >
            kMaxCopiedConstantBytes)
      continue;
    auto *copy = cast<GlobalVariable>(map[&global]);
    copy->setInitializer(MapValue(global.getInitializer(), map));
    copy->setLinkage(GlobalValue::AvailableExternallyLinkage);
  }
  ObjectBytes bitcode;
  raw_svector_ostream os(bitcode);
  WriteBitcodeToFile(*part, os);
  return bitcode;
}

/// Optimizes and compiles one module on the calling thread.
Expected<ObjectBytes> compileModule(Module &module,
                                    const ParallelCodegenOptions &options) {
  Expected<std::unique_ptr<TargetMachine>> machine =
      createCpuTargetMachine(options.target, options.optLevel);
  if (!machine)
    return machine.takeError();
  optimizeLLVMModule(module, **machine, options.optLevel);
  ObjectBytes object;
  raw_svector_ostream os(object);
  if (Error error = emitMachineCode(module, **machine, os,
                                    CodeGenFileType::ObjectFile))
    return std::move(error);
  return object;
}

/// Reads a partition's bitcode into a context of its own and compiles it.
Expected<ObjectBytes> compileBitcode(const ObjectBytes &bitcode,
                                     const ParallelCodegenOptions &options) {
  LLVMContext context;
  Expected<std::unique_ptr<Module>> module = parseBitcodeFile(
      MemoryBufferRef(StringRef(bitcode.data(), bitcode.size()), "partition"),
      context);
  if (!module)
    return module.takeError();
  return compileModule(**module, options);
}

} // namespace

Expected<SmallVector<ObjectBytes>>
emitObjectsInParallel(Module &module, const ParallelCodegenOptions &options) {
  unsigned jobs = options.jobs ? options.jobs
                               : llvm::hardware_concurrency().compute_thread_count();
  uint64_t instructions = 0;
  unsigned functions = 0;
  for (Function &function : module)
    if (!function.isDeclaration()) {
      instructions += instructionCount(function);
      ++functions;
    }
  unsigned parts = std::min(jobs, functions);
  if (!options.jobs && instructions < kMinInstructionsToSplit)
    parts = 1;
  LLVM_DEBUG(dbgs() << "[" DEBUG_TYPE "] " << instructions
                    << " instructions, " << jobs << " jobs: " << parts
                    << " partitions\n");
  SmallVector<ObjectBytes> objects;
  if (parts <= 1) {
    Expected<ObjectBytes> object = compileModule(module, options);
    if (!object)
      return object.takeError();
    objects.push_back(std::move(*object));
    return objects;
  }

  externalizeLocals(module);
  DenseMap<const Function *, unsigned> partitionOf =
      assignPartitions(module, parts);
  SmallVector<ObjectBytes> bitcodes;
  for (unsigned index = 0; index < parts; ++index)
    bitcodes.push_back(partitionBitcode(module, index, partitionOf));
  // What stays here is the data: the functions are in the partitions.
  for (Function &function : module)
    if (!function.isDeclaration())
      function.deleteBody();

  // The partitions' code on the pool, the data on this thread (in this
  // context) meanwhile; the data object comes first.
  objects.resize(parts + 1);
  SmallVector<std::string> errors(parts + 1);
  DefaultThreadPool pool(llvm::hardware_concurrency(parts));
  for (unsigned index = 0; index < parts; ++index)
    pool.async([&, index] {
      Expected<ObjectBytes> object = compileBitcode(bitcodes[index], options);
      if (object)
        objects[index + 1] = std::move(*object);
      else
        errors[index + 1] = toString(object.takeError());
    });
  Expected<ObjectBytes> data = compileModule(module, options);
  if (data)
    objects[0] = std::move(*data);
  else
    errors[0] = toString(data.takeError());
  pool.wait();
  for (const std::string &error : errors)
    if (!error.empty())
      return createStringError(inconvertibleErrorCode(), error);
  return objects;
}

} // namespace mlir::resnet
