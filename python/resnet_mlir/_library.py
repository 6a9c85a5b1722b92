"""A compiled model library (resnet-compile --emit=shared-lib) over ctypes.

The library exports (runtime/resnet_model.h):
  const resnet_model_desc *resnet_model_open(void);
  resnet_NAME_context *resnet_NAME_create(void);
  int resnet_NAME_infer(resnet_NAME_context *, const float *, float *);
  int resnet_NAME_infer_n(resnet_NAME_context *, const float *, int64_t,
                          float *);
  void resnet_NAME_destroy(resnet_NAME_context *);
  int resnet_NAME_set_threads(int);
The descriptor gives NAME and the shapes; the rest is found by name.
"""

import ctypes
import os
import statistics
import threading
import time

import numpy as np


class PreprocessDesc(ctypes.Structure):
    _fields_ = [("resize", ctypes.c_int64), ("bgr", ctypes.c_int64),
                ("mean", ctypes.c_float * 3), ("std", ctypes.c_float * 3)]


class ModelDesc(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p),
                ("input_rank", ctypes.c_int64),
                ("input_shape", ctypes.POINTER(ctypes.c_int64)),
                ("output_rank", ctypes.c_int64),
                ("output_shape", ctypes.POINTER(ctypes.c_int64)),
                ("run", ctypes.c_void_p),
                ("arena_bytes", ctypes.c_int64),
                ("arena_alignment", ctypes.c_int64),
                ("preprocess", ctypes.POINTER(PreprocessDesc)),
                ("input_dtype", ctypes.c_char_p)]


_FLOAT_PTR = ctypes.POINTER(ctypes.c_float)


class Model:
    """A compiled model: call it on a numpy array.

    `model(x)` takes float32 or float64 images, one (C, H, W) or many
    (N, C, H, W) with any N; they are converted to contiguous float32 and
    run by the library's infer_n: batches of the compiled size, the last
    one padded with zero images inside the library.
    The result is float32: (N, ...) for NCHW input, the single image's row
    for CHW input. Calls on one Model are serialised (it owns one
    workspace); use several Models to run at once.
    """

    def __init__(self, path, threads=None):
        self.path = os.fspath(path)
        try:
            self._lib = ctypes.CDLL(os.path.abspath(self.path))
        except OSError as error:
            raise OSError(f"{self.path}: cannot load the model library: "
                          f"{error}") from None
        try:
            model_open = self._lib.resnet_model_open
        except AttributeError:
            raise ValueError(
                f"{self.path}: not a resnet-compile shared library (no "
                f"resnet_model_open; compile with --emit=shared-lib)") from None
        model_open.restype = ctypes.POINTER(ModelDesc)
        model_open.argtypes = []
        desc = model_open().contents
        self._desc = desc
        self.name = desc.name.decode()
        self.input_shape = tuple(desc.input_shape[i]
                                 for i in range(desc.input_rank))
        self.output_shape = tuple(desc.output_shape[i]
                                  for i in range(desc.output_rank))
        self.batch = self.input_shape[0]
        self._in_size = int(np.prod(self.input_shape))
        self._out_size = int(np.prod(self.output_shape))

        prefix = "resnet_" + self.name + "_"
        self._create = getattr(self._lib, prefix + "create")
        self._create.restype = ctypes.c_void_p
        self._create.argtypes = []
        self._infer = getattr(self._lib, prefix + "infer")
        self._infer.restype = ctypes.c_int
        self._infer.argtypes = [ctypes.c_void_p, _FLOAT_PTR, _FLOAT_PTR]
        try:
            self._infer_n = getattr(self._lib, prefix + "infer_n")
        except AttributeError:
            raise ValueError(
                f"{self.path}: no {prefix}infer_n (a library from an older "
                f"resnet-compile); compile it again") from None
        self._infer_n.restype = ctypes.c_int
        self._infer_n.argtypes = [ctypes.c_void_p, _FLOAT_PTR, ctypes.c_int64,
                                  _FLOAT_PTR]
        self._destroy = getattr(self._lib, prefix + "destroy")
        self._destroy.restype = None
        self._destroy.argtypes = [ctypes.c_void_p]
        self._set_threads = getattr(self._lib, prefix + "set_threads")
        self._set_threads.restype = ctypes.c_int
        self._set_threads.argtypes = [ctypes.c_int]

        self._lock = threading.Lock()
        self._context = self._create()
        if not self._context:
            raise MemoryError(f"{self.path}: cannot allocate the model's "
                              f"{desc.arena_bytes}-byte workspace")
        if threads is not None:
            self.threads = threads

    # -- properties --------------------------------------------------------

    @property
    def threads(self):
        """Worker threads of the next runs (shared by every model in the
        process, like $OMP_NUM_THREADS); 1 for a model without threads."""
        return self._set_threads(0)

    @threads.setter
    def threads(self, count):
        count = int(count)
        if count < 1:
            raise ValueError(f"threads must be >= 1, got {count}")
        self._set_threads(count)

    @property
    def preprocess(self):
        """The image preprocessing recorded at compile time (a dict), or
        None."""
        pre = self._desc.preprocess
        if not pre:
            return None
        pre = pre.contents
        channels = self.input_shape[1]
        return {"resize": pre.resize, "bgr": bool(pre.bgr),
                "crop": self.input_shape[2:],
                "mean": list(pre.mean)[:channels],
                "std": list(pre.std)[:channels]}

    def __repr__(self):
        return (f"<resnet_mlir.Model '{self.name}' input {self.input_shape} "
                f"output {self.output_shape} from {self.path}>")

    # -- running -----------------------------------------------------------

    def _as_batches(self, x):
        """`x` as (N, C, H, W) contiguous float32; whether it was CHW."""
        x = np.asarray(x)
        if x.dtype not in (np.float32, np.float64):
            raise TypeError(f"model '{self.name}': input must be float32 or "
                            f"float64, got {x.dtype}")
        image = self.input_shape[1:]
        single = x.shape == image
        if single:
            x = x[np.newaxis]
        elif x.ndim != len(self.input_shape) or x.shape[1:] != image:
            raise ValueError(
                f"model '{self.name}': input shape {x.shape} is neither one "
                f"image {image} nor N images (N, {', '.join(map(str, image))})")
        x = np.ascontiguousarray(x, dtype=np.float32)
        if not np.isfinite(x).all():
            index = np.unravel_index(np.argmin(np.isfinite(x)), x.shape)
            raise ValueError(f"model '{self.name}': input element {index} is "
                             f"{x[index]}; inputs must be finite")
        return x, single

    def _run(self, batch_in, batch_out):
        status = self._infer(self._context, batch_in.ctypes.data_as(_FLOAT_PTR),
                             batch_out.ctypes.data_as(_FLOAT_PTR))
        if status != 0:
            raise RuntimeError(f"model '{self.name}': inference failed "
                               f"({status})")

    def __call__(self, x):
        x, single = self._as_batches(x)
        count = x.shape[0]
        out = np.empty((count,) + self.output_shape[1:], dtype=np.float32)
        if count:
            with self._lock:
                self._check_open()
                status = self._infer_n(self._context,
                                       x.ctypes.data_as(_FLOAT_PTR), count,
                                       out.ctypes.data_as(_FLOAT_PTR))
            if status == -2:
                raise MemoryError(f"model '{self.name}': cannot allocate the "
                                  f"padded batch")
            if status != 0:
                raise RuntimeError(f"model '{self.name}': inference failed "
                                   f"({status})")
        return out[0] if single else out

    def benchmark(self, runs=100, warmup=1, x=None):
        """Times `runs` calls on one batch (after `warmup` calls): a dict
        with median_ms, min_ms, images_per_s, runs, batch, threads."""
        if runs < 1:
            raise ValueError(f"runs must be >= 1, got {runs}")
        if x is None:
            batch_in = np.zeros(self.input_shape, dtype=np.float32)
        else:
            batch_in, _ = self._as_batches(x)
            if batch_in.shape != self.input_shape:
                raise ValueError(f"model '{self.name}': benchmark input must "
                                 f"be one batch {self.input_shape}")
        batch_out = np.empty(self.output_shape, dtype=np.float32)
        times = []
        with self._lock:
            self._check_open()
            for _ in range(warmup):
                self._run(batch_in, batch_out)
            for _ in range(runs):
                start = time.perf_counter()
                self._run(batch_in, batch_out)
                times.append(time.perf_counter() - start)
        median = statistics.median(times)
        return {"median_ms": median * 1e3, "min_ms": min(times) * 1e3,
                "images_per_s": self.batch / median, "runs": runs,
                "batch": self.batch, "threads": self.threads}

    # -- lifetime ----------------------------------------------------------

    def _check_open(self):
        if not self._context:
            raise ValueError(f"model '{self.name}' is closed")

    def close(self):
        """Frees the workspace; the Model cannot run afterwards."""
        with self._lock:
            if self._context:
                self._destroy(self._context)
                self._context = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_context", None):
            self._destroy(self._context)
            self._context = None
