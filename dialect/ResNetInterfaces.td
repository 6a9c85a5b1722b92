//===- ResNetInterfaces.td - resnet op interfaces ----------*- tablegen -*-===//

#ifndef RESNET_INTERFACES_TD
#define RESNET_INTERFACES_TD

include "mlir/IR/OpBase.td"

def ResNet_FlopCountOpInterface : OpInterface<"FlopCountOpInterface"> {
  let cppNamespace = "::mlir::resnet";
  let description = [{
    A layer that can say how much arithmetic it does, for the compile report
    and the per-layer profile. The count is of the whole result, batch
    included: 2 per multiply-add for convolutions and linear layers, 1 per
    output element for every other layer (the default).

    Block ops do not implement it: they are several layers, and the counts
    are taken after `--resnet-expand-blocks`.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"The floating-point operations of one execution of the layer.",
      /*retTy=*/"int64_t",
      /*methodName=*/"getFlopCount",
      /*args=*/(ins),
      /*methodBody=*/[{}],
      /*defaultImplementation=*/[{
        return ::llvm::cast<::mlir::ShapedType>(
                   $_op->getResult(0).getType()).getNumElements();
      }]>,
  ];
}

#endif // RESNET_INTERFACES_TD
