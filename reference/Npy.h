//===- Npy.h - reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// The .npy format (header versions 1.0, 2.0 and 3.0): a magic string, a
// version, the header length, a Python dict literal
// `{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }` and the raw
// elements. We compute on little-endian f32 in C order (f64 for
// resnet-run --f64); labels may be little-endian int64 or int32. Inputs
// may also be 1-byte integers or bools ('|u1', '|i1', '|b1'), read as the
// exact f32 values they hold (models on ONNX uint8/int8 data). Every
// error names the file and what is wrong.
//
//===----------------------------------------------------------------------===//
#ifndef RESNET_REFERENCE_NPY_H
#define RESNET_REFERENCE_NPY_H

#include "reference/Tensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace mlir::resnet::reference {

/// Integer array (labels): the values are widened to int64.
struct IntArray {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<int64_t> data;
};

/// Reads an f32 ('<f4', C order) array from `path`.
llvm::Expected<Tensor> readNpy(llvm::StringRef path);

/// Same, and checks the shape against `expectedShape`.
llvm::Expected<Tensor> readNpy(llvm::StringRef path,
                               llvm::ArrayRef<int64_t> expectedShape);

/// Reads an int64 ('<i8') or int32 ('<i4') array from `path`.
llvm::Expected<IntArray> readNpyInt(llvm::StringRef path);

/// Parses the bytes of a .npy file; `name` is used in error messages.
llvm::Expected<Tensor> parseNpy(llvm::StringRef bytes, llvm::StringRef name);
llvm::Expected<IntArray> parseNpyInt(llvm::StringRef bytes,
                                     llvm::StringRef name);

/// Reads an f32 or f64 ('<f4' or '<f8', C order) array from `path` as f64
/// (traces of resnet-run --f64 are f64).
llvm::Expected<Tensor64> readNpy64(llvm::StringRef path);
llvm::Expected<Tensor64> parseNpy64(llvm::StringRef bytes,
                                    llvm::StringRef name);

/// Serializes `tensor` as a version 1.0 '<f4' ('<f8' for f64) .npy file.
std::string serializeNpy(const Tensor &tensor);
std::string serializeNpy(const Tensor64 &tensor);

/// Writes `tensor` to `path` (version 1.0 header, '<f4' or '<f8', C order).
llvm::Error writeNpy(llvm::StringRef path, const Tensor &tensor);
llvm::Error writeNpy(llvm::StringRef path, const Tensor64 &tensor);

} // namespace mlir::resnet::reference

#endif // RESNET_REFERENCE_NPY_H
