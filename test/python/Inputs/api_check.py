"""Checks resnet_mlir against the executables of test/python/api.test.

    api_check.py DIR   (DIR holds x64.npy, y5.npy, libsmall2.so, ...)
Prints one line per check; any mismatch raises.
"""
import os
import sys

import numpy as np

import resnet_mlir

work = sys.argv[1]
x64 = np.load(os.path.join(work, "x64.npy"))       # 5 images, float64
# The batch-2 binary's output on x64 as float32 (two batches, then one
# image padded with a zero image).
expected = np.load(os.path.join(work, "y5.npy"))


def same_bits(a, b, what):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype == np.float32, (what, a.dtype, b.dtype)
    assert a.shape == b.shape, (what, a.shape, b.shape)
    assert np.array_equal(a.view(np.uint32), b.view(np.uint32)), what
    print(what, "bit-identical", a.shape)


loaded = resnet_mlir.load(os.path.join(work, "libsmall2.so"))
print("loaded", loaded.name, loaded.input_shape, loaded.output_shape,
      loaded.batch)
same_bits(loaded(x64), expected, "float64 NCHW x5")
same_bits(loaded(x64.astype(np.float32)), expected, "float32 NCHW x5")
same_bits(loaded(x64[3]), expected[3], "float64 CHW")
same_bits(loaded(x64[:4]), expected[:4], "float64 NCHW x4")
same_bits(loaded(x64[:1]), expected[:1], "float32 NCHW x1")
# Strided (non-contiguous) input is copied for the user.
same_bits(loaded(np.asfortranarray(x64)), expected, "Fortran-order x5")
print("empty", loaded(x64[:0]).shape)

compiled = resnet_mlir.compile(os.path.join(work, "small.mlir"), batch=2,
                               name="small")
same_bits(compiled(x64), expected, "compile() float64 NCHW x5")
print("input_shape", compiled.input_shape)

# Threads: a setting shared by the process, read back.
compiled.threads = 1
print("threads", compiled.threads)
same_bits(compiled(x64), expected, "one thread")
timing = compiled.benchmark(runs=3)
print("benchmark", sorted(timing))

# Errors: Python exceptions with clear messages.
def expect(exception, call, *args):
    try:
        call(*args)
    except exception as error:
        print(type(error).__name__ + ":", error)
        return
    raise AssertionError(f"no {exception.__name__}")

expect(TypeError, loaded, x64.astype(np.int32))
expect(ValueError, loaded, x64[:, :, :16])
bad = x64.copy()
bad[1, 2, 3, 4] = np.nan
expect(ValueError, loaded, bad)
expect(ValueError, setattr, loaded, "threads", 0)
expect(resnet_mlir.CompileError, resnet_mlir.compile,
       os.path.join(work, "bad.mlir"))
expect(resnet_mlir.CompileError, resnet_mlir.compile,
       os.path.join(work, "small.mlir"), None, "sparc")
expect(FileNotFoundError, resnet_mlir.compile, os.path.join(work, "none.onnx"))
expect(ValueError, resnet_mlir.load, os.path.join(work, "libother.so"))
loaded.close()
expect(ValueError, loaded, x64)
