//===- VectorEpilogue.cpp - a layer's epilogue on vector registers --------===//
#include "codegen/cpu/VectorEpilogue.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using resnet::EpilogueInput;

linalg::GenericOp
resnet::fusableEpilogue(Value result, SmallVectorImpl<EpilogueInput> &kinds) {
  if (!result.hasOneUse())
    return nullptr;
  auto generic = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumDpsInits() != 1 || generic.getNumReductionLoops() != 0 ||
      generic.getResult(0).getType() != result.getType() ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity())
    return nullptr;
  Block &body = generic.getRegion().front();
  if (!body.getArgument(generic.getNumDpsInputs()).use_empty())
    return nullptr;
  auto outputType = cast<RankedTensorType>(result.getType());
  unsigned rank = outputType.getRank();
  AffineMap channelMap = AffineMap::get(
      rank, 0, getAffineDimExpr(rank - 1, result.getContext()));
  kinds.clear();
  for (OpOperand *input : generic.getDpsInputOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (input->get() == result && map.isIdentity())
      kinds.push_back(EpilogueInput::Layer);
    else if (map.isIdentity() && input->get().getType() == outputType)
      kinds.push_back(EpilogueInput::Full);
    else if (map == channelMap)
      kinds.push_back(EpilogueInput::Channel);
    else
      return nullptr;
  }
  for (Operation &op : body.without_terminator()) {
    bool scalar = llvm::all_of(op.getResultTypes(), [](Type type) {
      return type.isIntOrIndexOrFloat();
    });
    if (!scalar || op.getNumRegions() != 0 ||
        !(op.hasTrait<OpTrait::Elementwise>() || isa<arith::ConstantOp>(op)))
      return nullptr;
  }
  return generic;
}

Value resnet::applyEpilogue(OpBuilder &b, Location loc,
                            linalg::GenericOp epilogue,
                            ArrayRef<Value> inputs) {
  Block &body = epilogue.getRegion().front();
  IRMapping mapping;
  for (auto [arg, value] :
       llvm::zip(body.getArguments().take_front(inputs.size()), inputs))
    mapping.map(arg, value);
  int64_t width = cast<VectorType>(inputs.front().getType()).getDimSize(0);
  auto vectorOf = [&](Type scalar) { return VectorType::get({width}, scalar); };
  for (Operation &op : body.without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto type = vectorOf(constant.getType());
      mapping.map(constant.getResult(),
                  arith::ConstantOp::create(
                      b, loc,
                      DenseElementsAttr::get(
                          type, cast<TypedAttr>(constant.getValue()))));
      continue;
    }
    OperationState state(loc, op.getName());
    for (Value operand : op.getOperands()) {
      Value mapped = mapping.lookupOrNull(operand);
      if (!mapped) // a scalar from above the generic
        mapped = vector::BroadcastOp::create(
            b, loc, vectorOf(operand.getType()), operand);
      state.addOperands(mapped);
    }
    state.addAttributes(op.getAttrs());
    for (Type type : op.getResultTypes())
      state.addTypes(vectorOf(type));
    Operation *clone = b.create(state);
    for (auto [from, to] : llvm::zip(op.getResults(), clone->getResults()))
      mapping.map(from, to);
  }
  return mapping.lookup(body.getTerminator()->getOperand(0));
}

SmallVector<Value> resnet::epilogueChannelVectors(OpBuilder &b, Location loc,
                                                  linalg::GenericOp epilogue,
                                                  ArrayRef<EpilogueInput> kinds,
                                                  Value f0, int64_t width) {
  auto vectorType = VectorType::get({width}, b.getF32Type());
  Value pad = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  SmallVector<Value> channelInputs;
  for (auto [kind, operand] : llvm::zip(kinds, epilogue.getDpsInputs()))
    channelInputs.push_back(kind == EpilogueInput::Channel
                                ? vector::TransferReadOp::create(
                                      b, loc, vectorType, operand,
                                      ValueRange{f0}, pad, ArrayRef<bool>{true})
                                      .getResult()
                                : Value());
  return channelInputs;
}

Value resnet::applyEpilogueAt(OpBuilder &b, Location loc,
                              linalg::GenericOp epilogue,
                              ArrayRef<EpilogueInput> kinds, Value value,
                              ArrayRef<Value> channelInputs, ValueRange pixel) {
  auto vectorType = cast<VectorType>(value.getType());
  Value pad = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  SmallVector<Value> args;
  for (auto [i, kind] : llvm::enumerate(kinds)) {
    if (kind == EpilogueInput::Layer)
      args.push_back(value);
    else if (kind == EpilogueInput::Channel)
      args.push_back(channelInputs[i]);
    else
      args.push_back(vector::TransferReadOp::create(
          b, loc, vectorType, epilogue.getDpsInputs()[i], pixel, pad,
          ArrayRef<bool>{true}));
  }
  return applyEpilogue(b, loc, epilogue, args);
}
