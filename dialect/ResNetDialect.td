//===- ResNetDialect.td - the resnet dialect ---------------*- tablegen -*-===//
//
// The `resnet` dialect states convolutional residual networks the way their
// authors draw them: residual blocks, bottleneck blocks and shortcuts are
// first-class ops next to the primitive layers (conv, batch norm, ReLU,
// pooling, the classifier head).
//
//===----------------------------------------------------------------------===//

#ifndef RESNET_DIALECT_TD
#define RESNET_DIALECT_TD

include "mlir/IR/OpBase.td"

def ResNet_Dialect : Dialect {
  let name = "resnet";
  let cppNamespace = "::mlir::resnet";
  let summary = "Residual networks: blocks, shortcuts and CNN layers";
  let description = [{
    Ops have value semantics on ranked tensors. Activations use the NCHW
    layout at the dialect boundary (what PyTorch and ONNX use); convolution
    weights are OIHW (`[out_channels, in_channels / groups, kh, kw]`); the
    `linear` weight is `[out_features, in_features]`. Element type: f32 today;
    the type constraints are written so that f16/bf16 can be admitted later.

    Weights are ordinary constants (`arith.constant`, with `dense_resource`
    blobs for large tensors so that whole models parse quickly).
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  // Checks the `resnet.*` attributes that other dialects' ops carry.
  let hasOperationAttrVerify = 1;
  // Checks `resnet.element_type` on function arguments and results.
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    void registerAttributes();

    /// The weight blob of `type` holding `values` made before (by
    /// makeF32Attr), else a new one named after `nameHint`: passes that
    /// derive a weight again from the same one (the clones of a layer run
    /// as groups of images, --resnet-group-prefix) get the same attribute,
    /// so that their constants fold into one.
    ::mlir::ElementsAttr uniqueWeightBlob(::mlir::RankedTensorType type,
                                          ::llvm::ArrayRef<float> values,
                                          ::llvm::StringRef nameHint);

  private:
    std::mutex weightBlobsMutex;
    ::llvm::DenseMap<unsigned, ::llvm::SmallVector<::mlir::ElementsAttr, 1>>
        weightBlobs;

  public:
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

class ResNet_Op<string mnemonic, list<Trait> traits = []>
    : Op<ResNet_Dialect, mnemonic, traits>;

#endif // RESNET_DIALECT_TD
