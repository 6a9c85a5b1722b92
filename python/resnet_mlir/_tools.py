"""Running resnet-compile (which also imports ONNX and safetensors models).

The tools are looked for, in order: in $RESNET_MLIR_TOOLS (a directory),
in $RESNET_BUILD_DIR/bin, in the build tree the package is imported from
(<build>/python/resnet_mlir, which CMake links to the sources, next to
<build>/bin), in <checkout>/build/bin when it is imported from a source
checkout, then on $PATH.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ._library import Model


class CompileError(RuntimeError):
    """A tool failed; the message is what it printed on stderr."""


class ToolNotFoundError(CompileError, FileNotFoundError):
    """resnet-compile is not installed where we look."""


def _candidate_dirs():
    for variable, suffix in (("RESNET_MLIR_TOOLS", ""),
                             ("RESNET_BUILD_DIR", "bin")):
        value = os.environ.get(variable)
        if value:
            yield Path(value) / suffix
    # <build>/python/resnet_mlir/_tools.py (not resolved: a link).
    yield Path(os.path.abspath(__file__)).parent.parent.parent / "bin"
    checkout = Path(__file__).resolve().parent.parent.parent
    if (checkout / "python" / "resnet_mlir").is_dir():
        yield checkout / "build" / "bin"


def find_tool(name):
    """The path of tool `name` (see the module's docstring)."""
    for directory in _candidate_dirs():
        path = directory / name
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    found = shutil.which(name)
    if found:
        return found
    raise ToolNotFoundError(
        f"{name} not found: set RESNET_MLIR_TOOLS to the directory that holds "
        f"it (a build's bin/), or put it on PATH")


def run_tool(name, args):
    """Runs tool `name`; raises CompileError with its stderr on failure."""
    command = [find_tool(name)] + [os.fspath(a) for a in args]
    result = subprocess.run(command, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip()
        raise CompileError(message or f"{name} failed with exit status "
                                      f"{result.returncode}")
    return result.stdout


def compile(model, batch=None, target="native", opt=3, name=None,
            output=None, threads=None, options=()):
    """Compiles `model` to a shared library in one resnet-compile run and
    loads it: an ONNX model, safetensors weights (with
    options=["--arch", NAME]) or a resnet dialect .mlir/.mlirbc, told apart
    by their contents.

    batch: images per run of the library (default: the model's; the model
    takes any number of images either way);
    target: resnet-compile --target (native, x86-64, x86-64-v2/v3/v4);
    opt: 0-3; name: the C name of the model; output: where to keep the
    library (default: a temporary file, removed once loaded); threads: see
    Model.threads; options: more resnet-compile arguments (resnet-import's
    --input-size, --arch, ... among them).
    Raises CompileError with the tool's message when it fails.
    """
    model = os.fspath(model)
    if not os.path.exists(model):
        raise FileNotFoundError(f"{model}: no such file")
    with tempfile.TemporaryDirectory(prefix="resnet-mlir-") as work:
        library = output or os.path.join(work, "libmodel.so")
        args = [model, "--emit=shared-lib", "-o", library, f"-O{int(opt)}",
                f"--target={target}"]
        if batch is not None:
            args.append(f"--batch={int(batch)}")
        if name is not None:
            args.append(f"--name={name}")
        args.extend(options)
        run_tool("resnet-compile", args)
        # Once loaded, the library no longer needs its file.
        return Model(library, threads=threads)


def load(path, threads=None):
    """Loads a library made by resnet-compile --emit=shared-lib."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    return Model(path, threads=threads)
