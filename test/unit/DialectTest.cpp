//===- DialectTest.cpp - builders, weights read back, row tiles -----------===//
#include "dialect/ResNetDialect.h"
#include "dialect/TraceNames.h"
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
  // 2 per multiply-add: 64x112x112 outputs, each 3x7x7 multiply-adds.
  auto counted = cast<resnet::FlopCountOpInterface>(conv.getOperation());
  EXPECT_EQ(counted.getFlopCount(), int64_t(2) * 64 * 112 * 112 * 3 * 7 * 7);
  // Other layers: one per output element.
  auto relu = resnet::ReluOp::create(b, UnknownLoc::get(&ctx), conv);
  EXPECT_EQ(
      cast<resnet::FlopCountOpInterface>(relu.getOperation()).getFlopCount(),
      int64_t(64) * 112 * 112);
  module->erase();
}

// Builders infer before any verifier runs: an attribute that breaks its ODS
// constraint fails inference with the constraint's message, not a crash.
TEST_F(DialectTest, ConvInferenceChecksAttributeConstraints) {
  OpBuilder b(&ctx);
  auto module = ModuleOp::create(UnknownLoc::get(&ctx));
  b.setInsertionPointToEnd(module.getBody());
  Value x = constant(b, tensor({1, 3, 8, 8}), 1.0f);
  Value w = constant(b, tensor({4, 3, 3, 3}), 0.5f);
  resnet::Conv2DOp::Properties props;
  props.setStrides(b.getDenseI64ArrayAttr({2}));
  std::string message;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  SmallVector<Type> types;
  EXPECT_TRUE(failed(resnet::Conv2DOp::inferReturnTypes(
      &ctx, UnknownLoc::get(&ctx), ValueRange{x, w}, /*attributes=*/nullptr,
      &props, /*regions=*/{}, types)));
  EXPECT_NE(message.find("attribute 'strides' failed to satisfy constraint"),
            std::string::npos)
      << message;
  // Without a location nothing is reported, and inference still fails.
  message.clear();
  EXPECT_TRUE(failed(resnet::Conv2DOp::inferReturnTypes(
      &ctx, std::nullopt, ValueRange{x, w}, /*attributes=*/nullptr, &props,
      /*regions=*/{}, types)));
  EXPECT_EQ(message, "");
  module->erase();
}

/// The weight and batch-norm operands of one block unit, as splat constants.
struct ConvUnit {
  Value weight, scale, bias, mean, variance;
  SmallVector<Value, 5> all() const {
    return {weight, scale, bias, mean, variance};
  }
};

struct BlockBuilderTest : DialectTest {
  BlockBuilderTest() : b(&ctx), loc(UnknownLoc::get(&ctx)) {
    module = ModuleOp::create(loc);
    b.setInsertionPointToEnd(module.getBody());
  }
  ~BlockBuilderTest() override { module->erase(); }
  ConvUnit unit(int64_t filters, int64_t channels, int64_t kernel) {
    RankedTensorType vec = tensor({filters});
    return {constant(b, tensor({filters, channels, kernel, kernel}), 0.1f),
            constant(b, vec, 1.0f), constant(b, vec, 0.0f),
            constant(b, vec, 0.0f), constant(b, vec, 1.0f)};
  }
  APFloat defaultEpsilon() const {
    return APFloat(resnet::kDefaultBatchNormEpsilon);
  }

  OpBuilder b;
  Location loc;
  ModuleOp module;
};

// ResNet-18's layer2.0: 64 -> 128 channels at stride 2, projection shortcut.
TEST_F(BlockBuilderTest, ResidualBlockInfersProjectedShape) {
  Value x = constant(b, tensor({1, 64, 56, 56}), 1.0f);
  ConvUnit c1 = unit(128, 64, 3), c2 = unit(128, 128, 3), p = unit(128, 64, 1);
  auto block = resnet::ResidualBlockOp::create(
      b, loc, x, /*preact=*/ValueRange(), c1.all(), c2.all(), p.all(),
      /*stride=*/2, defaultEpsilon());
  EXPECT_EQ(block.getType(), tensor({1, 128, 28, 28}));
  EXPECT_TRUE(block.hasProjection());
  EXPECT_FALSE(block.isPreActivation());
  ASSERT_TRUE(block.getProjectionUnit().has_value());
  EXPECT_TRUE(block.getProjectionUnit()->operands() == p.all());
  EXPECT_TRUE(block.getConv1Unit().operands() == c1.all());
  EXPECT_TRUE(block.getConv2Unit().operands() == c2.all());
  EXPECT_EQ(block.getConv1Unit().form(), resnet::ConvUnit::Form::BatchNorm);
  EXPECT_TRUE(succeeded(verify(module)));
}

TEST_F(BlockBuilderTest, ResidualBlockWithIdentityShortcutKeepsShape) {
  Value x = constant(b, tensor({2, 16, 9, 9}), 1.0f);
  ConvUnit c1 = unit(16, 16, 3), c2 = unit(16, 16, 3);
  auto block = resnet::ResidualBlockOp::create(
      b, loc, x, /*preact=*/ValueRange(), c1.all(), c2.all(), ValueRange(),
      /*stride=*/1, defaultEpsilon());
  EXPECT_EQ(block.getType(), tensor({2, 16, 9, 9}));
  EXPECT_FALSE(block.hasProjection());
  EXPECT_FALSE(block.getProjectionUnit().has_value());
  EXPECT_TRUE(succeeded(verify(module)));
}

// A BN-folded unit (conv with bias) and a bare conv, in one pre-activation
// block: the forms are per unit and the accessors say which.
TEST_F(BlockBuilderTest, PreactivationBlockWithBiasAndPlainUnits) {
  Value x = constant(b, tensor({1, 16, 8, 8}), 1.0f);
  ConvUnit c1 = unit(16, 16, 3), c2 = unit(16, 16, 3);
  auto block = resnet::ResidualBlockOp::create(
      b, loc, x, /*preact=*/ValueRange{c1.scale, c1.bias, c1.mean, c1.variance},
      ValueRange{c1.weight, c1.bias}, ValueRange{c2.weight}, ValueRange(),
      /*stride=*/1, defaultEpsilon());
  EXPECT_EQ(block.getType(), tensor({1, 16, 8, 8}));
  EXPECT_TRUE(block.isPreActivation());
  EXPECT_EQ(block.getConv1Unit().form(), resnet::ConvUnit::Form::Bias);
  EXPECT_EQ(block.getConv1Unit().bias, c1.bias);
  EXPECT_EQ(block.getConv2Unit().form(), resnet::ConvUnit::Form::Plain);
  EXPECT_TRUE(succeeded(verify(module)));
}

// resnext50_32x4d's layer1.0: width 128 in 32 groups, expansion 2, projection
// from 64 to 256 channels; on an odd input at stride 2 the 3x3 (pad 1) gives
// (57 - 1) / 2 + 1 = 29.
TEST_F(BlockBuilderTest, GroupedBottleneckBlockInfersShape) {
  Value x = constant(b, tensor({1, 64, 57, 57}), 1.0f);
  ConvUnit reduce = unit(128, 64, 1), spatial = unit(128, 128 / 32, 3),
           expand = unit(256, 128, 1), proj = unit(256, 64, 1);
  auto block = resnet::BottleneckBlockOp::create(
      b, loc, x, /*preact=*/ValueRange(), reduce.all(), spatial.all(),
      expand.all(), proj.all(), /*width=*/128, /*expansion=*/2, /*stride=*/2,
      /*groups=*/32, defaultEpsilon());
  EXPECT_EQ(block.getType(), tensor({1, 256, 29, 29}));
  EXPECT_EQ(block.getGroups(), 32u);
  EXPECT_TRUE(block.getReduceUnit().operands() == reduce.all());
  EXPECT_TRUE(block.getSpatialUnit().operands() == spatial.all());
  EXPECT_TRUE(block.getExpandUnit().operands() == expand.all());
  EXPECT_TRUE(block.getProjectionUnit()->operands() == proj.all());
  EXPECT_TRUE(succeeded(verify(module)));
}

// Inference is the verifier: a wrong spatial weight (not C/G input channels)
// fails with a message that names the unit and the expected shape.
TEST_F(BlockBuilderTest, BottleneckInferenceReportsWrongGroupedWeight) {
  Value x = constant(b, tensor({1, 256, 8, 8}), 1.0f);
  ConvUnit reduce = unit(64, 256, 1), spatial = unit(64, 64, 3),
           expand = unit(256, 64, 1);
  SmallVector<Value> operands = {x};
  for (const ConvUnit &u : {reduce, spatial, expand})
    llvm::append_range(operands, u.all());
  resnet::BottleneckBlockOp::Properties props;
  // input, preact, reduce, spatial, expand, projection.
  props.operandSegmentSizes = {1, 0, 5, 5, 5, 0};
  props.setWidth(b.getI64IntegerAttr(64));
  props.setExpansion(b.getI64IntegerAttr(4));
  props.setGroups(b.getI64IntegerAttr(4));

  std::string message;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  SmallVector<Type> types;
  EXPECT_TRUE(failed(resnet::BottleneckBlockOp::inferReturnTypes(
      &ctx, loc, operands, /*attributes=*/nullptr, &props, /*regions=*/{},
      types)));
  EXPECT_EQ(message, "'resnet.bottleneck_block' op spatial weight must have "
                     "shape 64x16x3x3, got 64x64x3x3");
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

TEST_F(DialectTest, TraceNamesFollowTheSourcePosition) {
  // dialect/TraceNames.h: "L<line>", then the NameLocs around it, innermost
  // first; a fused location by its last part; nothing for unknown ones.
  auto name = [&](StringRef n, Location child) -> Location {
    return NameLoc::get(StringAttr::get(&ctx, n), child);
  };
  Location file = FileLineColLoc::get(&ctx, "model.mlir", 53, 10);
  Location conv1 = name("conv1", file);
  Location relu1 = name("relu1", file);
  EXPECT_EQ(resnet::traceLayerName(file), "L53");
  EXPECT_EQ(resnet::traceLayerName(conv1), "L53/conv1");
  EXPECT_EQ(resnet::traceLayerName(name("conv1", name("/layer1/Relu", file))),
            "L53//layer1/Relu/conv1");
  EXPECT_EQ(resnet::traceLayerName(FusedLoc::get(&ctx, {conv1, relu1})),
            "L53/relu1");
  EXPECT_EQ(resnet::traceLayerName(name("stem", UnknownLoc::get(&ctx))),
            "stem");
  EXPECT_EQ(resnet::traceLayerName(UnknownLoc::get(&ctx)), "");
  EXPECT_EQ(resnet::traceFileName(7, "L53/relu1"), "007_L53_relu1.npy");
  EXPECT_EQ(resnet::traceFileName(1234, "a b.c-d"), "1234_a_b.c-d.npy");
  EXPECT_EQ(resnet::traceFileName(0, std::string(200, 'x')),
            "000_" + std::string(96, 'x') + ".npy");
}

// A #resnet.tile's row tile cuts its rows into tiles that differ by one at
// most, the wider first; every row is covered once.
TEST(SplitRows, CutsIntoTilesThatDifferByOne) {
  auto expectSplit = [](int64_t size, int64_t tile, int64_t wide,
                        int64_t wideTiles, int64_t narrowTiles) {
    resnet::RowSplit split = resnet::splitRows(size, tile);
    EXPECT_EQ(split.wide, wide) << size << " by " << tile;
    EXPECT_EQ(split.wideTiles, wideTiles) << size << " by " << tile;
    EXPECT_EQ(split.narrowTiles, narrowTiles) << size << " by " << tile;
  };
  expectSplit(17, 5, 5, 1, 3);  // 5 + 4 + 4 + 4, not 5 + 5 + 5 + 2
  expectSplit(33, 5, 5, 5, 2);  // 5 x 5 + 4 x 2, not 5 x 6 + 3
  expectSplit(19, 7, 7, 1, 2);  // 7 + 6 + 6, not 7 + 7 + 5
  expectSplit(28, 4, 4, 7, 0);  // a divisor: nothing peeled
  expectSplit(28, 8, 7, 4, 0);  // 4 tiles of 7 cover 28 evenly
  expectSplit(13, 6, 5, 1, 2);  // 3 tiles: 5 + 4 + 4
  expectSplit(7, 10, 7, 1, 0);  // one tile of the whole
  expectSplit(9, 1, 1, 9, 0);
  for (int64_t size = 1; size <= 80; ++size)
    for (int64_t tile = 1; tile <= 12; ++tile) {
      resnet::RowSplit split = resnet::splitRows(size, tile);
      int64_t narrow = split.peeled() ? split.wide - 1 : split.wide;
      EXPECT_EQ(split.wideRows() + split.narrowTiles * narrow, size);
      EXPECT_LE(split.wide, tile);
      EXPECT_EQ(split.tiles(), (size + tile - 1) / tile);
    }
}

TEST(SplitRows, NothingToCut) {
  EXPECT_EQ(resnet::splitRows(0, 4).tiles(), 0);
  EXPECT_EQ(resnet::splitRows(5, 0).tiles(), 0);
}
