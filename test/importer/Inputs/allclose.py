"""usage: allclose.py GOT.npy EXPECTED.npy RTOL ATOL: exits 1 with the
largest difference when the arrays' shapes or values differ."""
import sys

import numpy as np

got, want = np.load(sys.argv[1]), np.load(sys.argv[2])
rtol, atol = float(sys.argv[3]), float(sys.argv[4])
if got.shape != want.shape:
    sys.exit("shape %s, expected %s" % (got.shape, want.shape))
if not np.allclose(got, want, rtol=rtol, atol=atol):
    sys.exit("max abs difference %g (rtol %g, atol %g)"
             % (np.abs(got - want).max(), rtol, atol))
