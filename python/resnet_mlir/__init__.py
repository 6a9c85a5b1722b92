"""resnet_mlir: compile ResNet models ahead of time and run them from numpy.

    import numpy as np, resnet_mlir
    model = resnet_mlir.compile("model.onnx", batch=1)   # or load("libm.so")
    logits = model(np.zeros(model.input_shape[1:], np.float32))
    print(model.benchmark(runs=20))

Pure Python over ctypes: compile() runs the resnet-import / resnet-compile
tools (see resnet_mlir._tools.find_tool for where they are looked for) and
loads the shared library they make; load() loads one made earlier.
"""

from ._library import Model
from ._tools import CompileError, ToolNotFoundError, compile, find_tool, load

__version__ = "0.1.0"
__all__ = ["Model", "CompileError", "ToolNotFoundError", "compile", "load",
           "find_tool"]
