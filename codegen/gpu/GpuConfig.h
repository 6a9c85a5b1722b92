//===- GpuConfig.h - the GPU path's configuration attribute -----*- C++ -*-===//
#ifndef RESNET_CODEGEN_GPU_GPUCONFIG_H
#define RESNET_CODEGEN_GPU_GPUCONFIG_H

#include "dialect/ResNetDialect.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "codegen/gpu/GpuConfigDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "codegen/gpu/GpuConfigAttrs.h.inc"

#endif // RESNET_CODEGEN_GPU_GPUCONFIG_H
