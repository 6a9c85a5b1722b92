"""infer-n-check.py LIBRARY INPUT.npy EXPECTED.npy NAME: runs the
library's resnet_NAME_infer_n on all the input's images and compares its
outputs with the expected ones (rtol 1e-6)."""
import ctypes
import sys

import numpy as np

library, inputs, expected, name = sys.argv[1:5]
lib = ctypes.CDLL(library)
create = getattr(lib, "resnet_%s_create" % name)
infer_n = getattr(lib, "resnet_%s_infer_n" % name)
destroy = getattr(lib, "resnet_%s_destroy" % name)
create.restype = ctypes.c_void_p
infer_n.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64,
                    ctypes.c_void_p]
destroy.argtypes = [ctypes.c_void_p]
x = np.ascontiguousarray(np.load(inputs), dtype=np.float32)
y = np.load(expected)
out = np.zeros(y.shape, np.float32)
context = create()
assert context, "create failed"
status = infer_n(context, x.ctypes.data, x.shape[0], out.ctypes.data)
destroy(context)
assert status == 0, status
np.testing.assert_allclose(out, y, rtol=1e-6, atol=1e-7)
print("infer_n: %d images match" % x.shape[0])
