//===- FuzzSafetensors.cpp - fuzz target: the safetensors weight reader ---===//
//
// Opens the input as a safetensors file and asks for the tensors of the seed
// corpus (make_seeds.py writes them) with the types a model would expect,
// then for the unused-tensor report.
//
//===----------------------------------------------------------------------===//
#include "FuzzCommon.h"

#include "importer/Weights.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry();
    r->insert<arith::ArithDialect>();
    return r;
  }();
  resnet_fuzz::QuietContext quiet(*registry);
  MLIRContext &context = quiet.context;
  const std::string &path =
      resnet_fuzz::writeScratchFile(data, size, ".safetensors");
  Location loc = UnknownLoc::get(&context);
  std::unique_ptr<resnet::WeightProvider> weights =
      resnet::openSafetensors(loc, path);
  if (!weights)
    return 0;
  Type f32 = Float32Type::get(&context);
  const std::pair<const char *, SmallVector<int64_t, 4>> wanted[] = {
      {"conv1.weight", {4, 3, 3, 3}},
      {"bn1.weight", {4}},
      {"fc.weight", {2, 4}},
      {"fc.bias", {2}},
  };
  for (const auto &[name, shape] : wanted)
    (void)weights->get(loc, name, RankedTensorType::get(shape, f32),
                       resnet::WeightKind::ConvWeight);
  (void)weights->finish(loc);
  return 0;
}
