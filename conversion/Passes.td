//===- Passes.td - conversions out of resnet ---------------*- tablegen -*-===//
#ifndef RESNET_CONVERSION_PASSES_TD
#define RESNET_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ResNetToLinalg : Pass<"resnet-to-linalg", "func::FuncOp"> {
  let summary = "Lower resnet layers to linalg on tensors (NHWC inside, NCHW at the boundary)";
  let description = [{
    conv2d / fused_conv become linalg.conv_2d_nhwc_hwcf (grouped:
    linalg.conv_2d_nhwgc_gfhwc) on zero-padded NHWC input, with bias,
    residual and ReLU in one elementwise linalg.generic epilogue; max/avg
    pools become linalg.pooling_nhwc_{max,sum} (max pads with -inf, the
    average divides by a compile-time table of window counts); batch_norm,
    relu and add are elementwise generics; global_avg_pool a reduction;
    linear a linalg.matmul with the weight transposed at compile time;
    resnet.trace (the numerics trace) stays, reading the lowered layer, for
    --resnet-lower-trace;
    softmax max/exp/sum/div generics. Constant weights are permuted (OIHW to
    HWCF, [out,in] to [in,out]) at compile time on raw buffers. The
    function's arguments and results stay NCHW: transposes appear at entry
    and exit only, those between layers cancel.

    A full dialect conversion: the resnet dialect is illegal and linalg,
    tensor, arith, math and func are legal, so an op left unlowered fails
    the pass ("failed to legalize operation"). Block ops are an error (run
    --resnet-expand-blocks first).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::math::MathDialect"];
}

#endif // RESNET_CONVERSION_PASSES_TD
