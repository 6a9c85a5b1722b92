//===- Passes.h - conversions out of the resnet dialect ---------*- C++ -*-===//
#ifndef RESNET_CONVERSION_PASSES_H
#define RESNET_CONVERSION_PASSES_H

#include "conversion/ResNetToLinalg/ResNetToLinalg.h"

#include "mlir/Pass/Pass.h"

namespace mlir::resnet {

#define GEN_PASS_DECL
#include "conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "conversion/Passes.h.inc"

} // namespace mlir::resnet

#endif // RESNET_CONVERSION_PASSES_H
