// resnet-run rejects bad input files, bad models and bad options with a
// message naming the file or the op location, and a non-zero exit.
// RUN: rm -rf %t && mkdir -p %t
// RUN: for k in good good_v2 good_v3 near other bad_magic not_npy truncated_header truncated_data f64 big_endian fortran wrong_shape trailing bad_version bad_dict; do %python %S/Inputs/reference_npy_files.py $k %t/$k.npy; done

// All three header versions read the same data.
// RUN: resnet-run %s --entry model --input %t/good.npy --print | FileCheck %s --check-prefix=GOOD
// RUN: resnet-run %s --entry model --input %t/good_v2.npy --print | FileCheck %s --check-prefix=GOOD
// RUN: resnet-run %s --entry model --input %t/good_v3.npy --print | FileCheck %s --check-prefix=GOOD
// GOOD: result 0: 1x1x2x2
// GOOD-NEXT: [0, 0, 0]: 1 2
// GOOD-NEXT: [0, 0, 1]: 3 4

// RUN: not resnet-run %s --entry model --input %t/bad_magic.npy 2>&1 | FileCheck %s --check-prefix=MAGIC
// RUN: not resnet-run %s --entry model --input %t/not_npy.npy 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: resnet-run: error: {{.*}}.npy: not a .npy file (bad magic; expected \x93NUMPY)

// RUN: not resnet-run %s --entry model --input %t/truncated_header.npy 2>&1 | FileCheck %s --check-prefix=TRUNCHEADER
// TRUNCHEADER: resnet-run: error: {{.*}}truncated_header.npy: truncated header: it declares 118 bytes but the file has 30 after the prefix

// RUN: not resnet-run %s --entry model --input %t/truncated_data.npy 2>&1 | FileCheck %s --check-prefix=TRUNCDATA
// TRUNCDATA: resnet-run: error: {{.*}}truncated_data.npy: truncated data: shape 1x1x2x2 of '<f4' needs 16 bytes, the file has 12

// RUN: not resnet-run %s --entry model --input %t/f64.npy 2>&1 | FileCheck %s --check-prefix=F64
// F64: resnet-run: error: {{.*}}f64.npy: unsupported dtype '<f8' (expected '<f4', little-endian float32)
// RUN: not resnet-run %s --entry model --input %t/big_endian.npy 2>&1 | FileCheck %s --check-prefix=BIGENDIAN
// BIGENDIAN: resnet-run: error: {{.*}}big_endian.npy: unsupported dtype '>f4' (expected '<f4', little-endian float32)

// RUN: not resnet-run %s --entry model --input %t/fortran.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: resnet-run: error: {{.*}}fortran.npy: fortran_order True is not supported; save a C-order array (numpy.ascontiguousarray)

// RUN: not resnet-run %s --entry model --input %t/wrong_shape.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: resnet-run: error: {{.*}}wrong_shape.npy: shape mismatch: expected 1x1x2x2, got 1x1x2x3

// RUN: not resnet-run %s --entry model --input %t/trailing.npy 2>&1 | FileCheck %s --check-prefix=TRAILING
// TRAILING: resnet-run: error: {{.*}}trailing.npy: 4 bytes of trailing garbage after the 16 data bytes of shape 1x1x2x2

// RUN: not resnet-run %s --entry model --input %t/bad_version.npy 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: resnet-run: error: {{.*}}bad_version.npy: unsupported .npy version 9.0 (expected 1.0, 2.0 or 3.0)

// RUN: not resnet-run %s --entry model --input %t/bad_dict.npy 2>&1 | FileCheck %s --check-prefix=DICT
// DICT: resnet-run: error: {{.*}}bad_dict.npy: malformed header: expected ',' or '}' in header

// RUN: not resnet-run %s --entry model --input %t/missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: resnet-run: error: cannot open .npy file '{{.*}}missing.npy': {{[Nn]}}o such file or directory

// RUN: not resnet-run %s --entry model --input %t/good.npy --input %t/good.npy 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: resnet-run: error: 'model' takes 1 inputs, got 2 --input files

// --compare: within tolerance, outside it, and against a file of another shape.
// RUN: resnet-run %s --entry model --input %t/good.npy --compare %t/near.npy | FileCheck %s --check-prefix=NEAR
// NEAR: max_abs_err=0.0001{{[0-9]*}} max_rel_err=2.5{{[0-9]*}}e-05 mismatches=0/4
// RUN: not resnet-run %s --entry model --input %t/good.npy --compare %t/near.npy --rtol 0 --atol 1e-5 | FileCheck %s --check-prefix=NEARSTRICT
// NEARSTRICT: mismatches=1/4
// NEARSTRICT-NEXT: first mismatch at flat index 3: got 4, expected 4.0001
// RUN: not resnet-run %s --entry model --input %t/good.npy --compare %t/other.npy | FileCheck %s --check-prefix=OTHER
// OTHER: max_abs_err=1 max_rel_err=0.2 mismatches=1/4
// RUN: not resnet-run %s --entry model --input %t/good.npy --compare %t/wrong_shape.npy 2>&1 | FileCheck %s --check-prefix=CMPSHAPE
// CMPSHAPE: resnet-run: error: {{.*}}wrong_shape.npy: shape mismatch: expected 1x1x2x2, got 1x1x2x3

// RUN: not resnet-run %s --entry model --output %t/no-such-dir/y.npy 2>&1 | FileCheck %s --check-prefix=WRITE
// WRITE: resnet-run: error: {{.*}}y.npy: cannot write: {{[Nn]}}o such file or directory

// Entry selection.
// RUN: not resnet-run %s 2>&1 | FileCheck %s --check-prefix=AMBIGUOUS
// AMBIGUOUS: resnet-run: error: entry is ambiguous: 4 public functions (@model, @unsupported, @missing_blob, @int_input) and none named 'main'; pick one with --entry
// RUN: not resnet-run %s --entry nope 2>&1 | FileCheck %s --check-prefix=NOENTRY
// NOENTRY: resnet-run: error: no function named 'nope' in {{.*}}reference-errors.mlir
// RUN: not resnet-run %s --entry helper 2>&1 | FileCheck %s --check-prefix=EXTERNAL
// EXTERNAL: error: cannot evaluate 'helper': it has no body

func.func @model(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %y = resnet.relu %x : tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// Ops outside the resnet dialect are reported at their location.
// RUN: not resnet-run %s --entry unsupported 2>&1 | FileCheck %s --check-prefix=OTHEROP
// OTHEROP: reference-errors.mlir:[[@LINE+3]]:8: error: resnet-run cannot evaluate 'arith.addf' (supported: resnet ops, arith.constant, func.call, func.return)
func.func @unsupported(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %y = resnet.relu %x : tensor<1x1x2x2xf32>
  %z = arith.addf %y, %x : tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// A dense_resource whose blob is not in the file has no data.
// RUN: not resnet-run %s --entry missing_blob 2>&1 | FileCheck %s --check-prefix=NOBLOB
// NOBLOB: reference-errors.mlir:[[@LINE+2]]:8: error: resnet-run evaluates f32 tensor constants only (dense, splat or dense_resource with data), got dense_resource<no_such_blob> : tensor<1x1x2x2xf32>
func.func @missing_blob() -> tensor<1x1x2x2xf32> {
  %c = arith.constant dense_resource<no_such_blob> : tensor<1x1x2x2xf32>
  %y = resnet.relu %c : tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// RUN: not resnet-run %s --entry int_input 2>&1 | FileCheck %s --check-prefix=INTINPUT
// INTINPUT: resnet-run: error: input 0 of 'int_input' must be a static f32 tensor, got tensor<4xi32>
func.func @int_input(%x: tensor<4xi32>) -> tensor<4xi32> {
  return %x : tensor<4xi32>
}

func.func private @helper(tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>

// Malformed IR: the parser's error, and no crash.
// RUN: echo 'func.func @f(%%x: tensor<2xf32>) { return %%y }' > %t/bad.mlir
// RUN: not resnet-run %t/bad.mlir 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: bad.mlir:1:{{[0-9]+}}: error:
// RUN: not resnet-run %t/no-such-model.mlir 2>&1 | FileCheck %s --check-prefix=NOMODEL
// NOMODEL: error: {{.*}}no-such-model.mlir
