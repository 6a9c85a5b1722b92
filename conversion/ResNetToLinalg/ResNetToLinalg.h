//===- ResNetToLinalg.h - resnet layers to linalg on tensors ----*- C++ -*-===//
#ifndef RESNET_CONVERSION_RESNETTOLINALG_RESNETTOLINALG_H
#define RESNET_CONVERSION_RESNETTOLINALG_RESNETTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::resnet {

/// Patterns that lower every primitive resnet op (and fused_conv) to linalg,
/// tensor, arith and math on tensors: NHWC inside, NCHW at the boundary.
void populateResNetToLinalgConversionPatterns(RewritePatternSet &patterns);

} // namespace mlir::resnet

#endif // RESNET_CONVERSION_RESNETTOLINALG_RESNETTOLINALG_H
