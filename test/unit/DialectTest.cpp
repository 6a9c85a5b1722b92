//===- DialectTest.cpp - builders infer types; weights read back ----------===//
#include "dialect/ResNetDialect.h"
#include "dialect/WeightUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
struct DialectTest : ::testing::Test {
  DialectTest() { ctx.loadDialect<resnet::ResNetDialect, arith::ArithDialect>(); }
  RankedTensorType tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, Float32Type::get(&ctx));
  }
  Value constant(OpBuilder &b, RankedTensorType type, float v) {
    return arith::ConstantOp::create(
        b, UnknownLoc::get(&ctx),
        DenseElementsAttr::get(type, ArrayRef<float>(v)));
  }
  MLIRContext ctx;
};
} // namespace

TEST_F(DialectTest, ConvBuilderInfersStridedPaddedShape) {
  OpBuilder b(&ctx);
  auto module = ModuleOp::create(UnknownLoc::get(&ctx));
  b.setInsertionPointToEnd(module.getBody());
  Value x = constant(b, tensor({1, 3, 224, 224}), 1.0f);
  Value w = constant(b, tensor({64, 3, 7, 7}), 0.5f);
  auto conv = resnet::Conv2DOp::create(
      b, UnknownLoc::get(&ctx), x, w, Value(), b.getDenseI64ArrayAttr({2, 2}),
      b.getDenseI64ArrayAttr({3, 3, 3, 3}), b.getDenseI64ArrayAttr({1, 1}),
      b.getI64IntegerAttr(1));
  EXPECT_EQ(conv.getType(), tensor({1, 64, 112, 112}));
  EXPECT_TRUE(succeeded(verify(module)));
  module->erase();
}

TEST_F(DialectTest, WeightsRoundTripThroughResourceBlobs) {
  std::vector<float> values(1000);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<float>(i) * 0.25f;
  ElementsAttr attr =
      resnet::makeF32Attr(tensor({10, 100}), values, "test_blob");
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(attr));
  SmallVector<float> storage;
  auto data = resnet::getF32Data(attr, storage);
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(data->size(), values.size());
  EXPECT_EQ((*data)[999], 999 * 0.25f);
}

TEST_F(DialectTest, SmallWeightsStayDenseAndSplatsExpand) {
  ElementsAttr attr = resnet::makeF32Attr(tensor({4}), {1, 2, 3, 4}, "small");
  EXPECT_TRUE(isa<DenseElementsAttr>(attr));
  SmallVector<float> storage;
  auto splat = resnet::getF32Data(
      DenseElementsAttr::get(tensor({3}), ArrayRef<float>(7.0f)), storage);
  ASSERT_TRUE(splat.has_value());
  EXPECT_EQ(splat->size(), 3u);
  EXPECT_EQ((*splat)[2], 7.0f);
}
